import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { normalizeEmail } from '../../../shared/braze/email';
import { invalid } from '../../../shared/braze/errors';
import { buildAlias } from '../../../shared/braze/identifiers';
import { parseJson } from '../../../shared/braze/json';
import { checkString } from '../../../shared/braze/strings';
import { param } from '../../helpers/parameters';

/**
 * Who one item's message goes to: the recipient of a trigger send or of Messages › Send, by
 * external ID, user alias, Braze ID or email (with a prioritization: Braze docs:
 * api/objects_filters/recipient_object, "prioritization: required when using email"), or a user
 * object the item carries, such as Sync Extole Event's `braze_user`.
 */

export type RecipientKind = 'external_id' | 'user_alias' | 'braze_id' | 'email' | 'userObject';

/** A recipient as Braze names it. */
export interface Recipient {
	/** The Braze recipient's identifier keys, e.g. `{external_user_id}` or `{email, prioritization}`. */
	object: IDataObject;
	/** What the output shows, e.g. `{external_id: "u1"}`. */
	shown: IDataObject;
	/** The user, for keeping each user once per request. */
	key: string;
}

const KIND_OPTIONS: Record<RecipientKind, { name: string; description: string }> = {
	external_id: { name: 'External ID', description: 'Your own user ID' },
	user_alias: { name: 'User Alias', description: 'Alias name and label, e.g. the email alias Sync Extole Event creates' },
	braze_id: { name: 'Braze ID', description: 'The ID Braze gave the user' },
	email: { name: 'Email', description: 'Email address; Prioritization picks one profile when several share it' },
	userObject: {
		name: 'User Object',
		description: "A Braze user object of the item, e.g. Sync Extole Event's braze_user: {external_id}, {user_alias}, {braze_id} or {email}",
	},
};

/** Braze's prioritization values (Braze docs: post_user_identify, "prioritization"), in useful orders. */
export const PRIORITIZATIONS = [
	{ name: 'Most Recently Updated', value: 'most_recently_updated', description: 'The profile updated last, identified or not' },
	{ name: 'Identified, Then Most Recently Updated', value: 'identified,most_recently_updated', description: 'Only profiles with an external ID; the last updated of them' },
	{ name: 'Unidentified, Then Most Recently Updated', value: 'unidentified,most_recently_updated', description: 'Only profiles without an external ID; the last updated of them' },
	{ name: 'Least Recently Updated', value: 'least_recently_updated', description: 'The profile updated first' },
];

const PRIORITIZATION_VALUES = ['identified', 'unidentified', 'most_recently_updated', 'least_recently_updated'];

/** A prioritization from the field (comma-separated) or a user object (array or text). */
export function readPrioritization(value: unknown, field: string): string[] {
	const list = (Array.isArray(value) ? value : String(value ?? '').split(','))
		.map((v) => String(v).trim())
		.filter((v) => v !== '');
	if (list.length === 0) throw invalid(field, 'is required with an email: Braze needs to know which profile to pick when several share it');
	const bad = list.find((v) => !PRIORITIZATION_VALUES.includes(v));
	if (bad !== undefined) throw invalid(field, `"${bad}" is not one of ${PRIORITIZATION_VALUES.join(', ')}`);
	if (list.includes('identified') && list.includes('unidentified')) throw invalid(field, 'may hold identified or unidentified, not both');
	return list;
}

/** The recipient fields, for the given kinds; `show` is added to every field's display rule. */
export function recipientFields(kinds: RecipientKind[], show: Record<string, string[]>): INodeProperties[] {
	const when = (types: RecipientKind[]) => ({ show: { ...show, recipientType: types.filter((t) => kinds.includes(t)) } });
	const fields: INodeProperties[] = [
		{
			displayName: 'Recipient',
			name: 'recipientType',
			type: 'options',
			noDataExpression: true,
			options: kinds.map((value) => ({ value, ...KIND_OPTIONS[value] })),
			// Every operation offers External ID first.
			default: 'external_id',
			description: "How each item names its user (one recipient per item; Braze's requests carry up to 50)",
			displayOptions: { show },
		},
		{ displayName: 'External ID', name: 'externalId', type: 'string', required: true, default: '', placeholder: 'e.g. user-1234', displayOptions: when(['external_id']) },
		{ displayName: 'Alias Name', name: 'aliasName', type: 'string', required: true, default: '', placeholder: 'e.g. ada@example.com', displayOptions: when(['user_alias']) },
		{
			displayName: 'Alias Label',
			name: 'aliasLabel',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. email',
			description: 'The kind of alias: the name of the ID space the alias name comes from',
			displayOptions: when(['user_alias']),
		},
		{ displayName: 'Braze ID', name: 'brazeId', type: 'string', required: true, default: '', placeholder: 'e.g. 5f7a2e3b9c1d4e0012ab34cd', displayOptions: when(['braze_id']) },
		{ displayName: 'Email', name: 'recipientEmail', type: 'string', required: true, default: '', placeholder: 'e.g. name@example.com', displayOptions: when(['email']) },
		{
			displayName: 'User Object',
			name: 'userObject',
			type: 'json',
			required: true,
			default: '={{ $json.braze_user }}',
			description:
				'An object naming the user: {"external_id": ...}, {"user_alias": {"alias_name", "alias_label"}}, {"braze_id": ...} or {"email": ..., "prioritization": [...]}. With several, the first of external_id, user_alias, braze_id, email is used.',
			displayOptions: when(['userObject']),
		},
	];
	if (kinds.includes('email')) {
		fields.push({
			displayName: 'Prioritization',
			name: 'prioritization',
			type: 'options',
			options: PRIORITIZATIONS,
			default: 'most_recently_updated',
			description:
				'Which profile gets the message when several share the email (a user object may carry its own). When the rule leaves more than one profile, or none, Braze sends nothing.',
			displayOptions: when(['email', 'userObject']),
		});
	}
	return fields;
}

function fromUserObject(ctx: IExecuteFunctions, itemIndex: number, kinds: RecipientKind[]): Recipient {
	let value = param(ctx, 'userObject', itemIndex, '') as unknown;
	if (typeof value === 'string') value = value.trim() === '' ? undefined : parseJson(value);
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalid('userObject', 'must be an object naming the user, e.g. {"external_id": "u1"} (is the previous node giving braze_user?)');
	}
	const user = value as IDataObject;
	const external = user.external_id ?? user.external_user_id;
	if (external !== undefined && external !== null && external !== '') return byKind(ctx, itemIndex, 'external_id', kinds, { external_id: external });
	const alias = user.user_alias as IDataObject | undefined;
	if (alias && typeof alias === 'object') return byKind(ctx, itemIndex, 'user_alias', kinds, { alias_name: alias.alias_name, alias_label: alias.alias_label });
	if (user.braze_id !== undefined && user.braze_id !== null && user.braze_id !== '') return byKind(ctx, itemIndex, 'braze_id', kinds, { braze_id: user.braze_id });
	if (user.email !== undefined && user.email !== null && user.email !== '') {
		return byKind(ctx, itemIndex, 'email', kinds, { email: user.email, prioritization: user.prioritization });
	}
	throw invalid('userObject', 'names no user: it needs external_id, user_alias, braze_id or email');
}

/** The recipient of one kind from its values (a user object's, or else the fields'). */
function byKind(ctx: IExecuteFunctions, itemIndex: number, kind: RecipientKind, kinds: RecipientKind[], given?: IDataObject): Recipient {
	const from = given !== undefined;
	if (!kinds.includes(kind)) {
		throw invalid(from ? 'userObject' : 'recipientType', `this operation cannot send to a user named by ${kind} (it takes ${kinds.filter((k) => k !== 'userObject').join(', ')})`);
	}
	const get = (name: string, key: string) => (from ? given[key] : param(ctx, name, itemIndex, ''));
	const field = (name: string) => (from ? `userObject.${name}` : name);
	switch (kind) {
		case 'external_id': {
			const id = checkString(get('externalId', 'external_id'), field('external_id'), true) as string;
			return { object: { external_user_id: id }, shown: { external_id: id }, key: `e\u0000${id}` };
		}
		case 'user_alias': {
			const alias = buildAlias(get('aliasName', 'alias_name'), get('aliasLabel', 'alias_label'), from ? 'userObject.user_alias.' : '');
			return { object: { user_alias: { ...alias } }, shown: { user_alias: { ...alias } }, key: `a\u0000${alias.alias_label}\u0000${alias.alias_name}` };
		}
		case 'braze_id': {
			const id = (checkString(get('brazeId', 'braze_id'), field('braze_id'), true) as string).trim();
			return { object: { braze_id: id }, shown: { braze_id: id }, key: `b\u0000${id}` };
		}
		default: {
			const email = normalizeEmail(get('recipientEmail', 'email'), field('email'));
			const own = from ? given.prioritization : undefined;
			const prioritization = readPrioritization(own ?? param(ctx, 'prioritization', itemIndex, 'most_recently_updated'), own ? 'userObject.prioritization' : 'prioritization');
			return { object: { email, prioritization }, shown: { email, prioritization }, key: `m\u0000${email.toLowerCase()}\u0000${prioritization.join(',')}` };
		}
	}
}

/** The item's recipient, checked. */
export function readRecipient(ctx: IExecuteFunctions, itemIndex: number, kinds: RecipientKind[]): Recipient {
	const kind = param(ctx, 'recipientType', itemIndex, kinds[0]) as RecipientKind;
	if (kind === 'userObject') return fromUserObject(ctx, itemIndex, kinds);
	return byKind(ctx, itemIndex, kind, kinds);
}
