import type { IDataObject } from 'n8n-workflow';

import { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeClient } from './client';
import { deliveryOf, partTruth, withDelivery } from './delivery';
import type { BrazeCallSummary, BrazeResponse, ItemOutcome, ItemRequest } from './types';

/**
 * Batching shared by the endpoint families: group requests, cut the groups to Braze's sizes,
 * send the batches, and map Braze's `errors[].index` back to the items of a batch.
 */

/** Braze's limit for export by external_id/alias, alias, identify, delete and subscription lists. */
export const MAX_IDS_PER_REQUEST = 50;

export function chunk<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/** Indexes of `list` by key, keys in order of first appearance, indexes in input order. */
export function groupBy<T>(list: T[], key: (entry: T) => string): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	list.forEach((entry, index) => {
		const k = key(entry);
		const group = groups.get(k);
		if (group) group.push(index);
		else groups.set(k, [index]);
	});
	return groups;
}

/**
 * Runs `send` for each batch, in order, at most Requests in Flight at a time across the whole
 * execution: the one place requests go out. Callers write each outcome at its request's position,
 * so the order of the results does not depend on which answer comes first.
 */
export async function sendEach<B>(client: BrazeClient, batches: B[], send: (batch: B) => Promise<void>): Promise<void> {
	await Promise.all(batches.map(async (batch) => await client.inTurn(async () => await send(batch))));
}

/** What successful items show of the request that carried them. */
export function summary(response: BrazeResponse): BrazeCallSummary {
	const { errors, ...rest } = response.body ?? {};
	const call: BrazeCallSummary = {
		request: response.request,
		statusCode: response.statusCode,
		attempts: response.attempts,
		response: rest,
		errorCount: Array.isArray(errors) ? errors.length : 0,
	};
	if (response.rateLimited) call.rateLimited = response.rateLimited;
	return call;
}

/** The `errors` entries of an answer. */
export function brazeErrors(body: IDataObject | undefined): IDataObject[] {
	return Array.isArray(body?.errors) ? (body.errors as IDataObject[]) : [];
}

/** What Braze said about one object: its `errors[].type` (or message). */
export function errorType(entry: IDataObject): string {
	return String(entry.type ?? entry.message ?? 'unknown error');
}

/** An object Braze refused inside a 2xx answer, as the error of the item that sent it. */
export function partialError(path: string, entry: IDataObject, itemIndex: number): BrazeItemError {
	const type = errorType(entry);
	const where = entry.input_array !== undefined ? ` in ${String(entry.input_array)}[${String(entry.index)}]` : '';
	return new BrazeItemError(
		{ kind: 'partial', reason: `Braze did not process this object${where} (${path}): ${type}`, brazeError: type },
		itemIndex,
	);
}

/** `errors` split into those naming a position of a batch of `length` and the others. */
export function errorsByPosition(body: IDataObject | undefined, length: number) {
	const byPosition = new Map<number, IDataObject>();
	const unplaced: IDataObject[] = [];
	for (const entry of brazeErrors(body)) {
		const index = Number(entry?.index);
		if (Number.isInteger(index) && index >= 0 && index < length) byPosition.set(index, entry);
		else unplaced.push(entry);
	}
	return { byPosition, unplaced };
}

export interface BatchSpec<R extends ItemRequest, O extends ItemOutcome> {
	path: string;
	/** Most requests per batch. */
	size: number;
	/** Requests with different keys never share a batch (environment always separates). */
	key?: (request: R) => string;
	body: (batch: R[]) => IDataObject;
	success: (request: R, response: BrazeResponse) => O;
	failure: (request: R, error: BrazeItemError) => O;
	/** False for reads (exports): their items say nothing about delivery. Default true. */
	writes?: boolean;
}

/**
 * Sends `requests` in batches of at most `spec.size` per (environment, key) and maps each
 * answer back to its requests: `errors[].index` in a 2xx answer fails exactly the request at
 * that position of the batch, errors naming no position are kept as warnings on every item;
 * a failed request fails all its items, each told what Braze said about its own object.
 * These endpoints' writes are safe to repeat, so they are always sent again after an uncertain
 * failure, and each item's delivery says whether Braze has it. Returns one outcome per request,
 * in request order.
 */
export async function runBatches<R extends ItemRequest, O extends ItemOutcome>(
	client: BrazeClient,
	requests: R[],
	spec: BatchSpec<R, O>,
): Promise<O[]> {
	const outcomes: O[] = new Array(requests.length);
	const groups = groupBy(requests, (r) => `${r.environment}\u0000${spec.key ? spec.key(r) : ''}`);
	const batches = [...groups.values()].flatMap((indexes) => chunk(indexes, spec.size));
	const writes = spec.writes !== false;
	await sendEach(client, batches, async (part) => {
		const batch = part.map((i) => requests[i]);
		const result = await client.post(batch[0].environment, spec.path, spec.body(batch));
		const uncertain = result.uncertainBodies.length > 0;
		const { byPosition, unplaced } = errorsByPosition(result.response?.body, batch.length);
		part.forEach((i, position) => {
			const request = requests[i];
			const own = byPosition.get(position);
			const truth = partTruth({ ok: result.ok, carried: true, uncertain, counted: false, refused: own !== undefined });
			const delivery = writes ? deliveryOf([truth]) : undefined;
			const told = (error: BrazeItemError) => (delivery ? withDelivery(error, delivery) : error);
			let outcome: O;
			if (!result.ok) {
				const detail = own ? ` This object: ${errorType(own)}` : '';
				outcome = spec.failure(request, told(result.error.forItem(request.itemIndex, result.error.reason + detail)));
			} else {
				outcome = own
					? spec.failure(request, told(partialError(spec.path, own, request.itemIndex)))
					: spec.success(request, result.response);
				outcome.call = summary(result.response);
				if (!own && unplaced.length) outcome.warnings = unplaced;
			}
			if (delivery) outcome.delivery = delivery;
			outcomes[i] = outcome;
		});
	});
	return outcomes;
}

/** Outcome of an endpoint whose answer says nothing per item beyond success. */
export function plainSuccess(request: ItemRequest): ItemOutcome {
	return { itemIndex: request.itemIndex, environment: request.environment, ok: true };
}

export function plainFailure(request: ItemRequest, error: BrazeItemError): ItemOutcome {
	return { itemIndex: request.itemIndex, environment: request.environment, ok: false, error };
}
