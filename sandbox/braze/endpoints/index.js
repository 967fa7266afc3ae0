// @ts-check
'use strict';
/**
 * The Braze REST endpoints the sandbox plays: path -> method, key permission, rate-limit family
 * and handler. Each page named is under Braze docs: api/endpoints/.
 */
const { track } = require('./track');
const { exportIds } = require('./export');
const { aliasNew, identify, del } = require('./identity');
const { usersMerge } = require('./merging');
const { rename, remove } = require('./external-ids');
const { subscriptionStatusSet, subscriptionStatusGet, emailStatus } = require('./subscriptions');
const { campaignTriggerSend, canvasTriggerSend } = require('./messaging');
const { messagesSend, sendsIdCreate } = require('./messages');
const { campaignsList, canvasList, segmentsList } = require('./lists');

/**
 * @typedef {object} Endpoint
 * @property {'GET' | 'POST'} method
 * @property {string} permission the key permission it needs
 * @property {string | ((body: any) => string)} family its rate-limit family (sends: by their body)
 * @property {(req: import('./common').Request) => import('./common').Result} handler
 */

/**
 * "When specifying a segment or Connected Audience in your request, we apply a rate limit of 250
 * requests per minute ... Otherwise ... 250,000 requests per hour" (the send endpoints' rate limit).
 * @param {any} body @returns {string}
 */
function sendFamily(body) {
	const b = body && typeof body === 'object' ? body : {};
	return b.broadcast === true || b.audience !== undefined || b.segment_id !== undefined ? 'messages.broadcast' : 'default';
}

/** @type {Record<string, Endpoint>} */
const ENDPOINTS = {
	// user_data/
	'/users/track': { method: 'POST', permission: 'users.track', family: 'users.track', handler: track },
	'/users/alias/new': { method: 'POST', permission: 'users.alias.new', family: 'users.identity', handler: aliasNew },
	'/users/identify': { method: 'POST', permission: 'users.identify', family: 'users.identity', handler: identify },
	'/users/delete': { method: 'POST', permission: 'users.delete', family: 'users.identity', handler: del },
	'/users/merge': { method: 'POST', permission: 'users.merge', family: 'users.identity', handler: usersMerge },
	'/users/external_ids/rename': { method: 'POST', permission: 'users.external_ids.rename', family: 'users.external_ids.rename', handler: rename },
	'/users/external_ids/remove': { method: 'POST', permission: 'users.external_ids.remove', family: 'users.external_ids.remove', handler: remove },
	// export/
	'/users/export/ids': { method: 'POST', permission: 'users.export.ids', family: 'users.export.ids', handler: exportIds },
	'/campaigns/list': { method: 'GET', permission: 'campaigns.list', family: 'default', handler: campaignsList },
	'/canvas/list': { method: 'GET', permission: 'canvas.list', family: 'default', handler: canvasList },
	'/segments/list': { method: 'GET', permission: 'segments.list', family: 'default', handler: segmentsList },
	// subscription_groups/ and email/
	'/v2/subscription/status/set': { method: 'POST', permission: 'subscription.status.set', family: 'subscription.status.set', handler: subscriptionStatusSet },
	'/subscription/status/get': { method: 'GET', permission: 'subscription.status.get', family: 'default', handler: subscriptionStatusGet },
	'/email/status': { method: 'POST', permission: 'email.status', family: 'default', handler: emailStatus },
	// messaging/send_messages/
	'/campaigns/trigger/send': { method: 'POST', permission: 'campaigns.trigger.send', family: sendFamily, handler: campaignTriggerSend },
	'/canvas/trigger/send': { method: 'POST', permission: 'canvas.trigger.send', family: sendFamily, handler: canvasTriggerSend },
	'/messages/send': { method: 'POST', permission: 'messages.send', family: sendFamily, handler: messagesSend },
	'/sends/id/create': { method: 'POST', permission: 'sends.id.create', family: 'sends.id.create', handler: sendsIdCreate },
};

/** Every permission the sandbox checks. `*` grants them all. */
const PERMISSIONS = [...new Set(Object.values(ENDPOINTS).map((e) => e.permission))];

module.exports = { ENDPOINTS, PERMISSIONS, sendFamily };
