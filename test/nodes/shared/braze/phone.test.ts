/**
 * The one phone normaliser (E.164, optional default country code) of every operation.
 */
import { BrazeItemError } from '../../../../nodes/shared/braze/errors';
import { normalizePhone, toE164 } from '../../../../nodes/shared/braze/phone';

describe('toE164', () => {
	it.each([
		['+1 (415) 555-0100', '+14155550100'],
		['+44 20 7946 0958', '+442079460958'],
		['0044 20 7946 0958', '+442079460958'],
		['tel:+33-1-23-45-67-89', '+33123456789'],
		['+49.30.1234567', '+49301234567'],
		['(+44) 20 7946 0958', '+442079460958'],
		['+1 415 555 0100 ext. 12', '+14155550100'],
		['+1 415 555 0100 x12', '+14155550100'],
		['+1/415/555/0100', '+14155550100'],
		['+1\u00a0415\u00a0555\u00a00100', '+14155550100'],
	])('normalises %s', (raw, expected) => {
		expect(toE164(raw)).toBe(expected);
	});

	it('adds the default country code to national numbers, dropping a national 0 or a US trunk 1', () => {
		expect(toE164('(415) 555-0100', '1')).toBe('+14155550100');
		expect(toE164('1 415 555 0100', '+1')).toBe('+14155550100');
		expect(toE164('020 7946 0958', '44')).toBe('+442079460958');
	});

	it('leaves international numbers alone when a default country code is set', () => {
		expect(toE164('+33 1 23 45 67 89', '44')).toBe('+33123456789');
		expect(toE164('0033 1 23 45 67 89', '44')).toBe('+33123456789');
	});

	it.each(['415 555 0100', 'call me', '+12', '+1234567890123456', '++1 415', '+0 415 555 0100', ''])('refuses %p without a default country code', (raw) => {
		expect(toE164(raw)).toBeNull();
	});

	it('refuses a default country code that is not 1 to 3 digits', () => {
		expect(toE164('415 555 0100', 'US')).toBeNull();
		expect(toE164('415 555 0100', '1234')).toBeNull();
	});
});

describe('normalizePhone', () => {
	it('accepts numbers given as numbers', () => {
		expect(normalizePhone(4155550100, 'phone', { defaultCountryCode: '1' })).toBe('+14155550100');
	});

	it('names the field and the expected form when the number cannot be made E.164', () => {
		expect(() => normalizePhone('555-0100', 'attributes.phone')).toThrow(
			'attributes.phone: "555-0100" cannot be made an E.164 phone number (expected + country code and 7-15 digits, e.g. +14155552671)',
		);
	});

	it('adds what the user can do about national numbers', () => {
		expect(() => normalizePhone('555 0100', 'phone_number', { remedy: 'set a Default Country Code' })).toThrow(/e\.g\. \+14155552671; set a Default Country Code\)/);
	});

	it('is a validation error carrying the field', () => {
		try {
			normalizePhone('', 'phone');
			throw new Error('expected an error');
		} catch (error) {
			expect(error).toBeInstanceOf(BrazeItemError);
			expect(error).toMatchObject({ kind: 'validation', fields: ['phone'], reason: 'phone: a phone number is required' });
		}
	});
});
