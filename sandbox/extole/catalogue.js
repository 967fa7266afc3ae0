// @ts-check
'use strict';
/**
 * The Extole event catalogue (nodes/shared/extole/events.json, the file the nodes read through
 * catalogue.ts), typed for the sandbox and the sender, which run without a build. Lookups by
 * canonical key only: the sandbox always knows which event it sends, as Extole does.
 */

/**
 * @typedef {object} CatalogueEvent
 * @property {string} key
 * @property {string} label
 * @property {'person' | 'reward'} kind
 * @property {boolean} partnerPage
 * @property {'advocate' | 'friend'} [funnel]
 * @property {string} [rewardState]
 * @property {string} description
 * @property {string[]} names
 * @property {Record<string, string>} [payloadNames]
 */

/**
 * @typedef {object} RewardState
 * @property {string} state
 * @property {string} label
 * @property {string} event
 */

// JSON imports are typed from their content (kind: string); the shape is checked by the catalogue's tests.
const catalogue = /** @type {{ events: CatalogueEvent[], rewardStates: RewardState[] }} */ (
	/** @type {unknown} */ (require('../../nodes/shared/extole/events.json'))
);

/** @type {readonly CatalogueEvent[]} */
const CATALOGUE_EVENTS = catalogue.events;
/** @type {readonly RewardState[]} */
const REWARD_STATE_DEFINITIONS = catalogue.rewardStates;
/** Extole's reward state names (EARNED, FULFILLED ...), in the order of its Reward Webhooks page. */
const REWARD_STATES = REWARD_STATE_DEFINITIONS.map((s) => s.state);

const BY_KEY = new Map(CATALOGUE_EVENTS.map((e) => [e.key, e]));

/**
 * @param {string} key
 * @returns {CatalogueEvent | undefined}
 */
function eventByKey(key) {
	return BY_KEY.get(key);
}

/**
 * The reward state of the REWARD webhook that delivers a catalogue event, or null for person
 * events and names the catalogue does not know.
 * @param {string} key
 * @returns {string | null}
 */
function rewardStateOf(key) {
	return BY_KEY.get(key)?.rewardState ?? null;
}

module.exports = { CATALOGUE_EVENTS, REWARD_STATE_DEFINITIONS, REWARD_STATES, eventByKey, rewardStateOf };
