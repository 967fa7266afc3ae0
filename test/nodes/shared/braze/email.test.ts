/**
 * Email syntax as Braze checks it.
 */
import { isEmail, normalizeEmail } from '../../../../nodes/shared/braze/email';

describe('email', () => {
	it('trims and keeps the address as written', () => {
		expect(normalizeEmail(' A@Example.com ', 'email')).toBe('A@Example.com');
	});

	it.each(['a@b', 'a b@example.com', 'not an email', 'a@example.c', '"a"@example.com', 'a@@example.com'])('refuses %p naming the field', (value) => {
		expect(() => normalizeEmail(value, 'email')).toThrow(/^email: ".*" is not a valid email address$/);
		expect(isEmail(value)).toBe(false);
	});

	it('requires an address', () => {
		expect(() => normalizeEmail('  ', 'attributes.email')).toThrow('attributes.email: an email address is required');
		expect(() => normalizeEmail(42, 'email')).toThrow('email: an email address is required');
	});

	it('refuses addresses over 255 characters', () => {
		const long = `${'a'.repeat(250)}@example.com`;
		expect(() => normalizeEmail(long, 'email')).toThrow('email: is 262 characters long; Braze accepts at most 255');
		expect(isEmail(long)).toBe(false);
	});
});
