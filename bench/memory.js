'use strict';
/**
 * Section "memory": peak RSS of 100,000 items of Braze > User > Track and of Referral > Sync
 * Extole Event, each beside the same items passed through n8n's No Operation node in the same
 * harness (test/harness: n8n-core's WorkflowExecute keeps the run data of the start node and of
 * the node either way). Every figure comes from its own fresh process (bench/memory-child.js),
 * read from /proc/self/status (VmHWM) after the run; the Braze sandbox runs in another process.
 * Issue 12's target: the node within 1.3x of No Operation.
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

async function measure(url, operation, node, items) {
	const { code, stdout, stderr } = await runChild(CHILD, ['--operation', operation, '--node', node, '--items', String(items), '--url', url], {
		execArgv: ['--expose-gc'],
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
	}
	return rows;
}

module.exports = { memoryRows };

if (require.main === module) {
	const args = process.argv.slice(2);
	const items = args.includes('--items') ? Number(args[args.indexOf('--items') + 1]) : 100000;
	runStandalone((url, log) => memoryRows({ url, items, log }));
}
