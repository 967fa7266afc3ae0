/**
 * Pure mapping of Extole Trigger items to Braze users/track objects (no I/O, no n8n context).
 * Everything the "Sync Extole Event" operation decides per item lives here so that it can be
 * unit-tested on its own; syncExtoleEvent.ts only adds the Braze calls.
 */

import { defaultBrazeEventName, getEventDefinition, isRewardEvent, snakeCase } from '../../../shared/extole/catalogue';

export type SyncEnvironmentMode = 'fromEvent' | 'production' | 'test';
export type BrazeEnvironment = 'production' | 'test';
export type SubscriptionHandling = 'emailSubscribe' | 'subscriptionGroup' | 'none';
export type UnmappedEventHandling = 'derive' | 'skip';
export type IdentityPath = 'external_id' | 'email_match' | 'alias_created';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Reward fields copied into the event properties of reward events when present. */
export const REWARD_PROPERTY_FIELDS = [
	'reward_id',
	'reward_state',
	'face_value',
	'face_value_type',
	'reward_supplier_type',
	'reward_face_value',
	'reward_face_value_type',
	'coupon_code',
] as const;

export const BRAZE_MAX_STRING = 255;
/** Braze's smaller documented limit for an event's properties (the newer page says 100 KB). */
export const BRAZE_MAX_PROPERTIES_BYTES = 50 * 1024;

export interface SyncOptions {
	environmentMode: SyncEnvironmentMode;
	/** Extole event key (canonical or raw name) -> Braze event name; '' disables the event. */
	eventNames: Record<string, string>;
	unmappedEvents: UnmappedEventHandling;
	shareLinkAttribute: string;
	funnelAttribute: string;
	subscriptionHandling: SubscriptionHandling;
	subscriptionGroupId: string;
	/** Group used for items going to the test environment; '' = subscriptionGroupId. */
	testSubscriptionGroupId: string;
	subscribedState: 'subscribed' | 'opted_in';
	aliasLabel: string;
	includeData: boolean;
	includeRewardProperties: boolean;
	rewardCounterAttribute: string;
	defaultCountryCode: string;
	/** Reference time for events without event_time (ISO string). */
	now: string;
}

export const DEFAULT_SYNC_OPTIONS: Omit<SyncOptions, 'now'> = {
	environmentMode: 'fromEvent',
	eventNames: {},
	unmappedEvents: 'derive',
	shareLinkAttribute: 'extole_share_link',
	funnelAttribute: 'extole_funnel',
	subscriptionHandling: 'emailSubscribe',
	subscriptionGroupId: '',
	testSubscriptionGroupId: '',
	subscribedState: 'subscribed',
	aliasLabel: 'email',
	includeData: true,
	includeRewardProperties: true,
	rewardCounterAttribute: '',
	defaultCountryCode: '',
};

/** An Extole Trigger item as emitted (any field may be null or, from other sources, absent). */
export interface ExtoleItem {
	event?: unknown;
	event_name?: unknown;
	event_name_raw?: unknown;
	event_id?: unknown;
	event_time?: unknown;
	external_id?: unknown;
	email?: unknown;
	phone_number?: unknown;
	share_link?: unknown;
	first_name?: unknown;
	last_name?: unknown;
	funnel?: unknown;
	sandbox?: unknown;
	data?: unknown;
	raw?: unknown;
	[key: string]: unknown;
}

/** A per-item validation failure; `fields` names the offending input fields. */
export class ItemMappingError extends Error {
	constructor(
		message: string,
		readonly fields: string[],
	) {
		super(message);
		this.name = 'ItemMappingError';
	}
}

/** What one item will do, before its Braze identifier is known. */
export interface ItemPlan {
	environment: BrazeEnvironment;
	/** Set when the event carries an external_id (identity path `external_id`). */
	externalId: string | null;
	/** Trimmed email, when the event carries one. */
	email: string | null;
	/** The user's attributes without the identifier. */
	attributes: JsonObject;
	/** The custom event without the identifier, or null when no event is sent. */
	event: { name: string; time: string; properties: JsonObject } | null;
	/** Where `data` had to be changed to fit Braze's rules (JSON-path-like). */
	dataAdjustments: string[];
}

/** The Braze identifier the item's objects will carry. */
export type BrazeIdentifier =
	| { external_id: string }
	| { braze_id: string }
	| { user_alias: { alias_name: string; alias_label: string }; _update_existing_only: false };

// ---------------------------------------------------------------------------------------------
// Small helpers

function text(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') {
		const trimmed = value.trim();
		return trimmed === '' ? null : trimmed;
	}
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidEmail(email: string): boolean {
	return email.length <= BRAZE_MAX_STRING && EMAIL_RE.test(email);
}

/** Key for de-duplicating export-by-email lookups within an execution. */
export function emailKey(environment: BrazeEnvironment, email: string): string {
	return `${environment}\u0000${email.toLowerCase()}`;
}

// ---------------------------------------------------------------------------------------------
// Environment

export function resolveEnvironment(mode: SyncEnvironmentMode, sandbox: unknown): BrazeEnvironment {
	if (mode === 'production' || mode === 'test') return mode;
	return sandbox === true || sandbox === 'true' ? 'test' : 'production';
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

/**
 * Normalises the obvious ways of writing a phone number to E.164 (`+` and 8 to 15 digits):
 * spaces, dots, dashes, slashes and parentheses are dropped, a `tel:` prefix and an
 * international `00` prefix are understood, and a number written without a country code gets
 * `defaultCountryCode` (digits, e.g. `1` or `44`; a national leading 0 is dropped) when one is
 * configured. Returns null when the number cannot be made E.164 with confidence.
 */
export function normalizePhoneE164(raw: string, defaultCountryCode = ''): string | null {
	let value = raw.trim().replace(/^tel:/i, '');
	value = value.replace(/(?:ext\.?|x|#)\s*\d+$/i, '').trim();
	if (!/^[+(\d][\d\s().\-/]*$/.test(value)) return null;
	let digits = value.replace(/[^\d]/g, '');
	let international = value.startsWith('+');
	if (!international && digits.startsWith('00')) {
		digits = digits.slice(2);
		international = true;
	}
	if (!international) {
		const country = defaultCountryCode.replace(/^\+/, '').trim();
		if (!/^\d{1,3}$/.test(country)) return null;
		if (country === '1' && digits.length === 11 && digits.startsWith('1')) {
			digits = digits.slice(1);
		}
		digits = country + digits.replace(/^0/, '');
	}
	if (!/^[1-9]\d{6,14}$/.test(digits)) return null;
	return `+${digits}`;
}

// ---------------------------------------------------------------------------------------------
// Event names

/** Turns an arbitrary Extole event name into a Braze-friendly snake_case name. */
export const slugEventName = snakeCase;

/**
 * The Braze event name for an item, or null when no custom event is sent. Looks the canonical
 * key up in the user's mapping, then the raw event name, then the defaults; reward states map
 * to `extole_reward_<state>`; other events get `extole_<raw name>` (or nothing with
 * unmappedEvents = skip). A mapping entry with an empty name disables that event.
 */
export function brazeEventName(item: ExtoleItem, options: Pick<SyncOptions, 'eventNames' | 'unmappedEvents'>): string | null {
	const key = text(item.event) ?? 'other';
	const raw = text(item.event_name_raw) ?? text(item.event_name);
	const candidates = [key];
	if (raw) candidates.push(raw, slugEventName(raw));
	for (const candidate of candidates) {
		if (Object.prototype.hasOwnProperty.call(options.eventNames, candidate)) {
			const name = options.eventNames[candidate].trim();
			return name === '' ? null : name;
		}
	}
	if (getEventDefinition(key)) return defaultBrazeEventName(key);
	if (options.unmappedEvents === 'skip') return null;
	const slug = raw ? slugEventName(raw).replace(/^extole_/, '') : '';
	return slug ? `extole_${slug}`.slice(0, BRAZE_MAX_STRING) : 'extole_other';
}

// ---------------------------------------------------------------------------------------------
// Event properties

/**
 * Makes free-form Extole `data` fit Braze's property rules: property names must be non-empty,
 * at most 255 characters and not start with `$`; strings at most 255 characters. Names with a
 * leading `$` are renamed (`$` -> `_`), over-long names and strings are cut to 255 characters,
 * empty names, undefined values and functions are dropped, nested objects and arrays are kept
 * (Braze accepts nested properties). Every change is reported as a path.
 */
export function sanitizeProperties(value: unknown, path = 'data', adjustments: string[] = []): { value: JsonValue; adjustments: string[] } {
	const walk = (current: unknown, at: string): JsonValue | undefined => {
		if (current === null) return null;
		if (typeof current === 'string') {
			if (current.length > BRAZE_MAX_STRING) {
				adjustments.push(`${at}: string cut to ${BRAZE_MAX_STRING} characters`);
				return current.slice(0, BRAZE_MAX_STRING);
			}
			return current;
		}
		if (typeof current === 'number') {
			if (!Number.isFinite(current)) {
				adjustments.push(`${at}: non-finite number dropped`);
				return undefined;
			}
			return current;
		}
		if (typeof current === 'boolean') return current;
		if (typeof current === 'bigint') return current.toString();
		if (current instanceof Date) return current.toISOString();
		if (Array.isArray(current)) {
			const out: JsonValue[] = [];
			current.forEach((entry, index) => {
				const mapped = walk(entry, `${at}[${index}]`);
				if (mapped !== undefined) out.push(mapped);
			});
			return out;
		}
		if (isPlainObject(current)) {
			const out: JsonObject = {};
			for (const [rawKey, entry] of Object.entries(current)) {
				let key = rawKey;
				if (key.trim() === '') {
					adjustments.push(`${at}: property with an empty name dropped`);
					continue;
				}
				if (key.startsWith('$')) {
					key = `_${key.slice(1)}`;
					adjustments.push(`${at}.${rawKey}: renamed to ${key}`);
				}
				if (key.length > BRAZE_MAX_STRING) {
					key = key.slice(0, BRAZE_MAX_STRING);
					adjustments.push(`${at}.${rawKey.slice(0, 40)}...: name cut to ${BRAZE_MAX_STRING} characters`);
				}
				const mapped = walk(entry, `${at}.${key}`);
				if (mapped !== undefined) out[key] = mapped;
			}
			return out;
		}
		if (current !== undefined) adjustments.push(`${at}: unsupported value dropped`);
		return undefined;
	};
	const result = walk(value, path);
	return { value: result === undefined ? null : result, adjustments };
}

function rewardProperties(item: ExtoleItem): JsonObject {
	const out: JsonObject = {};
	const sources = [item.data, item.raw, isPlainObject(item.raw) ? item.raw.data : undefined];
	for (const field of REWARD_PROPERTY_FIELDS) {
		for (const source of sources) {
			if (!isPlainObject(source)) continue;
			const found = source[field];
			if (typeof found === 'string' || typeof found === 'number' || typeof found === 'boolean') {
				out[field] = found;
				break;
			}
		}
	}
	return out;
}

/** Parses the event time; null/absent means `now`. Throws ItemMappingError when unparsable. */
export function eventTime(value: unknown, now: string): string {
	if (value === null || value === undefined || value === '') return now;
	let date: Date;
	if (typeof value === 'number') {
		date = new Date(value < 1e12 ? value * 1000 : value);
	} else if (typeof value === 'string') {
		date = /^\d+$/.test(value.trim())
			? new Date(Number(value) < 1e12 ? Number(value) * 1000 : Number(value))
			: new Date(value);
	} else {
		date = new Date(NaN);
	}
	if (Number.isNaN(date.getTime())) {
		throw new ItemMappingError(`event_time "${String(value).slice(0, 60)}" is not a valid ISO-8601 time`, ['event_time']);
	}
	return date.toISOString();
}

// ---------------------------------------------------------------------------------------------
// Plan

/**
 * Builds what one Extole item will send to Braze, minus its Braze identifier.
 * Throws ItemMappingError (naming the fields) when the item cannot be sent.
 */
export function planItem(item: ExtoleItem, options: SyncOptions): ItemPlan {
	if (!isPlainObject(item)) throw new ItemMappingError('The item is not an Extole event object', ['json']);
	const environment = resolveEnvironment(options.environmentMode, item.sandbox);
	const externalId = text(item.external_id);
	const email = text(item.email);
	if (!externalId && !email) {
		throw new ItemMappingError(
			'The Extole event has neither external_id nor email: Braze needs one of them to find or create the user',
			['external_id', 'email'],
		);
	}
	if (externalId && externalId.length > BRAZE_MAX_STRING) {
		throw new ItemMappingError(`external_id is longer than ${BRAZE_MAX_STRING} characters`, ['external_id']);
	}
	if (email && !isValidEmail(email)) {
		throw new ItemMappingError(`email "${email.slice(0, 80)}" is not a valid email address`, ['email']);
	}

	const attributes: JsonObject = {};
	if (email) attributes.email = email;
	const rawPhone = text(item.phone_number);
	if (rawPhone) {
		const phone = normalizePhoneE164(rawPhone, options.defaultCountryCode);
		if (!phone) {
			throw new ItemMappingError(
				`phone_number "${rawPhone.slice(0, 40)}" cannot be normalised to E.164 (+ country code and number${options.defaultCountryCode ? '' : '; set a Default Country Code for national numbers'})`,
				['phone_number'],
			);
		}
		attributes.phone = phone;
	}
	for (const field of ['first_name', 'last_name'] as const) {
		const value = text(item[field]);
		if (!value) continue;
		if (value.length > BRAZE_MAX_STRING) {
			throw new ItemMappingError(`${field} is longer than ${BRAZE_MAX_STRING} characters`, [field]);
		}
		attributes[field] = value;
	}
	const shareLink = text(item.share_link);
	if (shareLink && shareLink.length > BRAZE_MAX_STRING) {
		throw new ItemMappingError(`share_link is longer than ${BRAZE_MAX_STRING} characters`, ['share_link']);
	}
	const funnelText = text(item.funnel);
	const funnel = funnelText ? funnelText.toLowerCase() : null;
	if (shareLink && options.shareLinkAttribute.trim()) attributes[options.shareLinkAttribute.trim()] = shareLink;
	if (funnel && options.funnelAttribute.trim()) attributes[options.funnelAttribute.trim()] = funnel;

	const key = text(item.event) ?? 'other';
	if (key === 'subscribed' || key === 'unsubscribed') {
		const state = key === 'subscribed' ? options.subscribedState : 'unsubscribed';
		if (options.subscriptionHandling === 'emailSubscribe') {
			attributes.email_subscribe = state;
		} else if (options.subscriptionHandling === 'subscriptionGroup') {
			const groupId = (environment === 'test' && options.testSubscriptionGroupId.trim()) || options.subscriptionGroupId.trim();
			if (!groupId) {
				throw new ItemMappingError('Subscription Group ID is empty: set it or choose another Subscription Handling', ['subscriptionGroupId']);
			}
			if (/^REPLACE_/i.test(groupId)) {
				throw new ItemMappingError(
					`Subscription Group ID is still the template placeholder "${groupId.slice(0, 60)}": paste the ID of your Braze subscription group`,
					['subscriptionGroupId'],
				);
			}
			attributes.subscription_groups = [
				{ subscription_group_id: groupId, subscription_state: key === 'subscribed' ? 'subscribed' : 'unsubscribed' },
			];
		}
	}
	if (key === 'earned_reward' && options.rewardCounterAttribute.trim()) {
		attributes[options.rewardCounterAttribute.trim()] = { inc: 1 };
	}

	const dataAdjustments: string[] = [];
	let event: ItemPlan['event'] = null;
	const name = brazeEventName(item, options);
	if (name) {
		if (name.length > BRAZE_MAX_STRING || name.startsWith('$')) {
			throw new ItemMappingError(`Braze event name "${name.slice(0, 60)}" is not allowed (max ${BRAZE_MAX_STRING} characters, no leading $)`, ['event']);
		}
		const time = eventTime(item.event_time, options.now);
		const properties: JsonObject = {};
		const eventId = text(item.event_id);
		if (eventId) properties.event_id = eventId.slice(0, BRAZE_MAX_STRING);
		if (shareLink) properties.share_link = shareLink;
		if (funnel) properties.funnel = funnel;
		if (options.includeRewardProperties && isRewardEvent(key)) {
			Object.assign(properties, sanitizeProperties(rewardProperties(item), 'reward', dataAdjustments).value as JsonObject);
		}
		if (options.includeData && isPlainObject(item.data) && Object.keys(item.data).length > 0) {
			const data = sanitizeProperties(item.data, 'data', dataAdjustments).value;
			const size = Buffer.byteLength(JSON.stringify({ ...properties, data }), 'utf8');
			if (size > BRAZE_MAX_PROPERTIES_BYTES) {
				dataAdjustments.push(`data: omitted, the properties would be ${size} bytes (Braze allows ${BRAZE_MAX_PROPERTIES_BYTES})`);
			} else {
				properties.data = data;
			}
		}
		event = { name, time, properties };
	}

	return { environment, externalId, email, attributes, event, dataAdjustments };
}

// ---------------------------------------------------------------------------------------------
// Identity

export interface ExportedUser {
	external_id?: unknown;
	braze_id?: unknown;
	user_aliases?: unknown;
	email?: unknown;
	[key: string]: unknown;
}

/**
 * Picks the profile to update among those Braze exported for an email. Identified profiles
 * (with an external_id) win, because that is the user the customer's own systems know and keep
 * updating; among several candidates the most recently created one wins (ties: Braze's order).
 * An identified profile is targeted by its external_id; an anonymous one by its braze_id, which
 * names exactly that profile (targeting by `email` would let Braze pick among duplicates).
 */
export function chooseProfile(users: ExportedUser[]): { identifier: BrazeIdentifier; user: ExportedUser } | null {
	const newestFirst = (list: ExportedUser[]) =>
		list
			.map((user, index) => ({ user, index, created: Date.parse(String(user.created_at ?? '')) || 0 }))
			.sort((a, b) => b.created - a.created || a.index - b.index)
			.map((entry) => entry.user);
	const identified = newestFirst(users.filter((user) => text(user.external_id)));
	if (identified.length) return { identifier: { external_id: text(identified[0].external_id) as string }, user: identified[0] };
	const anonymous = newestFirst(users.filter((user) => text(user.braze_id)));
	if (anonymous.length) return { identifier: { braze_id: text(anonymous[0].braze_id) as string }, user: anonymous[0] };
	return null;
}

/**
 * The alias of an alias-only user created for an email: name = the email, trimmed and
 * lower-cased (so `Ada@X.com` and `ada@x.com` never become two users; Braze compares alias
 * names exactly), label = the configured label (default `email`).
 */
export function aliasIdentifier(email: string, aliasLabel: string): BrazeIdentifier {
	return {
		user_alias: { alias_name: email.trim().toLowerCase(), alias_label: aliasLabel || 'email' },
		_update_existing_only: false,
	};
}

/** Attaches the identifier to the item's attribute and event objects for users/track. */
export function trackObjects(plan: ItemPlan, identifier: BrazeIdentifier): { attributes: JsonObject; event: JsonObject | null } {
	const id = identifier as unknown as JsonObject;
	const attributes: JsonObject = { ...id, ...plan.attributes };
	let event: JsonObject | null = null;
	if (plan.event) {
		// An alias target keeps `_update_existing_only: false` on the event too: attributes are
		// processed first in the same request, and the flag makes the event land either way.
		event = { ...id, name: plan.event.name, time: plan.event.time };
		if (Object.keys(plan.event.properties).length > 0) event.properties = plan.event.properties;
	}
	return { attributes, event };
}

/** Describes the identifier for the output item. */
export function describeIdentifier(identifier: BrazeIdentifier): JsonObject {
	if ('external_id' in identifier) return { external_id: identifier.external_id };
	if ('braze_id' in identifier) return { braze_id: identifier.braze_id };
	return { user_alias: { ...identifier.user_alias } };
}

/** Reads the user's event-name mapping rows into a lookup table. */
export function eventNamesFromMapping(rows: Array<{ extoleEvent?: unknown; customEvent?: unknown; brazeEvent?: unknown }>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const row of rows) {
		const extole = row.extoleEvent === 'custom' ? text(row.customEvent) : text(row.extoleEvent);
		if (!extole) continue;
		out[extole] = typeof row.brazeEvent === 'string' ? row.brazeEvent.trim() : '';
	}
	return out;
}
