import type { IDataObject } from 'n8n-workflow';

import { BrazeItemError } from '../../shared/braze/errors';
import { errorType, errorsByPosition, groupBy, sendEach, summary } from './batching';
import type { BrazeClient } from './client';
import type { Delivery } from './delivery';
import { DELIVERY, deliveryOf, partTruth } from './delivery';
import type { BrazeCallResult, ItemOutcome, ItemRequest } from './types';

/**
 * Messages Braze sends: /campaigns/trigger/send, /canvas/trigger/send and /messages/send (Braze
 * docs: api/endpoints/messaging/send_messages/). Braze does not deduplicate them: a request sent
 * twice sends twice. So after an uncertain failure (5xx, timeout, reset) a send goes out again
 * only at least once, and each item's delivery says whether its message may have gone out twice
 * or not at all. Braze's answer is one `dispatch_id` for the whole request; it says nothing per
 * recipient (not whether the user exists, is in the segment or can receive the channel).
 */

/** Send again after an uncertain failure (the user may get it twice), or not (it may be missing). */
export type SendRetry = 'atLeastOnce' | 'atMostOnce';

export interface SendRequest extends ItemRequest {
	/** Items with different keys never share a request (the environment always separates). */
	batchKey: string;
	/** The user the item's message goes to: a request names each user once (Braze keeps one of duplicates). */
	recipientKey?: string;
	/** A request of its own (a broadcast). */
	alone?: boolean;
}

export interface SendOutcome extends ItemOutcome {
	/** Braze's id of the request's dispatch (one for all recipients of a request). */
	dispatchId?: string;
	/** The send_id Braze answered (a broadcast without one gets one made up). */
	sendId?: string;
}

export interface SendSpec<R extends SendRequest> {
	path: string;
	/** Most recipients per request (Braze: 50). */
	size: number;
	retry: SendRetry;
	body(batch: R[]): IDataObject;
	/**
	 * After a 400 for a request of several recipients, send each alone (Braze refused the request
	 * as a whole and sent nothing, so nothing goes out twice): one bad recipient then fails alone.
	 * Not for answers naming what all recipients share (`requestWide`).
	 */
	isolateRefused?: boolean;
	/** Braze's messages that refuse what every recipient of the request shares (the campaign ...). */
	requestWide?: RegExp;
}

const MAY_HAVE_SENT =
	'Braze may have sent this message before the failure (the request reached Braze, its answer was lost or failed): look at the user in Braze (campaigns_received, canvases_received) before sending the item again, or the user may get it twice.';

const NOT_SENT_AGAIN =
	'Not sent again: Options > Message Delivery Guarantee is "At Most Once (May Lose)".';

const NOT_SENT = 'Braze sent nothing for this item: it is safe to send it again.';

/** A failed send item's error told its delivery. */
export function withSendDelivery(error: BrazeItemError, delivery: Delivery): BrazeItemError {
	const description = (text: string) => (error.description ? `${error.description} ${text}` : text);
	if (delivery === DELIVERY.unknown) {
		return error.withDetails({ reason: `${error.reason} ${MAY_HAVE_SENT}`, description: description(MAY_HAVE_SENT) });
	}
	if (delivery === DELIVERY.notWritten) return error.withDetails({ description: description(NOT_SENT) });
	return error;
}

/**
 * Batches in request order: at most `size` per batch, each recipient at most once per batch
 * (its next item goes to a later batch, so that none is dropped as a duplicate).
 */
function batchesOf<R extends SendRequest>(requests: R[], indexes: number[], size: number): number[][] {
	const batches: number[][] = [];
	const keys: Array<Set<string>> = [];
	for (const index of indexes) {
		const key = requests[index].recipientKey;
		let target = batches.findIndex((batch, i) => batch.length < size && !(key !== undefined && keys[i].has(key)));
		if (target === -1) {
			target = batches.push([]) - 1;
			keys.push(new Set());
		}
		batches[target].push(index);
		if (key !== undefined) keys[target].add(key);
	}
	return batches;
}

/** The items' outcomes of one request's result. */
function outcomesOf<R extends SendRequest>(spec: SendSpec<R>, batch: R[], result: BrazeCallResult): SendOutcome[] {
	const uncertain = result.uncertainBodies.length > 0;
	const answer = result.response?.body ?? {};
	const { byPosition, unplaced } = errorsByPosition(result.ok ? answer : undefined, batch.length);
	// A notice in a 2xx answer: Braze took the request but will not act on it (a paused Canvas).
	const notice = result.ok && typeof answer.notice === 'string' ? answer.notice : undefined;
	return batch.map((request, position) => {
		const { itemIndex, environment } = request;
		const own = byPosition.get(position);
		const refused = own !== undefined || notice !== undefined;
		const delivery = deliveryOf([partTruth({ ok: result.ok, carried: true, uncertain, counted: true, refused })]);
		const outcome: SendOutcome = { itemIndex, environment, ok: true, delivery };
		if (!result.ok) {
			const stopped = spec.retry === 'atMostOnce' && uncertain && result.uncertainError;
			const error = stopped
				? result.uncertainError!.forItem(itemIndex, `${result.uncertainError!.reason} ${NOT_SENT_AGAIN}`)
				: result.error.forItem(itemIndex);
			return { ...outcome, ok: false, error: withSendDelivery(error, delivery) };
		}
		outcome.call = summary(result.response);
		if (own || notice) {
			const said = own ? errorType(own) : (notice as string);
			const error = new BrazeItemError(
				{ kind: 'partial', reason: `Braze took ${spec.path} but sends nothing for it: ${said}`, brazeError: said, httpCode: result.response.statusCode },
				itemIndex,
			);
			return { ...outcome, ok: false, error: withSendDelivery(error, delivery) };
		}
		if (typeof answer.dispatch_id === 'string') outcome.dispatchId = answer.dispatch_id;
		if (typeof answer.send_id === 'string') outcome.sendId = answer.send_id;
		if (unplaced.length) outcome.warnings = unplaced;
		return outcome;
	});
}

/**
 * Sends the items in as few requests as Braze allows (up to `size` recipients sharing a batch
 * key and environment, a broadcast alone) and tells each item what became of its message.
 * Returns one outcome per request, in request order.
 */
export async function runSends<R extends SendRequest>(client: BrazeClient, requests: R[], spec: SendSpec<R>): Promise<SendOutcome[]> {
	const outcomes: SendOutcome[] = new Array(requests.length);
	const groups = groupBy(requests, (r) => `${r.environment}\u0000${r.batchKey}`);
	const batches = [...groups.values()].flatMap((indexes) => {
		const alone = indexes.filter((i) => requests[i].alone).map((i) => [i]);
		return [...alone, ...batchesOf(requests, indexes.filter((i) => !requests[i].alone), spec.size)];
	});
	const resend = spec.retry === 'atMostOnce' ? () => undefined : undefined;
	const send = async (part: number[]): Promise<void> => {
		const batch = part.map((i) => requests[i]);
		const result = await client.post(batch[0].environment, spec.path, spec.body(batch), resend);
		const refusedWhole =
			!result.ok &&
			result.error.httpCode === 400 &&
			result.uncertainBodies.length === 0 &&
			!(spec.requestWide?.test(result.error.brazeError ?? '') ?? false);
		if (spec.isolateRefused && part.length > 1 && refusedWhole) {
			for (const single of part) await send([single]);
			return;
		}
		outcomesOf(spec, batch, result).forEach((outcome, position) => (outcomes[part[position]] = outcome));
	};
	await sendEach(client, batches, send);
	return outcomes;
}

/** An item refused before its request (never sent). */
export function unsentOutcome(request: ItemRequest, error: BrazeItemError): SendOutcome {
	return {
		itemIndex: request.itemIndex,
		environment: request.environment,
		ok: false,
		error: withSendDelivery(error.forItem(request.itemIndex), DELIVERY.notWritten),
		delivery: DELIVERY.notWritten,
	};
}
