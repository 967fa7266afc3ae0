import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { IdentifierType, ItemResult, UserIdentifier } from '../transport';
import { buildIdentifier, getEnvironment, toItemError, param } from '../transport';

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

/**
 * Fields that name one user: a type selector plus one field per type. The value fields are not
 * marked required: with an expression as type, n8n would demand all of them before running;
 * an empty identifier is reported per item at run time instead. `types` limits the
 * choice (e.g. delete accepts external_id, user_alias and braze_id only).
 */
export function identifierFields(
	types: IdentifierType[],
	description = 'How to identify the user',
): INodeProperties[] {
	const show = (type: IdentifierType) => ({ show: { identifierType: [type] } });
	const fields: INodeProperties[] = [
		{
			...IDENTIFIER_SELECTOR,
			options: types.map((t) => ({ name: IDENTIFIER_OPTIONS[t].name, value: t, description: IDENTIFIER_OPTIONS[t].description })),
			default: types[0],
			description,
		},
	];
	if (types.includes('external_id')) {
		fields.push({
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			displayOptions: show('external_id'),
		});
	}
	if (types.includes('user_alias')) {
		fields.push(
			{
				displayName: 'Alias Name',
				name: 'aliasName',
				type: 'string',
				default: '',
				displayOptions: show('user_alias'),
			},
			{
				displayName: 'Alias Label',
				name: 'aliasLabel',
				type: 'string',
				default: '',
				displayOptions: show('user_alias'),
			},
		);
	}
	if (types.includes('braze_id')) {
		fields.push({
			displayName: 'Braze ID',
			name: 'brazeId',
			type: 'string',
			default: '',
			displayOptions: show('braze_id'),
		});
	}
	if (types.includes('email')) {
		fields.push({
			displayName: 'Email',
			name: 'identifierEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			displayOptions: show('email'),
		});
	}
	if (types.includes('phone')) {
		fields.push({
			displayName: 'Phone',
			name: 'identifierPhone',
			type: 'string',
			default: '',
			placeholder: '+14155552671',
			description: 'E.164 number; spaces, dashes, parentheses and a leading 00 are normalised',
			displayOptions: show('phone'),
		});
	}
	return fields;
}

/** Reads and validates the identifier fields of one item. Throws ValidationError. */
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

/** Per-item preparation result: either a request to send or an already failed item. */
export type Prepared<R> = { ok: true; request: R } | { ok: false; result: ItemResult };

/**
 * Runs `build` for every item, turning thrown validation errors into failed results so one bad
 * item never stops the others. Also reads each item's environment.
 */
export function prepareItems<R>(
	ctx: IExecuteFunctions,
	count: number,
	build: (itemIndex: number, environment: 'production' | 'test') => R,
): Array<Prepared<R>> {
	const prepared: Array<Prepared<R>> = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		let environment: 'production' | 'test' | undefined;
		try {
			environment = getEnvironment(ctx, itemIndex);
			prepared.push({ ok: true, request: build(itemIndex, environment) });
		} catch (error) {
			const itemError = toItemError(itemIndex, error);
			// getEnvironment's own message already names the item.
			if (itemError.message.startsWith(`Item ${itemIndex}: Item ${itemIndex}:`)) {
				itemError.message = itemError.message.slice(`Item ${itemIndex}: `.length);
			}
			prepared.push({ ok: false, result: { itemIndex, environment, ok: false, error: itemError } });
		}
	}
	return prepared;
}

/** The identifier as it appears in output items. */
export function identifierOutput(identifier: UserIdentifier): IDataObject {
	return { ...identifier } as IDataObject;
}
