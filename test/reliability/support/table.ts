/** Issue 9's table ("written once / twice / lost / marked failed although written"), rerun. */
import type { Tally } from './checker';

export interface Row {
	run: string;
	tally: Tally;
	ms: number;
}

const n = (value: number) => value.toLocaleString('en-US');

export function formatTable(rows: Row[]): string {
	const lines = [
		'| run | items | written once | written twice (flagged by its item) | lost (claimed written, absent) | absent, item says unknown / not written | marked failed although written (unstated / stated) | time |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	];
	for (const { run, tally, ms } of rows) {
		lines.push(
			`| ${run} | ${n(tally.items)} | ${n(tally.writtenOnce)} | ${n(tally.writtenTwice)} (${n(tally.writtenTwiceFlagged)}) | ${n(tally.lost)} | ${n(tally.absentStated)} | ${n(tally.failedAlthoughWrittenUnstated)} / ${n(tally.failedAlthoughWrittenStated)} | ${(ms / 1000).toFixed(1)} s |`,
		);
	}
	return lines.join('\n');
}

export function formatDeliveries(rows: Row[]): string {
	return rows.map(({ run, tally }) => `${run}: ${Object.entries(tally.byDelivery).map(([k, v]) => `${n(v)} ${k}`).join(', ')}`).join('\n');
}
