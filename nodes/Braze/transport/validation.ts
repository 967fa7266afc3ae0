import type { IDataObject } from 'n8n-workflow';

import type { BrazeItemError, IdentifierType, UserIdentifier } from './types';

/**
 * Client-side checks of Braze's data rules. Each check returns a `BrazeItemError` (kind
 * `validation`) naming the item index and the field, or the normalised value.
 */

export const MAX_STRING_LENGTH = 255;

export class ValidationError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
	}
}

export function toItemError(itemIndex: number, error: unknown): BrazeItemError {
	if (error instanceof ValidationError) {
		return {
			kind: 'validation',
			field: error.field,
			message: `Item ${itemIndex}: ${error.field}: ${error.message}`,
		};
	}
	const message = error instanceof Error ? error.message : String(error);
	return { kind: 'validation', message: `Item ${itemIndex}: ${message}` };
}

const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\]{2,}$/;

export function normalizeEmail(value: unknown, field: string): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new ValidationError(field, 'an email address is required');
	}
	const email = value.trim();
	if (email.length > MAX_STRING_LENGTH) {
		throw new ValidationError(field, `is longer than ${MAX_STRING_LENGTH} characters`);
	}
	if (!EMAIL.test(email)) {
		throw new ValidationError(field, `"${email}" is not a valid email address`);
	}
	return email;
}

/**
 * Brings obvious phone forms to E.164: drops spaces, dashes, dots and parentheses and turns a
 * leading 00 into +. A number without country code cannot be made E.164 and is rejected.
 */
export function normalizePhone(value: unknown, field: string): string {
	if (typeof value === 'number') value = String(value);
	if (typeof value !== 'string' || value.trim() === '') {
		throw new ValidationError(field, 'a phone number is required');
	}
	let phone = value.trim().replace(/[\s\-.()\u00a0]/g, '');
	if (phone.startsWith('00')) phone = '+' + phone.slice(2);
	if (!/^\+[1-9]\d{6,14}$/.test(phone)) {
		throw new ValidationError(
			field,
			`"${value}" cannot be made an E.164 phone number (expected + country code and 7-15 digits, e.g. +14155552671)`,
		);
	}
	return phone;
}

export function checkString(value: unknown, field: string, required = false): string | undefined {
	if (value === undefined || value === null || value === '') {
		if (required) throw new ValidationError(field, 'is required');
		return undefined;
	}
	if (typeof value !== 'string') value = String(value);
	const text = value as string;
	if (text.length > MAX_STRING_LENGTH) {
		throw new ValidationError(
			field,
			`is ${text.length} characters long; Braze accepts at most ${MAX_STRING_LENGTH}`,
		);
	}
	return text;
}

/**
 * Checks a properties/custom-attributes object: names non-empty, at most 255 characters, not
 * starting with `$`; string values at most 255 characters (nested objects and arrays too).
 */
export function checkProperties(value: unknown, field: string): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	let object: unknown = value;
	if (typeof object === 'string') {
		object = parseJson(object);
		if (object === undefined) throw new ValidationError(field, 'is not valid JSON');
	}
	if (typeof object !== 'object' || object === null || Array.isArray(object)) {
		throw new ValidationError(field, 'must be an object of name/value pairs');
	}
	checkPropertyTree(object as IDataObject, field, true);
	return object as IDataObject;
}

function checkPropertyTree(value: unknown, field: string, namesMatter: boolean): void {
	if (typeof value === 'string') {
		if (value.length > MAX_STRING_LENGTH) {
			throw new ValidationError(
				field,
				`is ${value.length} characters long; Braze accepts at most ${MAX_STRING_LENGTH}`,
			);
		}
		return;
	}
	if (Array.isArray(value)) {
		value.forEach((entry, i) => checkPropertyTree(entry, `${field}[${i}]`, namesMatter));
		return;
	}
	if (typeof value === 'object' && value !== null) {
		for (const [name, entry] of Object.entries(value)) {
			if (namesMatter) {
				if (name === '') throw new ValidationError(field, 'has an empty property name');
				if (name.startsWith('$')) {
					throw new ValidationError(
						`${field}.${name}`,
						'property names must not start with "$" (reserved by Braze)',
					);
				}
				if (name.length > MAX_STRING_LENGTH) {
					throw new ValidationError(
						`${field}.${name.slice(0, 20)}...`,
						`property name is longer than ${MAX_STRING_LENGTH} characters`,
					);
				}
			}
			checkPropertyTree(entry, `${field}.${name}`, namesMatter);
		}
	}
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Accepts ISO-8601 strings, Date objects and epoch numbers (seconds or milliseconds). */
export function normalizeTime(value: unknown, field: string): string {
	if (value === undefined || value === null || value === '') return new Date().toISOString();
	let date: Date;
	if (value instanceof Date) {
		date = value;
	} else if (typeof value === 'number') {
		date = new Date(value < 1e12 ? value * 1000 : value);
	} else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
		date = new Date(value.trim());
	} else if (typeof value === 'string' && /^\d{9,13}$/.test(value.trim())) {
		const n = Number(value.trim());
		date = new Date(n < 1e12 ? n * 1000 : n);
	} else if (typeof value === 'object' && value !== null && 'toISO' in value) {
		date = new Date(String((value as { toISO: () => string }).toISO()));
	} else {
		date = new Date(NaN);
	}
	if (Number.isNaN(date.getTime())) {
		throw new ValidationError(field, `"${String(value)}" is not a valid ISO-8601 time`);
	}
	return date.toISOString();
}

export function checkQuantity(value: unknown, field: string): number {
	if (value === undefined || value === null || value === '') return 1;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1 || n > 100) {
		throw new ValidationError(field, `must be a whole number from 1 to 100 (got ${String(value)})`);
	}
	return n;
}

export function checkCurrency(value: unknown, field: string): string {
	if (typeof value !== 'string' || !/^[A-Za-z]{3}$/.test(value.trim())) {
		throw new ValidationError(
			field,
			`must be a 3-letter ISO 4217 currency code such as USD (got "${String(value ?? '')}")`,
		);
	}
	return value.trim().toUpperCase();
}

export function checkPrice(value: unknown, field: string): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n)) {
		throw new ValidationError(field, `must be a number (got "${String(value ?? '')}")`);
	}
	return n;
}

export interface IdentifierInput {
	type: IdentifierType;
	external_id?: unknown;
	alias_name?: unknown;
	alias_label?: unknown;
	braze_id?: unknown;
	email?: unknown;
	phone?: unknown;
}

/** Validates and normalises one user identifier of the chosen type. */
export function buildIdentifier(input: IdentifierInput): UserIdentifier {
	switch (input.type) {
		case 'external_id': {
			const id = checkString(input.external_id, 'external_id');
			if (!id || id.trim() === '') {
				throw new ValidationError('external_id', 'no identifier: External ID is empty');
			}
			return { external_id: id };
		}
		case 'user_alias':
			return { user_alias: buildAlias(input.alias_name, input.alias_label) };
		case 'braze_id': {
			const id = checkString(input.braze_id, 'braze_id');
			if (!id || id.trim() === '') {
				throw new ValidationError('braze_id', 'no identifier: Braze ID is empty');
			}
			return { braze_id: id.trim() };
		}
		case 'email':
			return { email: normalizeEmail(input.email, 'email') };
		case 'phone':
			return { phone: normalizePhone(input.phone, 'phone') };
		default:
			throw new ValidationError('identifierType', `unknown identifier type "${String(input.type)}"`);
	}
}

export function buildAlias(
	name: unknown,
	label: unknown,
	prefix = '',
): { alias_name: string; alias_label: string } {
	const aliasName = checkString(name, `${prefix}alias_name`);
	const aliasLabel = checkString(label, `${prefix}alias_label`);
	if (!aliasName && !aliasLabel) {
		throw new ValidationError(`${prefix}alias_name`, 'no identifier: alias name and label are empty');
	}
	if (!aliasLabel) {
		throw new ValidationError(`${prefix}alias_label`, 'a user alias needs a label as well as a name');
	}
	if (!aliasName) {
		throw new ValidationError(`${prefix}alias_name`, 'a user alias needs a name as well as a label');
	}
	return { alias_name: aliasName, alias_label: aliasLabel };
}

/**
 * Finds the identifier inside a Braze object (attributes/event/purchase) given as-is (JSON
 * mode) and validates it. Returns the normalised object.
 */
export function checkIdentifiedObject(object: IDataObject, field: string): IDataObject {
	const copy: IDataObject = { ...object };
	const present = (['external_id', 'user_alias', 'braze_id', 'email', 'phone'] as const).filter(
		(key) => copy[key] !== undefined && copy[key] !== null && copy[key] !== '',
	);
	if (present.length === 0) {
		throw new ValidationError(
			field,
			'no identifier: set one of external_id, user_alias, braze_id, email or phone',
		);
	}
	if (present.includes('user_alias')) {
		const alias = copy.user_alias as IDataObject;
		if (typeof alias !== 'object' || alias === null) {
			throw new ValidationError(`${field}.user_alias`, 'must be {alias_name, alias_label}');
		}
		copy.user_alias = buildAlias(alias.alias_name, alias.alias_label, `${field}.user_alias.`);
	}
	if (present.includes('email')) copy.email = normalizeEmail(copy.email, `${field}.email`);
	if (present.includes('phone')) copy.phone = normalizePhone(copy.phone, `${field}.phone`);
	for (const key of ['external_id', 'braze_id'] as const) {
		if (present.includes(key)) checkString(copy[key], `${field}.${key}`);
	}
	return copy;
}
