import type { INodeProperties } from 'n8n-workflow';

import { buildAlias, buildIdentifier } from '../../../shared/braze/identifiers';
import { param } from '../../helpers/parameters';
import type { IdentifyRequest } from '../../transport/identity';
import { identifyUsers } from '../../transport/identity';
import { MAX_IDS_PER_REQUEST } from '../../transport/batching';
import type { BrazeOperation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. user-1234',
		description: 'The identified user the alias-only user is merged into',
	},
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
];

export const identifyOperation: BrazeOperation<IdentifyRequest> = {
	value: 'identify',
	name: 'Identify',
	action: 'Identify an alias-only user',
	description: 'Merge an alias-only user into a user with an external ID (batched /users/identify)',
	outputName: 'user.identify',
	properties,
	options: { batchSize: MAX_IDS_PER_REQUEST },
	prepare: (ctx, itemIndex, environment) => ({
		itemIndex,
		environment,
		external_id: buildIdentifier({ type: 'external_id', external_id: param(ctx, 'externalId', itemIndex, '') })
			.external_id as string,
		user_alias: buildAlias(param(ctx, 'aliasName', itemIndex, ''), param(ctx, 'aliasLabel', itemIndex, '')),
	}),
	send: async (_ctx, client, requests) => await identifyUsers(client, requests),
	// Braze queues the merge and applies it asynchronously (Braze docs: post_user_identify).
	describe: (request) => ({ external_id: request.external_id, user_alias: request.user_alias, queued: true }),
};
