/**
 * The times of Extole events, one rule for the Extole Trigger (which writes `event_time` on its
 * items) and Sync Extole Event (which reads it): applied to the trigger's output, the rule gives
 * it back unchanged. A string that is already ISO 8601 with a date, a time and a zone
 * (`2026-11-01T10:00:00Z`, `2026-11-01T12:00:00.5+02:00`) is kept exactly as Extole sent it;
 * every other form is turned into ISO 8601 UTC: epoch seconds (numbers below 10^11) or
 * milliseconds (numbers, or strings of digits), times without a zone (read as UTC: Extole's
 * times are UTC, and the n8n host's zone has nothing to do with them), dates alone (midnight
 * UTC), and other forms `Date` understands. Anything else gives null.
 */

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/;

function fromEpoch(n: number): Date {
	return new Date(n < 1e11 ? n * 1000 : n);
}

export function normaliseTime(value: unknown): string | null {
	let date: Date | undefined;
	if (typeof value === 'number' && Number.isFinite(value)) {
		date = fromEpoch(value);
	} else if (typeof value === 'string' && value.trim() !== '') {
		const t = value.trim();
		if (ISO_WITH_ZONE.test(t)) {
			return Number.isNaN(Date.parse(t)) ? null : t;
		}
		if (/^\d+(\.\d+)?$/.test(t)) {
			date = fromEpoch(Number(t));
		} else if (ISO_WITHOUT_ZONE.test(t)) {
			const [day, time = '00:00'] = t.split(/[T ]/);
			date = new Date(`${day}T${time}Z`);
		} else {
			date = new Date(t);
		}
	}
	if (!date || Number.isNaN(date.getTime())) return null;
	return date.toISOString();
}
