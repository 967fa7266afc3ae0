/**
 * The one JSON parser of the node: undefined instead of an exception.
 */
import { parseJson } from '../../../../nodes/shared/braze/json';

describe('parseJson', () => {
	it('parses JSON text', () => {
		expect(parseJson('{"a":[1,"b"]}')).toEqual({ a: [1, 'b'] });
		expect(parseJson('null')).toBeNull();
	});

	it('answers undefined for text that is not JSON', () => {
		expect(parseJson('{nope')).toBeUndefined();
		expect(parseJson('')).toBeUndefined();
	});
});
