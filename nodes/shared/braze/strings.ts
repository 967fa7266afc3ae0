import { invalid } from './errors';

/** Braze's limit for string values, names and identifiers. */
export const MAX_STRING_LENGTH = 255;

/** Why a string of `length` characters is too long for Braze, or undefined. */
export function lengthProblem(length: number): string | undefined {
	return length > MAX_STRING_LENGTH
		? `is ${length} characters long; Braze accepts at most ${MAX_STRING_LENGTH}`
		: undefined;
}

/** A string within Braze's length limit; empty is undefined, or an error when `required`. */
export function checkString(value: unknown, field: string, required = false): string | undefined {
	if (value === undefined || value === null || value === '') {
		if (required) throw invalid(field, 'is required');
		return undefined;
	}
	const text = typeof value === 'string' ? value : String(value);
	const problem = lengthProblem(text.length);
	if (problem) throw invalid(field, problem);
	return text;
}
