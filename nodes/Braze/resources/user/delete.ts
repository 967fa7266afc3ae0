import { identifierFields, identifierOutput, readIdentifier } from '../../helpers/identifier';
import type { DeleteRequest } from '../../transport/identity';
import { deleteUsers } from '../../transport/identity';
import type { BrazeOperation } from '../types';

export const deleteOperation: BrazeOperation<DeleteRequest> = {
	value: 'delete',
	name: 'Delete',
	action: 'Delete a user',
	description: 'Delete users permanently (batched /users/delete)',
	outputName: 'user.delete',
	properties: identifierFields(['external_id', 'user_alias', 'braze_id'], 'How to identify the user to delete'),
	prepare: (ctx, itemIndex, environment) => ({ itemIndex, environment, identifier: readIdentifier(ctx, itemIndex) }),
	send: async (_ctx, client, requests) => await deleteUsers(client, requests),
	describe: (request) => ({ identifier: identifierOutput(request.identifier) }),
};
