import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { AliasRequest } from '../../transport';
import { buildAlias, checkString, createAliases, param } from '../../transport';
import { sendPrepared } from '../run';
import { prepareItems } from '../shared';
import type { BrazeOperation } from '../types';

const OPERATION = 'user.createAlias';

const properties: INodeProperties[] = [
	{ displayName: 'Alias Name', name: 'aliasName', type: 'string', default: '', required: true },
	{
		displayName: 'Alias Label',
		name: 'aliasLabel',
		type: 'string',
		default: '',
		required: true,
		description: 'The kind of alias, e.g. extole_person_id',
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description:
			'Optional: add the alias to this identified user. Empty creates an alias-only user. Braze does nothing when the external ID does not exist.',
	},
];

export const createAliasOperation: BrazeOperation = {
	value: 'createAlias',
	name: 'Create Alias',
	action: 'Create a user alias',
	description: 'Create alias-only users or add aliases to identified users (batched /users/alias/new)',
	properties,
	async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		const prepared = prepareItems(this, items.length, (itemIndex, environment) => {
			const alias = buildAlias(
				param(this, 'aliasName', itemIndex, ''),
				param(this, 'aliasLabel', itemIndex, ''),
			);
			const externalId = checkString(param(this, 'externalId', itemIndex, ''), 'external_id');
			const request: AliasRequest = { itemIndex, environment, ...alias };
			if (externalId && externalId.trim() !== '') request.external_id = externalId;
			return request;
		});
		return await sendPrepared(
			this,
			OPERATION,
			prepared,
			async (requests) => await createAliases(this, requests),
			(request) => ({
				user_alias: { alias_name: request.alias_name, alias_label: request.alias_label },
				...(request.external_id ? { external_id: request.external_id } : {}),
			}),
		);
	},
};
