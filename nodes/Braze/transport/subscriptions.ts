import type { IDataObject } from 'n8n-workflow';

import type { UserIdentifier } from '../../shared/braze/identifiers';
import { identifierType } from '../../shared/braze/identifiers';
import { MAX_IDS_PER_REQUEST, plainFailure, plainSuccess, runBatches } from './batching';
import type { BrazeClient } from './client';
import type { ItemOutcome, ItemRequest } from './types';

/**
 * Subscription states: /v2/subscription/status/set and /email/status
 * (Braze docs: api/endpoints/subscription_groups/post_update_user_subscription_group_status_v2,
 * api/endpoints/email/post_email_subscription_status).
 */

export interface SubscriptionGroupRequest extends ItemRequest {
	subscriptionGroupId: string;
	state: 'subscribed' | 'unsubscribed';
	/** external_id, email or phone. */
	identifier: UserIdentifier;
}

/** Sets subscription group states; one request per (group, state, identifier kind) holds up to 50 users. */
export async function setSubscriptionGroupStatus(
	client: BrazeClient,
	requests: SubscriptionGroupRequest[],
): Promise<ItemOutcome[]> {
	return await runBatches(client, requests, {
		path: '/v2/subscription/status/set',
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		key: (r) => `${r.subscriptionGroupId}\u0000${r.state}\u0000${identifierType(r.identifier)}`,
		body: (batch) => {
			const type = identifierType(batch[0].identifier);
			const group: IDataObject = {
				subscription_group_id: batch[0].subscriptionGroupId,
				subscription_state: batch[0].state,
			};
			if (type === 'email') group.emails = batch.map((r) => r.identifier.email as string);
			else if (type === 'phone') group.phones = batch.map((r) => r.identifier.phone as string);
			else group.external_ids = batch.map((r) => r.identifier.external_id as string);
			return { subscription_groups: [group] };
		},
		success: plainSuccess,
		failure: plainFailure,
	});
}

export interface EmailStatusRequest extends ItemRequest {
	email: string;
	state: 'subscribed' | 'unsubscribed' | 'opted_in';
}

/** Sets the global email subscription state, up to 50 addresses per request. */
export async function setEmailSubscriptionStatus(client: BrazeClient, requests: EmailStatusRequest[]): Promise<ItemOutcome[]> {
	return await runBatches(client, requests, {
		path: '/email/status',
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		key: (r) => r.state,
		body: (batch) => ({ email: batch.map((r) => r.email), subscription_state: batch[0].state }),
		success: plainSuccess,
		failure: plainFailure,
	});
}
