import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { BrazeItemError, itemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import { BrazeClient } from '../transport/client';
import { DELIVERY } from '../transport/delivery';
import type { ItemOutcome, ItemRequest } from '../transport/types';
import { readEnvironment } from '../helpers/environment';
import { readTransportOptions } from '../helpers/options';
import type { ItemResult } from '../helpers/output';
import { finalizeItems } from '../helpers/output';
import type { BrazeOperation } from './types';

function callFields(outcome: ItemOutcome): IDataObject {
	const fields: IDataObject = {};
	if (outcome.call) fields.braze = outcome.call;
	if (outcome.warnings?.length) fields.brazeWarnings = outcome.warnings;
	return fields;
}

/**
 * Runs one operation over all input items: prepares each item (a bad one fails alone), sends
 * the valid ones through one Braze client, and turns every outcome into an output item
 * (`success`, `operation`, `environment`, `delivery`, what `describe` adds and the Braze call).
 */
export async function runOperation<R extends ItemRequest, O extends ItemOutcome>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: BrazeOperation<R, O>,
): Promise<INodeExecutionData[]> {
	const results: ItemResult[] = [];
	const requests: R[] = [];
	// An item refused before sending was not written; reads say nothing about delivery.
	const refusedDelivery = operation.writes === false ? undefined : DELIVERY.notWritten;
	items.forEach((item, itemIndex) => {
		let environment: BrazeEnvironment | undefined;
		try {
			environment = operation.readEnvironment
				? operation.readEnvironment(ctx, itemIndex, item)
				: readEnvironment(ctx, itemIndex);
			requests.push(operation.prepare(ctx, itemIndex, environment, item));
		} catch (error) {
			results.push({ itemIndex, environment, ok: false, error: itemError(itemIndex, error), delivery: refusedDelivery });
		}
	});

	const client = requests.length ? await BrazeClient.open(ctx, readTransportOptions(ctx)) : undefined;
	const outcomes = client ? await operation.send(ctx, client, requests) : [];
	outcomes.forEach((outcome, position) => {
		const request = requests[position];
		const { itemIndex, environment } = request;
		if (!outcome.ok) {
			const error =
				outcome.error ?? new BrazeItemError({ kind: 'http', reason: 'failed' }, itemIndex);
			results.push({ itemIndex, environment, ok: false, error, delivery: outcome.delivery });
			return;
		}
		const json: IDataObject = {
			success: true,
			operation: operation.outputName,
			environment,
			...(outcome.delivery ? { delivery: outcome.delivery } : {}),
			...operation.describe(request, outcome),
			...(operation.describeCall ? operation.describeCall(outcome) : callFields(outcome)),
		};
		results.push({ itemIndex, environment, ok: true, json });
	});
	return finalizeItems(ctx, operation.outputName, results);
}
