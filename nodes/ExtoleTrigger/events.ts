import type { IDataObject } from 'n8n-workflow';

import type { ExtoleEventDefinition, Funnel } from '../shared/extole/catalogue';
import { ALL_EVENTS, lookupEvent, normaliseEventName, OTHER_EVENT } from '../shared/extole/catalogue';

export type { Funnel };

/**
 * The normaliser that turns any Extole webhook body into one `ExtoleEvent` item. The events
 * themselves and the names they arrive under are in the one catalogue, ../shared/extole.
 */

export interface ExtoleEvent extends IDataObject {
	event: string;
	event_name: string | null;
	event_name_raw: string | null;
	event_id: string | null;
	event_time: string | null;
	external_id: string | null;
	email: string | null;
	phone_number: string | null;
	share_link: string | null;
	first_name: string | null;
	last_name: string | null;
	funnel: Funnel | null;
	sandbox: boolean;
	data: IDataObject;
	raw: IDataObject;
}

/** Funnel implied by an event name (`extole_advocate_reward_earned` -> advocate). */
function funnelFromName(name: string): Funnel | null {
	const n = normaliseEventName(name);
	if (n.startsWith('advocate_')) return 'advocate';
	if (n.startsWith('friend_')) return 'friend';
	return null;
}

// ---------------------------------------------------------------------------------------------
// Field extraction

const EVENT_NAME_FIELDS = ['event_name', 'eventName', 'type', 'event', 'name'];

const FIELD_ALIASES = {
	event_id: ['event_id', 'eventId'],
	event_time: ['event_time', 'eventTime', 'occurred_at', 'timestamp', 'event_date', 'time', 'created_at'],
	external_id: ['external_id', 'externalId', 'partner_user_id', 'partnerUserId', 'user_id', 'userId'],
	email: ['email', 'email_address', 'emailAddress'],
	phone_number: ['phone_number', 'phoneNumber', 'phone', 'mobile_number', 'mobile'],
	share_link: ['share_link', 'shareLink', 'shareable_link', 'shareableLink', 'share_url', 'shareUrl', 'link'],
	first_name: ['first_name', 'firstName', 'given_name'],
	last_name: ['last_name', 'lastName', 'family_name'],
	funnel: ['funnel', 'person_role', 'role', 'side'],
};

type PersonField = keyof typeof FIELD_ALIASES;

/** Top-level keys that become item fields and are therefore not repeated in `data`. */
const CONSUMED_KEYS = new Set<string>([
	...EVENT_NAME_FIELDS,
	...Object.values(FIELD_ALIASES).flat(),
	'data',
	'person',
	'sandbox',
]);

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `a.b.c` (also `a[0].b`) from an object. */
export function getPath(source: unknown, path: string): unknown {
	const parts = path
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.map((p) => p.trim())
		.filter((p) => p !== '');
	let current: unknown = source;
	for (const part of parts) {
		if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
		else if (isObject(current)) current = current[part];
		else return undefined;
	}
	return current;
}

function asText(value: unknown): string | null {
	if (typeof value === 'string') {
		const t = value.trim();
		return t === '' ? null : t;
	}
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'bigint') return value.toString();
	return null;
}

/** The places where person fields are looked for, in priority order. */
function personSources(body: IDataObject): IDataObject[] {
	const sources: IDataObject[] = [body];
	if (isObject(body.person)) sources.push(body.person);
	if (isObject(body.data)) {
		sources.push(body.data);
		if (isObject(body.data.person)) sources.push(body.data.person);
	}
	if (isObject(body.event)) sources.push(body.event);
	return sources;
}

function findField(sources: IDataObject[], field: PersonField): string | null {
	for (const source of sources) {
		for (const key of FIELD_ALIASES[field]) {
			const value = asText(source[key]);
			if (value !== null) return value;
		}
	}
	return null;
}

export function normaliseFunnel(value: unknown): Funnel | null {
	const text = asText(value);
	if (text === null) return null;
	const v = text.toLowerCase();
	if (v === 'advocate' || v === 'referrer' || v === 'advocates') return 'advocate';
	if (v === 'friend' || v === 'referee' || v === 'referred' || v === 'friends') return 'friend';
	return null;
}

/**
 * Converts an event time into ISO-8601 (UTC). Numbers (and numeric strings) are epoch
 * seconds below 10^11 and epoch milliseconds above. Unparseable values give null.
 */
export function normaliseTime(value: unknown): string | null {
	let date: Date | undefined;
	if (typeof value === 'number' && Number.isFinite(value)) {
		date = new Date(value < 1e11 ? value * 1000 : value);
	} else if (typeof value === 'string' && value.trim() !== '') {
		const t = value.trim();
		if (/^\d+(\.\d+)?$/.test(t)) {
			const n = Number(t);
			date = new Date(n < 1e11 ? n * 1000 : n);
		} else {
			date = new Date(t);
		}
	}
	if (!date || Number.isNaN(date.getTime())) return null;
	return date.toISOString();
}

function normaliseSandbox(value: unknown): boolean {
	if (value === true) return true;
	if (typeof value === 'string') return ['true', '1', 'yes'].includes(value.trim().toLowerCase());
	if (typeof value === 'number') return value === 1;
	return false;
}

/** Candidate event names in priority order: the user's field path, then the usual fields. */
function eventNameCandidates(body: IDataObject, eventNameField?: string): string[] {
	const candidates: string[] = [];
	const push = (value: unknown) => {
		const text = asText(value);
		if (text !== null) candidates.push(text);
	};
	if (eventNameField && eventNameField.trim() !== '') push(getPath(body, eventNameField));
	for (const key of EVENT_NAME_FIELDS) {
		const value = body[key];
		if (isObject(value)) {
			push(value.event_name);
			push(value.name);
			push(value.type);
		} else {
			push(value);
		}
	}
	if (isObject(body.data)) {
		push(body.data.event_name);
		push(body.data.type);
	}
	return candidates;
}

export interface NormaliseOptions {
	/** Dot path of the field holding the event name (for custom data maps), tried first. */
	eventNameField?: string;
}

/**
 * Turns an Extole webhook body into the item the trigger outputs. Every field is present;
 * missing values are null. Unknown event names give `event: 'other'` and the name as sent.
 */
export function normaliseEvent(body: IDataObject, options: NormaliseOptions = {}): ExtoleEvent {
	const candidates = eventNameCandidates(body, options.eventNameField);
	let definition: ExtoleEventDefinition | undefined;
	let rawName: string | null = null;
	for (const candidate of candidates) {
		const found = lookupEvent(candidate);
		if (found) {
			definition = found;
			rawName = candidate;
			break;
		}
	}
	if (!definition) rawName = candidates[0] ?? null;

	const sources = personSources(body);
	const funnelRaw = findField(sources, 'funnel');
	const funnel = normaliseFunnel(funnelRaw) ?? (rawName ? funnelFromName(rawName) : null);

	let eventTime: string | null = null;
	for (const source of [body, ...(isObject(body.data) ? [body.data] : [])]) {
		for (const key of FIELD_ALIASES.event_time) {
			if (source[key] !== undefined && source[key] !== null) {
				eventTime = normaliseTime(source[key]);
				if (eventTime) break;
			}
		}
		if (eventTime) break;
	}

	const data: IDataObject = {};
	for (const [key, value] of Object.entries(body)) {
		if (!CONSUMED_KEYS.has(key)) data[key] = value;
	}
	if (isObject(body.data)) Object.assign(data, body.data);

	return {
		event: definition ? definition.key : OTHER_EVENT,
		event_name: definition ? definition.label : rawName,
		event_name_raw: rawName,
		event_id: findField([body, ...(isObject(body.data) ? [body.data] : [])], 'event_id'),
		event_time: eventTime,
		external_id: findField(sources, 'external_id'),
		email: findField(sources, 'email'),
		phone_number: findField(sources, 'phone_number'),
		share_link: findField(sources, 'share_link'),
		first_name: findField(sources, 'first_name'),
		last_name: findField(sources, 'last_name'),
		funnel,
		sandbox: normaliseSandbox(body.sandbox ?? (isObject(body.data) ? body.data.sandbox : undefined)),
		data,
		raw: body,
	};
}

/** True when an event with key `eventKey` is one of `selected` (canonical keys, `*` = all). */
export function isEventSelected(eventKey: string, selected: string[]): boolean {
	if (selected.includes(ALL_EVENTS)) return true;
	return selected.includes(eventKey);
}
