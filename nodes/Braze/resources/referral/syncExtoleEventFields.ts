import type { INodeProperties, INodePropertyOptions, NodeParameterValue } from 'n8n-workflow';

import { SUBSCRIBE_STATES } from '../../../shared/braze/enumerations';
import { EXTOLE_EVENTS } from '../../../shared/extole/catalogue';

export const EXTOLE_EVENT_OPTIONS: INodePropertyOptions[] = [
	...EXTOLE_EVENTS.map((d) => ({ name: d.label, value: d.key })),
	{ name: 'Other (by Extole Event Name)', value: 'custom' },
].sort((a, b) => a.name.localeCompare(b.name));

/** The fields of Referral > Sync Extole Event before its Options (names must not clash with resource/operation/environment/options). */
const syncFields: INodeProperties[] = [
	{
		displayName: 'Environment',
		name: 'syncEnvironment',
		type: 'options',
		noDataExpression: false,
		options: [
			{
				name: 'From Event',
				value: 'fromEvent',
				description:
					'Events Extole flags as sandbox go to the credential\'s Test key and instance, all others to Production',
			},
			{ name: 'Production', value: 'production', description: 'Every event goes to the production key' },
			{ name: 'Test', value: 'test', description: 'Every event goes to the test key and instance' },
		],
		default: 'fromEvent',
		description: 'Which Braze workspace receives the events',
	},
	{
		displayName: 'Event Mapping',
		name: 'eventMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add mapping',
		default: {},
		description:
			'Braze custom event names that differ from the defaults. By default each Extole event keeps the name Extole\'s own Braze integration gives it (Created Share Link, Shared, Referred Signed Up, Referred Converted, Subscribed, Unsubscribed, Earned Reward, Email Captured ...), or extole_ names with Options > Braze Names. An empty Braze name sends no custom event for that Extole event.',
		options: [
			{
				displayName: 'Mapping',
				name: 'mappings',
				values: [
					{
						displayName: 'Extole Event',
						name: 'extoleEvent',
						type: 'options',
						options: EXTOLE_EVENT_OPTIONS,
						default: 'shared',
					},
					{
						displayName: 'Extole Event Name',
						name: 'customEvent',
						type: 'string',
						default: '',
						placeholder: 'e.g. coupon_issued',
						description: 'The event name as Extole sends it (the trigger\'s event_name_raw)',
						displayOptions: { show: { extoleEvent: ['custom'] } },
					},
					{
						displayName: 'Braze Event Name',
						name: 'brazeEvent',
						type: 'string',
						default: '',
						placeholder: 'e.g. Referral Shared',
						description: 'Leave empty to send no custom event for this Extole event',
					},
				],
			},
		],
	},
	{
		displayName: 'Subscription Handling',
		name: 'subscriptionHandling',
		type: 'options',
		options: [
			{
				name: 'Email Subscription State',
				value: 'emailSubscribe',
				description: 'Subscribed / Unsubscribed set the user\'s global email_subscribe',
			},
			{
				name: 'Subscription Group',
				value: 'subscriptionGroup',
				description: 'Subscribed / Unsubscribed set the user\'s state in one subscription group',
			},
			{ name: 'None', value: 'none', description: 'Record the custom events only' },
		],
		default: 'emailSubscribe',
		description: 'What Extole\'s Subscribed and Unsubscribed events change in Braze',
	},
	{
		displayName: 'Subscription Group ID',
		name: 'subscriptionGroupId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 2d8b8c2f-…',
		description:
			'The ID of the Braze subscription group (Audience > Subscriptions). A different group for the test workspace can be set under Options.',
		displayOptions: { show: { subscriptionHandling: ['subscriptionGroup'] } },
	},
];

/**
 * Sync Extole Event's own entries of its Options collection (`helpers/options.ts` adds the
 * transport entries). Read per item, merged over the former `syncOptions` (`syncOptions.ts`).
 */
export const syncOptionEntries: INodeProperties[] = [
	{
		displayName: 'Alias Label',
		name: 'aliasLabel',
		type: 'string',
		default: 'email',
		description:
			'Label of the alias of users created for emails that are not in Braze yet (the alias name is the email)',
	},
	{
		displayName: 'Braze Names',
		name: 'brazeNames',
		type: 'options',
		options: [
			{
				name: 'Extole Integration Names',
				value: 'native',
				description:
					'The names of Extole\'s own Braze integration: events Created Share Link, Shared ..., attributes share_link and funnel',
			},
			{
				name: 'Prefixed Snake Case',
				value: 'prefixed',
				description: 'Snake_case names starting with extole_: events extole_shared ..., attributes extole_share_link and extole_funnel',
			},
		],
		default: 'native',
		description:
			'Names of the custom events and of the share link and funnel attributes, unless Event Mapping or the attribute options name them',
	},
	{
		displayName: 'Default Country Code',
		name: 'defaultCountryCode',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1 or 44',
		description:
			'Country calling code added to phone numbers written without one. Empty: such numbers are an error for their item.',
	},
	{
		displayName: 'Funnel Attribute',
		name: 'funnelAttribute',
		type: 'string',
		default: 'funnel',
		description:
			'Custom attribute that receives the funnel (advocate or friend). Empty: not set. Not added: funnel (extole_funnel with Braze Names: Prefixed).',
	},
	{
		displayName: 'Include Data',
		name: 'includeData',
		type: 'boolean',
		default: true,
		description:
			'Whether to send the event\'s data object as the nested event property "data" (adjusted to Braze\'s rules; left out when the properties would exceed Braze\'s 100 KB)',
	},
	{
		displayName: 'Include Reward Properties',
		name: 'includeRewardProperties',
		type: 'boolean',
		default: true,
		description:
			'Whether reward events get reward_id, face_value, face_value_type and the like as event properties',
	},
	{
		displayName: 'Reward Counter Attribute',
		name: 'rewardCounterAttribute',
		type: 'string',
		default: '',
		placeholder: 'e.g. extole_rewards_earned',
		description:
			'Custom attribute incremented by 1 on each Earned Reward event. Empty: no counter.',
	},
	{
		displayName: 'Share Link Attribute',
		name: 'shareLinkAttribute',
		type: 'string',
		default: 'share_link',
		description:
			'Custom attribute that receives the share link. Empty: not set. Not added: share_link (extole_share_link with Braze Names: Prefixed).',
	},
	{
		displayName: 'Subscribed State',
		name: 'subscribedState',
		type: 'options',
		options: SUBSCRIBE_STATES.filter((state) => state.value !== 'unsubscribed'),
		default: 'subscribed',
		description: 'Email subscription state set by a Subscribed event (Email Subscription State mode)',
	},
	{
		displayName: 'Test Subscription Group ID',
		name: 'testSubscriptionGroupId',
		type: 'string',
		default: '',
		description:
			'Subscription group used for events sent to the Test environment (its workspace has its own group IDs). Empty: the same ID.',
	},
	{
		displayName: 'Unmapped Events',
		name: 'unmappedEvents',
		type: 'options',
		options: [
			{
				name: 'Send Under Extole\'s Name',
				value: 'derive',
				description:
					'Events Extole names but this node does not know are sent under that name (with Braze Names: Prefixed, as extole_ and the name in snake_case)',
			},
			{
				name: 'Attributes Only',
				value: 'skip',
				description: 'Events outside the mapping update the user but send no custom event',
			},
		],
		default: 'derive',
		description:
			'What becomes of Extole events this node does not know and Event Mapping does not name: a custom event under their name, or only the user\'s attributes',
	},
];

/** Email lookups at a time: an entry of the former Sync Options only (Requests in Flight bounds them now). */
const formerLookupConcurrency: INodeProperties = {
	displayName: 'Lookup Concurrency',
	name: 'lookupConcurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 20 },
	default: 4,
	description:
		'Saved before email lookups ran as many at a time as Requests in Flight (under Options) allows. It still caps them: remove it to let Requests in Flight decide.',
};

/** While the former `syncOptions` holds an entry (its hidden twin makes the value visible to display conditions). */
const formerSyncOptionsSet = {
	show: { syncOptions: [{ _cnd: { exists: true } } as const] },
	hide: { syncOptions: [{ _cnd: { eq: {} as unknown as NodeParameterValue } }] },
};

/**
 * An entry of the former collection, shown only while it holds a value: none is offered. The
 * condition reads the hidden twin from the root: a condition of an entry on its own value would
 * make n8n's parameter resolution wait for itself.
 */
function formerEntry(entry: INodeProperties): INodeProperties {
	return { ...entry, displayOptions: { show: { [`/syncOptions.${entry.name}`]: [{ _cnd: { exists: true } }] } } };
}

/**
 * The former "Sync Options" collection (`syncOptions`), kept for workflows saved with it: a
 * hidden parameter holds its value (display conditions see simple parameters only), and, while
 * it holds any entry, a collection of the same name shows those entries, each removable; none
 * can be added. Values set under Options win (`syncOptions.ts`).
 */
const formerSyncOptionsFields: INodeProperties[] = [
	{
		displayName: 'Former Sync Options',
		name: 'syncOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: formerSyncOptionsSet,
		description:
			'Saved when Sync Extole Event had a second options list. These still apply, but the same option set under Options wins: set them there and remove them here.',
		options: [...syncOptionEntries, formerLookupConcurrency].map(formerEntry).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	// After the collection, so that a lookup of the parameter by name finds the collection.
	{
		displayName: 'Former Sync Options Value',
		name: 'syncOptions',
		type: 'hidden',
		default: {},
	},
];

/** Fields of Referral > Sync Extole Event; its Options collection comes from `helpers/options.ts`. */
export const syncExtoleEventFields: INodeProperties[] = [...syncFields, ...formerSyncOptionsFields];
