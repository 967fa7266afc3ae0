import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { IdentifyRequest } from '../../transport';
import { buildAlias, checkString, identifyUsers, ValidationError, param } from '../../transport';
import { sendPrepared } from '../run';
import { prepareItems } from '../shared';
import type { BrazeOperation } from '../types';

const OPERATION = 'user.identify';

const properties: INodeProperties[] = [
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		required: true,
		description: 'The identified user the alias-only user is merged into',
	},
	{ displayName: 'Alias Name', name: 'aliasName', type: 'string', default: '', required: true },
	{ displayName: 'Alias Label', name: 'aliasLabel', type: 'string', default: '', required: true },
];

export const identifyOperation: BrazeOperation = {
	value: 'identify',
	name: 'Identify',
	action: 'Identify an alias-only user',
	description: 'Merge an alias-only user into a user with an external ID (batched /users/identify)',
	properties,
	async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		const prepared = prepareItems(this, items.length, (itemIndex, environment) => {
			const externalId = checkString(param(this, 'externalId', itemIndex, ''), 'external_id');
			if (!externalId || externalId.trim() === '') {
				throw new ValidationError('external_id', 'no identifier: External ID is empty');
			}
			const request: IdentifyRequest = {
				itemIndex,
				environment,
				external_id: externalId,
				user_alias: buildAlias(
					param(this, 'aliasName', itemIndex, ''),
					param(this, 'aliasLabel', itemIndex, ''),
				),
			};
			return request;
		});
		return await sendPrepared(
			this,
			OPERATION,
			prepared,
			async (requests) => await identifyUsers(this, requests),
			(request) => ({ external_id: request.external_id, user_alias: request.user_alias }),
		);
	},
};
