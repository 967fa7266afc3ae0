import type { IDataObject } from 'n8n-workflow';

import type { ExtoleEventDefinition, Funnel } from '../shared/extole/catalogue';
import { ALL_EVENTS, getEventDefinition, getRewardState, lookupEvent, normaliseEventName, OTHER_EVENT } from '../shared/extole/catalogue';
import type { FoundField } from './fields';
import {
	asText,
	ConsumedKeys,
	EVENT_NAME_FIELDS,
	FIELD_ALIASES,
	getPath,
	isObject,
	normaliseFunnel,
	normaliseSandbox,
	personSources,
	takeField,
} from './fields';
import { normaliseTime } from '../shared/extole/time';

export { normaliseTime } from '../shared/extole/time';
export { getPath, normaliseFunnel } from './fields';
export type { Funnel };

/**
 * Turns any Extole webhook body into one `ExtoleEvent` item. The events and the names they
 * arrive under are in the one catalogue (../shared/extole); where the fields are, in fields.ts.
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
	/** Left out when the trigger's Include Raw Body option is off. */
	raw?: IDataObject;
}

export interface NormaliseOptions {
	/** Dot path of the field holding the event name (for custom data maps), tried first. */
	eventNameField?: string;
	/**
	 * The reward state the delivery came for (the node's setting, or the `reward_state` of the
	 * URL that automatic registration gives each REWARD webhook). Extole's documented reward
	 * body (`reward_id` and `data` only) names no event: this says which it is.
	 */
	rewardState?: string;
}

/** Candidate event names in priority order: the user's field path, then the usual fields. */
function eventFoundFields(body: IDataObject, eventNameField?: string): FoundField[] {
	const candidates: FoundField[] = [];
	const push = (holder: IDataObject | undefined, key: string | undefined, value: unknown) => {
		const text = asText(value);
		if (text !== null && holder && key !== undefined) candidates.push({ value: text, holder, key });
	};
	if (eventNameField && eventNameField.trim() !== '') {
		const found = getPath(body, eventNameField);
		push(found.holder, found.key, found.value);
	}
	for (const key of EVENT_NAME_FIELDS) {
		const value = body[key];
		if (isObject(value)) {
			for (const inner of ['event_name', 'name', 'type']) push(value, inner, value[inner]);
		} else {
			push(body, key, value);
		}
	}
	if (isObject(body.data)) {
		push(body.data, 'event_name', body.data.event_name);
		push(body.data, 'type', body.data.type);
	}
	return candidates;
}

/** Funnel implied by an event name (`extole_advocate_reward_earned` -> advocate). */
function funnelFromName(name: string): Funnel | null {
	const n = normaliseEventName(name);
	if (n.startsWith('advocate_')) return 'advocate';
	if (n.startsWith('friend_')) return 'friend';
	return null;
}

interface Identified {
	definition: ExtoleEventDefinition | undefined;
	rawName: string | null;
}

/**
 * Which event a body is: the first candidate name the catalogue knows; else, for a reward body
 * (it has a `reward_id`) delivered for a known reward state, that state's event; else `other`
 * with the first candidate as its name.
 */
function identify(body: IDataObject, candidates: FoundField[], consumed: ConsumedKeys, options: NormaliseOptions): Identified {
	for (const candidate of candidates) {
		const definition = lookupEvent(candidate.value);
		if (definition) {
			consumed.add(candidate.holder, candidate.key);
			return { definition, rawName: candidate.value };
		}
	}
	const first = candidates[0];
	if (first) consumed.add(first.holder, first.key);
	const rewardId = asText(body.reward_id) ?? (isObject(body.data) ? asText(body.data.reward_id) : null);
	const state = options.rewardState ? getRewardState(options.rewardState) : undefined;
	if (rewardId !== null && state) {
		return { definition: getEventDefinition(state.event), rawName: first?.value ?? null };
	}
	return { definition: undefined, rawName: first?.value ?? null };
}

/**
 * The event id: the body's own, else, for a reward event with a `reward_id`, one derived from
 * the reward and the event (a reward reaches each state once), so that Extole's retries of a
 * body without an id still deduplicate.
 */
function eventIdOf(body: IDataObject, definition: ExtoleEventDefinition | undefined, consumed: ConsumedKeys): string | null {
	const sources = [body, ...(isObject(body.data) ? [body.data] : [])];
	const own = takeField(sources, 'event_id', consumed);
	if (own) return own.value;
	if (definition?.kind !== 'reward') return null;
	const rewardId = sources.map((s) => asText(s.reward_id)).find((v) => v !== null);
	return rewardId ? `${rewardId}:${definition.key}` : null;
}

function eventTimeOf(body: IDataObject, consumed: ConsumedKeys): string | null {
	for (const holder of [body, ...(isObject(body.data) ? [body.data] : [])]) {
		for (const key of FIELD_ALIASES.event_time) {
			if (holder[key] === undefined || holder[key] === null) continue;
			const time = normaliseTime(holder[key]);
			if (time) {
				consumed.add(holder, key);
				return time;
			}
		}
	}
	return null;
}

/**
 * The side of the referral: an explicit field (`funnel`, `rewardee_role`, `journey_name`,
 * person role fields) first, then an `advocate_` / `friend_` event name, and only when neither
 * says it, the side the catalogue fixes for the event (Referred Signed Up is a friend's ...).
 */
function funnelOf(sources: IDataObject[], rawName: string | null, definition: ExtoleEventDefinition | undefined, consumed: ConsumedKeys): Funnel | null {
	const explicit = takeField(sources, 'funnel', consumed, (text) => normaliseFunnel(text) !== null);
	if (explicit) return normaliseFunnel(explicit.value);
	return (rawName ? funnelFromName(rawName) : null) ?? definition?.funnel ?? null;
}

function sandboxOf(body: IDataObject, consumed: ConsumedKeys): boolean {
	if (body.sandbox !== undefined) {
		consumed.add(body, 'sandbox');
		return normaliseSandbox(body.sandbox);
	}
	if (isObject(body.data) && body.data.sandbox !== undefined) {
		consumed.add(body.data, 'sandbox');
		return normaliseSandbox(body.data.sandbox);
	}
	return false;
}

/** `object` without its consumed keys (nested `person` objects likewise), or undefined when empty. */
function remainder(object: IDataObject, consumed: ConsumedKeys): IDataObject | undefined {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(object)) {
		if (consumed.has(object, key)) continue;
		if (key === 'person' && isObject(value)) {
			const rest = remainder(value, consumed);
			if (rest) out.person = rest;
			continue;
		}
		out[key] = value;
	}
	return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The body's own data: top-level fields and the `data` map (the map wins on a clash; the two
 * `person` objects are merged), without any field the item already carries. `person` and an
 * `event` object keep what was not consumed.
 */
function dataOf(body: IDataObject, consumed: ConsumedKeys): IDataObject {
	const data: IDataObject = {};
	for (const [key, value] of Object.entries(body)) {
		if (key === 'data' || consumed.has(body, key)) continue;
		if ((key === 'person' || key === 'event') && isObject(value)) {
			const rest = remainder(value, consumed);
			if (rest) data[key] = rest;
			continue;
		}
		data[key] = value;
	}
	const map = isObject(body.data) ? remainder(body.data, consumed) : undefined;
	if (map && isObject(map.person) && isObject(data.person)) map.person = { ...data.person, ...map.person };
	Object.assign(data, map ?? {});
	return data;
}

/**
 * Turns an Extole webhook body into the item the trigger outputs. Every field is present;
 * missing values are null. Unknown event names give `event: 'other'` and the name as sent.
 * `raw` is the body untouched.
 */
export function normaliseEvent(body: IDataObject, options: NormaliseOptions = {}): ExtoleEvent {
	const consumed = new ConsumedKeys();
	const { definition, rawName } = identify(body, eventFoundFields(body, options.eventNameField), consumed, options);
	const sources = personSources(body);
	const field = (name: 'external_id' | 'phone_number' | 'share_link' | 'first_name' | 'last_name') =>
		takeField(sources, name, consumed)?.value ?? null;
	const emails: Array<'email' | 'recipient_email'> = ['email', 'recipient_email'];
	const email =
		takeField(sources, 'email', consumed, undefined, emails) ?? takeField(sources, 'recipient_email', consumed, undefined, emails);
	const item: ExtoleEvent = {
		event: definition ? definition.key : OTHER_EVENT,
		event_name: definition ? definition.label : rawName,
		event_name_raw: rawName,
		event_id: eventIdOf(body, definition, consumed),
		event_time: eventTimeOf(body, consumed),
		external_id: field('external_id'),
		email: email?.value ?? null,
		phone_number: field('phone_number'),
		share_link: field('share_link'),
		first_name: field('first_name'),
		last_name: field('last_name'),
		funnel: funnelOf(sources, rawName, definition, consumed),
		sandbox: sandboxOf(body, consumed),
		data: {},
		raw: body,
	};
	item.data = dataOf(body, consumed);
	return item;
}

/** True when an event with key `eventKey` is one of `selected` (canonical keys, `*` = all). */
export function isEventSelected(eventKey: string, selected: string[]): boolean {
	if (selected.includes(ALL_EVENTS)) return true;
	return selected.includes(eventKey);
}
