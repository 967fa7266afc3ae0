'use strict';
/**
 * The benchmark table: one row per figure, each with its baseline from the same run.
 *
 * A row: { section, what, ours, value, baseline, baselineValue, unit, target, met, note? }
 *   ours / baseline: what was measured on each side (text); value / baselineValue: numbers
 *   (or null when not measured); unit: 'items/s', 'MB', ...; target: text or null;
 *   met: true / false, or null when the row has no target (or was not run).
 * bench/realtime.js writes rows of the same shape.
 */

function formatNumber(value) {
	if (value === null || value === undefined || Number.isNaN(value)) return '–';
	if (typeof value !== 'number') return String(value);
	const abs = Math.abs(value);
	const digits = abs === 0 || abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function withUnit(value, unit) {
	const text = formatNumber(value);
	return text === '–' || !unit ? text : `${text} ${unit}`;
}

/** ours / baseline, when both are positive numbers. */
function ratio(row) {
	const { value, baselineValue } = row;
	if (typeof value !== 'number' || typeof baselineValue !== 'number' || baselineValue === 0 || value === 0) return '';
	const r = value / baselineValue;
	return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(2) : r.toFixed(3)}x`;
}

const metText = (met) => (met === true ? 'yes' : met === false ? 'NO' : '');

function cells(row) {
	return [
		row.section,
		row.what,
		row.ours,
		withUnit(row.value, row.unit),
		row.baseline ?? '',
		row.baselineValue === null || row.baselineValue === undefined ? '' : withUnit(row.baselineValue, row.unit),
		ratio(row),
		row.target ?? '',
		metText(row.met),
	];
}

const HEADER = ['section', 'figure', 'ours', 'value', 'baseline (same run)', 'baseline value', 'ours/base', 'target', 'met'];
const NUMERIC = new Set([3, 5, 6]);

/** The table as plain text for the terminal (columns padded). */
function textTable(rows) {
	const all = [HEADER, ...rows.map(cells)];
	const widths = HEADER.map((_, c) => Math.min(c === 1 ? 64 : 44, Math.max(...all.map((r) => String(r[c]).length))));
	const line = (r) =>
		r
			.map((cell, c) => {
				const text = String(cell).length > widths[c] ? `${String(cell).slice(0, widths[c] - 1)}…` : String(cell);
				return NUMERIC.has(c) ? text.padStart(widths[c]) : text.padEnd(widths[c]);
			})
			.join('  ')
			.trimEnd();
	const out = [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  ')];
	let section;
	for (const row of rows) {
		if (section !== undefined && row.section !== section) out.push('');
		section = row.section;
		out.push(line(cells(row)));
		if (row.note) out.push(`${' '.repeat(widths[0] + 2)}  ↳ ${row.note}`);
	}
	return out.join('\n');
}

const escape = (text) => String(text).replace(/\|/g, '\\|');

/** The table as markdown (notes as a list under it). */
function markdownTable(rows) {
	const out = [`| ${HEADER.join(' | ')} |`, `| ${HEADER.map((_, c) => (NUMERIC.has(c) ? '---:' : '---')).join(' | ')} |`];
	for (const row of rows) out.push(`| ${cells(row).map(escape).join(' | ')} |`);
	const notes = rows.filter((r) => r.note);
	if (notes.length) {
		out.push('', 'Notes:', '');
		for (const r of notes) out.push(`- ${escape(r.section)}, ${escape(r.what)}: ${r.note}`);
	}
	return out.join('\n');
}

/** A row of a section that did not run, saying why. */
function notRun(section, reason) {
	return { section, what: 'not run', ours: '', value: null, baseline: null, baselineValue: null, unit: '', target: null, met: null, note: reason };
}

/** Whether the value meets `value >= factor * baseline` (higher is better). */
const atLeast = (value, baseline, factor) => typeof value === 'number' && typeof baseline === 'number' && value >= factor * baseline;
/** Whether the value meets `value <= factor * baseline` (lower is better). */
const atMost = (value, baseline, factor) => typeof value === 'number' && typeof baseline === 'number' && value <= factor * baseline;

module.exports = { textTable, markdownTable, notRun, formatNumber, atLeast, atMost };
