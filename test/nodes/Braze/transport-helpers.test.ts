/**
 * Pure helpers of the compiled transport (dist): normalisation rules the operations rely on.
 */
import * as path from 'path';

const transport = require(path.resolve(__dirname, '../../../dist/nodes/Braze/transport'));

describe('normalizePhone', () => {
	it.each([
		['+1 (415) 555-2671', '+14155552671'],
		['0044 20 7946 0958', '+442079460958'],
		['+49.30.1234567', '+49301234567'],
	])('%s -> %s', (input, expected) => {
		expect(transport.normalizePhone(input, 'phone')).toBe(expected);
	});

	it.each(['415-555-2671', '+0 123', 'call me', ''])('rejects %p', (input) => {
		expect(() => transport.normalizePhone(input, 'phone')).toThrow();
	});
});

describe('normalizeTime', () => {
	it('accepts ISO-8601, epoch seconds and epoch milliseconds', () => {
		expect(transport.normalizeTime('2026-05-01T10:00:00+02:00', 't')).toBe('2026-05-01T08:00:00.000Z');
		expect(transport.normalizeTime(1767225600, 't')).toBe('2026-01-01T00:00:00.000Z');
		expect(transport.normalizeTime(1767225600000, 't')).toBe('2026-01-01T00:00:00.000Z');
	});

	it('defaults to now and rejects free text', () => {
		expect(Math.abs(Date.parse(transport.normalizeTime('', 't')) - Date.now())).toBeLessThan(1000);
		expect(() => transport.normalizeTime('next tuesday', 't')).toThrow(/not a valid ISO-8601 time/);
	});
});

describe('buildIdentifier / buildAlias', () => {
	it('names the missing half of an alias', () => {
		expect(() => transport.buildAlias('n', '')).toThrow(/needs a label/);
		expect(() => transport.buildAlias('', 'l')).toThrow(/needs a name/);
	});

	it('trims and validates emails', () => {
		expect(transport.buildIdentifier({ type: 'email', email: ' A@Example.com ' })).toEqual({ email: 'A@Example.com' });
		expect(() => transport.buildIdentifier({ type: 'email', email: 'a@b' })).toThrow(/not a valid email/);
	});
});

describe('checkProperties', () => {
	it('rejects $-names and long strings at any depth, accepts JSON strings', () => {
		expect(transport.checkProperties('{"a":{"b":"ok"}}', 'p')).toEqual({ a: { b: 'ok' } });
		expect(() => transport.checkProperties({ a: { $b: 1 } }, 'p')).toThrow(/must not start with "\$"/);
		expect(() => transport.checkProperties({ a: ['x'.repeat(256)] }, 'p')).toThrow(/256 characters/);
		expect(() => transport.checkProperties('{nope', 'p')).toThrow(/not valid JSON/);
	});
});

describe('readTransportOptions', () => {
	it('clamps batch size to Braze\'s limits', () => {
		const ctx = { getNodeParameter: () => ({ batchSize: 500, maxAttempts: 0 }) };
		expect(transport.readTransportOptions(ctx)).toMatchObject({ batchSize: 75, maxAttempts: 1, trackMaxObjectsPerRequest: 225 });
	});
});
