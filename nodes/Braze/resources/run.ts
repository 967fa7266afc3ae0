import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ItemOutcomeBase, ItemResult } from '../transport';
import { finalizeItems } from '../transport';
import type { Prepared } from './shared';

/**
 * Sends the prepared requests through a transport helper and turns every outcome into an
 * output item (`success`, `operation`, `environment`, plus what `describe` adds).
 */
export async function sendPrepared<R extends { itemIndex: number }, O extends ItemOutcomeBase>(
	ctx: IExecuteFunctions,
	operation: string,
	prepared: Array<Prepared<R>>,
	send: (requests: R[]) => Promise<O[]>,
	describe: (request: R, outcome: O) => IDataObject,
): Promise<INodeExecutionData[]> {
	const results: ItemResult[] = [];
	const requests: R[] = [];
	for (const p of prepared) {
		if (p.ok) requests.push(p.request);
		else results.push(p.result);
	}
	const outcomes = requests.length ? await send(requests) : [];
	outcomes.forEach((outcome, i) => {
		const request = requests[i];
		if (!outcome.ok) {
			results.push({
				itemIndex: request.itemIndex,
				environment: outcome.environment,
				ok: false,
				error: outcome.error ?? { kind: 'http', message: `Item ${request.itemIndex}: failed` },
			});
			return;
		}
		const json: IDataObject = {
			success: true,
			operation,
			environment: outcome.environment,
			...describe(request, outcome),
		};
		if (outcome.call) json.braze = outcome.call;
		if (outcome.warnings?.length) json.brazeWarnings = outcome.warnings;
		results.push({ itemIndex: request.itemIndex, environment: outcome.environment, ok: true, json });
	});
	return finalizeItems(ctx, operation, results);
}
