import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { SubscriptionGroupRequest } from '../../transport';
import { checkString, setSubscriptionGroupStatus, ValidationError, param } from '../../transport';
import { sendPrepared } from '../run';
import { identifierFields, identifierOutput, prepareItems, readIdentifier } from '../shared';
import type { BrazeOperation } from '../types';

const OPERATION = 'subscription.setGroupStatus';

const properties: INodeProperties[] = [
	{
		displayName: 'Subscription Group ID',
		name: 'subscriptionGroupId',
		type: 'string',
		default: '',
		required: true,
		description: 'ID of the subscription group (Audience > Subscriptions in Braze)',
	},
	{
		displayName: 'Subscription State',
		name: 'subscriptionState',
		type: 'options',
		options: [
			{ name: 'Subscribed', value: 'subscribed' },
			{ name: 'Unsubscribed', value: 'unsubscribed' },
		],
		default: 'subscribed',
	},
	...identifierFields(['external_id', 'email', 'phone'], 'Which users to change'),
];

export const setGroupStatusOperation: BrazeOperation = {
	value: 'setGroupStatus',
	name: 'Set Group Status',
	action: 'Set subscription group status',
	description: 'Subscribe or unsubscribe users to a subscription group (batched /v2/subscription/status/set)',
	properties,
	async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		const prepared = prepareItems(this, items.length, (itemIndex, environment) => {
			const groupId = checkString(param(this, 'subscriptionGroupId', itemIndex, ''), 'subscription_group_id');
			if (!groupId || groupId.trim() === '') {
				throw new ValidationError('subscription_group_id', 'is required');
			}
			const state = param(this, 'subscriptionState', itemIndex) as string;
			if (state !== 'subscribed' && state !== 'unsubscribed') {
				throw new ValidationError('subscription_state', `must be subscribed or unsubscribed (got "${state}")`);
			}
			const request: SubscriptionGroupRequest = {
				itemIndex,
				environment,
				subscriptionGroupId: groupId.trim(),
				state,
				identifier: readIdentifier(this, itemIndex),
			};
			return request;
		});
		return await sendPrepared(
			this,
			OPERATION,
			prepared,
			async (requests) => await setSubscriptionGroupStatus(this, requests),
			(request) => ({
				subscription_group_id: request.subscriptionGroupId,
				subscription_state: request.state,
				identifier: identifierOutput(request.identifier),
			}),
		);
	},
};
