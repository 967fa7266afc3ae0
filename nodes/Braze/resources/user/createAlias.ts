import type { INodeProperties } from 'n8n-workflow';

import { buildAlias } from '../../../shared/braze/identifiers';
import { checkString } from '../../../shared/braze/strings';
import { param } from '../../helpers/parameters';
import type { AliasRequest } from '../../transport/identity';
import { createAliases } from '../../transport/identity';
import { MAX_IDS_PER_REQUEST } from '../../transport/batching';
import type { BrazeOperation } from '../types';

const properties: INodeProperties[] = [
	{ displayName: 'Alias Name', name: 'aliasName', type: 'string', default: '', required: true, placeholder: 'e.g. 7340912345' },
	{
		displayName: 'Alias Label',
		name: 'aliasLabel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. extole_person_id',
		description: 'The kind of alias: the name of the ID space the alias name comes from',
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. user-1234',
		description:
			'Optional: add the alias to this identified user. Empty creates an alias-only user. Braze does nothing when the external ID does not exist.',
	},
];

export const createAliasOperation: BrazeOperation<AliasRequest> = {
	value: 'createAlias',
	name: 'Create Alias',
	action: 'Create a user alias',
	description: 'Create alias-only users or add aliases to identified users (batched /users/alias/new)',
	outputName: 'user.createAlias',
	properties,
	options: { batchSize: MAX_IDS_PER_REQUEST },
	prepare(ctx, itemIndex, environment) {
		const alias = buildAlias(param(ctx, 'aliasName', itemIndex, ''), param(ctx, 'aliasLabel', itemIndex, ''));
		const externalId = checkString(param(ctx, 'externalId', itemIndex, ''), 'external_id');
		const request: AliasRequest = { itemIndex, environment, ...alias };
		if (externalId && externalId.trim() !== '') request.external_id = externalId;
		return request;
	},
	send: async (_ctx, client, requests) => await createAliases(client, requests),
	// Braze queues the alias and applies it asynchronously (Braze docs: post_user_alias, api_limits):
	// the item says it was accepted, not that the alias can be used yet.
	describe: (request) => ({
		user_alias: { alias_name: request.alias_name, alias_label: request.alias_label },
		...(request.external_id ? { external_id: request.external_id } : {}),
		queued: true,
	}),
};
