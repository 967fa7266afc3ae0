import type { INodeProperties } from 'n8n-workflow';

import { GENDERS, SUBSCRIBE_STATES } from '../../../shared/braze/enumerations';
import { identifierChoice } from '../../helpers/identifier';
import { COUNTRIES } from './countries';
import { LANGUAGES } from './languages';

/** Fields of User > Track. */

/** Who a Fields-mode item is about. */
export const trackIdentity = identifierChoice(['external_id', 'user_alias', 'braze_id', 'email', 'phone']);

/** The genders Braze documents (M, F, O, N, P); an unknown gender is removed with null (JSON mode). */
const BRAZE_GENDERS = GENDERS.filter((gender) => ['M', 'F', 'O', 'N', 'P'].includes(gender.value));

const TIME_DESCRIPTION =
	"Empty means now. A picked time is read in the workflow's time zone; an expression may give an ISO-8601 time (with Z or an offset) or epoch seconds or milliseconds.";

const fieldsMode = { show: { inputMode: ['fields'] } };
const jsonMode = { show: { inputMode: ['json'] } };

const FIELDS_MODE = {
	name: 'Fields',
	value: 'fields',
	description: 'Identify the user and set attributes, events and purchases with fields',
};

const JSON_MODE = {
	name: 'JSON',
	value: 'json',
	description: "Send each item's attributes, events and purchases objects as they are (each object names its user)",
};

export const trackFields: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		options: [FIELDS_MODE, JSON_MODE],
		default: 'fields',
		displayOptions: { show: { '@tool': [false] } },
	},
	{
		// An agent fills fields: JSON mode reads the objects an item stream carries.
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		options: [FIELDS_MODE],
		default: 'fields',
		displayOptions: { show: { '@tool': [true] } },
	},
	...trackIdentity.fields.map((p) => ({
		...p,
		displayOptions: { show: { ...(p.displayOptions?.show ?? {}), inputMode: ['fields'] } },
	})),
	{
		displayName: 'Update Existing Users Only',
		name: 'updateExistingOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to only update users that already exist. Off creates missing users (for a user alias this is sent explicitly, since Braze would otherwise only update).',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Standard Attributes',
		name: 'standardAttributes',
		type: 'collection',
		placeholder: 'Add attribute',
		default: {},
		displayOptions: fieldsMode,
		options: [
			{
				displayName: 'Country',
				name: 'country',
				type: 'options',
				options: COUNTRIES,
				default: 'US',
				description: 'Sent as its ISO-3166-1 alpha-2 code. Another code can be given with an expression.',
			},
			{
				displayName: 'Date of Birth',
				name: 'dob',
				type: 'dateTime',
				default: '',
				description: 'Only the date is sent (YYYY-MM-DD); an expression may give a YYYY-MM-DD date',
			},
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'e.g. name@example.com', default: '' },
			{ displayName: 'Email Subscription', name: 'email_subscribe', type: 'options', options: SUBSCRIBE_STATES, default: 'subscribed' },
			{ displayName: 'First Name', name: 'first_name', type: 'string', default: '', placeholder: 'e.g. Ada' },
			{ displayName: 'Gender', name: 'gender', type: 'options', options: BRAZE_GENDERS, default: 'F' },
			{ displayName: 'Home City', name: 'home_city', type: 'string', default: '', placeholder: 'e.g. Lisbon' },
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				options: LANGUAGES,
				default: 'en',
				description: 'Sent as its ISO-639-1 code. Another code can be given with an expression.',
			},
			{ displayName: 'Last Name', name: 'last_name', type: 'string', default: '', placeholder: 'e.g. Lovelace' },
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: 'e.g. +14155552671',
				description: 'Normalised to E.164',
			},
			{ displayName: 'Push Subscription', name: 'push_subscribe', type: 'options', options: SUBSCRIBE_STATES, default: 'subscribed' },
			{
				displayName: 'Time Zone',
				name: 'time_zone',
				type: 'string',
				default: '',
				placeholder: 'e.g. America/New_York',
				description: 'An IANA time zone name',
			},
		],
	},
	{
		displayName: 'Custom Attributes',
		name: 'customAttributesMode',
		type: 'options',
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'Name/Value Pairs', value: 'keyValue' },
			{ name: 'JSON', value: 'json' },
		],
		default: 'none',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Custom Attributes',
		name: 'customAttributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add custom attribute',
		default: {},
		displayOptions: { show: { inputMode: ['fields'], customAttributesMode: ['keyValue'] } },
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. loyalty_tier' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. gold' },
				],
			},
		],
	},
	{
		displayName: 'Custom Attributes (JSON)',
		name: 'customAttributesJson',
		type: 'json',
		default: '{}',
		description: 'Object of custom attributes; values may be Braze operations such as {"inc": 1}',
		displayOptions: { show: { inputMode: ['fields'], customAttributesMode: ['json'] } },
	},
	{
		displayName: 'Custom Events',
		name: 'events',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add event',
		default: {},
		displayOptions: fieldsMode,
		options: [
			{
				displayName: 'Event',
				name: 'event',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						required: true,
						default: '',
						placeholder: 'e.g. referral_completed',
					},
					{ displayName: 'Time', name: 'time', type: 'dateTime', default: '', description: TIME_DESCRIPTION },
					{ displayName: 'Properties (JSON)', name: 'properties', type: 'json', default: '{}' },
				],
			},
		],
	},
	{
		displayName: 'Purchases',
		name: 'purchases',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add purchase',
		default: {},
		displayOptions: fieldsMode,
		options: [
			{
				displayName: 'Purchase',
				name: 'purchase',
				values: [
					{
						displayName: 'Currency',
						name: 'currency',
						type: 'string',
						default: 'USD',
						placeholder: 'e.g. USD',
						description: 'ISO 4217 code',
					},
					{ displayName: 'Price', name: 'price', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0 },
					{
						displayName: 'Product ID',
						name: 'productId',
						type: 'string',
						required: true,
						default: '',
						placeholder: 'e.g. premium_plan',
					},
					{ displayName: 'Properties (JSON)', name: 'properties', type: 'json', default: '{}' },
					{ displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { minValue: 1, maxValue: 100 }, default: 1 },
					{ displayName: 'Time', name: 'time', type: 'dateTime', default: '', description: TIME_DESCRIPTION },
				],
			},
		],
	},
	{
		displayName: 'Attributes',
		name: 'attributesJson',
		type: 'json',
		default: '={{ $json.attributes }}',
		description: 'An attributes object or array of them, sent as is',
		displayOptions: jsonMode,
	},
	{
		displayName: 'Events',
		name: 'eventsJson',
		type: 'json',
		default: '={{ $json.events }}',
		description: 'An event object or array of them, sent as is',
		displayOptions: jsonMode,
	},
	{
		displayName: 'Purchases',
		name: 'purchasesJson',
		type: 'json',
		default: '={{ $json.purchases }}',
		description: 'A purchase object or array of them, sent as is',
		displayOptions: jsonMode,
	},
];

/** Track's own entry of its Options collection: makes an event Braze holds twice findable. */
export const eventIdPropertyOption: INodeProperties = {
	displayName: 'Event ID Property',
	name: 'eventIdProperty',
	type: 'fixedCollection',
	placeholder: 'Add event ID property',
	default: {},
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
					placeholder: 'e.g. {{ $json.event_id }}',
					description: "The ID of the item's source event (an expression); empty adds nothing to that item",
				},
			],
		},
	],
};
