import type { IDataObject } from 'n8n-workflow';

import { BrazeItemError } from '../../shared/braze/errors';
import type { UserIdentifier } from '../../shared/braze/identifiers';
import { identifierType } from '../../shared/braze/identifiers';
import { MAX_IDS_PER_REQUEST, chunk, groupBy, sendEach, summary } from './batching';
import type { BrazeClient } from './client';
import type { ItemOutcome, ItemRequest } from './types';

/**
 * GET /subscription/status/get (Braze docs: api/endpoints/subscription_groups/
 * get_list_user_subscription_group_status): the state of up to 50 users in one subscription
 * group, asked by external_id, email or phone (one kind per request: with external ids Braze
 * ignores emails and phones, and an email and a phone together are an error). Braze answers
 * `Subscribed`, `Unsubscribed` or `Unknown` per identifier.
 */

const PATH = '/subscription/status/get';

export interface SubscriptionStatusRequest extends ItemRequest {
	subscriptionGroupId: string;
	/** external_id, email or phone. */
	identifier: UserIdentifier;
}

export interface SubscriptionStatusOutcome extends ItemOutcome {
	/** As Braze spells it: Subscribed, Unsubscribed or Unknown. */
	status?: string;
}

/** The identifier's value as Braze keys the answer. */
function valueOf(identifier: UserIdentifier): string {
	return (identifier.external_id ?? identifier.email ?? identifier.phone) as string;
}

/** The status Braze gave for `value` (an email matched in any case: Braze may answer it as it stores it). */
function statusFor(status: IDataObject, value: string, type: string): string | undefined {
	if (typeof status[value] === 'string') return status[value] as string;
	if (type !== 'email') return undefined;
	const key = Object.keys(status).find((k) => k.toLowerCase() === value.toLowerCase());
	return key === undefined ? undefined : (status[key] as string);
}

/** Reads the states; one outcome per request, in request order. */
export async function getSubscriptionStatus(client: BrazeClient, requests: SubscriptionStatusRequest[]): Promise<SubscriptionStatusOutcome[]> {
	const outcomes: SubscriptionStatusOutcome[] = new Array(requests.length);
	const size = Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize);
	const groups = groupBy(requests, (r) => `${r.environment}\u0000${r.subscriptionGroupId}\u0000${identifierType(r.identifier)}`);
	const batches = [...groups.values()].flatMap((indexes) => chunk(indexes, size));
	await sendEach(client, batches, async (part) => {
		const [first] = part.map((i) => requests[i]);
		const type = identifierType(first.identifier);
		const values = [...new Set(part.map((i) => valueOf(requests[i].identifier)))];
		const result = await client.get(first.environment, PATH, { subscription_group_id: first.subscriptionGroupId, [type]: values });
		for (const i of part) {
			const { itemIndex, environment, identifier } = requests[i];
			if (!result.ok) {
				outcomes[i] = { itemIndex, environment, ok: false, error: result.error.forItem(itemIndex) };
				continue;
			}
			const status = statusFor((result.response.body.status as IDataObject) ?? {}, valueOf(identifier), type);
			outcomes[i] =
				status === undefined
					? {
							itemIndex,
							environment,
							ok: false,
							error: new BrazeItemError({ kind: 'partial', reason: `Braze's answer (${PATH}) holds no status for ${type} "${valueOf(identifier)}"` }, itemIndex),
						}
					: { itemIndex, environment, ok: true, status, call: summary(result.response) };
		}
	});
	return outcomes;
}
