/** Event times (compiled time.js): valid ISO 8601 kept as sent, other forms normalised to UTC. */
import { normaliseEvent, normaliseTime } from '../../../dist/nodes/ExtoleTrigger/events';

describe('event_time', () => {
	it.each([
		['2026-11-01T10:00:00Z'],
		['2026-11-01T10:00:00.000Z'],
		['2026-11-01T12:00:00+02:00'],
		['2026-11-01T10:00Z'],
		['2026-11-01T10:00:00.123456-05:00'],
	])('keeps %s exactly: it is already valid ISO 8601', (value) => {
		expect(normaliseTime(value)).toBe(value);
		expect(normaliseEvent({ event_name: 'shared', event_time: value }).event_time).toBe(value);
	});

	it.each([
		[1714557600, '2024-05-01T10:00:00.000Z'],
		[1714557600000, '2024-05-01T10:00:00.000Z'],
		['1714557600000', '2024-05-01T10:00:00.000Z'],
		['1714557600', '2024-05-01T10:00:00.000Z'],
	])('turns epoch %p into %s', (value, expected) => {
		expect(normaliseTime(value)).toBe(expected);
	});

	it.each([
		['2024-05-01T10:00:00', '2024-05-01T10:00:00.000Z'],
		['2024-05-01 10:00:00.250', '2024-05-01T10:00:00.250Z'],
		['2024-05-01', '2024-05-01T00:00:00.000Z'],
	])('reads %s (no zone) as UTC: %s', (value, expected) => {
		expect(normaliseTime(value)).toBe(expected);
	});

	it('turns other forms Date understands into ISO 8601 UTC', () => {
		expect(normaliseTime('Wed, 01 May 2024 10:00:00 GMT')).toBe('2024-05-01T10:00:00.000Z');
	});

	it.each([['not a date'], [null], [''], [{}], ['2024-13-45T99:00:00Z']])('gives null for %p', (value) => {
		expect(normaliseTime(value)).toBeNull();
	});

	it('is read from event_time, then other time fields, then data', () => {
		expect(normaliseEvent({ event_name: 'shared', occurred_at: '2026-01-02T03:04:05Z' }).event_time).toBe('2026-01-02T03:04:05Z');
		expect(normaliseEvent({ event_name: 'shared', timestamp: 1714557600000 }).event_time).toBe('2024-05-01T10:00:00.000Z');
		expect(normaliseEvent({ event_name: 'shared', data: { event_time: '2026-01-02T03:04:05Z' } }).event_time).toBe('2026-01-02T03:04:05Z');
	});
});
