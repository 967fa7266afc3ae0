/** `joined`: one Braze object built from several, as object spread builds it. */
import { joined } from '../../../../nodes/shared/braze/objects';

describe('joined', () => {
	it('takes the own keys of each part, later parts winning', () => {
		expect(joined({ external_id: 'u1', a: 1 }, { a: 2, b: 3 }, { _update_existing_only: false })).toEqual({ external_id: 'u1', a: 2, b: 3, _update_existing_only: false });
	});

	it('answers the same object as spread syntax, key order included', () => {
		const parts = [{ external_id: 'u1', name: 'x' }, { time: 't', name: 'y' }, {}];
		const spread = { ...parts[0], ...parts[1], ...parts[2] };
		expect(Object.entries(joined(...parts))).toEqual(Object.entries(spread));
	});

	it('keeps a key named __proto__ as an own property and leaves the prototype alone', () => {
		const part = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
		const object = joined<Record<string, unknown>>(part);
		expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
		expect(Object.keys(object)).toEqual(['__proto__', 'a']);
		expect((object as { polluted?: unknown }).polluted).toBeUndefined();
	});

	it('leaves its parts unchanged', () => {
		const first = { a: 1 };
		joined(first, { a: 2 });
		expect(first).toEqual({ a: 1 });
	});
});
