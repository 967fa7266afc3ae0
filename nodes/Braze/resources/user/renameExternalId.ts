import type { INodeProperties } from 'n8n-workflow';

import { invalid } from '../../../shared/braze/errors';
import { checkString } from '../../../shared/braze/strings';
import { param } from '../../helpers/parameters';
import { MAX_IDS_PER_REQUEST } from '../../transport/batching';
import type { RenameRequest } from '../../transport/externalIds';
import { renameExternalIds } from '../../transport/externalIds';
import type { BrazeOperation } from '../types';

/**
 * User › Rename External ID: /users/external_ids/rename (Braze docs: api/endpoints/user_data/
 * external_id_migration/post_external_ids_rename; key permission users.external_ids.rename).
 * The new ID becomes the user's primary ID; the current one stays as a deprecated ID that still
 * finds the user until it is removed (User › Remove External ID).
 */

const properties: INodeProperties[] = [
	{
		displayName: 'Current External ID',
		name: 'currentExternalId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. legacy-1234',
		description: "The user's primary external ID now (not a deprecated one)",
	},
	{
		displayName: 'New External ID',
		name: 'newExternalId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. crm-1234',
		description: 'An external ID no user has, primary or deprecated',
	},
];

export const renameExternalIdOperation: BrazeOperation<RenameRequest> = {
	value: 'renameExternalId',
	name: 'Rename External ID',
	action: 'Rename a user external ID',
	description: "Give users a new primary external ID, keeping the current one as deprecated (batched /users/external_ids/rename)",
	outputName: 'user.renameExternalId',
	properties,
	options: { batchSize: MAX_IDS_PER_REQUEST },
	prepare(ctx, itemIndex, environment) {
		const current = (checkString(param(ctx, 'currentExternalId', itemIndex, ''), 'current_external_id', true) as string).trim();
		const next = (checkString(param(ctx, 'newExternalId', itemIndex, ''), 'new_external_id', true) as string).trim();
		if (current === next) throw invalid('new_external_id', 'is the same as the current external ID');
		return { itemIndex, environment, currentExternalId: current, newExternalId: next };
	},
	send: async (_ctx, client, requests) => await renameExternalIds(client, requests),
	describe: (request) => ({ current_external_id: request.currentExternalId, new_external_id: request.newExternalId }),
};
