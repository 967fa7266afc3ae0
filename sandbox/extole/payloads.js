// @ts-check
'use strict';
/**
 * Realistic Extole webhook bodies, in each payload shape of shared/reference/extole-webhooks.md.
 * Used by the event sender (send.js), the Extole sandbox (index.js) and the tests. The events,
 * their names per style and their reward states come from the one catalogue the nodes read.
 *
 * Styles:
 * - braze     flat Braze-partner style: display name in `event_name`, person fields at the top
 *             level (external_id, email, phone_number, share_link, first_name, last_name, funnel),
 *             extra properties in `data`.
 * - data-map  Extole's data-map examples: Extole's own event name in `event_name` and every
 *             person field inside `data`.
 * - envelope  Extole's internal event envelope (event_id, client_id, event_time, webhook_id,
 *             cause_event_id, root_event_id, campaign_id, program_label, sandbox) with an
 *             `extole_`-prefixed `event_name` and Extole's attribute names in `data`
 *             (partner_user_id, email_address, phone, ADVOCATE/FRIEND).
 * - reward    REWARD webhook body: `type`, reward_id, person_id, partner_user_id, face_value,
 *             face_value_type, reward_supplier_type, data, schema_version.
 * - reward-payload  the reward body of Extole's "Reward Webhooks" page: `reward_id` and `data`
 *             only (`earned_event_value`, `journey_name`, `rewardee_role`, custom keys), no event
 *             name, no state, no event id: the REWARD webhook's state filter says which event it
 *             is. For reward events only; the person is in `data` (`recipient_email` as in the
 *             account-credit example of Extole's webhooks page, `partner_user_id`).
 * - person    not a documented shape but a robustness check: a `person` object with Extole's
 *             names, the event name in `event` written with spaces and capitals, and the time as
 *             epoch milliseconds.
 */
const crypto = require('crypto');
const { CATALOGUE_EVENTS, REWARD_STATE_DEFINITIONS, eventByKey } = require('./catalogue');

/** Every catalogue event, partner-page events first. */
const EVENTS = CATALOGUE_EVENTS.map((e) => e.key);
const PARTNER_EVENTS = CATALOGUE_EVENTS.filter((e) => e.partnerPage).map((e) => e.key);
const STYLES = ['braze', 'data-map', 'envelope', 'reward', 'reward-payload', 'person'];
/** Styles of REWARD webhook bodies that name no event: only a reward state's own event has them. */
const REWARD_ONLY_STYLES = ['reward-payload'];
const STATE_EVENTS = new Set(REWARD_STATE_DEFINITIONS.map((s) => s.event));

/**
 * The styles `event` can be sent in: every style, but the reward-only ones only for the event a
 * reward state stands for (a nameless body from the FULFILLED webhook is Reward Fulfilled: a
 * failed fulfilment cannot be told apart without its name).
 * @param {string} event
 */
function stylesFor(event) {
	return STYLES.filter((s) => STATE_EVENTS.has(event) || !REWARD_ONLY_STYLES.includes(s));
}

/**
 * How each style spells an event unless the catalogue gives a documented spelling for it
 * (`payloadNames`).
 * @type {Record<string, (event: import('./catalogue').CatalogueEvent) => string>}
 */
const DEFAULT_NAME = {
	braze: (e) => e.label,
	'data-map': (e) => e.key,
	envelope: (e) => `extole_${e.key}`,
	reward: (e) => e.key,
	// Names no event: the state of the webhook that delivers it does.
	'reward-payload': () => '',
	person: (e) => `Extole ${e.label}`,
};

/**
 * The name `style` sends for the catalogue event `key` (names the catalogue does not know are
 * sent as given).
 * @param {string} key
 * @param {string} style
 * @returns {string}
 */
function eventName(key, style) {
	const definition = eventByKey(key);
	if (!definition) return key;
	return definition.payloadNames?.[style] ?? DEFAULT_NAME[style](definition);
}

function randomId() {
	// Extole ids are long decimal strings.
	return (BigInt('0x' + crypto.randomBytes(8).toString('hex')) % 10n ** 19n).toString().padStart(19, '7');
}

/**
 * @typedef {object} Overrides
 * @property {string} [event_id]
 * @property {string} [event_time] ISO string
 * @property {string} [external_id]
 * @property {string} [email]
 * @property {string} [phone_number]
 * @property {string} [share_link]
 * @property {string} [first_name]
 * @property {string} [last_name]
 * @property {'advocate' | 'friend'} [funnel]
 * @property {boolean} [sandbox]
 * @property {Record<string, unknown>} [data] merged into the data part
 * @property {string} [name] the event name to send, replacing the style's
 * @property {boolean} [omit_event_id]
 * @property {Record<string, unknown>} [extra] top-level fields merged in last
 */

/**
 * Builds the body Extole would send for `event` (a catalogue key such as `shared` or
 * `reward_sent`) in `style`. Unknown events are sent with the given name.
 * @param {string} event
 * @param {string} [style]
 * @param {Overrides} [overrides]
 * @returns {Record<string, any>}
 */
function buildEvent(event, style = 'braze', overrides = {}) {
	if (!STYLES.includes(style)) throw new Error(`Unknown style "${style}". Styles: ${STYLES.join(', ')}`);
	const o = overrides || {};
	const definition = eventByKey(event);
	if (!stylesFor(event).includes(style)) {
		throw new Error(`Style "${style}" is a REWARD webhook body that names no event: it cannot carry "${event}"`);
	}
	const seq = crypto.randomBytes(3).toString('hex');
	const name = o.name || eventName(event, style);
	const eventId = o.event_id || randomId();
	const eventTime = o.event_time || new Date().toISOString();
	const externalId = o.external_id !== undefined ? o.external_id : `user-${seq}`;
	const email = o.email !== undefined ? o.email : `jane.doe+${seq}@example.com`;
	const phone = o.phone_number !== undefined ? o.phone_number : '+15555550123';
	const shareLink = o.share_link !== undefined ? o.share_link : `https://refer.example.com/jane${seq}`;
	const firstName = o.first_name !== undefined ? o.first_name : 'Jane';
	const lastName = o.last_name !== undefined ? o.last_name : 'Doe';
	const funnel = o.funnel || definition?.funnel || 'advocate';
	const sandbox = o.sandbox === true;
	const isReward = definition?.kind === 'reward';
	const extraData = {
		...(isReward ? { reward_face_value: '10', reward_face_value_type: 'USD', coupon_code: `REF-${seq.toUpperCase()}` } : {}),
		...(event === 'shared' ? { channel: 'EMAIL' } : {}),
		...(event === 'referred_converted' ? { order_id: `order-${seq}`, cart_value: '129.90' } : {}),
		campaign: 'Refer a Friend',
		program: 'refer-a-friend',
		...(o.data || {}),
	};
	/** @type {Record<string, any>} */
	let body;
	switch (style) {
		case 'braze':
			body = {
				event_name: name,
				event_id: eventId,
				event_time: eventTime,
				external_id: externalId,
				email,
				phone_number: phone,
				share_link: shareLink,
				first_name: firstName,
				last_name: lastName,
				funnel,
				sandbox,
				data: extraData,
			};
			break;
		case 'data-map':
			body = {
				event_name: name,
				event_id: eventId,
				data: {
					external_id: externalId,
					email,
					phone_number: phone,
					share_link: shareLink,
					first_name: firstName,
					last_name: lastName,
					funnel,
					event_time: eventTime,
					...extraData,
				},
			};
			if (sandbox) body.sandbox = true;
			break;
		case 'envelope':
			body = {
				event_id: eventId,
				client_id: '1890234767',
				event_time: eventTime,
				webhook_id: randomId(),
				cause_event_id: randomId(),
				root_event_id: randomId(),
				event_name: name,
				campaign_id: randomId(),
				program_label: 'refer-a-friend',
				sandbox,
				data: {
					partner_user_id: externalId,
					email_address: email,
					phone,
					shareable_link: shareLink,
					first_name: firstName,
					last_name: lastName,
					funnel: funnel.toUpperCase(),
					...extraData,
				},
			};
			break;
		case 'reward':
			body = {
				type: name,
				event_id: eventId,
				event_time: eventTime,
				reward_id: randomId(),
				person_id: randomId(),
				partner_user_id: externalId,
				email,
				face_value: '10',
				face_value_type: 'USD',
				reward_supplier_type: 'CUSTOM_REWARD',
				sandbox,
				data: { first_name: firstName, last_name: lastName, funnel: funnel.toUpperCase(), ...extraData },
				schema_version: 1,
			};
			break;
		case 'reward-payload':
			body = {
				reward_id: crypto.randomBytes(12).toString('hex'),
				data: {
					earned_event_value: '100.00',
					journey_name: funnel.toUpperCase(),
					rewardee_role: funnel,
					recipient_email: email,
					partner_user_id: externalId,
					first_name: firstName,
					last_name: lastName,
					...extraData,
				},
			};
			if (o.event_id) body.event_id = eventId;
			if (o.event_time) body.data.event_time = eventTime;
			if (o.name) body.type = name;
			if (sandbox) body.sandbox = true;
			break;
		case 'person':
			body = {
				event: name,
				event_id: eventId,
				timestamp: Date.parse(eventTime),
				person: {
					partner_user_id: externalId,
					email_address: email,
					phone,
					first_name: firstName,
					last_name: lastName,
					role: funnel.toUpperCase(),
				},
				share_link: shareLink,
				sandbox,
				data: extraData,
			};
			break;
		default:
			throw new Error(`Unknown style "${style}"`);
	}
	if (o.omit_event_id) {
		delete body.event_id;
	}
	return { ...body, ...(o.extra || {}) };
}

/**
 * Lower-case hex HMAC-SHA256 of the body bytes (Extole HS256 keys).
 * @param {Buffer | string} body
 * @param {string} secret
 */
function signBody(body, secret) {
	return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Headers Extole sends for a key of `algorithm` (HS256, PASSWORD, HTTP_BASIC).
 * @param {Buffer | string} bodyBytes
 * @param {string | undefined} secret
 * @param {string} [algorithm]
 * @returns {Record<string, string>}
 */
function authHeaders(bodyBytes, secret, algorithm = 'HS256') {
	if (!secret) return {};
	switch (String(algorithm).toUpperCase()) {
		case 'HS256':
			return { 'X-Extole-Signature': signBody(bodyBytes, secret) };
		case 'PASSWORD':
			return { Authorization: `Bearer ${secret}` };
		case 'HTTP_BASIC':
			return { Authorization: `Basic ${Buffer.from(secret, 'utf8').toString('base64')}` };
		default:
			throw new Error(`Unknown algorithm "${algorithm}" (HS256, PASSWORD or HTTP_BASIC)`);
	}
}

module.exports = { buildEvent, eventName, stylesFor, signBody, authHeaders, EVENTS, PARTNER_EVENTS, STYLES };
