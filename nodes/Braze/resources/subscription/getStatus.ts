import type { INodeProperties } from 'n8n-workflow';

import { invalid } from '../../../shared/braze/errors';
import { checkString } from '../../../shared/braze/strings';
import { identifierChoice, identifierOutput } from '../../helpers/identifier';
import { param } from '../../helpers/parameters';
import { MAX_IDS_PER_REQUEST } from '../../transport/batching';
import type { SubscriptionStatusOutcome, SubscriptionStatusRequest } from '../../transport/subscriptionStatus';
import { getSubscriptionStatus } from '../../transport/subscriptionStatus';
import type { BrazeOperation } from '../types';

/**
 * Subscription › Get Status: GET /subscription/status/get (Braze docs: api/endpoints/
 * subscription_groups/get_list_user_subscription_group_status; key permission
 * subscription.status.get): Subscribed, Unsubscribed or Unknown per user, up to 50 users of one
 * kind of identifier per request.
 */

const identity = identifierChoice(['external_id', 'email', 'phone'], 'Which user to look up');

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
	...identity.fields,
];

export const getStatusOperation: BrazeOperation<SubscriptionStatusRequest, SubscriptionStatusOutcome> = {
	value: 'getStatus',
	name: 'Get Status',
	action: 'Get a subscription group status',
	description: "Read users' state in a subscription group: Subscribed, Unsubscribed or Unknown (batched GET /subscription/status/get)",
	outputName: 'subscription.getStatus',
	writes: false,
	properties,
	options: { batchSize: MAX_IDS_PER_REQUEST },
	prepare(ctx, itemIndex, environment) {
		const groupId = checkString(param(ctx, 'subscriptionGroupId', itemIndex, ''), 'subscription_group_id')?.trim();
		if (!groupId) throw invalid('subscription_group_id', 'is required');
		return { itemIndex, environment, subscriptionGroupId: groupId, identifier: identity.read(ctx, itemIndex) };
	},
	send: async (_ctx, client, requests) => await getSubscriptionStatus(client, requests),
	describe: (request, outcome) => ({
		subscription_group_id: request.subscriptionGroupId,
		identifier: identifierOutput(request.identifier),
		status: outcome.status,
		subscribed: outcome.status === 'Subscribed',
	}),
};
