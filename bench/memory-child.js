'use strict';
/**
 * One memory measurement in a fresh process (bench/memory.js starts one per figure):
 *
 *   node bench/memory-child.js --operation track|sync --node braze|noop --items N --url SANDBOX_URL
 *
 * Builds N input items, runs them through one node in the in-process harness (test/harness:
 * n8n-core's WorkflowExecute, which keeps the run data of the start node and of the node), and
 * prints one JSON line: the process's peak RSS (VmHWM from /proc/self/status) before and after
 * the run, the live heap before and after it (after a full GC; run with --expose-gc), and the
 * outcome. `--node noop` passes the same items through n8n's No Operation
 * node, so the two figures differ only by what the Braze node does and keeps.
 */
const fs = require('fs');
const harness = require('../test/harness');
const { credentials } = require('./lib/sandbox');
const { trackItems, trackParameters, syncItems, syncParameters } = require('./lib/workloads');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const OPERATION = option('--operation', 'track');
const NODE = option('--node', 'braze');
const ITEMS = Number(option('--items', '100000'));
const URL_ = option('--url', '');

function status(field) {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
	return match ? Number(match[1]) / 1024 : NaN;
}

async function main() {
	// Modules and types loaded before the first figure, the same way for both nodes.
	harness.loadTypes();
	const items = OPERATION === 'sync' ? syncItems(ITEMS) : trackItems(ITEMS);
	// A full GC (the child runs with --expose-gc) so that both sides start from their live heap.
	if (global.gc) global.gc();
	const liveBefore = process.memoryUsage().heapUsed / 1048576;
	const before = status('VmHWM');
	const started = process.hrtime.bigint();
	const result =
		NODE === 'noop'
			? await harness.runNode({ type: 'n8n-nodes-base.noOp', items })
			: await harness.runNode({
					type: 'braze',
					parameters: OPERATION === 'sync' ? syncParameters() : trackParameters(),
					items,
					credentials: credentials(URL_),
				});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.error) throw new Error(`the run failed: ${result.error.message}`);
	const hwm = status('VmHWM');
	// What the run keeps (run data: input and output items): the live heap after a full GC, read
	// after the peak so that it does not change it.
	if (global.gc) global.gc();
	const liveAfter = process.memoryUsage().heapUsed / 1048576;
	const out = result.items.length;
	const written = NODE === 'noop' ? out : result.items.filter((i) => i.json.success === true).length;
	process.stdout.write(
		`${JSON.stringify({ operation: OPERATION, node: NODE, items: ITEMS, out, written, ms, hwmBeforeMb: before, hwmMb: hwm, liveBeforeMb: liveBefore, liveAfterMb: liveAfter })}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
