'use strict';
/**
 * Realistic Extole webhook bodies, in each payload shape of shared/reference/extole-webhooks.md.
 * Used by the event sender (send.js), the Extole sandbox (index.js) and the tests.
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
 * - person    a `person` object with Extole's names, the event name in `event` written with
 *             spaces and capitals, and the time as epoch milliseconds.
 */
const crypto = require('crypto');

// The events and their reward states come from the one catalogue the nodes read.
const CATALOGUE = require('../../nodes/shared/extole/events.json').events;
const PARTNER_EVENTS = CATALOGUE.filter((e) => e.partnerPage).map((e) => e.key);
const REWARD_STATES = CATALOGUE.filter((e) => e.kind === 'reward' && e.key !== 'earned_reward').map((e) =>
	e.key.replace(/^reward_/, ''),
);
const EVENTS = [...PARTNER_EVENTS, ...REWARD_STATES.map((s) => `reward_${s}`)];
const STYLES = ['braze', 'data-map', 'envelope', 'reward', 'person'];

/** The name each style uses for each event (all taken from the reference's variants). */
const NAMES = {
	created_share_link: {
		braze: 'Created Share Link',
		'data-map': 'share_link_created',
		envelope: 'extole_created_share_link',
		reward: 'extole_share_link_created',
		person: 'Extole Created Share Link',
	},
	shared: {
		braze: 'Shared',
		'data-map': 'shared',
		envelope: 'extole_shared',
		reward: 'extole_shared',
		person: 'Extole Shared',
	},
	referred_signed_up: {
		braze: 'Referred Signed Up',
		'data-map': 'referral_registered',
		envelope: 'extole_signed_up',
		reward: 'registered',
		person: 'Registered',
	},
	referred_converted: {
		braze: 'Referred Converted',
		'data-map': 'converted',
		envelope: 'extole_converted',
		reward: 'purchased',
		person: 'Purchased',
	},
	subscribed: {
		braze: 'Subscribed',
		'data-map': 'subscribed',
		envelope: 'extole_subscribed',
		reward: 'subscribed',
		person: 'SUBSCRIBED',
	},
	unsubscribed: {
		braze: 'Unsubscribed',
		'data-map': 'unsubscribed',
		envelope: 'extole_unsubscribed',
		reward: 'unsubscribed',
		person: 'UNSUBSCRIBED',
	},
	earned_reward: {
		braze: 'Earned Reward',
		'data-map': 'reward_earned',
		envelope: 'extole_advocate_reward_earned',
		reward: 'reward_earned',
		person: 'Extole Reward Earned',
	},
};
for (const state of REWARD_STATES) {
	const title = state
		.split('_')
		.map((w) => w[0].toUpperCase() + w.slice(1))
		.join(' ');
	NAMES[`reward_${state}`] = {
		braze: `Reward ${title}`,
		'data-map': `reward_${state}`,
		envelope: `extole_reward_${state}`,
		reward: `reward_${state}`,
		person: `Extole Reward ${title}`,
	};
}

const FRIEND_EVENTS = new Set(['referred_signed_up', 'referred_converted']);

function randomId() {
	// Extole ids are long decimal strings.
	return (BigInt('0x' + crypto.randomBytes(8).toString('hex')) % 10n ** 19n).toString().padStart(19, '7');
}

/**
 * Builds the body Extole would send for `event` (a canonical key such as `shared` or
 * `reward_sent`) in `style`. `overrides` may set: event_id, event_time (ISO string),
 * external_id, email, phone_number, share_link, first_name, last_name, funnel
 * ('advocate'|'friend'), sandbox (boolean), data (object merged into the data part),
 * name (the event name to send, replacing the style's), and extra (top-level fields merged
 * in last). Unknown events are sent with the given name.
 */
function buildEvent(event, style = 'braze', overrides = {}) {
	if (!STYLES.includes(style)) throw new Error(`Unknown style "${style}". Styles: ${STYLES.join(', ')}`);
	const o = overrides || {};
	const seq = crypto.randomBytes(3).toString('hex');
	const name = o.name || (NAMES[event] ? NAMES[event][style] : event);
	const eventId = o.event_id || randomId();
	const eventTime = o.event_time || new Date().toISOString();
	const externalId = o.external_id !== undefined ? o.external_id : `user-${seq}`;
	const email = o.email !== undefined ? o.email : `jane.doe+${seq}@example.com`;
	const phone = o.phone_number !== undefined ? o.phone_number : '+15555550123';
	const shareLink = o.share_link !== undefined ? o.share_link : `https://refer.example.com/jane${seq}`;
	const firstName = o.first_name !== undefined ? o.first_name : 'Jane';
	const lastName = o.last_name !== undefined ? o.last_name : 'Doe';
	const funnel = o.funnel || (FRIEND_EVENTS.has(event) ? 'friend' : 'advocate');
	const sandbox = o.sandbox === true;
	const isReward = event === 'earned_reward' || String(event).startsWith('reward_');
	const extraData = {
		...(isReward ? { reward_face_value: '10', reward_face_value_type: 'USD', coupon_code: `REF-${seq.toUpperCase()}` } : {}),
		...(event === 'shared' ? { channel: 'EMAIL' } : {}),
		...(event === 'referred_converted' ? { order_id: `order-${seq}`, cart_value: '129.90' } : {}),
		campaign: 'Refer a Friend',
		program: 'refer-a-friend',
		...(o.data || {}),
	};
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

/** Lower-case hex HMAC-SHA256 of the body bytes (Extole HS256 keys). */
function signBody(body, secret) {
	return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/** Headers Extole sends for a key of `algorithm` (HS256, PASSWORD, HTTP_BASIC). */
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

module.exports = { buildEvent, signBody, authHeaders, EVENTS, PARTNER_EVENTS, REWARD_STATES, STYLES, NAMES };
