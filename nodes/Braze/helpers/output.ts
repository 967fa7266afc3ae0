import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import type { Delivery } from '../transport/delivery';
import { DELIVERY } from '../transport/delivery';
import type { RetryStatus } from './retryOnFail';

/** What happened to one input item: its output JSON or its error, and what became of its write. */
export type ItemResult =
	| { itemIndex: number; environment?: BrazeEnvironment; ok: true; json: IDataObject }
	| { itemIndex: number; environment?: BrazeEnvironment; ok: false; error: BrazeItemError; delivery?: Delivery };

type Failure = Extract<ItemResult, { ok: false }>;

/** Deliveries worth telling apart from a plain "written", in the order a summary lists them. */
const TOLD: Delivery[] = [
	DELIVERY.unknown,
	DELIVERY.partlyWrittenMayBeDuplicated,
	DELIVERY.partlyWritten,
	DELIVERY.notWritten,
	DELIVERY.writtenMayBeDuplicated,
];

function deliveryOfResult(result: ItemResult): Delivery | undefined {
	return result.ok ? (result.json.delivery as Delivery | undefined) : result.delivery;
}

/** "item 3" or "items 3, 7, ..." (the first ten). */
function itemList(indexes: number[]): string {
	const shown = indexes.slice(0, 10).join(', ');
	return `${indexes.length === 1 ? 'item' : 'items'} ${shown}${indexes.length > 10 ? ', ...' : ''}`;
}

/** "1 item" or "3 items". */
function count(n: number): string {
	return `${n} ${n === 1 ? 'item' : 'items'}`;
}

/**
 * Every item's delivery, when the node fails as a whole (Continue On Fail off): counts per value
 * and the items of each value other than "written", so that nobody re-runs blindly items that
 * may already be in Braze.
 */
function deliverySummary(results: ItemResult[]): { text: string; counts: IDataObject; items: IDataObject } | undefined {
	const counts: Record<string, number> = {};
	const items: Record<string, number[]> = {};
	for (const result of results) {
		const delivery = deliveryOfResult(result);
		if (!delivery) continue;
		counts[delivery] = (counts[delivery] ?? 0) + 1;
		if (delivery !== DELIVERY.written) (items[delivery] ??= []).push(result.itemIndex);
	}
	if (Object.keys(counts).length === 0) return undefined;
	const parts = [DELIVERY.written, ...TOLD]
		.filter((delivery) => counts[delivery])
		.map((delivery) => `${counts[delivery]} ${delivery}${items[delivery] ? ` (${itemList(items[delivery])})` : ''}`);
	let text = `Delivery of the ${count(results.length)}: ${parts.join('; ')}.`;
	if (counts[DELIVERY.unknown] || counts[DELIVERY.partlyWritten] || counts[DELIVERY.partlyWrittenMayBeDuplicated]) {
		text +=
			' Items that are unknown or partly written may already be in Braze: check them before sending them again. Items not written are safe to send again.';
	}
	return { text, counts, items };
}

/** What the failed item's own error leaves unsaid about its write. */
function itemDeliveryText(failure: Failure): string | undefined {
	if (failure.error.description) return failure.error.description;
	if (failure.delivery === DELIVERY.notWritten) return 'Nothing of this item was sent to Braze (delivery: not written): correct it and run it again.';
	return failure.delivery ? `Delivery of this item: ${failure.delivery}.` : undefined;
}

/** The message without the sentences the description repeats (the delivery advice is in both). */
function withoutRepeats(message: string, description: string): string {
	for (let at = message.indexOf(' '); at > 0; at = message.indexOf(' ', at + 1)) {
		const tail = message.slice(at + 1);
		if (tail.length >= 20 && /[.)]$/.test(message.slice(0, at)) && description.includes(tail)) return message.slice(0, at);
	}
	return message;
}

/** The node's error after n8n's Retry On Fail ran it again: what the tries did. */
function retryText(retry: RetryStatus | undefined): string | undefined {
	if (!retry) return undefined;
	return `n8n's Retry On Fail ran this node ${retry.attempt} times (at most ${retry.maxTries}): each later try sent again only the items Braze had not written and kept the earlier result of the other ${count(retry.kept)}, so these tries wrote nothing twice.`;
}

function fail(ctx: IExecuteFunctions, results: ItemResult[], failures: Failure[], retry?: RetryStatus): never {
	const first = failures[0];
	const { error, itemIndex } = first;
	const total = results.length;
	const summary = deliverySummary(results);
	const failed = failures.map((f) => f.itemIndex);
	let others: string | undefined;
	if (total > 1) {
		others =
			failures.length === 1
				? `It is the only one of the ${count(total)} that failed.`
				: failures.length === total
					? `All ${count(total)} failed (${itemList(failed)}).`
					: `${failures.length} of the ${count(total)} failed (${itemList(failed)}).`;
		const rest = total - failures.length;
		if (!summary && rest > 0) others += ` The other ${rest === 1 ? 'item was' : `${rest} items were`} looked up.`;
	}
	const hint =
		total > 1
			? 'To get one output item per input item, failed ones included, set the node\'s Settings > On Error to "Continue".'
			: undefined;
	const description = [itemDeliveryText(first), others, total > 1 ? summary?.text : undefined, retryText(retry), hint]
		.filter(Boolean)
		.join(' ');
	const message = withoutRepeats(error.message, description);
	// The whole picture for an Error Trigger workflow or whoever reads the execution.
	const context: IDataObject = { failedItems: failed };
	if (summary) Object.assign(context, { delivery: summary.counts, itemsByDelivery: summary.items });
	if (retry) context.retryOnFail = { ...retry };
	if (error.httpCode !== undefined || error.kind === 'partial') {
		const apiError = new NodeApiError(
			ctx.getNode(),
			{ message, httpCode: error.httpCode ?? null } as JsonObject,
			{
				message,
				description,
				httpCode: error.httpCode !== undefined ? String(error.httpCode) : undefined,
				itemIndex,
			},
		);
		Object.assign(apiError.context, context);
		throw apiError;
	}
	const operationError = new NodeOperationError(ctx.getNode(), message, { description, itemIndex });
	Object.assign(operationError.context, context);
	throw operationError;
}

/**
 * Turns per-item results into the node's output: one item per input, in input order, each
 * paired with its input. Failed items become error items when Continue On Fail is on
 * (`{success: false, operation, environment, error, errorKind, delivery, ...}`; with "Continue
 * (using error output)" `{error, details: {...}}`, which n8n sends to the error output);
 * otherwise the first failure is thrown (after every valid item was already sent), naming the
 * item, what became of its write, which other items failed, every item's delivery, and what
 * n8n's Retry On Fail did (`retry`, from the second try on).
 */
export function finalizeItems(
	ctx: IExecuteFunctions,
	operation: string,
	results: ItemResult[],
	retry?: RetryStatus,
): INodeExecutionData[] {
	const ordered = [...results].sort((a, b) => a.itemIndex - b.itemIndex);
	const failures = ordered.filter((r): r is Failure => !r.ok);
	if (failures.length && !ctx.continueOnFail()) fail(ctx, ordered, failures, retry);
	const errorOutput = ctx.getNode().onError === 'continueErrorOutput';
	return ordered.map((result) => {
		const pairedItem = { item: result.itemIndex };
		if (result.ok) return { json: result.json, pairedItem };
		const { error } = result;
		const details: IDataObject = { success: false, operation, error: error.message, errorKind: error.kind };
		if (result.environment) details.environment = result.environment;
		if (result.delivery) details.delivery = result.delivery;
		if (error.field) details.errorField = error.field;
		if (error.httpCode !== undefined) details.httpCode = error.httpCode;
		if (error.brazeError) details.brazeError = error.brazeError;
		if (error.description) details.errorDescription = error.description;
		if (!errorOutput) return { json: details, pairedItem };
		// n8n routes items shaped {error, details} to the error output and keeps their JSON.
		const { error: message, ...rest } = details;
		return { json: { error: message, details: rest }, pairedItem };
	});
}
