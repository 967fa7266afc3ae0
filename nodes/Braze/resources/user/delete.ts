import type { INodeProperties } from 'n8n-workflow';

import { identifierChoice, identifierOutput } from '../../helpers/identifier';
import type { DeleteRequest } from '../../transport/identity';
import { deleteUsers } from '../../transport/identity';
import { MAX_IDS_PER_REQUEST } from '../../transport/batching';
import type { BrazeOperation } from '../types';

const identity = identifierChoice(['external_id', 'user_alias', 'braze_id'], 'How to identify the user to delete');

const properties: INodeProperties[] = [
	{
		displayName: 'Deletes each user and all their data from Braze for good: Braze cannot undo it. Agents are not offered this operation.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	...identity.fields,
];

export const deleteOperation: BrazeOperation<DeleteRequest> = {
	value: 'delete',
	name: 'Delete',
	action: 'Delete a user',
	description: 'Delete users and all their data permanently (cannot be undone)',
	outputName: 'user.delete',
	properties,
	options: { batchSize: MAX_IDS_PER_REQUEST },
	prepare: (ctx, itemIndex, environment) => ({ itemIndex, environment, identifier: identity.read(ctx, itemIndex) }),
	send: async (_ctx, client, requests) => await deleteUsers(client, requests),
	// deleted: true as n8n's delete operations answer; queued: Braze accepted the deletion and
	// deletes asynchronously ("queued for deletion", Braze docs: post_user_delete).
	describe: (request) => ({ deleted: true, queued: true, identifier: identifierOutput(request.identifier) }),
};
