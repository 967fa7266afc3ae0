import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { BrazeTransportOptions } from '../transport/options';
import { MAX_REQUESTS_IN_FLIGHT, transportOptions } from '../transport/options';

/**
 * Shared "Options" collection: batching, requests in flight, retries, rate-limit waits, and what
 * is sent again after an uncertain failure. Defaults are what a team moving from Extole's native
 * Braze integration expects: nothing lost (at least once), duplicates findable.
 */
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
			displayName: 'Event ID Property',
			name: 'eventIdProperty',
			type: 'fixedCollection',
			placeholder: 'Add Event ID Property',
			default: {},
			displayOptions: { show: { '/operation': ['track'] } },
			description:
				"A property added to every custom event and purchase of the item, holding the ID of the item's source event, so that an event Braze holds twice can be found",
			options: [
				{
					displayName: 'Property',
					name: 'property',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: 'event_id',
							description: 'Property name, e.g. event_id. An event or purchase that already has this property keeps its own value.',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: '={{ $json.event_id }}',
							description: "The ID of the item's source event (an expression); empty adds nothing to that item",
						},
					],
				},
			],
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
				'Attempts per request for server errors (5xx) and network errors. Rate limits (429) do not count: they wait for the window (see Max Rate-Limit Wait). Other 4xx are never retried.',
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
			default: 300,
			description:
				'Longest time this execution waits in all for rate-limit windows to reset (after a 429 or when X-RateLimit-Remaining reaches 0). Requests that would wait longer are not sent and their items say "not written".',
		},
		{
			displayName: 'Requests in Flight',
			name: 'requestsInFlight',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_REQUESTS_IN_FLIGHT },
			default: 4,
			description:
				"Most requests waiting for Braze's answer at the same time. All of them keep to one rate-limit budget per endpoint; output items keep the input order.",
		},
		{
			displayName: 'Retry Events and Purchases After Uncertain Failures',
			name: 'uncertainRetry',
			type: 'options',
			options: [
				{
					name: 'No, May Lose (At Most Once)',
					value: 'atMostOnce',
					description:
						'Never send them again: Braze counts each at most once, and those of a failed request may be missing (their items say "unknown"). Attributes are still sent again.',
				},
				{
					name: 'Yes, May Duplicate (At Least Once)',
					value: 'atLeastOnce',
					description:
						'Send them again, as Extole does with its webhooks: nothing is lost, and an event may count twice (its item says "may be duplicated")',
				},
			],
			default: 'atLeastOnce',
			description:
				'When a request with custom events, purchases or increments fails after it may have reached Braze (timeout, reset connection, 5xx), whether to send them again. Braze does not deduplicate them.',
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
