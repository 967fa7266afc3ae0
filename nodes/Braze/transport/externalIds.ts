import type { IDataObject } from 'n8n-workflow';

import { BrazeItemError } from '../../shared/braze/errors';
import { MAX_IDS_PER_REQUEST, chunk, groupBy, sendEach, summary } from './batching';
import type { BrazeClient } from './client';
import type { Delivery } from './delivery';
import { DELIVERY, deliveryOf, partTruth, withDelivery } from './delivery';
import type { ItemOutcome, ItemRequest } from './types';

/**
 * External ID migration: /users/external_ids/rename and /users/external_ids/remove (Braze docs:
 * api/endpoints/user_data/external_id_migration/post_external_ids_rename,
 * post_external_ids_remove), up to 50 per request. Braze answers 2xx with the ids it changed and
 * the items it refused in `rename_errors` / `removal_errors`, each naming the item's position.
 * Neither write counts twice, so uncertain failures are sent again; but the second attempt then
 * refuses what the first applied, and such an item says so.
 */

export interface RenameRequest extends ItemRequest {
	currentExternalId: string;
	newExternalId: string;
}

export interface RemoveRequest extends ItemRequest {
	externalId: string;
}

const MAY_HAVE_APPLIED =
	'An earlier attempt of this request failed after it may have reached Braze: Braze may have applied this item then, and refused it now for that reason. Look the user up before sending it again.';

/**
 * Braze's per-item errors by position. Braze shows them as pairs of the item's index and its
 * message; objects with `index` and `message` are read too.
 */
function errorsByIndex(entries: unknown): Map<number, string> {
	const byIndex = new Map<number, string>();
	for (const entry of Array.isArray(entries) ? entries : []) {
		const parts: unknown[] = Array.isArray(entry) ? entry : entry && typeof entry === 'object' ? [(entry as IDataObject).index, (entry as IDataObject).message] : [];
		const index = parts.find((p) => typeof p === 'number' && Number.isInteger(p)) as number | undefined;
		const message = parts.find((p) => typeof p === 'string') as string | undefined;
		if (index !== undefined && !byIndex.has(index)) byIndex.set(index, message ?? 'refused');
	}
	return byIndex;
}

interface MigrationSpec<R extends ItemRequest> {
	path: string;
	errorsKey: string;
	body(batch: R[]): IDataObject;
}

async function migrate<R extends ItemRequest>(client: BrazeClient, requests: R[], spec: MigrationSpec<R>): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = new Array(requests.length);
	const size = Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize);
	const batches = [...groupBy(requests, (r) => r.environment).values()].flatMap((indexes) => chunk(indexes, size));
	await sendEach(client, batches, async (part) => {
		const batch = part.map((i) => requests[i]);
		const result = await client.post(batch[0].environment, spec.path, spec.body(batch));
		const uncertain = result.uncertainBodies.length > 0;
		const refused = result.ok ? errorsByIndex(result.response.body[spec.errorsKey]) : new Map<number, string>();
		batch.forEach(({ itemIndex, environment }, position) => {
			const said = refused.get(position);
			const delivery: Delivery = deliveryOf([partTruth({ ok: result.ok, carried: true, uncertain, counted: false, refused: said !== undefined })]);
			const told = (error: BrazeItemError) =>
				delivery === DELIVERY.unknown
					? error.withDetails({ reason: `${error.reason} ${MAY_HAVE_APPLIED}`, description: MAY_HAVE_APPLIED })
					: withDelivery(error, delivery);
			let outcome: ItemOutcome;
			if (!result.ok) outcome = { itemIndex, environment, ok: false, error: told(result.error.forItem(itemIndex)) };
			else if (said !== undefined) {
				const error = new BrazeItemError({ kind: 'partial', reason: `Braze refused this item (${spec.path}): ${said}`, brazeError: said }, itemIndex);
				outcome = { itemIndex, environment, ok: false, error: told(error), call: summary(result.response) };
			} else outcome = { itemIndex, environment, ok: true, call: summary(result.response) };
			outcomes[part[position]] = { ...outcome, delivery };
		});
	});
	return outcomes;
}

/** Gives users a new primary external ID; the current one stays as a deprecated ID until removed. */
export async function renameExternalIds(client: BrazeClient, requests: RenameRequest[]): Promise<ItemOutcome[]> {
	return await migrate(client, requests, {
		path: '/users/external_ids/rename',
		errorsKey: 'rename_errors',
		body: (batch) => ({
			external_id_renames: batch.map((r) => ({ current_external_id: r.currentExternalId, new_external_id: r.newExternalId })),
		}),
	});
}

/** Removes deprecated external IDs (a primary ID is refused). */
export async function removeExternalIds(client: BrazeClient, requests: RemoveRequest[]): Promise<ItemOutcome[]> {
	return await migrate(client, requests, {
		path: '/users/external_ids/remove',
		errorsKey: 'removal_errors',
		body: (batch) => ({ external_ids: batch.map((r) => r.externalId) }),
	});
}
