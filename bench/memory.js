'use strict';
/**
 * Section "memory": peak RSS of 100,000 items of Braze > User > Track and of Referral > Sync
 * Extole Event, each beside the same items passed through n8n's No Operation node in the same
 * harness (test/harness: n8n-core's WorkflowExecute keeps the run data of the start node and of
 * the node either way). Every figure comes from its own fresh process (bench/memory-child.js),
 * read from /proc/self/status (VmHWM) after the run; the Braze sandbox runs in another process.
 * Issue 12's target: the node within 1.3x of No Operation. Each pair runs twice: with V8's
 * defaults, and with the old generation capped (capFor), which shows how much of the
 * peak is garbage the collector has not collected yet rather than data the run needs.
 *
 *   npm run build && node bench/memory.js [--items 100000]
 */
const path = require('path');
const { runStandalone } = require('./lib/sandbox');
const { runChild, lastJson } = require('./lib/child');
const { atMost } = require('./lib/table');

const CHILD = path.join(__dirname, 'memory-child.js');
const OPERATIONS = [
	['track', 'Track'],
	['sync', 'Sync Extole Event'],
];

/**
 * The old-generation cap of the second pair of figures (`node --max-old-space-size`, MB): 1.25
 * times the live heap the Braze run keeps after a full GC (measured in its uncapped run), rounded
 * up to 10 MB. That leaves the run what it holds plus a quarter for items in flight, and bounds
 * how far V8 lets garbage pile up before it collects. An operator sets such a cap for n8n with
 * NODE_OPTIONS (docs/braze-node.md, Large executions).
 */
const capFor = (liveAfterMb) => Math.ceil((1.25 * liveAfterMb) / 10) * 10;

async function measure(url, operation, node, items, cap) {
	const execArgv = ['--expose-gc', ...(cap ? [`--max-old-space-size=${cap}`] : [])];
	const { code, stdout, stderr } = await runChild(CHILD, ['--operation', operation, '--node', node, '--items', String(items), '--url', url], {
		execArgv,
	});
	if (code !== 0) throw new Error(`memory-child ${operation}/${node} failed (${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
	return lastJson(stdout);
}

const n = (value) => value.toLocaleString('en-US');

/** @param {{ url: string, items?: number, log?: (line: string) => void }} options */
async function memoryRows({ url, items = 100000, log = () => undefined }) {
	const rows = [];
	for (const [operation, label] of OPERATIONS) {
		log(`memory: ${label}, ${n(items)} items, No Operation then Braze, each in its own process`);
		const noop = await measure(url, operation, 'noop', items);
		const braze = await measure(url, operation, 'braze', items);
		if (braze.written !== items) throw new Error(`memory: ${label} wrote ${braze.written} of ${items} items`);
		rows.push({
			section: 'memory',
			what: `${label}, ${n(items)} items: peak RSS of the process`,
			ours: 'Braze node',
			value: braze.hwmMb,
			baseline: 'n8n No Operation node, same items',
			baselineValue: noop.hwmMb,
			unit: 'MB',
			target: '<= 1.3x No Operation',
			met: atMost(braze.hwmMb, noop.hwmMb, 1.3),
			note: `peak before the run (modules + input items): ${n(Math.round(braze.hwmBeforeMb))} MB vs ${n(Math.round(noop.hwmBeforeMb))} MB; the Braze run took ${n(Math.round(braze.ms / 1000))} s`,
		});
		rows.push({
			section: 'memory',
			what: `${label}, ${n(items)} items: live heap after the run (full GC)`,
			ours: 'Braze node',
			value: braze.liveAfterMb,
			baseline: 'n8n No Operation node, same items',
			baselineValue: noop.liveAfterMb,
			unit: 'MB',
			target: null,
			met: null,
			note: `what the run data keeps: ${n(Math.round(braze.liveAfterMb - braze.liveBeforeMb))} MB vs ${n(Math.round(noop.liveAfterMb - noop.liveBeforeMb))} MB above the live heap before the run (${n(Math.round(braze.liveBeforeMb))} MB vs ${n(Math.round(noop.liveBeforeMb))} MB)`,
		});
		// The same pair with V8's old generation capped: what the peak is once the collector may
		// not let garbage grow to several times the live heap (docs/benchmarks.md, Targets not met).
		const cap = capFor(braze.liveAfterMb);
		log(`memory: ${label}, ${n(items)} items, both again with --max-old-space-size=${cap}`);
		const cappedNoop = await measure(url, operation, 'noop', items, cap);
		const cappedBraze = await measure(url, operation, 'braze', items, cap);
		if (cappedBraze.written !== items) throw new Error(`memory: ${label} capped wrote ${cappedBraze.written} of ${items} items`);
		rows.push({
			section: 'memory',
			what: `${label}, ${n(items)} items: peak RSS, old generation capped at 1.25x its live heap`,
			ours: 'Braze node',
			value: cappedBraze.hwmMb,
			baseline: 'n8n No Operation node, same items, same cap',
			baselineValue: cappedNoop.hwmMb,
			unit: 'MB',
			target: '<= 1.3x No Operation',
			met: atMost(cappedBraze.hwmMb, cappedNoop.hwmMb, 1.3),
			note: `node --max-old-space-size=${cap} (1.25 x ${n(Math.round(braze.liveAfterMb))} MB, rounded up): all ${n(items)} items written; the Braze run took ${n(Math.round(cappedBraze.ms / 1000))} s against ${n(Math.round(braze.ms / 1000))} s uncapped`,
		});
	}
	return rows;
}

module.exports = { memoryRows };

if (require.main === module) {
	const args = process.argv.slice(2);
	const items = args.includes('--items') ? Number(args[args.indexOf('--items') + 1]) : 100000;
	runStandalone((url, log) => memoryRows({ url, items, log }));
}
