import type { IDataObject } from 'n8n-workflow';

import { normalizeEmail } from './email';
import { invalid } from './errors';
import { normalizePhone } from './phone';
import { checkString } from './strings';

/** The ways Braze names one user, in Braze's order of precedence. */
export const IDENTIFIER_TYPES = ['external_id', 'user_alias', 'braze_id', 'email', 'phone'] as const;

export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export interface UserAlias {
	alias_name: string;
	alias_label: string;
}

/** The identifiers Braze accepts for one user. Exactly one is set after validation. */
export interface UserIdentifier {
	external_id?: string;
	user_alias?: UserAlias;
	braze_id?: string;
	email?: string;
	phone?: string;
}

/** The kind of a validated identifier. */
export function identifierType(identifier: UserIdentifier): IdentifierType {
	return IDENTIFIER_TYPES.find((type) => identifier[type] !== undefined) ?? 'phone';
}

/** A user alias with both halves; `prefix` is put before the field names in errors. */
export function buildAlias(name: unknown, label: unknown, prefix = ''): UserAlias {
	const aliasName = checkString(name, `${prefix}alias_name`);
	const aliasLabel = checkString(label, `${prefix}alias_label`);
	if (!aliasName && !aliasLabel) {
		throw invalid(`${prefix}alias_name`, 'no identifier: alias name and label are empty');
	}
	if (!aliasLabel) throw invalid(`${prefix}alias_label`, 'a user alias needs a label as well as a name');
	if (!aliasName) throw invalid(`${prefix}alias_name`, 'a user alias needs a name as well as a label');
	return { alias_name: aliasName, alias_label: aliasLabel };
}

function requiredId(value: unknown, field: 'external_id' | 'braze_id', label: string): string {
	const id = checkString(value, field);
	if (!id || id.trim() === '') throw invalid(field, `no identifier: ${label} is empty`);
	return id;
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
		case 'external_id':
			return { external_id: requiredId(input.external_id, 'external_id', 'External ID') };
		case 'user_alias':
			return { user_alias: buildAlias(input.alias_name, input.alias_label) };
		case 'braze_id':
			return { braze_id: requiredId(input.braze_id, 'braze_id', 'Braze ID').trim() };
		case 'email':
			return { email: normalizeEmail(input.email, 'email') };
		case 'phone':
			return { phone: normalizePhone(input.phone, 'phone') };
		default:
			throw invalid('identifierType', `unknown identifier type "${String(input.type)}"`);
	}
}

/**
 * Checks the identifier inside a Braze object given as is (attributes, event or purchase in
 * JSON mode) and answers a copy with the identifier normalised.
 */
export function checkIdentifiedObject(object: IDataObject, field: string): IDataObject {
	const copy: IDataObject = { ...object };
	const present = IDENTIFIER_TYPES.filter((key) => copy[key] !== undefined && copy[key] !== null && copy[key] !== '');
	if (present.length === 0) {
		throw invalid(field, 'no identifier: set one of external_id, user_alias, braze_id, email or phone');
	}
	if (present.includes('user_alias')) {
		const alias = copy.user_alias as IDataObject;
		if (typeof alias !== 'object' || alias === null) {
			throw invalid(`${field}.user_alias`, 'must be {alias_name, alias_label}');
		}
		copy.user_alias = { ...buildAlias(alias.alias_name, alias.alias_label, `${field}.user_alias.`) };
	}
	if (present.includes('email')) copy.email = normalizeEmail(copy.email, `${field}.email`);
	if (present.includes('phone')) copy.phone = normalizePhone(copy.phone, `${field}.phone`);
	for (const key of ['external_id', 'braze_id'] as const) {
		if (present.includes(key)) checkString(copy[key], `${field}.${key}`);
	}
	return copy;
}

/** The identifier a Braze object names (its first, in Braze's order of precedence). */
export function identifierOf(object: IDataObject | undefined): UserIdentifier {
	const identifier: UserIdentifier = {};
	const type = object ? IDENTIFIER_TYPES.find((key) => object[key] !== undefined) : undefined;
	if (object && type) (identifier as IDataObject)[type] = object[type];
	return identifier;
}
