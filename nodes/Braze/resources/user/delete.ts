import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { DeleteRequest } from '../../transport';
import { deleteUsers } from '../../transport';
import { sendPrepared } from '../run';
import { identifierFields, identifierOutput, prepareItems, readIdentifier } from '../shared';
import type { BrazeOperation } from '../types';

const OPERATION = 'user.delete';

const properties: INodeProperties[] = [
	...identifierFields(['external_id', 'user_alias', 'braze_id'], 'How to identify the user to delete'),
];

export const deleteOperation: BrazeOperation = {
	value: 'delete',
	name: 'Delete',
	action: 'Delete a user',
	description: 'Delete users permanently (batched /users/delete)',
	properties,
	async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		const prepared = prepareItems(this, items.length, (itemIndex, environment) => {
			const request: DeleteRequest = { itemIndex, environment, identifier: readIdentifier(this, itemIndex) };
			return request;
		});
		return await sendPrepared(
			this,
			OPERATION,
			prepared,
			async (requests) => await deleteUsers(this, requests),
			(request) => ({ identifier: identifierOutput(request.identifier) }),
		);
	},
};
