import { invalid } from './errors';

// Epoch numbers below this are seconds, above it milliseconds (1e12 ms is September 2001).
const MILLISECONDS_FROM = 1e12;

function fromEpoch(n: number): Date {
	return new Date(n < MILLISECONDS_FROM ? n * 1000 : n);
}

/**
 * A time as Braze wants it (ISO-8601, UTC). Accepts ISO-8601 strings, epoch seconds or
 * milliseconds (as numbers or 9 to 13 digit strings), Date objects and n8n's date objects (Luxon,
 * anything with `toISO()`). Free text is refused rather than guessed at. Empty means `now`
 * (default: the current time).
 */
export function parseTime(value: unknown, field: string, now?: string): string {
	if (value === undefined || value === null || value === '') return now ?? new Date().toISOString();
	let date: Date;
	if (value instanceof Date) {
		date = value;
	} else if (typeof value === 'number') {
		date = fromEpoch(value);
	} else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
		date = new Date(value.trim());
	} else if (typeof value === 'string' && /^\d{9,13}$/.test(value.trim())) {
		date = fromEpoch(Number(value.trim()));
	} else if (typeof value === 'object' && 'toISO' in value && typeof value.toISO === 'function') {
		date = new Date(String((value as { toISO: () => string }).toISO()));
	} else {
		date = new Date(NaN);
	}
	if (Number.isNaN(date.getTime())) {
		throw invalid(field, `"${String(value).slice(0, 60)}" is not a valid ISO-8601 time`);
	}
	return date.toISOString();
}
