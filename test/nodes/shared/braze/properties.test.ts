/**
 * Braze's property rules, one walk with two policies: refuse (Track) and fit (Sync Extole Event).
 */
import { EVENT_PROPERTIES_MAX_BYTES, PURCHASE_PROPERTIES_MAX_BYTES, fitProperties, propertiesBytes, validateProperties } from '../../../../nodes/shared/braze/properties';

describe('validateProperties (refusing policy)', () => {
	it('accepts JSON text and nested objects, and answers empty for nothing', () => {
		expect(validateProperties('{"a":{"b":"ok"}}', 'p')).toEqual({ a: { b: 'ok' } });
		expect(validateProperties(undefined, 'p')).toEqual({});
		expect(validateProperties('', 'p')).toEqual({});
	});

	it('refuses names with a leading $ at any depth, naming the path', () => {
		expect(() => validateProperties({ a: { $b: 1 } }, 'events[0].properties')).toThrow(
			'events[0].properties.a.$b: property names must not start with "$" (reserved by Braze)',
		);
		expect(() => validateProperties({ $plan: 1 }, 'attributes', 'attribute')).toThrow('attributes.$plan: attribute names must not start with "$"');
	});

	it('refuses empty and over-long names', () => {
		expect(() => validateProperties({ '': 1 }, 'p')).toThrow('p: has an empty property name');
		expect(() => validateProperties({ ' ': 1 }, 'p')).toThrow('p: has an empty property name');
		expect(() => validateProperties({ ['n'.repeat(256)]: 1 }, 'p')).toThrow(/^p\.nnnnnnnnnnnnnnnnnnnn\.\.\.: property name is longer than 255 characters/);
	});

	it('refuses strings over 255 characters, in arrays too', () => {
		expect(() => validateProperties({ a: ['x'.repeat(256)] }, 'p')).toThrow('p.a[0]: is 256 characters long; Braze accepts at most 255');
	});

	it('refuses text that is not a JSON object', () => {
		expect(() => validateProperties('{nope', 'p')).toThrow('p: is not valid JSON');
		expect(() => validateProperties('[1]', 'p')).toThrow('p: must be an object of name/value pairs');
	});
});

describe('fitProperties (fitting policy)', () => {
	it('renames $ keys, cuts long strings and keeps nested values, reporting each change', () => {
		const long = 'x'.repeat(300);
		const result = fitProperties({ $price: 5, note: long, nested: { $a: [1, { b: long }] }, ok: true });
		expect(result.value).toEqual({ _price: 5, note: 'x'.repeat(255), nested: { _a: [1, { b: 'x'.repeat(255) }] }, ok: true });
		expect(result.adjustments).toEqual([
			'data.$price: renamed to _price',
			'data.note: string cut to 255 characters',
			'data.nested.$a: renamed to _a',
			'data.nested._a[1].b: string cut to 255 characters',
		]);
	});

	it('drops empty names and leaves clean data untouched', () => {
		expect(fitProperties({ '': 1, a: 'b' })).toEqual({ value: { a: 'b' }, adjustments: ['data: property with an empty name dropped'] });
		expect(fitProperties({ a: 1, b: [true, null] })).toEqual({ value: { a: 1, b: [true, null] }, adjustments: [] });
	});

	it('cuts over-long names and drops what JSON cannot carry', () => {
		const result = fitProperties({ ['n'.repeat(300)]: 1, bad: Number.NaN, fn: () => 1, gone: undefined }, 'reward');
		expect(Object.keys(result.value as object)).toEqual(['n'.repeat(255)]);
		expect(result.adjustments).toEqual([
			`reward.${'n'.repeat(40)}...: name cut to 255 characters`,
			'reward.bad: non-finite number dropped',
			'reward.fn: unsupported value dropped',
		]);
	});

	it('writes dates as ISO text', () => {
		expect(fitProperties({ at: new Date('2026-01-01T00:00:00Z') }).value).toEqual({ at: '2026-01-01T00:00:00.000Z' });
	});
});

describe('size', () => {
	it('counts the UTF-8 bytes of the JSON, against Braze\'s limits (100 KB events, 50 KB purchases)', () => {
		expect(propertiesBytes({ a: 'é' })).toBe(10);
		expect(EVENT_PROPERTIES_MAX_BYTES).toBe(102400);
		expect(PURCHASE_PROPERTIES_MAX_BYTES).toBe(51200);
	});
});
