import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { TrackRequest, UserIdentifier } from '../../transport';
import {
	checkCurrency,
	checkIdentifiedObject,
	checkPrice,
	checkProperties,
	checkQuantity,
	checkString,
	normalizeEmail,
	normalizePhone,
	normalizeTime,
	trackUsers,
	ValidationError, param } from '../../transport';
import { sendPrepared } from '../run';
import { identifierFields, identifierOutput, prepareItems, readIdentifier } from '../shared';
import type { BrazeOperation } from '../types';

const OPERATION = 'user.track';
const fieldsMode = { show: { inputMode: ['fields'] } };
const jsonMode = { show: { inputMode: ['json'] } };
const SUBSCRIBE_OPTIONS = [
	{ name: 'Opted In', value: 'opted_in' },
	{ name: 'Subscribed', value: 'subscribed' },
	{ name: 'Unsubscribed', value: 'unsubscribed' },
];

const properties: INodeProperties[] = [
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
			{ displayName: 'Email Subscription', name: 'email_subscribe', type: 'options', options: SUBSCRIBE_OPTIONS, default: 'subscribed' },
			{ displayName: 'First Name', name: 'first_name', type: 'string', default: '' },
			{
				displayName: 'Gender',
				name: 'gender',
				type: 'options',
				options: [
					{ name: 'Female', value: 'F' },
					{ name: 'Male', value: 'M' },
					{ name: 'Not Applicable', value: 'N' },
					{ name: 'Other', value: 'O' },
					{ name: 'Prefer Not to Say', value: 'P' },
					{ name: 'Unknown', value: 'U' },
				],
				default: 'U',
			},
			{ displayName: 'Home City', name: 'home_city', type: 'string', default: '' },
			{ displayName: 'Language', name: 'language', type: 'string', default: '', description: 'ISO-639-1 code, e.g. en' },
			{ displayName: 'Last Name', name: 'last_name', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'Normalised to E.164' },
			{ displayName: 'Push Subscription', name: 'push_subscribe', type: 'options', options: SUBSCRIBE_OPTIONS, default: 'subscribed' },
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

function asList(value: unknown, field: string): IDataObject[] {
	if (value === undefined || value === null || value === '') return [];
	let parsed: unknown = value;
	if (typeof parsed === 'string') {
		const text = parsed.trim();
		if (text === '') return [];
		parsed = safeJson(text);
		if (parsed === undefined) throw new ValidationError(field, 'is not valid JSON');
	}
	const list = Array.isArray(parsed) ? parsed : [parsed];
	return list.map((entry, i) => {
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
			throw new ValidationError(`${field}[${i}]`, 'must be an object');
		}
		return entry as IDataObject;
	});
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function checkEvent(event: IDataObject, field: string): IDataObject {
	const out: IDataObject = { ...event };
	out.name = checkString(event.name, `${field}.name`, true);
	out.time = normalizeTime(event.time, `${field}.time`);
	if (event.properties !== undefined) {
		const props = checkProperties(event.properties, `${field}.properties`);
		if (Object.keys(props).length) out.properties = props;
		else delete out.properties;
	}
	return out;
}

function checkPurchase(purchase: IDataObject, field: string): IDataObject {
	const out: IDataObject = { ...purchase };
	out.product_id = checkString(purchase.product_id, `${field}.product_id`, true);
	out.currency = checkCurrency(purchase.currency, `${field}.currency`);
	out.price = checkPrice(purchase.price, `${field}.price`);
	out.quantity = checkQuantity(purchase.quantity, `${field}.quantity`);
	out.time = normalizeTime(purchase.time, `${field}.time`);
	if (purchase.properties !== undefined) {
		const props = checkProperties(purchase.properties, `${field}.properties`);
		if (Object.keys(props).length) out.properties = props;
		else delete out.properties;
	}
	return out;
}

const IDENTIFIER_KEYS = ['external_id', 'user_alias', 'braze_id', 'email', 'phone'];

/** Checks an attributes object: standard fields normalised, custom ones by Braze's naming rules. */
function checkAttributes(attributes: IDataObject, field: string): IDataObject {
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(attributes)) {
		if (name === 'user_alias' || name === '_update_existing_only' || name === '_merge_objects') {
			out[name] = value;
			continue;
		}
		if (value === null) {
			out[name] = null;
			continue;
		}
		if (name === 'email') out.email = normalizeEmail(value, `${field}.email`);
		else if (name === 'phone') out.phone = normalizePhone(value, `${field}.phone`);
		else if (name === 'dob') {
			if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
				throw new ValidationError(`${field}.dob`, `must be YYYY-MM-DD (got "${String(value)}")`);
			}
			out.dob = value;
		} else {
			if (name.startsWith('$')) {
				throw new ValidationError(`${field}.${name}`, 'attribute names must not start with "$" (reserved by Braze)');
			}
			if (name.length > 255) {
				throw new ValidationError(`${field}.${name.slice(0, 20)}...`, 'attribute name is longer than 255 characters');
			}
			if (typeof value === 'object') checkProperties({ [name]: value }, field);
			else if (typeof value === 'string') checkString(value, `${field}.${name}`);
			out[name] = value;
		}
	}
	return out;
}

function buildFromFields(ctx: IExecuteFunctions, itemIndex: number): {
	identifier: UserIdentifier;
	attributes: IDataObject[];
	events: IDataObject[];
	purchases: IDataObject[];
} {
	const identifier = readIdentifier(ctx, itemIndex);
	const updateExistingOnly = param(ctx, 'updateExistingOnly', itemIndex, false) as boolean;
	const standard = param(ctx, 'standardAttributes', itemIndex, {}) as IDataObject;
	const customMode = param(ctx, 'customAttributesMode', itemIndex, 'none') as string;

	let custom: IDataObject = {};
	if (customMode === 'keyValue') {
		const pairs = (param(ctx, 'customAttributes.attribute', itemIndex, []) as IDataObject[]) ?? [];
		for (const [i, pair] of pairs.entries()) {
			const name = String(pair.name ?? '');
			if (name === '') throw new ValidationError(`customAttributes[${i}].name`, 'is empty');
			custom[name] = pair.value as IDataObject[string];
		}
	} else if (customMode === 'json') {
		custom = checkProperties(param(ctx, 'customAttributesJson', itemIndex, {}), 'customAttributesJson');
	}
	const standardClean: IDataObject = {};
	for (const [name, value] of Object.entries(standard)) {
		if (value !== '' && value !== undefined) standardClean[name] = value;
	}
	const attributeValues = checkAttributes({ ...custom, ...standardClean }, 'attributes');

	const base: IDataObject = { ...identifier } as IDataObject;
	const attributes: IDataObject[] = [];
	if (Object.keys(attributeValues).length) {
		attributes.push({ ...base, ...attributeValues, _update_existing_only: updateExistingOnly });
	}
	// Braze reads the flag per object: events and purchases need it too, or they would create the
	// user that the attributes object was told not to. With an alias it is always sent (Braze's
	// default there is update-only).
	const updateFlag: IDataObject =
		identifier.user_alias || updateExistingOnly ? { _update_existing_only: updateExistingOnly } : {};
	const eventEntries = (param(ctx, 'events.event', itemIndex, []) as IDataObject[]) ?? [];
	const events = eventEntries.map((event, i) => ({
		...base,
		...checkEvent(event, `events[${i}]`),
		...updateFlag,
	}));
	const purchaseEntries = (param(ctx, 'purchases.purchase', itemIndex, []) as IDataObject[]) ?? [];
	const purchases = purchaseEntries.map((p, i) => ({
		...base,
		...checkPurchase(
			{
				product_id: p.productId,
				currency: p.currency,
				price: p.price,
				quantity: p.quantity,
				time: p.time,
				properties: p.properties,
			},
			`purchases[${i}]`,
		),
		...updateFlag,
	}));
	if (attributes.length + events.length + purchases.length === 0) {
		throw new ValidationError(
			'attributes',
			'nothing to send: set at least one attribute, custom event or purchase',
		);
	}
	// An alias-only user must exist before events/purchases can land on it with update-only off.
	if (identifier.user_alias && attributes.length === 0 && !updateExistingOnly) {
		attributes.push({ ...base, _update_existing_only: false });
	}
	return { identifier, attributes, events, purchases };
}

function buildFromJson(ctx: IExecuteFunctions, itemIndex: number) {
	const attributes = asList(param(ctx, 'attributesJson', itemIndex, ''), 'attributes').map(
		(a, i) => checkAttributes(checkIdentifiedObject(a, `attributes[${i}]`), `attributes[${i}]`),
	);
	const events = asList(param(ctx, 'eventsJson', itemIndex, ''), 'events').map((e, i) =>
		checkEvent(checkIdentifiedObject(e, `events[${i}]`), `events[${i}]`),
	);
	const purchases = asList(param(ctx, 'purchasesJson', itemIndex, ''), 'purchases').map((p, i) =>
		checkPurchase(checkIdentifiedObject(p, `purchases[${i}]`), `purchases[${i}]`),
	);
	if (attributes.length + events.length + purchases.length === 0) {
		throw new ValidationError('attributes', 'nothing to send: the item has no attributes, events or purchases objects');
	}
	const first = attributes[0] ?? events[0] ?? purchases[0];
	const identifier: UserIdentifier = {};
	for (const key of IDENTIFIER_KEYS) {
		if (first[key] !== undefined) {
			(identifier as IDataObject)[key] = first[key];
			break;
		}
	}
	return { identifier, attributes, events, purchases };
}

export const trackOperation: BrazeOperation = {
	value: 'track',
	name: 'Track',
	action: 'Track user attributes, events and purchases',
	description: 'Create or update users with attributes, custom events and purchases (batched /users/track)',
	properties,
	async execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		const prepared = prepareItems(this, items.length, (itemIndex, environment) => {
			const mode = param(this, 'inputMode', itemIndex, 'fields') as string;
			const built = mode === 'json' ? buildFromJson(this, itemIndex) : buildFromFields(this, itemIndex);
			const request: TrackRequest & { identifier: UserIdentifier } = {
				itemIndex,
				environment,
				attributes: built.attributes,
				events: built.events,
				purchases: built.purchases,
				identifier: built.identifier,
			};
			return request;
		});
		return await sendPrepared(
			this,
			OPERATION,
			prepared,
			async (requests) => await trackUsers(this, requests),
			(request, outcome) => ({
				identifier: identifierOutput(request.identifier),
				sent: outcome.sent,
			}),
		);
	},
};
