/**
 * The one time parser of every operation: ISO-8601 and epoch times to Braze's ISO-8601 UTC.
 */
import { parseTime } from '../../../../nodes/shared/braze/time';

const NOW = '2026-11-28T11:00:00.000Z';

describe('parseTime', () => {
	it.each<[unknown, string]>([
		['2026-05-01T10:00:00+02:00', '2026-05-01T08:00:00.000Z'],
		['2026-11-28T10:00:00Z', '2026-11-28T10:00:00.000Z'],
		['2026-01-02', '2026-01-02T00:00:00.000Z'],
		[1767225600, '2026-01-01T00:00:00.000Z'],
		[1767225600000, '2026-01-01T00:00:00.000Z'],
		['1767225600', '2026-01-01T00:00:00.000Z'],
		['1767225600000', '2026-01-01T00:00:00.000Z'],
		[new Date('2026-01-01T00:00:00Z'), '2026-01-01T00:00:00.000Z'],
		[{ toISO: () => '2026-01-01T01:00:00.000+01:00' }, '2026-01-01T00:00:00.000Z'],
	])('reads %p as %s', (value, expected) => {
		expect(parseTime(value, 't')).toBe(expected);
	});

	it.each([undefined, null, ''])('takes %p as now', (value) => {
		expect(parseTime(value, 't', NOW)).toBe(NOW);
		expect(Math.abs(Date.parse(parseTime(value, 't')) - Date.now())).toBeLessThan(1000);
	});

	it.each(['next tuesday', 'yesterday-ish', 'Tue, 01 May 2026 10:00:00 GMT', '12/05/2026', '1', '2026-13-45'])('refuses %p rather than guess, naming the field', (value) => {
		expect(() => parseTime(value, 'events[0].time')).toThrow(`events[0].time: "${value}" is not a valid ISO-8601 time`);
	});
});
