import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { param } from './params';
import type { BrazeEnvironment, BrazeItemError } from './types';

/** What happened to one input item: either output JSON or an error. */
export type ItemResult =
	| { itemIndex: number; environment?: BrazeEnvironment; ok: true; json: IDataObject }
	| { itemIndex: number; environment?: BrazeEnvironment; ok: false; error: BrazeItemError };

/** Reads the `environment` parameter of one item ('production' | 'test'). */
export function getEnvironment(ctx: IExecuteFunctions, itemIndex: number): BrazeEnvironment {
	const raw = String(param(ctx, 'environment', itemIndex, 'production') ?? 'production')
		.trim()
		.toLowerCase();
	if (raw === 'test' || raw === 'staging' || raw === 'true') return 'test';
	if (raw === 'production' || raw === '' || raw === 'false') return 'production';
	throw new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex}: environment: "${raw}" is neither "production" nor "test"`,
		{ itemIndex },
	);
}

/**
 * Turns per-item results into the node's output: one item per input, in input order, each
 * paired with its input. Failed items become error items when Continue On Fail is on
 * (`{success: false, operation, environment, error, errorKind, ...}`; with "Continue (using
 * error output)" `{error, details: {...}}`, which n8n sends to the error output);
 * otherwise the first failure is thrown (after every valid item was already sent), naming how
 * many items failed in all.
 */
export function finalizeItems(
	ctx: IExecuteFunctions,
	operation: string,
	results: ItemResult[],
): INodeExecutionData[] {
	const ordered = [...results].sort((a, b) => a.itemIndex - b.itemIndex);
	const failures = ordered.filter((r) => !r.ok) as Array<Extract<ItemResult, { ok: false }>>;
	if (failures.length && !ctx.continueOnFail()) {
		const first = failures[0];
		const others =
			failures.length > 1
				? ` ${failures.length - 1} more item(s) failed too (items ${failures
						.slice(1, 11)
						.map((f) => f.itemIndex)
						.join(', ')}${failures.length > 11 ? ', ...' : ''}); all other items were sent. Turn on "Continue On Fail" to get one output item per input.`
				: ' All other items were sent.';
		const description = (first.error.description ? first.error.description + ' ' : '') + others.trim();
		if (first.error.httpCode !== undefined || first.error.kind === 'partial') {
			throw new NodeApiError(
				ctx.getNode(),
				{ message: first.error.message, httpCode: first.error.httpCode ?? null } as JsonObject,
				{
					message: first.error.message,
					description,
					httpCode: first.error.httpCode !== undefined ? String(first.error.httpCode) : undefined,
					itemIndex: first.itemIndex,
				},
			);
		}
		throw new NodeOperationError(ctx.getNode(), first.error.message, {
			description,
			itemIndex: first.itemIndex,
		});
	}
	const errorOutput = ctx.getNode().onError === 'continueErrorOutput';
	return ordered.map((result) => {
		if (result.ok) {
			return { json: result.json, pairedItem: { item: result.itemIndex } };
		}
		const error = result.error;
		const details: IDataObject = {
			success: false,
			operation,
			error: error.message,
			errorKind: error.kind,
		};
		if (result.environment) details.environment = result.environment;
		if (error.field) details.errorField = error.field;
		if (error.httpCode !== undefined) details.httpCode = error.httpCode;
		if (error.brazeError) details.brazeError = error.brazeError;
		if (error.description) details.errorDescription = error.description;
		if (errorOutput) {
			// n8n routes items shaped {error, details} to the error output and keeps their JSON.
			const { error: message, ...rest } = details;
			return { json: { error: message, details: rest }, pairedItem: { item: result.itemIndex } };
		}
		return { json: details, pairedItem: { item: result.itemIndex } };
	});
}
