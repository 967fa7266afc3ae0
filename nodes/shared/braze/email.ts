import { invalid } from './errors';
import { lengthProblem, MAX_STRING_LENGTH } from './strings';

// Braze checks email syntax and answers 400 for whitespace: no spaces, quotes or brackets, a
// dot in the domain and a top-level domain of two letters or more.
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\]{2,}$/;

export function isEmail(text: string): boolean {
	return text.length <= MAX_STRING_LENGTH && EMAIL.test(text);
}

/** A trimmed email address Braze accepts, or an error naming the field. */
export function normalizeEmail(value: unknown, field: string): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw invalid(field, 'an email address is required');
	}
	const email = value.trim();
	const tooLong = lengthProblem(email.length);
	if (tooLong) throw invalid(field, tooLong);
	if (!EMAIL.test(email)) throw invalid(field, `"${email.slice(0, 80)}" is not a valid email address`);
	return email;
}
