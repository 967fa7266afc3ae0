import catalogue from './events.json';

/**
 * The one Extole event catalogue. The data lives in `events.json` (so that the JavaScript
 * sandbox and sender read the same file without a build); this module types it and derives
 * everything else: lookups by name, the partner-page events, reward states and default Braze
 * names. The Extole Trigger, Sync Extole Event, the Extole sandbox and the tests all read it:
 * adding an event means adding an entry to `events.json` (and its tests), nothing else.
 */

export type Funnel = 'advocate' | 'friend';
export type ExtoleEventKind = 'person' | 'reward';

export interface ExtoleEventDefinition {
	/** Canonical key: the trigger's `event` field and the value of event selections. */
	key: string;
	/** Display name; for the seven events of Braze's Extole page, the name used there. */
	label: string;
	/** Person events come through a GENERIC webhook, reward events through a REWARD webhook. */
	kind: ExtoleEventKind;
	/** One of the seven events of Braze's Extole partner page. */
	partnerPage: boolean;
	/** The side of the referral the event's person is on, where Extole's meaning fixes it. */
	funnel?: Funnel;
	/** State of the REWARD webhook filter that delivers this event (reward events only). */
	rewardState?: string;
	/** Short description for event pickers. */
	description: string;
	/** Normalised spellings this event arrives under (see `normaliseEventName`). */
	names: string[];
	/** Documented spellings the sandbox's payload styles send, where not the style's default. */
	payloadNames?: Record<string, string>;
}

export interface RewardStateDefinition {
	/** Extole's reward state, as its REWARD webhook filter names it (EARNED, SENT ...). */
	state: string;
	label: string;
	/** The event a reward body that names no event stands for, when it comes with this state. */
	event: string;
}

/** Every event the catalogue knows, in display order (partner-page events first). */
export const EXTOLE_EVENTS: readonly ExtoleEventDefinition[] = catalogue.events as ExtoleEventDefinition[];

/** Extole's reward states, in the order of its Reward Webhooks page. */
export const REWARD_STATES: readonly RewardStateDefinition[] = catalogue.rewardStates;

/** Key of events whose name is not in the catalogue. */
export const OTHER_EVENT = 'other';
/** Selection value meaning every event, known or not. */
export const ALL_EVENTS = '*';

const BY_KEY = new Map(EXTOLE_EVENTS.map((d) => [d.key, d]));
const BY_NAME = new Map<string, ExtoleEventDefinition>();
for (const definition of EXTOLE_EVENTS) {
	for (const name of definition.names) BY_NAME.set(name, definition);
}
const BY_STATE = new Map(REWARD_STATES.map((s) => [s.state, s]));

/** The seven events of Braze's Extole page, in their order there. */
export const PARTNER_EVENT_KEYS: readonly string[] = EXTOLE_EVENTS.filter((d) => d.partnerPage).map((d) => d.key);

/** Reward events (earned and the other reward states). */
export const REWARD_EVENTS: readonly ExtoleEventDefinition[] = EXTOLE_EVENTS.filter((d) => d.kind === 'reward');

export function getEventDefinition(key: string): ExtoleEventDefinition | undefined {
	return BY_KEY.get(key);
}

export function isRewardEvent(key: string): boolean {
	return BY_KEY.get(key)?.kind === 'reward';
}

/** The reward state named by `state` (any case), or undefined when Extole has no such state. */
export function getRewardState(state: string): RewardStateDefinition | undefined {
	return BY_STATE.get(state.trim().toUpperCase());
}

/**
 * Normalises an event name: camelCase split, lower-cased, any run of non-alphanumerics turned
 * into `_`, leading `extole_` prefixes removed. "Extole Created Share Link",
 * "extole-created-share-link", "createdShareLink" and "EXTOLE_CREATED_SHARE_LINK" all become
 * `created_share_link`.
 */
export function normaliseEventName(name: string): string {
	let n = snakeCase(name);
	while (n.startsWith('extole_')) n = n.slice('extole_'.length);
	return n;
}

/** camelCase split, lower-cased, runs of non-alphanumerics turned into single underscores. */
export function snakeCase(name: string): string {
	return name
		.trim()
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

/** The event a name (any spelling in the catalogue) stands for, or undefined. */
export function lookupEvent(name: string): ExtoleEventDefinition | undefined {
	const n = normaliseEventName(name);
	if (!n) return undefined;
	return BY_NAME.get(n) ?? BY_KEY.get(n);
}

/** The prefixed snake_case Braze event name of a catalogue event (`extole_shared`). */
export function prefixedBrazeEventName(key: string): string {
	return `extole_${key}`;
}

/**
 * The name Extole's native Braze integration uses for a catalogue event, Sync Extole Event's
 * default: the label, which for the seven partner-page events is the name on Braze's Extole
 * page ("Created Share Link" ...).
 */
export function nativeBrazeEventName(key: string): string | undefined {
	return BY_KEY.get(key)?.label;
}
