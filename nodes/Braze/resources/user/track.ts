import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkAttributes } from '../../../shared/braze/attributes';
import { invalid } from '../../../shared/braze/errors';
import type { UserIdentifier } from '../../../shared/braze/identifiers';
import { checkIdentifiedObject, identifierOf } from '../../../shared/braze/identifiers';
import { parseJson } from '../../../shared/braze/json';
import { joined } from '../../../shared/braze/objects';
import { validateProperties } from '../../../shared/braze/properties';
import { checkString } from '../../../shared/braze/strings';
import { checkEvent, checkPurchase } from '../../../shared/braze/trackObjects';
import { pickedDate, pickedTime } from '../../helpers/dates';
import { identifierOutput } from '../../helpers/identifier';
import { param } from '../../helpers/parameters';
import type { TrackOutcome, TrackRequest } from '../../transport/track';
import { MAX_TRACK_PER_ARRAY, trackUsers } from '../../transport/track';
import type { BrazeOperation } from '../types';
import { eventIdPropertyOption, trackFields, trackIdentity } from './trackFields';

interface TrackItem extends TrackRequest {
	identifier: UserIdentifier;
}

type Objects = Pick<TrackItem, 'identifier' | 'attributes' | 'events' | 'purchases'>;

/** A JSON field holding one object or a list of them (or their JSON text). */
function asList(value: unknown, field: string): IDataObject[] {
	if (value === undefined || value === null || value === '') return [];
	let parsed: unknown = value;
	if (typeof parsed === 'string') {
		const text = parsed.trim();
		if (text === '') return [];
		parsed = parseJson(text);
		if (parsed === undefined) throw invalid(field, 'is not valid JSON');
	}
	const list = Array.isArray(parsed) ? parsed : [parsed];
	return list.map((entry, i) => {
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
			throw invalid(`${field}[${i}]`, 'must be an object');
		}
		return entry as IDataObject;
	});
}

function customAttributes(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const mode = param(ctx, 'customAttributesMode', itemIndex, 'none') as string;
	if (mode === 'json') {
		return validateProperties(param(ctx, 'customAttributesJson', itemIndex, {}), 'customAttributesJson', 'attribute');
	}
	const custom: IDataObject = {};
	if (mode !== 'keyValue') return custom;
	const pairs = (param(ctx, 'customAttributes.attribute', itemIndex, []) as IDataObject[]) ?? [];
	for (const [i, pair] of pairs.entries()) {
		const name = String(pair.name ?? '');
		if (name === '') throw invalid(`customAttributes[${i}].name`, 'is empty');
		custom[name] = pair.value as IDataObject[string];
	}
	return custom;
}

function fromFields(ctx: IExecuteFunctions, itemIndex: number): Objects {
	const identifier = trackIdentity.read(ctx, itemIndex);
	const updateExistingOnly = param(ctx, 'updateExistingOnly', itemIndex, false) as boolean;
	const standard: IDataObject = {};
	for (const [name, value] of Object.entries(param(ctx, 'standardAttributes', itemIndex, {}) as IDataObject)) {
		if (value !== '' && value !== undefined) standard[name] = name === 'dob' ? (pickedDate(value) as IDataObject[string]) : value;
	}
	const timezone = ctx.getTimezone();
	const values = checkAttributes(joined(customAttributes(ctx, itemIndex), standard), 'attributes');

	const base = { ...identifier } as IDataObject;
	const attributes: IDataObject[] = [];
	if (Object.keys(values).length) attributes.push(joined(base, values, { _update_existing_only: updateExistingOnly }));
	// Braze reads the flag per object: events and purchases need it too, or they would create the
	// user that the attributes object was told not to. With an alias it is always sent (Braze's
	// default there is update-only).
	const updateFlag: IDataObject =
		identifier.user_alias || updateExistingOnly ? { _update_existing_only: updateExistingOnly } : {};
	const events = ((param(ctx, 'events.event', itemIndex, []) as IDataObject[]) ?? []).map((event, i) =>
		joined<IDataObject>(base, checkEvent(joined(event, { time: pickedTime(event.time, timezone) }), `events[${i}]`), updateFlag),
	);
	const purchases = ((param(ctx, 'purchases.purchase', itemIndex, []) as IDataObject[]) ?? []).map((p, i) =>
		joined<IDataObject>(
			base,
			checkPurchase(
				{
					product_id: p.productId,
					currency: p.currency,
					price: p.price,
					quantity: p.quantity,
					time: pickedTime(p.time, timezone) as IDataObject[string],
					properties: p.properties,
				},
				`purchases[${i}]`,
			),
			updateFlag,
		),
	);
	if (attributes.length + events.length + purchases.length === 0) {
		throw invalid('attributes', 'nothing to send: set at least one attribute, custom event or purchase');
	}
	// An alias-only user must exist before events/purchases can land on it with update-only off.
	if (identifier.user_alias && attributes.length === 0 && !updateExistingOnly) {
		attributes.push({ ...base, _update_existing_only: false });
	}
	return { identifier, attributes, events, purchases };
}

function fromJson(ctx: IExecuteFunctions, itemIndex: number): Objects {
	const read = (name: string, field: string) => asList(param(ctx, name, itemIndex, ''), field);
	const attributes = read('attributesJson', 'attributes').map((a, i) =>
		checkAttributes(checkIdentifiedObject(a, `attributes[${i}]`), `attributes[${i}]`),
	);
	const events = read('eventsJson', 'events').map((e, i) => checkEvent(checkIdentifiedObject(e, `events[${i}]`), `events[${i}]`));
	const purchases = read('purchasesJson', 'purchases').map((p, i) =>
		checkPurchase(checkIdentifiedObject(p, `purchases[${i}]`), `purchases[${i}]`),
	);
	if (attributes.length + events.length + purchases.length === 0) {
		throw invalid('attributes', 'nothing to send: the item has no attributes, events or purchases objects');
	}
	const identifier = identifierOf(attributes[0] ?? events[0] ?? purchases[0]);
	return { identifier, attributes, events, purchases };
}

/**
 * The "Event ID Property" option for one item: a property holding the item's source event id,
 * added to each of its custom events and purchases so that one Braze holds twice can be found.
 */
function eventIdProperty(ctx: IExecuteFunctions, itemIndex: number): { name: string; value: string } | undefined {
	const options = (param(ctx, 'options', itemIndex, {}) as IDataObject) ?? {};
	const property = (options.eventIdProperty as IDataObject | undefined)?.property as IDataObject | undefined;
	const value = checkString(property?.value, 'options.eventIdProperty.value');
	if (value === undefined) return undefined;
	const name = String(property?.name ?? '').trim() || 'event_id';
	validateProperties({ [name]: value }, 'options.eventIdProperty');
	return { name, value };
}

/** The objects with the event id property added (an object that has that property keeps its own). */
function withEventId(objects: IDataObject[] | undefined, id: { name: string; value: string } | undefined): IDataObject[] {
	if (!objects || !id) return objects ?? [];
	return objects.map((object) => ({ ...object, properties: { [id.name]: id.value, ...((object.properties as IDataObject) ?? {}) } }));
}

export const trackOperation: BrazeOperation<TrackItem, TrackOutcome> = {
	value: 'track',
	name: 'Track',
	action: 'Track user attributes, events and purchases',
	description: 'Create or update users with attributes, custom events and purchases (batched /users/track)',
	outputName: 'user.track',
	independentItems: true,
	properties: trackFields,
	options: { own: [eventIdPropertyOption], batchSize: MAX_TRACK_PER_ARRAY, usersTrack: true },
	prepare(ctx, itemIndex, environment) {
		const json = param<string>(ctx, 'inputMode', itemIndex, 'fields') === 'json';
		const objects = json ? fromJson(ctx, itemIndex) : fromFields(ctx, itemIndex);
		const id = eventIdProperty(ctx, itemIndex);
		return { itemIndex, environment, ...objects, events: withEventId(objects.events, id), purchases: withEventId(objects.purchases, id) };
	},
	send: async (_ctx, client, requests) => await trackUsers(client, requests),
	describe: (request, outcome) => ({ identifier: identifierOutput(request.identifier), sent: outcome.sent }),
};
