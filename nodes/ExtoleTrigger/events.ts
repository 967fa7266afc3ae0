import type { IDataObject } from 'n8n-workflow';

/**
 * Catalogue of the Extole events the trigger knows, the many names each one arrives under,
 * and the normaliser that turns any Extole webhook body into one `ExtoleEvent` item.
 */

export type Funnel = 'advocate' | 'friend';

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

export interface EventDefinition {
	/** Canonical key, the value of the `event` field and of the Events parameter. */
	key: string;
	/** Display name, the value of the `event_name` field. */
	name: string;
	/** True for reward events, which Extole sends through a REWARD webhook. */
	reward: boolean;
	/** Extole reward state (REWARD webhook state filter), for reward events. */
	rewardState?: string;
	/** Names this event arrives under, in normalised form (see `normaliseEventName`). */
	aliases: string[];
	/** Short description shown in the Events parameter. */
	description: string;
}

export const OTHER_EVENT = 'other';
export const ALL_EVENTS = '*';

const REWARD_STATES: Array<[string, string, string]> = [
	['fulfilled', 'FULFILLED', 'A reward was fulfilled by its supplier'],
	['fulfillment_failed', 'FULFILLMENT_FAILED', 'Fulfilling a reward failed'],
	['sent', 'SENT', 'A reward was sent to its recipient'],
	['redeemed', 'REDEEMED', 'A reward was redeemed'],
	['revoked', 'REVOKED', 'A reward was revoked'],
	['failed', 'FAILED', 'A reward failed'],
	['canceled', 'CANCELED', 'A reward was canceled'],
];

function titleCase(words: string): string {
	return words
		.split('_')
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ');
}

export const EVENT_DEFINITIONS: EventDefinition[] = [
	{
		key: 'created_share_link',
		name: 'Created Share Link',
		reward: false,
		aliases: [
			'created_share_link',
			'share_link_created',
			'create_share_link',
			'shareable_created',
			'share_link',
		],
		description: 'An advocate created a share link',
	},
	{
		key: 'shared',
		name: 'Shared',
		reward: false,
		aliases: ['shared', 'share', 'advocate_shared', 'share_created'],
		description: 'An advocate shared their link',
	},
	{
		key: 'referred_signed_up',
		name: 'Referred Signed Up',
		reward: false,
		aliases: [
			'referred_signed_up',
			'referred_signup',
			'referred_sign_up',
			'signed_up',
			'signup',
			'sign_up',
			'referral_registered',
			'registered',
			'registration',
			'referral_signed_up',
			'friend_signed_up',
			'friend_registered',
		],
		description: 'A referred friend signed up',
	},
	{
		key: 'referred_converted',
		name: 'Referred Converted',
		reward: false,
		aliases: [
			'referred_converted',
			'converted',
			'conversion',
			'purchased',
			'purchase',
			'referral_converted',
			'referral_purchased',
			'friend_converted',
			'friend_purchased',
		],
		description: 'A referred friend converted (for example purchased)',
	},
	{
		key: 'subscribed',
		name: 'Subscribed',
		reward: false,
		aliases: ['subscribed', 'subscribe', 'opted_in', 'opt_in'],
		description: 'A person subscribed to marketing messages',
	},
	{
		key: 'unsubscribed',
		name: 'Unsubscribed',
		reward: false,
		aliases: ['unsubscribed', 'unsubscribe', 'opted_out', 'opt_out'],
		description: 'A person unsubscribed from marketing messages',
	},
	{
		key: 'earned_reward',
		name: 'Earned Reward',
		reward: true,
		rewardState: 'EARNED',
		aliases: [
			'earned_reward',
			'reward_earned',
			'advocate_reward_earned',
			'friend_reward_earned',
			'advocate_earned_reward',
			'friend_earned_reward',
		],
		description: 'A person earned a reward',
	},
	...REWARD_STATES.map(([state, extoleState, description]) => ({
		key: `reward_${state}`,
		name: `Reward ${titleCase(state)}`,
		reward: true,
		rewardState: extoleState,
		aliases: [
			`reward_${state}`,
			`${state}_reward`,
			`advocate_reward_${state}`,
			`friend_reward_${state}`,
			...(state === 'canceled' ? ['reward_cancelled', 'cancelled_reward'] : []),
		],
		description,
	})),
];

const BY_KEY = new Map(EVENT_DEFINITIONS.map((d) => [d.key, d]));
const BY_ALIAS = new Map<string, EventDefinition>();
for (const def of EVENT_DEFINITIONS) {
	for (const alias of def.aliases) BY_ALIAS.set(alias, def);
}

/** The seven events of the Braze/Extole partner page, in their order there. */
export const PARTNER_EVENTS = [
	'created_share_link',
	'shared',
	'referred_signed_up',
	'referred_converted',
	'subscribed',
	'unsubscribed',
	'earned_reward',
];

export function getEventDefinition(key: string): EventDefinition | undefined {
	return BY_KEY.get(key);
}

/**
 * Normalises a name: camelCase split, lower-cased, any run of non-alphanumerics turned into
 * `_`, and leading `extole_` prefixes removed. "Extole Created Share Link",
 * "extole-created-share-link", "createdShareLink" and "EXTOLE_CREATED_SHARE_LINK" all become
 * `created_share_link`.
 */
export function normaliseEventName(name: string): string {
	let n = name
		.trim()
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
	while (n.startsWith('extole_')) n = n.slice('extole_'.length);
	return n;
}

/** Finds the event a name stands for, or undefined when the name is not one of ours. */
export function lookupEvent(name: string): EventDefinition | undefined {
	const n = normaliseEventName(name);
	if (!n) return undefined;
	return BY_ALIAS.get(n) ?? BY_KEY.get(n);
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
	let definition: EventDefinition | undefined;
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
		event_name: definition ? definition.name : rawName,
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
