import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { EmailStatusRequest } from '../../transport';
import { normalizeEmail, setEmailSubscriptionStatus, ValidationError, param } from '../../transport';
import { sendPrepared } from '../run';
import { prepareItems } from '../shared';
import type { BrazeOperation } from '../types';

const OPERATION = 'email.setGlobalSubscriptionStatus';
const STATES = ['subscribed', 'unsubscribed', 'opted_in'];

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'Works for addresses not yet on any profile too',
	},
	{
		displayName: 'Subscription State',
		name: 'subscriptionState',
		type: 'options',
		options: [
			{ name: 'Opted In', value: 'opted_in' },
			{ name: 'Subscribed', value: 'subscribed' },
			{ name: 'Unsubscribed', value: 'unsubscribed' },
		],
		default: 'subscribed',
	},
];

export const setGlobalSubscriptionStatusOperation: BrazeOperation = {
	value: 'setGlobalSubscriptionStatus',
	name: 'Set Global Subscription Status',
	action: 'Set global email subscription status',
	description: 'Set the global email subscription state of addresses (batched /email/status)',
	properties,
	async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		const prepared = prepareItems(this, items.length, (itemIndex, environment) => {
			const email = normalizeEmail(param(this, 'email', itemIndex, ''), 'email');
			const state = param(this, 'subscriptionState', itemIndex) as string;
			if (!STATES.includes(state)) {
				throw new ValidationError('subscription_state', `must be one of ${STATES.join(', ')} (got "${state}")`);
			}
			const request: EmailStatusRequest = {
				itemIndex,
				environment,
				email,
				state: state as EmailStatusRequest['state'],
			};
			return request;
		});
		return await sendPrepared(
			this,
			OPERATION,
			prepared,
			async (requests) => await setEmailSubscriptionStatus(this, requests),
			(request) => ({ email: request.email, subscription_state: request.state }),
		);
	},
};
