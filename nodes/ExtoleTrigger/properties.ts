import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ALL_EVENTS, EXTOLE_EVENTS, getEventDefinition, OTHER_EVENT, REWARD_STATES } from '../shared/extole/catalogue';
import {
	DEFAULT_MAX_EVENTS,
	DEFAULT_MAX_WAIT_SECONDS,
	MAX_MAX_EVENTS,
	MAX_MAX_WAIT_SECONDS,
	MIN_MAX_WAIT_SECONDS,
} from './batch';
import { DEFAULT_CAPACITY, DEFAULT_WINDOW_HOURS, MAX_CAPACITY, PERSIST_LIMIT } from './dedup';

/** The Extole Trigger's parameters: set-up notices, events, registration, authentication, options. */

const eventOptions: INodePropertyOptions[] = [
	{ name: 'All Events', value: ALL_EVENTS, description: 'Any event Extole sends, known or not' },
	...EXTOLE_EVENTS.map((d) => ({ name: d.label, value: d.key, description: d.description })),
	{
		name: 'Other (Unrecognised Name)',
		value: OTHER_EVENT,
		description: 'Events whose name is not one of the above',
	},
];

const rewardStateOptions: INodePropertyOptions[] = [
	{
		name: 'Not Set (Bodies Name Their Event)',
		value: '',
		description: 'Reward bodies without an event name are Other, unless the URL says the state (?reward_state=EARNED)',
	},
	...REWARD_STATES.map((s) => ({
		name: s.label,
		value: s.state,
		description: `A reward body without an event name is ${getEventDefinition(s.event)?.label ?? s.event}`,
	})),
];

export const extoleTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Set up in Extole (<a href="https://github.com/extole-braze/n8n-nodes-extole-braze/blob/main/docs/extole-trigger.md#manually" target="_blank">step by step</a>), or turn on Register Webhook in Extole: 1) Publish and copy the Production URL above (…/webhook/{webhookId}/extole). 2) My Extole › Security Center › Keys › + New Key: a Webhook key (HS256 for Signature), also in the credential below. 3) Tech Center › Outbound Webhooks: a webhook to that URL with that key. GENERIC for person events (an Extole campaign must call it); REWARD filtered to one state, named in Reward State below or by ?reward_state=EARNED on the URL.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registerWebhook: [false] } },
	},
	{
		displayName:
			'Publishing creates a signing key and the webhooks in Extole (one GENERIC webhook for person events, one REWARD webhook per selected reward state, its URL saying the state); unpublishing deletes them. Reward events flow at once. Person events (share link, shared, sign-up, email capture, conversion, subscriptions) also need an Extole campaign that calls the webhook: this node does not change campaigns; ask your Extole team to add the webhook to the campaign.',
		name: 'registerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registerWebhook: [true] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [ALL_EVENTS],
		options: eventOptions,
		description:
			'The events that start the workflow. Other events are answered 200 (so Extole does not retry) and start nothing.',
	},
	{
		displayName: 'Register Webhook in Extole',
		name: 'registerWebhook',
		type: 'boolean',
		default: false,
		description:
			'Whether to create the webhook and an HS256 signing key in Extole with an Extole API access token when the workflow is published (and delete them when it is unpublished). Requests are then verified with the generated key.',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		default: 'signature',
		options: [
			{
				name: 'HMAC-SHA256 Signature (HS256)',
				value: 'signature',
				description: 'X-Extole-Signature header: hex HMAC-SHA256 of the raw body with the key',
			},
			{
				name: 'Bearer Key (PASSWORD)',
				value: 'bearer',
				description: 'Authorization: Bearer key',
			},
			{
				name: 'HTTP Basic (HTTP_BASIC)',
				value: 'basic',
				description: 'Authorization: Basic with the key, base64-encoded',
			},
			{
				name: 'None',
				value: 'none',
				description: 'Accept any request (anyone who knows the URL can start the workflow)',
			},
		],
		description: 'How incoming requests are checked; failures get 401 and start nothing',
		displayOptions: { show: { registerWebhook: [false] } },
	},
	{
		displayName: 'Reward State',
		name: 'rewardState',
		type: 'options',
		default: '',
		options: rewardStateOptions,
		description:
			"The state filter of the Extole REWARD webhook that calls this URL. Extole's reward body (reward_id and data) names neither the event nor the state; this says which reward event it is. Bodies that name their event keep it.",
		displayOptions: { show: { registerWebhook: [false] } },
	},
	{
		displayName: 'Batching',
		name: 'batching',
		type: 'boolean',
		default: false,
		description:
			'Whether events that arrive together start one execution with one item per event (in arrival order) instead of one execution each. Each request is answered once its execution has started. Not on the test URL.',
	},
	{
		displayName: 'Max Events per Execution',
		name: 'maxEventsPerExecution',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_MAX_EVENTS },
		default: DEFAULT_MAX_EVENTS,
		description: `Most events in one execution, at most ${MAX_MAX_EVENTS}: a full batch starts at once`,
		displayOptions: { show: { batching: [true] } },
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: MIN_MAX_WAIT_SECONDS, maxValue: MAX_MAX_WAIT_SECONDS, numberPrecision: 2 },
		default: DEFAULT_MAX_WAIT_SECONDS,
		description:
			'Longest time the first event of a batch waits for others before the execution starts; Extole waits that long for its answer',
		displayOptions: { show: { batching: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Deduplicate',
				name: 'deduplicate',
				type: 'boolean',
				default: true,
				description:
					'Whether to drop repeats of an event (same event_id, or the same body when there is no event_id) within the window; repeats are answered 200',
			},
			{
				displayName: 'Deduplication Capacity',
				name: 'dedupCapacity',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_CAPACITY },
				default: DEFAULT_CAPACITY,
				description: `Most event IDs remembered, at most ${MAX_CAPACITY} (about 15 MB of memory); the oldest are forgotten first`,
			},
			{
				displayName: 'Deduplication Window (Hours)',
				name: 'dedupWindowHours',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: DEFAULT_WINDOW_HOURS,
				description: 'How long an event ID is remembered',
			},
			{
				displayName: 'Event Name Field',
				name: 'eventNameField',
				type: 'string',
				default: '',
				placeholder: 'e.g. data.extole_event',
				description:
					'Dot path of the body field holding the event name, when your Extole data map uses another field than event_name, type, event or name',
			},
			{
				displayName: 'Include Raw Body',
				name: 'includeRaw',
				type: 'boolean',
				default: true,
				description:
					'Whether each item also carries the body as received, in raw. Everything the trigger reads from it is already in the other fields; turn it off for smaller items and a shorter schema view.',
			},
			{
				displayName: 'Remember IDs Across Restarts',
				name: 'persistDedup',
				type: 'boolean',
				default: true,
				description:
					`Whether to also save the most recent ${PERSIST_LIMIT} event IDs in the workflow static data, so that a restart of n8n does not forget them`,
			},
		],
	},
];
