// @ts-check
'use strict';
/**
 * POST /messages/send and /sends/id/create (Braze docs: api/endpoints/messaging/send_messages/
 * post_send_messages, post_create_send_ids; the messaging objects under
 * api/objects_filters/messaging/; api/errors for the fixed messages).
 */
const v = require('../validate');
const { fatal, notAnObject } = require('./common');
const { record, sendIdProblem, newSendId } = require('./delivery');

/** @typedef {import('./common').Request} Request @typedef {import('./common').Result} Result */

/** Messaging object keys and the channel each sends on. */
const MESSAGE_CHANNELS = {
	email: 'email',
	sms: 'sms',
	whats_app: 'whats_app',
	apple_push: 'push',
	android_push: 'push',
	kindle_push: 'push',
	web_push: 'push',
	webhook: 'webhook',
	content_card: 'content_card',
};
/** "Apple Push Length Exceeded: JSON payload is more than 1,912 bytes"; Android: 4,000 bytes (api/errors). */
const PUSH_MAX_BYTES = { apple_push: 1912, android_push: 4000 };

/**
 * @param {string} type a messaging object key @param {any} m its object
 * @returns {string | undefined}
 */
function messageProblem(type, m) {
	if (!v.isPlainObject(m)) return `'messages.${type}' must be an object`;
	if (type === 'email') {
		// Braze docs: messaging/email_object
		if (!v.isNonEmptyString(m.app_id)) return "email: 'app_id' is required";
		if (typeof m.from !== 'string' || !/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(m.from.trim()))
			return "email: 'from' is required, as \"Display Name <email@address.com>\"";
		if (!v.isNonEmptyString(m.body) && !v.isNonEmptyString(m.email_template_id)) return "email: 'body' is required unless 'email_template_id' is given";
	}
	if (type === 'sms') {
		// Braze docs: messaging/sms_object
		for (const k of ['subscription_group_id', 'body', 'app_id']) if (!v.isNonEmptyString(m[k])) return `sms: '${k}' is required`;
	}
	if (type === 'apple_push' || type === 'android_push') {
		if (m.extra !== undefined && !v.isPlainObject(m.extra)) return 'Invalid Extra Push Payload';
		if (v.jsonBytes(m) > PUSH_MAX_BYTES[type]) return type === 'apple_push' ? 'Apple Push Length Exceeded' : 'Android Push Length Exceeded';
	}
	if (type === 'webhook' && !v.isNonEmptyString(m.url)) return "webhook: 'url' is required";
	return undefined;
}

/**
 * Checks `messages`, and with an API campaign their `message_variation_id`s.
 * @param {any} messages @param {import('../dashboard').Campaign | undefined} campaign
 * @returns {{problem?: string, channels: string[]}}
 */
function messagesCheck(messages, campaign) {
	if (!v.isPlainObject(messages) || Object.keys(messages).length === 0) return { problem: 'No message to send', channels: [] };
	const unknown = Object.keys(messages).filter((k) => !(k in MESSAGE_CHANNELS));
	if (unknown.length) return { problem: `Unknown messaging object: ${unknown.join(', ')}`, channels: [] };
	/** @type {string[]} */
	const channels = [];
	for (const [type, m] of Object.entries(messages)) {
		const problem = messageProblem(type, m);
		if (problem) return { problem, channels };
		const channel = MESSAGE_CHANNELS[/** @type {keyof typeof MESSAGE_CHANNELS} */ (type)];
		if (campaign) {
			if (!v.isNonEmptyString(m.message_variation_id)) return { problem: 'Message Variant Unspecified', channels };
			const variation = campaign.variations.find((x) => x.id === m.message_variation_id);
			if (!variation) return { problem: 'Invalid Message Variant', channels };
			if (variation.channel !== channel) return { problem: 'Mismatched Message Type', channels };
		}
		if (!channels.includes(channel)) channels.push(channel);
	}
	return { channels };
}

/**
 * POST /messages/send: to up to 50 users by external_user_ids / user_aliases, or a segment as a
 * broadcast (users given with a segment get the message only if they are in it).
 * @param {Request} req @returns {Result}
 */
function messagesSend({ body, ws, o }) {
	const bad = notAnObject(body);
	if (bad) return bad;
	if (body.broadcast !== undefined && typeof body.broadcast !== 'boolean') return fatal(400, "'broadcast' must be a boolean");
	if (body.audience !== undefined) return fatal(400, "The sandbox does not model Connected Audience filters ('audience')");
	const ids = body.external_user_ids ?? [];
	const aliases = body.user_aliases ?? [];
	if (!Array.isArray(ids) || ids.some((x) => !v.isNonEmptyString(x))) return fatal(400, "'external_user_ids' must be an array of strings");
	if (!Array.isArray(aliases) || aliases.some((a) => !v.isAlias(a))) return fatal(400, "'user_aliases' must be an array of {alias_name, alias_label}");
	if (ids.length + aliases.length > o.maxIdsPerRequest) return fatal(400, 'The max number of ids per request was exceeded');
	const users = ids.length + aliases.length > 0;
	if (body.segment_id !== undefined && !v.isNonEmptyString(body.segment_id)) return fatal(400, "'segment_id' must be a string");
	if (!users && body.segment_id === undefined) return fatal(400, 'No Recipients');
	if (!users && body.broadcast !== true) return fatal(400, "'broadcast' must be set to true when no external_user_ids or user_aliases are given");
	if (users && body.broadcast === true) return fatal(400, "If 'broadcast' is set to true, no external_user_ids or user_aliases can be included");
	const segment = body.segment_id !== undefined ? ws.dashboard.segments.get(body.segment_id) : undefined;
	if (body.segment_id !== undefined && (!segment || segment.archived)) return fatal(400, 'Invalid segment ID');
	let campaign;
	if (body.campaign_id !== undefined) {
		campaign = v.isNonEmptyString(body.campaign_id) ? ws.dashboard.campaigns.get(body.campaign_id) : undefined;
		if (!campaign || campaign.delivery !== 'api') return fatal(400, 'Invalid Campaign ID');
	}
	if (body.send_id !== undefined && !campaign) return fatal(400, "'send_id' needs a 'campaign_id'");
	const sendProblem = sendIdProblem(ws, body.send_id, campaign?.id);
	if (sendProblem) return fatal(400, sendProblem);
	if (body.override_frequency_capping !== undefined && typeof body.override_frequency_capping !== 'boolean') return fatal(400, "'override_frequency_capping' must be a boolean");
	const subscription = body.recipient_subscription_state ?? 'subscribed';
	if (!['opted_in', 'subscribed', 'all'].includes(subscription)) return fatal(400, "'recipient_subscription_state' must be opted_in, subscribed or all");
	const { problem, channels } = messagesCheck(body.messages, campaign);
	if (problem) return fatal(400, problem);

	const segmentId = segment ? segment.id : null;
	const list = users
		? [
				...ids.map((/** @type {string} */ id) => ({ user: ws.byExternalId(id), asked: { external_user_id: id } })),
				...aliases.map((/** @type {any} */ a) => ({ user: ws.byAlias(a), asked: { user_alias: a } })),
			].map((t) => (t.user && !ws.dashboard.inSegment(segmentId, t.user) ? { asked: t.asked, reason: 'not in the segment' } : { ...t, properties: body.messages }))
		: ws.users.filter((u) => ws.dashboard.inSegment(segmentId, u)).map((user) => ({ user, asked: { broadcast: true }, properties: body.messages }));
	const sendId = body.send_id ?? (body.broadcast === true ? newSendId() : undefined);
	const name = campaign ? campaign.name : 'API message';
	const sent = record(ws, { source: 'messages/send', campaign_id: campaign?.id, send_id: sendId, name, channels, subscription, broadcast: body.broadcast === true }, list, 'messages');
	/** @type {Record<string, any>} */
	const out = { dispatch_id: sent.dispatch_id, message: 'success' };
	if (body.broadcast === true) out.send_id = sendId;
	return { status: 201, body: out, changed: true };
}

/**
 * POST /sends/id/create: a send id for a campaign (the daily maximum of 100 is the rate limit of
 * its family, sends.id.create).
 * @param {Request} req @returns {Result}
 */
function sendsIdCreate({ body, ws }) {
	const bad = notAnObject(body);
	if (bad) return bad;
	if (!v.isNonEmptyString(body.campaign_id)) return fatal(400, "'campaign_id' is required");
	const campaign = ws.dashboard.campaigns.get(body.campaign_id);
	if (!campaign || (campaign.delivery !== 'api' && campaign.delivery !== 'api_triggered')) return fatal(400, 'Invalid Campaign ID');
	const sendId = body.send_id === undefined ? newSendId() : body.send_id;
	if (typeof sendId !== 'string' || !/^[\x20-\x7e]{1,64}$/.test(sendId)) return fatal(400, "'send_id' must be at most 64 ASCII characters");
	ws.dashboard.sendIds.add(`${campaign.id} ${sendId}`);
	return { status: 201, body: { message: 'success', send_id: sendId }, changed: true };
}

module.exports = { messagesSend, sendsIdCreate, MESSAGE_CHANNELS };
