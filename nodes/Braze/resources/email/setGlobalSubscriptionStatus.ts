import type { INodeProperties } from 'n8n-workflow';

import { normalizeEmail } from '../../../shared/braze/email';
import { SUBSCRIBE_STATES, checkChoice } from '../../../shared/braze/enumerations';
import { param } from '../../helpers/parameters';
import type { EmailStatusRequest } from '../../transport/subscriptions';
import { setEmailSubscriptionStatus } from '../../transport/subscriptions';
import { MAX_IDS_PER_REQUEST } from '../../transport/batching';
import type { BrazeOperation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. name@example.com',
		default: '',
		required: true,
		description: 'Works for addresses not yet on any profile too',
	},
	{
		displayName: 'Subscription State',
		name: 'subscriptionState',
		type: 'options',
		options: SUBSCRIBE_STATES,
		default: 'subscribed',
	},
];

export const setGlobalSubscriptionStatusOperation: BrazeOperation<EmailStatusRequest> = {
	value: 'setGlobalSubscriptionStatus',
	name: 'Set Global Subscription Status',
	action: 'Set global email subscription status',
	description: 'Set the global email subscription state of addresses (batched /email/status)',
	outputName: 'email.setGlobalSubscriptionStatus',
	properties,
	options: { batchSize: MAX_IDS_PER_REQUEST },
	prepare: (ctx, itemIndex, environment) => ({
		itemIndex,
		environment,
		email: normalizeEmail(param(ctx, 'email', itemIndex, ''), 'email'),
		state: checkChoice(param(ctx, 'subscriptionState', itemIndex), SUBSCRIBE_STATES, 'subscription_state') as EmailStatusRequest['state'],
	}),
	send: async (_ctx, client, requests) => await setEmailSubscriptionStatus(client, requests),
	describe: (request) => ({ email: request.email, subscription_state: request.state }),
};
