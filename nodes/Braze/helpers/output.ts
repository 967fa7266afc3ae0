import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import type { Delivery } from '../transport/delivery';
import { DELIVERY } from '../transport/delivery';

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
		.map((delivery) => {
			const list = items[delivery];
			const shown = list ? ` (items ${list.slice(0, 10).join(', ')}${list.length > 10 ? ', ...' : ''})` : '';
			return `${counts[delivery]} ${delivery}${shown}`;
		});
	let text = `Delivery of the ${results.length} items: ${parts.join('; ')}.`;
	if (counts[DELIVERY.unknown] || counts[DELIVERY.partlyWritten] || counts[DELIVERY.partlyWrittenMayBeDuplicated]) {
		text +=
			' Items that are unknown or partly written may already be in Braze: check them before sending them again. Items not written are safe to send again.';
	}
	return { text, counts, items };
}

function fail(ctx: IExecuteFunctions, results: ItemResult[], failures: Failure[]): never {
	const { error, itemIndex } = failures[0];
	const others =
		failures.length > 1
			? `${failures.length - 1} more item(s) failed too (items ${failures
					.slice(1, 11)
					.map((f) => f.itemIndex)
					.join(', ')}${failures.length > 11 ? ', ...' : ''}); all other items were sent. Turn on "Continue On Fail" to get one output item per input.`
			: 'All other items were sent.';
	const summary = deliverySummary(results);
	const description = [error.description, others, summary?.text].filter(Boolean).join(' ');
	// The whole picture for an Error Trigger workflow or whoever reads the execution.
	const context: IDataObject = summary ? { delivery: summary.counts, itemsByDelivery: summary.items } : {};
	if (error.httpCode !== undefined || error.kind === 'partial') {
		const apiError = new NodeApiError(
			ctx.getNode(),
			{ message: error.message, httpCode: error.httpCode ?? null } as JsonObject,
			{
				message: error.message,
				description,
				httpCode: error.httpCode !== undefined ? String(error.httpCode) : undefined,
				itemIndex,
			},
		);
		Object.assign(apiError.context, context);
		throw apiError;
	}
	const operationError = new NodeOperationError(ctx.getNode(), error.message, { description, itemIndex });
	Object.assign(operationError.context, context);
	throw operationError;
}

/**
 * Turns per-item results into the node's output: one item per input, in input order, each
 * paired with its input. Failed items become error items when Continue On Fail is on
 * (`{success: false, operation, environment, error, errorKind, delivery, ...}`; with "Continue
 * (using error output)" `{error, details: {...}}`, which n8n sends to the error output);
 * otherwise the first failure is thrown (after every valid item was already sent), naming how
 * many items failed in all and every item's delivery.
 */
export function finalizeItems(ctx: IExecuteFunctions, operation: string, results: ItemResult[]): INodeExecutionData[] {
	const ordered = [...results].sort((a, b) => a.itemIndex - b.itemIndex);
	const failures = ordered.filter((r): r is Failure => !r.ok);
	if (failures.length && !ctx.continueOnFail()) fail(ctx, ordered, failures);
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
