import type { INodeProperties } from 'n8n-workflow';

import { GROUP_SUBSCRIPTION_STATES, checkChoice } from '../../../shared/braze/enumerations';
import { invalid } from '../../../shared/braze/errors';
import { checkString } from '../../../shared/braze/strings';
import { identifierChoice, identifierOutput } from '../../helpers/identifier';
import { param } from '../../helpers/parameters';
import type { SubscriptionGroupRequest } from '../../transport/subscriptions';
import { setSubscriptionGroupStatus } from '../../transport/subscriptions';
import { MAX_IDS_PER_REQUEST } from '../../transport/batching';
import type { BrazeOperation } from '../types';

const identity = identifierChoice(['external_id', 'email', 'phone'], 'Which users to change');

const properties: INodeProperties[] = [
	{
		displayName: 'Subscription Group ID',
		name: 'subscriptionGroupId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 6e1f8b0c-2a4d-4c7e-9b1a-3f5d7c9e0a21',
		description: 'ID of the subscription group (Audience > Subscriptions in Braze)',
	},
	{
		displayName: 'Subscription State',
		name: 'subscriptionState',
		type: 'options',
		options: GROUP_SUBSCRIPTION_STATES,
		default: 'subscribed',
	},
	...identity.fields,
];

export const setGroupStatusOperation: BrazeOperation<SubscriptionGroupRequest> = {
	value: 'setGroupStatus',
	name: 'Set Group Status',
	action: 'Set a subscription group status',
	description: 'Subscribe or unsubscribe users to a subscription group (batched /v2/subscription/status/set)',
	outputName: 'subscription.setGroupStatus',
	properties,
	options: { batchSize: MAX_IDS_PER_REQUEST },
	prepare(ctx, itemIndex, environment) {
		const groupId = checkString(param(ctx, 'subscriptionGroupId', itemIndex, ''), 'subscription_group_id')?.trim();
		if (!groupId) throw invalid('subscription_group_id', 'is required');
		const state = checkChoice(param(ctx, 'subscriptionState', itemIndex), GROUP_SUBSCRIPTION_STATES, 'subscription_state');
		return {
			itemIndex,
			environment,
			subscriptionGroupId: groupId as string,
			state: state as SubscriptionGroupRequest['state'],
			identifier: identity.read(ctx, itemIndex),
		};
	},
	send: async (_ctx, client, requests) => await setSubscriptionGroupStatus(client, requests),
	describe: (request) => ({
		subscription_group_id: request.subscriptionGroupId,
		subscription_state: request.state,
		identifier: identifierOutput(request.identifier),
	}),
};
