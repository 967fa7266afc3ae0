import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';

/** What happened to one input item: its output JSON or its error. */
export type ItemResult =
	| { itemIndex: number; environment?: BrazeEnvironment; ok: true; json: IDataObject }
	| { itemIndex: number; environment?: BrazeEnvironment; ok: false; error: BrazeItemError };

function fail(ctx: IExecuteFunctions, failures: Array<Extract<ItemResult, { ok: false }>>): never {
	const { error, itemIndex } = failures[0];
	const others =
		failures.length > 1
			? `${failures.length - 1} more item(s) failed too (items ${failures
					.slice(1, 11)
					.map((f) => f.itemIndex)
					.join(', ')}${failures.length > 11 ? ', ...' : ''}); all other items were sent. Turn on "Continue On Fail" to get one output item per input.`
			: 'All other items were sent.';
	const description = (error.description ? error.description + ' ' : '') + others;
	if (error.httpCode !== undefined || error.kind === 'partial') {
		throw new NodeApiError(
			ctx.getNode(),
			{ message: error.message, httpCode: error.httpCode ?? null } as JsonObject,
			{
				message: error.message,
				description,
				httpCode: error.httpCode !== undefined ? String(error.httpCode) : undefined,
				itemIndex,
			},
		);
	}
	throw new NodeOperationError(ctx.getNode(), error.message, { description, itemIndex });
}

/**
 * Turns per-item results into the node's output: one item per input, in input order, each
 * paired with its input. Failed items become error items when Continue On Fail is on
 * (`{success: false, operation, environment, error, errorKind, ...}`; with "Continue (using
 * error output)" `{error, details: {...}}`, which n8n sends to the error output); otherwise the
 * first failure is thrown (after every valid item was already sent), naming how many items
 * failed in all.
 */
export function finalizeItems(ctx: IExecuteFunctions, operation: string, results: ItemResult[]): INodeExecutionData[] {
	const ordered = [...results].sort((a, b) => a.itemIndex - b.itemIndex);
	const failures = ordered.filter((r): r is Extract<ItemResult, { ok: false }> => !r.ok);
	if (failures.length && !ctx.continueOnFail()) fail(ctx, failures);
	const errorOutput = ctx.getNode().onError === 'continueErrorOutput';
	return ordered.map((result) => {
		const pairedItem = { item: result.itemIndex };
		if (result.ok) return { json: result.json, pairedItem };
		const { error } = result;
		const details: IDataObject = { success: false, operation, error: error.message, errorKind: error.kind };
		if (result.environment) details.environment = result.environment;
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
