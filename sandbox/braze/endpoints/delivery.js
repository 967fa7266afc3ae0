// @ts-check
'use strict';
/**
 * What the messaging endpoints share: the recipients object and its checks (Braze docs:
 * api/objects_filters/recipient_object), finding the users a send reaches, and recording what was
 * "sent" to each (the sandbox sends nothing: it records the message on the user and in the
 * workspace's dispatches, and in the export's campaigns_received / canvases_received).
 */
const crypto = require('crypto');
const { Workspace, touch } = require('../state');
const v = require('../validate');
const { clone } = require('./common');
const { attributesProblem, applyAttributes } = require('./attributes');

/** Braze docs: trigger_properties_object, context_object ("maximum size limit of 50 KB"). */
const PROPERTIES_MAX_BYTES = 50 * 1024;
/** Kept per workspace for inspection. */
const MAX_DISPATCHES = 1000;

/** @param {string} kind @param {unknown} props @returns {string | undefined} */
function personalizationProblem(kind, props) {
	if (props === undefined) return undefined;
	if (!v.isPlainObject(props)) return `'${kind}' must be an object`;
	if (v.jsonBytes(props) > PROPERTIES_MAX_BYTES) return `'${kind}' is larger than 50 KB`;
	return undefined;
}

const RECIPIENT_IDS = ['external_user_id', 'user_alias', 'braze_id', 'email'];

/**
 * Checks a `recipients` array of /campaigns/trigger/send or /canvas/trigger/send.
 * @param {unknown} recipients
 * @param {string[]} propertyKeys the per-recipient personalization keys allowed
 * @param {number} max
 * @returns {string | undefined}
 */
function recipientsProblem(recipients, propertyKeys, max) {
	if (!Array.isArray(recipients)) return "'recipients' must be an array";
	if (recipients.length > max) return 'The max number of ids per request was exceeded';
	for (const [i, r] of recipients.entries()) {
		const at = `recipients[${i}]`;
		if (!v.isPlainObject(r)) return `${at} must be an object`;
		const ids = RECIPIENT_IDS.filter((k) => r[k] !== undefined);
		if (ids.length !== 1) return `${at}: exactly one of ${RECIPIENT_IDS.join(', ')} is required`;
		if (r.external_user_id !== undefined && !v.isNonEmptyString(r.external_user_id)) return `${at}: external_user_id must be a non-empty string`;
		if (r.braze_id !== undefined && !v.isNonEmptyString(r.braze_id)) return `${at}: braze_id must be a non-empty string`;
		if (r.user_alias !== undefined && !v.isAlias(r.user_alias)) return `${at}: user_alias requires alias_name and alias_label`;
		if (r.email !== undefined) {
			if (!v.isEmail(r.email)) return `${at}: invalid email address`;
			const p = v.prioritizationProblem(r.prioritization);
			if (p) return `${at}: ${p}`;
		}
		if (r.send_to_existing_only !== undefined && typeof r.send_to_existing_only !== 'boolean') return `${at}: send_to_existing_only must be a boolean`;
		if (r.send_to_existing_only === false) {
			if (r.external_user_id === undefined) return `${at}: send_to_existing_only false creates users by external_user_id only (not for user aliases)`;
			if (r.attributes === undefined) return `${at}: send_to_existing_only false needs an attributes object`;
		}
		if (r.attributes !== undefined) {
			if (!v.isPlainObject(r.attributes)) return `${at}: attributes must be an object`;
			const p = attributesProblem(r.attributes);
			if (p) return `${at}: attributes: ${p}`;
		}
		for (const k of propertyKeys) {
			const p = personalizationProblem(k, r[k]);
			if (p) return `${at}: ${p}`;
		}
	}
	return undefined;
}

/**
 * The user a recipient names, after its `attributes` are applied ("processes the attributes object
 * before it processes and sends", post_send_triggered_campaigns). Unknown users are created only
 * with `send_to_existing_only: false`.
 * @param {Workspace} ws
 * @param {Record<string, any>} r a valid recipient
 * @param {{arrayAttributeMaxLength: number, subscriptionGroups?: boolean}} o
 * @returns {Record<string, any> | undefined}
 */
function resolveRecipient(ws, r, o) {
	let user;
	if (r.external_user_id !== undefined) {
		user = ws.byExternalId(r.external_user_id);
		if (!user && r.send_to_existing_only === false) user = ws.createUser({ external_id: r.external_user_id });
	} else if (r.user_alias !== undefined) user = ws.byAlias(r.user_alias);
	else if (r.braze_id !== undefined) user = ws.byBrazeId(r.braze_id);
	else user = Workspace.pick(ws.byEmail(r.email), r.prioritization);
	if (user && r.attributes) {
		applyAttributes(ws, user, r.attributes, o);
		touch(user);
	}
	return user;
}

/**
 * The channels of a message a user can receive. Email needs an address and, by the audience's
 * subscription setting (default "subscribed or opted-in"), a matching email_subscribe; SMS and
 * WhatsApp need a phone; push needs a push token (sandbox users have none).
 * @param {Record<string, any>} user
 * @param {string[]} channels
 * @param {string} [subscription] 'opted_in' | 'subscribed' | 'all'
 * @returns {{sent: string[], skipped: {channel: string, reason: string}[]}}
 */
function reachable(user, channels, subscription = 'subscribed') {
	/** @type {string[]} */
	const sent = [];
	/** @type {{channel: string, reason: string}[]} */
	const skipped = [];
	const a = user.attributes;
	for (const channel of channels) {
		let reason;
		if (channel === 'email') {
			if (!a.email) reason = 'no email address';
			else if (subscription === 'opted_in' && a.email_subscribe !== 'opted_in') reason = `email_subscribe is ${a.email_subscribe}, not opted_in`;
			else if (subscription === 'subscribed' && a.email_subscribe === 'unsubscribed') reason = 'email_subscribe is unsubscribed';
		} else if (channel === 'sms' || channel === 'whats_app') {
			if (!a.phone) reason = 'no phone number';
		} else if (channel === 'push') reason = 'no push token';
		if (reason) skipped.push({ channel, reason });
		else sent.push(channel);
	}
	return { sent, skipped };
}

/** @returns {string} a new dispatch id */
const newDispatchId = () => crypto.randomBytes(16).toString('hex');

/**
 * @typedef {object} Send
 * @property {'campaign' | 'canvas' | 'messages/send'} source
 * @property {string} [campaign_id]
 * @property {string} [canvas_id]
 * @property {string} [send_id]
 * @property {string} name what the user received (campaign or Canvas name)
 * @property {string[]} channels
 * @property {string} [subscription] the recipient subscription state required for email
 * @property {boolean} broadcast
 * @property {string} [notice]
 */

/**
 * Records a send: what each reached user received, and the dispatch with every recipient's outcome.
 * @param {Workspace} ws
 * @param {Send} send
 * @param {{user?: Record<string, any>, asked: any, properties?: Record<string, any>, reason?: string}[]} targets
 * @param {string} [propertyName] 'trigger_properties' | 'context' | 'messages'
 * @returns {{dispatch_id: string, sent: number}}
 */
function record(ws, send, targets, propertyName) {
	const dispatchId = newDispatchId();
	const time = new Date().toISOString();
	const seen = new Set();
	const outcomes = [];
	let sent = 0;
	for (const t of targets) {
		const who = t.user ? { external_id: t.user.external_id, braze_id: t.user.braze_id } : {};
		if (!t.user || seen.has(t.user)) {
			// "Braze dedupes the user ... leaving one" (recipient_object)
			outcomes.push({ asked: t.asked, ...who, status: 'not_sent', reason: t.reason || (t.user ? 'duplicate recipient' : 'no such user') });
			continue;
		}
		seen.add(t.user);
		const { sent: channels, skipped } = reachable(t.user, send.channels, send.subscription);
		if (channels.length === 0) {
			outcomes.push({ asked: t.asked, ...who, status: 'not_sent', reason: skipped.map((s) => `${s.channel}: ${s.reason}`).join('; ') });
			continue;
		}
		sent++;
		/** @type {Record<string, any>} */
		const message = { dispatch_id: dispatchId, source: send.source, name: send.name, channels, sent_at: time };
		if (send.campaign_id) message.campaign_id = send.campaign_id;
		if (send.canvas_id) message.canvas_id = send.canvas_id;
		if (send.send_id) message.send_id = send.send_id;
		if (propertyName && t.properties !== undefined) message[propertyName] = clone(t.properties);
		t.user.messages = [...(t.user.messages || []), message];
		if (send.campaign_id) {
			t.user.campaigns_received = t.user.campaigns_received || {};
			t.user.campaigns_received[send.campaign_id] = {
				name: send.name,
				api_campaign_id: send.campaign_id,
				last_received: time,
				engaged: { opened_email: false, opened_push: false, clicked_email: false, clicked_triggered_in_app_message: false },
				converted: false,
			};
		}
		if (send.canvas_id) {
			t.user.canvases_received = t.user.canvases_received || {};
			t.user.canvases_received[send.canvas_id] = { name: send.name, api_canvas_id: send.canvas_id, last_entered: time, last_received_message: time, in_control: false };
		}
		touch(t.user);
		outcomes.push({ asked: t.asked, ...who, status: 'sent', channels, ...(skipped.length ? { skipped } : {}) });
	}
	const { source, campaign_id, canvas_id, send_id, name, broadcast, notice } = send;
	ws.dispatches.push({ dispatch_id: dispatchId, time, source, campaign_id, canvas_id, send_id, name, broadcast, notice, recipients: outcomes });
	if (ws.dispatches.length > MAX_DISPATCHES) ws.dispatches.splice(0, ws.dispatches.length - MAX_DISPATCHES);
	return { dispatch_id: dispatchId, sent };
}

/**
 * Checks a `send_id`: ASCII, at most 64 characters, created for this campaign with /sends/id/create
 * (Braze docs: api/identifier_types, "Send identifier").
 * @param {Workspace} ws @param {unknown} sendId @param {string | undefined} campaignId
 * @returns {string | undefined}
 */
function sendIdProblem(ws, sendId, campaignId) {
	if (sendId === undefined) return undefined;
	if (typeof sendId !== 'string' || !/^[\x20-\x7e]{1,64}$/.test(sendId)) return "'send_id' must be at most 64 ASCII characters";
	if (!campaignId || !ws.dashboard.sendIds.has(`${campaignId} ${sendId}`)) return `'send_id' ${sendId} was not created for this campaign (POST /sends/id/create)`;
	return undefined;
}

/** @returns {string} a send id Braze generates for a broadcast without one */
const newSendId = () => `send-${crypto.randomBytes(8).toString('hex')}`;

module.exports = { PROPERTIES_MAX_BYTES, personalizationProblem, recipientsProblem, resolveRecipient, reachable, record, sendIdProblem, newSendId, newDispatchId };
