import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { BrazeItemError, itemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import { BrazeClient } from '../transport/client';
import { DELIVERY } from '../transport/delivery';
import type { ItemOutcome, ItemRequest } from '../transport/types';
import { readEnvironment } from '../helpers/environment';
import { readTransportOptions } from '../helpers/options';
import type { ItemResult } from '../helpers/output';
import { finalizeItems } from '../helpers/output';
import { NodeRetry } from '../helpers/retryOnFail';
import type { BrazeOperation } from './types';

function callFields(outcome: ItemOutcome): IDataObject {
	const fields: IDataObject = {};
	if (outcome.call) fields.braze = outcome.call;
	if (outcome.warnings?.length) fields.brazeWarnings = outcome.warnings;
	return fields;
}

/**
 * For operations whose items go out independently: how many prepared items are handed to the
 * transport at a time (4 full /users/track requests of items with one object per array; items
 * of another shape may leave one request per handover less than full), and how long preparing
 * may go on, while requests are under way, before the answers already back are looked at.
 * Preparing an item (n8n evaluates its expressions) costs CPU while requests wait on the network:
 * the two overlap, so that a large execution is not first all CPU, then all waiting
 * (bench/transport.js).
 */
const ITEMS_PER_HANDOVER = 300;
const MS_BETWEEN_ANSWERS = 10;

/**
 * Handovers whose answers are not back yet, at most: preparing further ahead of Braze only holds
 * more prepared items in memory (a large execution would otherwise prepare all of them while the
 * first requests are still out), and 2 handovers keep Requests in Flight busy up to 8 requests.
 */
function handoversAhead(requestsInFlight: number): number {
	return Math.max(2, Math.ceil(requestsInFlight / 4) + 1);
}

/**
 * Runs one operation over all input items: prepares each item (a bad one fails alone), sends
 * the valid ones through one Braze client, and turns every outcome into an output item
 * (`success`, `operation`, `environment`, `delivery`, what `describe` adds and the Braze call).
 * Operations with independent items start sending while the later items are still prepared.
 * When n8n's Retry On Fail runs the node again, items an earlier try settled keep that result
 * and are not sent again (`helpers/retryOnFail.ts`).
 */
export async function runOperation<R extends ItemRequest, O extends ItemOutcome>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: BrazeOperation<R, O>,
): Promise<INodeExecutionData[]> {
	const results: ItemResult[] = [];
	const retry = NodeRetry.begin(ctx);
	// An item refused before sending was not written; reads say nothing about delivery.
	const refusedDelivery = operation.writes === false ? undefined : DELIVERY.notWritten;
	const unsettledDelivery = operation.writes === false ? undefined : DELIVERY.unknown;
	const independent =
		typeof operation.independentItems === 'function' ? operation.independentItems(items) : operation.independentItems === true;
	const handover = independent ? ITEMS_PER_HANDOVER : Infinity;
	let client: BrazeClient | undefined;
	let prepared: R[] = [];
	const sending: Array<Promise<void>> = [];
	const unanswered = new Set<Promise<void>>();
	let sendFailure: { error: unknown } | undefined;

	const send = async () => {
		if (prepared.length === 0) return;
		const requests = prepared;
		prepared = [];
		client ??= await BrazeClient.open(ctx, readTransportOptions(ctx));
		// Kept, not thrown here: the loop goes on preparing and the failure is thrown once all is sent.
		const handed: Promise<void> = operation.send(ctx, client, requests).then(
			(outcomes) => outcomes.forEach((outcome, position) => results.push(resultOf(operation, requests[position], outcome))),
			(error: unknown) => {
				sendFailure ??= { error };
				// Whether these went out is not known: a retry of the node must not send them again.
				for (const { itemIndex, environment } of requests) {
					results.push({ itemIndex, environment, ok: false, error: itemError(itemIndex, error), delivery: unsettledDelivery });
				}
			},
		);
		sending.push(handed);
		// Settles either way, so that waiting here never throws what `sending` will throw.
		const answered: Promise<void> = handed.then(
			() => void unanswered.delete(answered),
			() => void unanswered.delete(answered),
		);
		unanswered.add(answered);
		while (client && unanswered.size > handoversAhead(client.options.requestsInFlight)) await Promise.race(unanswered);
	};

	let looked = Date.now();
	for (const [itemIndex, item] of items.entries()) {
		const kept = retry.kept(itemIndex);
		if (kept) {
			results.push(kept);
			continue;
		}
		let environment: BrazeEnvironment | undefined;
		try {
			environment = operation.readEnvironment
				? operation.readEnvironment(ctx, itemIndex, item)
				: readEnvironment(ctx, itemIndex);
			prepared.push(operation.prepare(ctx, itemIndex, environment, item));
		} catch (error) {
			results.push({ itemIndex, environment, ok: false, error: itemError(itemIndex, error), delivery: refusedDelivery });
		}
		if (prepared.length >= handover) await send();
		if (client?.busy && Date.now() - looked >= MS_BETWEEN_ANSWERS) {
			await sleep(0);
			looked = Date.now();
		}
	}
	await send();
	await Promise.all(sending);
	retry.remember(results);
	if (sendFailure) throw sendFailure.error;
	return finalizeItems(ctx, operation.outputName, results, retry.status);
}

/** One outcome as the item's result: its error, or its output JSON. */
function resultOf<R extends ItemRequest, O extends ItemOutcome>(operation: BrazeOperation<R, O>, request: R, outcome: O): ItemResult {
	const { itemIndex, environment } = request;
	if (!outcome.ok) {
		const error =
			outcome.error ?? new BrazeItemError({ kind: 'http', reason: 'Braze did not confirm this item and gave no reason' }, itemIndex);
		return { itemIndex, environment, ok: false, error, delivery: outcome.delivery };
	}
	const json: IDataObject = {
		success: true,
		operation: operation.outputName,
		environment,
		...(outcome.delivery ? { delivery: outcome.delivery } : {}),
		...operation.describe(request, outcome),
		...(operation.describeCall ? operation.describeCall(outcome) : callFields(outcome)),
	};
	return { itemIndex, environment, ok: true, json };
}
