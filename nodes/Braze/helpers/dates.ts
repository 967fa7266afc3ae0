import { DateTime } from 'luxon';

/**
 * Values of n8n date pickers (`type: 'dateTime'` fields). The picker stores a wall-clock time
 * without a zone ("2024-05-01T10:00:00"); n8n reads such times in the workflow's time zone, and
 * so does the node. Everything else (an ISO time with Z or an offset, epoch numbers, dates from
 * expressions) is passed on unchanged for the data rules to check.
 */

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/** A picked time as ISO-8601 UTC when it has no zone; any other value unchanged. */
export function pickedTime(value: unknown, timezone: string): unknown {
	if (typeof value !== 'string' || !WALL_CLOCK.test(value.trim())) return value;
	const time = DateTime.fromISO(value.trim(), { zone: timezone });
	return time.isValid ? time.toUTC().toISO() : value;
}

/**
 * A picked calendar date (date of birth) as YYYY-MM-DD: the date part of a picked or ISO
 * date-time, of a Date or of a Luxon date; any other value unchanged.
 */
export function pickedDate(value: unknown): unknown {
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value.trim())) return value.trim().slice(0, 10);
	if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
	if (DateTime.isDateTime(value) && value.isValid) return value.toISODate();
	return value;
}
