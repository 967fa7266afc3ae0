import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { IdentifierType, UserIdentifier } from '../../shared/braze/identifiers';
import { buildIdentifier } from '../../shared/braze/identifiers';
import { invalid } from '../../shared/braze/errors';
import { param } from './parameters';

const IDENTIFIER_OPTIONS: Record<IdentifierType, { name: string; description: string }> = {
	external_id: { name: 'External ID', description: 'Your own user ID' },
	user_alias: { name: 'User Alias', description: 'Alias name and label' },
	braze_id: { name: 'Braze ID', description: 'The ID Braze gave the user' },
	email: { name: 'Email', description: 'Email address' },
	phone: { name: 'Phone', description: 'Phone number (normalised to E.164)' },
};

const IDENTIFIER_SELECTOR: INodeProperties = {
	displayName: 'Identify User By',
	name: 'identifierType',
	type: 'options',
	noDataExpression: true,
	default: '',
};

/** The value fields of each identifier type. */
const VALUE_FIELDS: Record<IdentifierType, INodeProperties[]> = {
	external_id: [
		{ displayName: 'External ID', name: 'externalId', type: 'string', required: true, default: '', placeholder: 'e.g. user-1234' },
	],
	user_alias: [
		{ displayName: 'Alias Name', name: 'aliasName', type: 'string', required: true, default: '', placeholder: 'e.g. 7340912345' },
		{
			displayName: 'Alias Label',
			name: 'aliasLabel',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. extole_person_id',
			description: 'The kind of alias: the name of the ID space the alias name comes from',
		},
	],
	braze_id: [
		{ displayName: 'Braze ID', name: 'brazeId', type: 'string', required: true, default: '', placeholder: 'e.g. 5f7a2e3b9c1d4e0012ab34cd' },
	],
	email: [
		{ displayName: 'Email', name: 'identifierEmail', type: 'string', required: true, placeholder: 'e.g. name@example.com', default: '' },
	],
	phone: [
		{
			displayName: 'Phone',
			name: 'identifierPhone',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +14155552671',
			description: 'E.164 number; spaces, dashes, parentheses, tel: and a leading 00 are normalised',
		},
	],
};

/** Identifier type value meaning "an expression chooses the type of each item". */
const PER_ITEM = 'perItem';

function valueField(type: IdentifierType, field: INodeProperties, perItem: boolean): INodeProperties {
	if (!perItem) return { ...field, displayOptions: { show: { identifierType: [type] } } };
	// The per-item copy of a value field: only the items of its type need it.
	const { required: _required, ...optional } = field;
	return {
		...optional,
		description: `Used by items whose identifier type is ${type}${field.description ? `. ${field.description}` : ''}`,
		displayOptions: { show: { identifierType: [PER_ITEM] } },
	};
}

/** The fields that name one user in an operation, and how an item's user is read from them. */
export interface IdentifierChoice {
	fields: INodeProperties[];
	read(ctx: IExecuteFunctions, itemIndex: number): UserIdentifier;
}

/**
 * Fields that name one user: a type selector plus the value fields of each type, marked
 * required so n8n flags an empty one before the run. The selector takes no expression (n8n
 * would then show, and require, the value fields of every type); its last option, "Chosen per
 * Item", shows an Identifier Type field for an expression and every value field, optional.
 * Values may be expressions; one that resolves to nothing fails its item at run time. `types`
 * limits the choice (e.g. delete accepts external_id, user_alias and braze_id only); the first
 * is the default.
 */
export function identifierChoice(types: IdentifierType[], description = 'How to identify the user'): IdentifierChoice {
	const kinds = types.map((t) => ({ value: t, ...IDENTIFIER_OPTIONS[t] })).sort((a, b) => a.name.localeCompare(b.name));
	const fields: INodeProperties[] = [
		{
			...IDENTIFIER_SELECTOR,
			options: [
				...kinds,
				{ value: PER_ITEM, name: 'Chosen per Item', description: 'An expression gives the identifier type of each item' },
			],
			default: types[0],
			description,
		},
		{
			displayName: 'Identifier Type',
			name: 'perItemIdentifierType',
			type: 'string',
			required: true,
			default: '',
			placeholder: `e.g. {{ $json.email ? "email" : "${types[0]}" }}`,
			description: `The identifier type of each item: ${types.join(', ')}`,
			displayOptions: { show: { identifierType: [PER_ITEM] } },
		},
		...types.flatMap((type) => VALUE_FIELDS[type].map((field) => valueField(type, field, false))),
		...types.flatMap((type) => VALUE_FIELDS[type].map((field) => valueField(type, field, true))),
	];
	return { fields, read: (ctx, itemIndex) => readIdentifier(ctx, itemIndex, types) };
}

/** The identifier fields of one item, checked and normalised. */
function readIdentifier(ctx: IExecuteFunctions, itemIndex: number, types: IdentifierType[]): UserIdentifier {
	const chosen = String(param(ctx, 'identifierType', itemIndex) ?? '');
	const type = (chosen === PER_ITEM ? String(param(ctx, 'perItemIdentifierType', itemIndex, '') ?? '').trim() : chosen) as IdentifierType;
	if (!types.includes(type)) {
		throw invalid('identifierType', `"${String(type).slice(0, 60)}" is not one of ${types.join(', ')}`);
	}
	const get = (name: string) => param(ctx, name, itemIndex, '') as unknown;
	return buildIdentifier({
		type,
		external_id: type === 'external_id' ? get('externalId') : undefined,
		alias_name: type === 'user_alias' ? get('aliasName') : undefined,
		alias_label: type === 'user_alias' ? get('aliasLabel') : undefined,
		braze_id: type === 'braze_id' ? get('brazeId') : undefined,
		email: type === 'email' ? get('identifierEmail') : undefined,
		phone: type === 'phone' ? get('identifierPhone') : undefined,
	});
}

/** The identifier as it appears in output items. */
export function identifierOutput(identifier: UserIdentifier): IDataObject {
	return { ...identifier } as IDataObject;
}
