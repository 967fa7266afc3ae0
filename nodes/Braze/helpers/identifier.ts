import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { IdentifierType, UserIdentifier } from '../../shared/braze/identifiers';
import { buildIdentifier } from '../../shared/braze/identifiers';
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
	default: '',
};

/** The value fields of each identifier type. */
const VALUE_FIELDS: Record<IdentifierType, INodeProperties[]> = {
	external_id: [{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' }],
	user_alias: [
		{ displayName: 'Alias Name', name: 'aliasName', type: 'string', default: '' },
		{ displayName: 'Alias Label', name: 'aliasLabel', type: 'string', default: '' },
	],
	braze_id: [{ displayName: 'Braze ID', name: 'brazeId', type: 'string', default: '' }],
	email: [{ displayName: 'Email', name: 'identifierEmail', type: 'string', placeholder: 'name@email.com', default: '' }],
	phone: [
		{
			displayName: 'Phone',
			name: 'identifierPhone',
			type: 'string',
			default: '',
			placeholder: '+14155552671',
			description: 'E.164 number; spaces, dashes, parentheses, tel: and a leading 00 are normalised',
		},
	],
};

/**
 * Fields that name one user: a type selector plus the value fields of each type. The value
 * fields are not marked required: with an expression as type, n8n would demand all of them
 * before running; an empty identifier is reported per item at run time instead. `types` limits
 * the choice (e.g. delete accepts external_id, user_alias and braze_id only).
 */
export function identifierFields(types: IdentifierType[], description = 'How to identify the user'): INodeProperties[] {
	return [
		{
			...IDENTIFIER_SELECTOR,
			options: types.map((t) => ({ value: t, ...IDENTIFIER_OPTIONS[t] })),
			default: types[0],
			description,
		},
		...types.flatMap((type) =>
			VALUE_FIELDS[type].map((field) => ({ ...field, displayOptions: { show: { identifierType: [type] } } })),
		),
	];
}

/** The identifier fields of one item, checked and normalised. */
export function readIdentifier(ctx: IExecuteFunctions, itemIndex: number): UserIdentifier {
	const type = param(ctx, 'identifierType', itemIndex) as IdentifierType;
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
