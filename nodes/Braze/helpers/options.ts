import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { BrazeTransportOptions } from '../transport/options';
import { transportOptions } from '../transport/options';

/** Shared "Options" collection: batching, retries and rate-limit waits. */
export const optionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 75 },
			default: 75,
			description:
				'Most objects per array in one request. Track accepts up to 75; the other endpoints use at most 50.',
		},
		{
			displayName: 'Initial Retry Delay (Ms)',
			name: 'initialRetryDelayMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 500,
			description: 'First wait after a 5xx or network error; doubles on each attempt, with jitter',
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 5,
			description:
				'Attempts per request for rate limits (429), server errors (5xx) and network errors. Other 4xx are never retried.',
		},
		{
			displayName: 'Max Objects per Track Request',
			name: 'trackMaxObjectsPerRequest',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 225 },
			default: 225,
			description:
				'Attributes, events and purchases combined in one /users/track request. Set 50 if your Braze plan limits a request to 50 objects.',
		},
		{
			displayName: 'Max Rate-Limit Wait (Seconds)',
			name: 'maxRateLimitWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description:
				'Longest single wait for the rate-limit window to reset (after a 429 or when X-RateLimit-Remaining reaches 0)',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeoutMs',
			type: 'number',
			typeOptions: { minValue: 1000 },
			default: 30000,
			description: 'Time to wait for one Braze answer before treating it as a network error',
		},
	],
};

/** The Options collection (first item: the settings hold for the whole execution). */
export function readTransportOptions(ctx: IExecuteFunctions): BrazeTransportOptions {
	let raw: IDataObject = {};
	try {
		raw = (ctx.getNodeParameter('options', 0, {}) as IDataObject) ?? {};
	} catch {
		raw = {};
	}
	return transportOptions(raw);
}
