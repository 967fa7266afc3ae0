import type { JsonObject } from '../../../shared/braze/properties';
import { EVENT_PROPERTIES_MAX_BYTES, fitProperties, propertiesBytes } from '../../../shared/braze/properties';
import { MAX_STRING_LENGTH } from '../../../shared/braze/strings';
import { getEventDefinition, isRewardEvent } from '../../../shared/extole/catalogue';
import { FIELD_ALIASES } from '../../../shared/extole/fieldNames';
import type { ExtoleItem } from './extoleItem';
import { isPlainObject, text } from './extoleItem';
import type { SyncOptions } from './syncOptions';

/**
 * The properties of the custom event one Extole event becomes: the Extole event id, the funnel,
 * the reward's fields (reward events) and Extole's `data`. Each value appears once: reward
 * fields are top-level properties and are taken out of `data`; the person fields the node
 * writes to the user (email, external_id, phone, names, share link) are not repeated in `data`.
 */

/** The event property holding the Extole event id (finds an event Braze holds twice after a retry). */
export const EXTOLE_EVENT_ID_PROPERTY = 'extole_event_id';

/**
 * Reward fields, top-level properties of reward events when Extole sends them (Extole's
 * "Reward Webhooks" page and its webhook examples, shared/reference/extole-webhooks.md).
 */
export const REWARD_PROPERTY_FIELDS = [
	'reward_id',
	'reward_state',
	'face_value',
	'face_value_type',
	'reward_face_value',
	'reward_face_value_type',
	'reward_supplier_id',
	'reward_supplier_name',
	'reward_supplier_type',
	'partner_reward_supplier_id',
	'partner_reward_id',
	'coupon_code',
	'earned_event_value',
] as const;

/** The person fields Sync Extole Event writes to the user: item field -> the body names it has in Extole. */
const PERSON_FIELDS: Array<{ field: keyof ExtoleItem; names: string[] }> = [
	{ field: 'external_id', names: FIELD_ALIASES.external_id },
	{ field: 'email', names: [...FIELD_ALIASES.email, ...FIELD_ALIASES.recipient_email] },
	{ field: 'phone_number', names: FIELD_ALIASES.phone_number },
	{ field: 'share_link', names: FIELD_ALIASES.share_link },
	{ field: 'first_name', names: FIELD_ALIASES.first_name },
	{ field: 'last_name', names: FIELD_ALIASES.last_name },
];

const same = (a: unknown, b: string): boolean => text(a)?.toLowerCase() === b.toLowerCase();

/**
 * `data` without the item's person fields: a key that is one of Extole's names for a person
 * field and holds the value the item carries in that field (the trigger already leaves them out;
 * items built elsewhere may not). A nested `person` object is cleaned the same way.
 */
function withoutPersonFields(data: Record<string, unknown>, item: ExtoleItem): Record<string, unknown> {
	// The item's person values, read once per item rather than once per key of `data`.
	const carried = PERSON_FIELDS.map(({ field, names }) => ({ names, value: text(item[field]) })).filter(
		(person): person is { names: string[]; value: string } => person.value !== null,
	);
	return withoutCarried(data, carried);
}

function withoutCarried(data: Record<string, unknown>, carried: Array<{ names: string[]; value: string }>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(data)) {
		const value = data[key];
		if (key === 'person' && isPlainObject(value)) {
			const rest = withoutCarried(value, carried);
			if (Object.keys(rest).length > 0) out.person = rest;
			continue;
		}
		const consumed = carried.some((person) => person.names.includes(key) && same(value, person.value));
		if (!consumed) out[key] = value;
	}
	return out;
}

/**
 * Splits the reward fields off `data`. A reward body that names no state (Extole's documented
 * body: `reward_id` and `data`) gets the state of its event from the catalogue.
 */
function takeRewardFields(key: string, data: Record<string, unknown>): { reward: Record<string, unknown>; rest: Record<string, unknown> } {
	const reward: Record<string, unknown> = {};
	const rest: Record<string, unknown> = {};
	const fields: readonly string[] = REWARD_PROPERTY_FIELDS;
	for (const [name, value] of Object.entries(data)) {
		const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
		if (scalar && fields.includes(name)) reward[name] = value;
		else rest[name] = value;
	}
	const state = getEventDefinition(key)?.rewardState;
	if (reward.reward_state === undefined && state) reward.reward_state = state;
	return { reward, rest };
}

/** The custom event's properties for an item whose event key is `key`; changes to `data` go to `adjustments`. */
export function eventProperties(item: ExtoleItem, key: string, options: SyncOptions, adjustments: string[]): JsonObject {
	const properties: JsonObject = {};
	const eventId = text(item.event_id);
	if (eventId) properties[EXTOLE_EVENT_ID_PROPERTY] = eventId.slice(0, MAX_STRING_LENGTH);
	const funnel = text(item.funnel)?.toLowerCase();
	if (funnel) properties.funnel = funnel;
	let data = isPlainObject(item.data) ? withoutPersonFields(item.data, item) : {};
	if (options.includeRewardProperties && isRewardEvent(key)) {
		const { reward, rest } = takeRewardFields(key, data);
		Object.assign(properties, fitProperties(reward, 'reward', adjustments).value as JsonObject);
		data = rest;
	}
	if (options.includeData && Object.keys(data).length > 0) {
		const fitted = fitProperties(data, 'data', adjustments).value;
		const size = propertiesBytes({ ...properties, data: fitted });
		if (size > EVENT_PROPERTIES_MAX_BYTES) {
			adjustments.push(`data: omitted, the properties would be ${size} bytes (Braze allows ${EVENT_PROPERTIES_MAX_BYTES})`);
		} else {
			properties.data = fitted;
		}
	}
	return properties;
}
