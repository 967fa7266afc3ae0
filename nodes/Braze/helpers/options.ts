import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { BrazeTransportOptions } from '../transport/options';
import { MAX_REQUESTS_IN_FLIGHT, transportOptions } from '../transport/options';

/**
 * Every operation shows one "Options" collection (parameter `options`): the operation's own
 * entries and the transport entries that apply to it. Every operation sends requests, so it has
 * Initial Retry Delay, Max Attempts, Max Rate-Limit Wait, Requests in Flight and Timeout; the
 * rest it asks for here. The transport entries hold for the whole execution (read from the first
 * item). Defaults are what a team moving from Extole's native Braze integration expects: nothing
 * lost (at least once), duplicates findable.
 */
export interface OperationOptions {
	/** Entries of this operation only (e.g. Track's Event ID Property); read them with `param(ctx, 'options', itemIndex)`. */
	own?: INodeProperties[];
	/**
	 * Braze's largest batch on the operation's endpoint: offers Batch Size, from 1 to this (also
	 * its default). Leave it out when every item is a request of its own.
	 */
	batchSize?: number;
	/** The operation writes through /users/track: offers Max Objects per Track Request and Event Delivery Guarantee. */
	usersTrack?: boolean;
}

const REQUEST_ENTRIES: INodeProperties[] = [
	{
		displayName: 'Initial Retry Delay (Seconds)',
		name: 'initialRetryDelaySeconds',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60, numberPrecision: 2 },
		default: 0.5,
		description:
			'Wait before sending a request again after a Braze server error (5xx), a timeout or a network error. Each further retry waits twice as long (at most 30 s), with jitter. Unset, a delay saved in milliseconds by an earlier version of this node still applies.',
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20 },
		default: 5,
		description:
			"How often one request is sent at most when Braze answers with a server error (5xx) or the network fails (1: never again). Rate limits (429) do not count: the node waits for Braze's next window. Other 4xx answers are never retried. n8n's Retry On Fail setting does not multiply these attempts: a retry of the node sends again only the items Braze did not write.",
	},
	{
		displayName: 'Max Rate-Limit Wait (Seconds)',
		name: 'maxRateLimitWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 300,
		description:
			'Longest time this execution waits in all for Braze\'s rate-limit windows to reset (after a 429, or when X-RateLimit-Remaining reaches 0). Requests that would wait longer are not sent, and their items say "not written".',
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
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 300 },
		default: 30,
		description:
			'How long to wait for Braze to answer one request. Braze may still apply a request whose answer timed out, so a timeout counts as an uncertain failure, like a 5xx. Unset, a timeout saved in milliseconds by an earlier version of this node still applies.',
	},
];

/**
 * The former millisecond entries, for workflows saved with them: read while the entries in
 * seconds are not set. Hidden: n8n keeps their values (a collection drops keys it does not
 * define), the editor neither shows nor offers them.
 */
const FORMER_ENTRIES: INodeProperties[] = [
	{ displayName: 'Former Initial Retry Delay (Milliseconds)', name: 'initialRetryDelayMs', type: 'hidden', default: 500 },
	{ displayName: 'Former Timeout (Milliseconds)', name: 'timeoutMs', type: 'hidden', default: 30000 },
];

function batchSizeEntry(max: number, usersTrack: boolean): INodeProperties {
	return {
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: max },
		default: max,
		description: usersTrack
			? `Most attribute, event and purchase objects of each kind in one /users/track request (Braze accepts up to ${max} of each). Smaller batches mean more requests against Braze's rate limit.`
			: `Most users or identifiers in one request (Braze accepts up to ${max} on this endpoint). Smaller batches mean more requests against Braze's rate limit.`,
	};
}

const USERS_TRACK_ENTRIES: INodeProperties[] = [
	{
		displayName: 'Event Delivery Guarantee',
		name: 'uncertainRetry',
		type: 'options',
		options: [
			{
				name: 'At Least Once (May Duplicate)',
				value: 'atLeastOnce',
				description:
					'Send them again, as Extole does with its webhooks: nothing is lost, and an event may count twice (its item says "may be duplicated")',
			},
			{
				name: 'At Most Once (May Lose)',
				value: 'atMostOnce',
				description:
					'Never send them again: Braze counts each at most once, and those of a failed request may be missing (their items say "unknown"). Attributes are still sent again.',
			},
		],
		default: 'atLeastOnce',
		description:
			'What happens to custom events, purchases and increments when the request that carried them failed after it may have reached Braze (a timeout, a dropped connection, a 5xx): sent again or not. Braze does not deduplicate them.',
	},
	{
		displayName: 'Max Objects per Track Request',
		name: 'trackMaxObjectsPerRequest',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 225 },
		default: 225,
		description:
			'Attribute, event and purchase objects combined in one /users/track request (Braze accepts 225, 75 of each). Set 50 if your Braze plan limits a request to 50 objects.',
	},
];

const byDisplayName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

/** The one Options collection of an operation, its entries sorted by name. */
export function optionsCollection(options: OperationOptions = {}): INodeProperties {
	const entries = [...(options.own ?? []), ...REQUEST_ENTRIES, ...FORMER_ENTRIES];
	if (options.batchSize !== undefined) entries.push(batchSizeEntry(options.batchSize, options.usersTrack === true));
	if (options.usersTrack) entries.push(...USERS_TRACK_ENTRIES);
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: entries.sort(byDisplayName),
	};
}

/** The transport entries of the Options collection (first item: the settings hold for the whole execution). */
export function readTransportOptions(ctx: IExecuteFunctions): BrazeTransportOptions {
	let raw: IDataObject = {};
	try {
		raw = (ctx.getNodeParameter('options', 0, {}) as IDataObject) ?? {};
	} catch {
		raw = {};
	}
	return transportOptions(raw);
}
