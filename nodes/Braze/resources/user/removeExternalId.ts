import type { INodeProperties } from 'n8n-workflow';

import { checkString } from '../../../shared/braze/strings';
import { param } from '../../helpers/parameters';
import { MAX_IDS_PER_REQUEST } from '../../transport/batching';
import type { RemoveRequest } from '../../transport/externalIds';
import { removeExternalIds } from '../../transport/externalIds';
import type { BrazeOperation } from '../types';

/**
 * User › Remove External ID: /users/external_ids/remove (Braze docs: api/endpoints/user_data/
 * external_id_migration/post_external_ids_remove; key permission users.external_ids.remove).
 * Only deprecated IDs can be removed; Braze cannot undo it.
 */

const properties: INodeProperties[] = [
	{
		displayName: 'Removes a deprecated external ID for good: Braze cannot undo it, and data sent under that ID can no longer find the user. Agents are not offered this operation.',
		name: 'removeExternalIdNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Deprecated External ID',
		name: 'deprecatedExternalId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. legacy-1234',
		description: 'An external ID that a rename made deprecated (a primary ID is refused by Braze)',
	},
];

export const removeExternalIdOperation: BrazeOperation<RemoveRequest> = {
	value: 'removeExternalId',
	name: 'Remove External ID',
	action: 'Remove a deprecated external ID',
	description: 'Remove deprecated external IDs left by renames (batched /users/external_ids/remove; cannot be undone)',
	outputName: 'user.removeExternalId',
	properties,
	options: { batchSize: MAX_IDS_PER_REQUEST },
	prepare: (ctx, itemIndex, environment) => ({
		itemIndex,
		environment,
		externalId: (checkString(param(ctx, 'deprecatedExternalId', itemIndex, ''), 'external_id', true) as string).trim(),
	}),
	send: async (_ctx, client, requests) => await removeExternalIds(client, requests),
	describe: (request) => ({ removed_external_id: request.externalId }),
};
