// @ts-check
'use strict';
/**
 * API-triggered delivery: POST /campaigns/trigger/send and /canvas/trigger/send (Braze docs:
 * api/endpoints/messaging/send_messages/post_send_triggered_campaigns, post_send_triggered_canvases;
 * api/objects_filters/recipient_object, trigger_properties_object, context_object).
 *
 * The send is processed when it arrives: a user whose /users/track is still queued is not there
 * yet and gets nothing, which is the race Braze documents (help/best_practices/race_conditions);
 * a recipient's `attributes` are applied first, inside the send.
 */
const v = require('../validate');
const { fatal, notAnObject } = require('./common');
const { personalizationProblem, recipientsProblem, resolveRecipient, record, sendIdProblem, newSendId } = require('./delivery');

/** @typedef {import('./common').Request} Request @typedef {import('./common').Result} Result */

/**
 * The checks both trigger endpoints share: broadcast, recipients, audience, attachments.
 * @param {Record<string, any>} body @param {string[]} propertyKeys @param {number} max
 * @returns {Result | undefined}
 */
function audienceProblem(body, propertyKeys, max) {
	if (body.broadcast !== undefined && typeof body.broadcast !== 'boolean') return fatal(400, "'broadcast' must be a boolean");
	if (body.audience !== undefined) return fatal(400, "The sandbox does not model Connected Audience filters ('audience'); send recipients or a broadcast");
	const hasRecipients = body.recipients !== undefined;
	if (body.broadcast === true && hasRecipients) return fatal(400, "If 'broadcast' is set to true, a 'recipients' list cannot be included");
	if (body.broadcast !== true && !hasRecipients) return fatal(400, "'broadcast' must be set to true if 'recipients' is omitted");
	if (hasRecipients) {
		const p = recipientsProblem(body.recipients, propertyKeys, max);
		if (p) return fatal(400, p);
		if (body.recipients.length === 0) return fatal(400, 'No Recipients');
	}
	if (body.attachments !== undefined) {
		if (body.broadcast === true) return fatal(400, "If 'broadcast' is set to true, 'attachments' cannot be included");
		if (!Array.isArray(body.attachments) || body.attachments.some((/** @type {any} */ a) => !v.isPlainObject(a) || !v.isNonEmptyString(a.file_name) || !v.isNonEmptyString(a.url)))
			return fatal(400, "'attachments' must be an array of {file_name, url}");
	}
	return undefined;
}

/**
 * The users a send targets: the recipients (within the target segment), or for a broadcast every
 * user of the target segment.
 * @param {Request} req @param {string | null} segmentId @param {(r: any) => Record<string, any> | undefined} props merged personalization of a recipient
 * @param {{subscriptionGroups: boolean}} attrs
 */
function targets({ body, ws, o }, segmentId, props, attrs) {
	if (body.broadcast === true) {
		return ws.users.filter((u) => ws.dashboard.inSegment(segmentId, u)).map((user) => ({ user, asked: { broadcast: true }, properties: props({}) }));
	}
	return body.recipients.map((/** @type {any} */ r) => {
		const user = resolveRecipient(ws, r, { arrayAttributeMaxLength: o.arrayAttributeMaxLength, subscriptionGroups: attrs.subscriptionGroups });
		const asked = r.external_user_id !== undefined ? { external_user_id: r.external_user_id } : r.user_alias ? { user_alias: r.user_alias } : r.braze_id ? { braze_id: r.braze_id } : { email: r.email };
		if (user && !ws.dashboard.inSegment(segmentId, user)) return { asked, reason: 'not in the target segment' };
		return { user, asked, properties: props(r) };
	});
}

/**
 * POST /campaigns/trigger/send
 * @param {Request} req @returns {Result}
 */
function campaignTriggerSend(req) {
	const { body, ws, o } = req;
	const bad = notAnObject(body);
	if (bad) return bad;
	if (!v.isNonEmptyString(body.campaign_id)) return fatal(400, "'campaign_id' is required");
	const campaign = ws.dashboard.campaigns.get(body.campaign_id);
	// "400 Invalid Campaign ID: No messaging API campaign was found for your provided campaign ID" (api/errors)
	if (!campaign || campaign.delivery !== 'api_triggered') return fatal(400, 'Invalid Campaign ID');
	const sendProblem = sendIdProblem(ws, body.send_id, campaign.id);
	if (sendProblem) return fatal(400, sendProblem);
	const tp = personalizationProblem('trigger_properties', body.trigger_properties);
	if (tp) return fatal(400, tp);
	const audience = audienceProblem(body, ['trigger_properties'], o.maxIdsPerRequest);
	if (audience) return audience;
	const sendId = body.send_id ?? (body.broadcast === true ? newSendId() : undefined);
	// a recipient's trigger_properties "override any keys that conflict with the parent trigger_properties"
	const props = (/** @type {any} */ r) => (body.trigger_properties || r.trigger_properties ? { ...body.trigger_properties, ...r.trigger_properties } : undefined);
	const list = targets(req, campaign.segment_id, props, { subscriptionGroups: true });
	const sent = record(ws, { source: 'campaign', campaign_id: campaign.id, send_id: sendId, name: campaign.name, channels: campaign.channels, broadcast: body.broadcast === true }, list, 'trigger_properties');
	/** @type {Record<string, any>} */
	const out = { dispatch_id: sent.dispatch_id, message: 'success' };
	if (body.broadcast === true) out.send_id = sendId;
	return { status: 201, body: out, changed: true };
}

/**
 * POST /canvas/trigger/send. Canvas personalization is `context` (formerly
 * `canvas_entry_properties`, which the sandbox still accepts); a Canvas that is not active sends
 * nothing and the answer carries a `notice`.
 * @param {Request} req @returns {Result}
 */
function canvasTriggerSend(req) {
	const { body, ws, o } = req;
	const bad = notAnObject(body);
	if (bad) return bad;
	if (!v.isNonEmptyString(body.canvas_id)) return fatal(400, "'canvas_id' is required");
	const canvas = ws.dashboard.canvases.get(body.canvas_id);
	if (!canvas || canvas.delivery !== 'api_triggered') return fatal(400, 'Invalid Canvas ID');
	if (body.context !== undefined && body.canvas_entry_properties !== undefined) return fatal(400, "Send 'context' or 'canvas_entry_properties', not both");
	for (const k of ['context', 'canvas_entry_properties']) {
		const p = personalizationProblem(k, body[k]);
		if (p) return fatal(400, p);
	}
	const audience = audienceProblem(body, ['context', 'canvas_entry_properties'], o.maxIdsPerRequest);
	if (audience) return audience;
	const notice =
		canvas.status === 'archived'
			? 'The Canvas is archived. Unarchive the Canvas to ensure trigger requests will take effect.'
			: canvas.status !== 'active'
				? 'The Canvas is paused. Resume the Canvas to ensure trigger requests will take effect.'
				: undefined;
	const top = body.context ?? body.canvas_entry_properties;
	const props = (/** @type {any} */ r) => {
		const own = r.context ?? r.canvas_entry_properties;
		return top || own ? { ...top, ...own } : undefined;
	};
	// "by default, subscription groups cannot be updated this way" (Attributes object for Canvas)
	const list = notice ? [] : targets(req, canvas.segment_id, props, { subscriptionGroups: false });
	const sent = record(ws, { source: 'canvas', canvas_id: canvas.id, name: canvas.name, channels: canvas.channels, broadcast: body.broadcast === true, notice }, list, 'context');
	/** @type {Record<string, any>} */
	const out = { dispatch_id: sent.dispatch_id, message: 'success' };
	if (notice) out.notice = notice;
	return { status: 201, body: out, changed: true };
}

module.exports = { campaignTriggerSend, canvasTriggerSend };
