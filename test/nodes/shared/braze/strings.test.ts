/**
 * Braze's string limit (255 characters) for values, names and identifiers.
 */
import { checkString, lengthProblem } from '../../../../nodes/shared/braze/strings';

describe('strings', () => {
	it('accepts 255 characters and refuses 256, naming the length', () => {
		expect(checkString('x'.repeat(255), 'first_name')).toHaveLength(255);
		expect(() => checkString('x'.repeat(256), 'attributes.first_name')).toThrow(
			'attributes.first_name: is 256 characters long; Braze accepts at most 255',
		);
		expect(lengthProblem(255)).toBeUndefined();
	});

	it('reads numbers as text and empty values as absent', () => {
		expect(checkString(42, 'x')).toBe('42');
		expect(checkString('', 'x')).toBeUndefined();
		expect(checkString(null, 'x')).toBeUndefined();
	});

	it('refuses an empty required value', () => {
		expect(() => checkString('', 'product_id', true)).toThrow('product_id: is required');
	});
});
