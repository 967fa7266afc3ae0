import type { INodeProperties } from 'n8n-workflow';

import { GENDERS, SUBSCRIBE_STATES } from '../../../shared/braze/enumerations';
import { identifierFields } from '../../helpers/identifier';

/** Fields of User > Track. */

const fieldsMode = { show: { inputMode: ['fields'] } };
const jsonMode = { show: { inputMode: ['json'] } };

export const trackFields: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		options: [
			{
				name: 'Fields',
				value: 'fields',
				description: 'Identify the user and set attributes, events and purchases with fields',
			},
			{
				name: 'JSON',
				value: 'json',
				description:
					"Send each item's attributes, events and purchases objects as they are (each object names its user)",
			},
		],
		default: 'fields',
	},
	...identifierFields(['external_id', 'user_alias', 'braze_id', 'email', 'phone']).map((p) => ({
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
			{ displayName: 'Country', name: 'country', type: 'string', default: '', description: 'ISO-3166-1 alpha-2 code, e.g. US' },
			{ displayName: 'Date of Birth', name: 'dob', type: 'string', default: '', placeholder: '1990-12-31', description: 'YYYY-MM-DD' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'Email Subscription', name: 'email_subscribe', type: 'options', options: SUBSCRIBE_STATES, default: 'subscribed' },
			{ displayName: 'First Name', name: 'first_name', type: 'string', default: '' },
			{
				displayName: 'Gender',
				name: 'gender',
				type: 'options',
				options: GENDERS,
				default: 'U',
				description: 'Unknown is sent as null, as Braze stores an unknown gender',
			},
			{ displayName: 'Home City', name: 'home_city', type: 'string', default: '' },
			{ displayName: 'Language', name: 'language', type: 'string', default: '', description: 'ISO-639-1 code, e.g. en' },
			{ displayName: 'Last Name', name: 'last_name', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'Normalised to E.164' },
			{ displayName: 'Push Subscription', name: 'push_subscribe', type: 'options', options: SUBSCRIBE_STATES, default: 'subscribed' },
			{ displayName: 'Time Zone', name: 'time_zone', type: 'string', default: '', placeholder: 'America/New_York' },
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
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
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
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{
						displayName: 'Time',
						name: 'time',
						type: 'string',
						default: '',
						description: 'ISO-8601 time; empty means now',
					},
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
					{ displayName: 'Currency', name: 'currency', type: 'string', default: 'USD', description: 'ISO 4217 code' },
					{ displayName: 'Price', name: 'price', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0 },
					{ displayName: 'Product ID', name: 'productId', type: 'string', default: '' },
					{ displayName: 'Properties (JSON)', name: 'properties', type: 'json', default: '{}' },
					{ displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { minValue: 1, maxValue: 100 }, default: 1 },
					{ displayName: 'Time', name: 'time', type: 'string', default: '', description: 'ISO-8601 time; empty means now' },
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
