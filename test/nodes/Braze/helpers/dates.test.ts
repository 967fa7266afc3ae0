/**
 * Values of n8n's date pickers, as the Braze node reads them (compiled helper from dist/).
 */
import { DateTime } from 'luxon';

const { pickedDate, pickedTime } = require('../../../../dist/nodes/Braze/helpers/dates') as typeof import('../../../../nodes/Braze/helpers/dates');

describe('pickedTime', () => {
	it('reads a picked wall-clock time in the workflow\'s time zone and gives it in UTC', () => {
		expect(pickedTime('2024-05-01T10:00:00', 'Europe/Berlin')).toBe('2024-05-01T08:00:00.000Z');
		expect(pickedTime('2024-01-15T10:00', 'America/New_York')).toBe('2024-01-15T15:00:00.000Z');
	});

	it('leaves times with a zone, epoch numbers, empty values and free text to the data rules', () => {
		for (const value of ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00+02:00', 1714557600, '', undefined, 'tomorrow']) {
			expect(pickedTime(value, 'Europe/Berlin')).toBe(value);
		}
	});
});

describe('pickedDate', () => {
	it('keeps the calendar date of a picked or ISO date-time', () => {
		expect(pickedDate('1990-12-31T00:00:00')).toBe('1990-12-31');
		expect(pickedDate('1990-12-31T00:00:00.000Z')).toBe('1990-12-31');
	});

	it('turns a Date or a Luxon date from an expression into YYYY-MM-DD', () => {
		expect(pickedDate(new Date('1990-12-31T12:00:00Z'))).toBe('1990-12-31');
		expect(pickedDate(DateTime.fromISO('1990-12-31T23:30:00', { zone: 'Asia/Tokyo' }))).toBe('1990-12-31');
	});

	it('leaves a YYYY-MM-DD date and anything else unchanged', () => {
		for (const value of ['1990-12-31', '31/12/1990', 19901231, '']) expect(pickedDate(value)).toBe(value);
	});
});
