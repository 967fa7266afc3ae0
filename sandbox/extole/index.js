// @ts-check
'use strict';
/**
 * Extole sandbox: a local stand-in for the parts of Extole's REST API that the Extole Trigger
 * uses to register itself (api.js), plus Extole's outbound webhook delivery (delivery.js:
 * signed with the webhook's client key, retried on non-2xx, duplicates on demand).
 *
 *   const { startExtoleSandbox } = require('./sandbox/extole');
 *   const ex = await startExtoleSandbox({ host: '127.0.0.1', port: 0, accessToken: 'tok',
 *                                         retrySchedule: [50, 100, 200] });
 *   ex.url                         // http://127.0.0.1:<port>
 *   ex.webhooks() / ex.keys()      // live (not archived) webhooks and client keys
 *   await ex.deliver('shared', { duplicates: 1 })   // to every matching webhook
 *   ex.deliveries()                // every delivery with its attempts and statuses
 *   await ex.stop()
 *
 * Admin API (no auth), for tests, demos and other processes:
 *   GET  /_sandbox/webhooks, /_sandbox/keys, /_sandbox/deliveries, /_sandbox/requests
 *   POST /_sandbox/deliver  {event|body, style?, overrides?, duplicates?, concurrent?, webhookId?, type?, rewardState?}
 *   POST /_sandbox/webhooks/{id}/campaign   (a campaign now uses the webhook)
 *   POST /_sandbox/reset
 */
const http = require('http');
const { STYLES } = require('./payloads');
const { REWARD_STATES, rewardStateOf } = require('./catalogue');
const { newId, send, error, readJson } = require('./http');
const { createState, webhookView, publicKey } = require('./state');
const { createApi } = require('./api');
const { createDelivery } = require('./delivery');

/**
 * @typedef {object} SandboxOptions
 * @property {string} [host]
 * @property {number} [port] 0 = any free port
 * @property {string | string[]} [accessToken] the token(s) the REST API accepts
 * @property {string} [clientId]
 * @property {number[]} [retrySchedule] waits in ms before each retry
 * @property {number} [deliveryTimeoutMs]
 */

/** @param {SandboxOptions} [options] */
async function startExtoleSandbox(options = {}) {
	const {
		host = '127.0.0.1',
		port = 0,
		accessToken = 'extole-sandbox-token',
		clientId = '1890234767',
		retrySchedule = [100, 250, 500, 1000],
		deliveryTimeoutMs = 5000,
	} = options;
	const tokens = new Set(Array.isArray(accessToken) ? accessToken : [accessToken]);
	const state = createState();
	const handleApi = createApi(state, { tokens, clientId });
	const { deliver, idle } = createDelivery(state, { retrySchedule, deliveryTimeoutMs });

	/**
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 * @param {URL} url
	 */
	async function handleAdmin(req, res, url) {
		const parts = url.pathname.split('/').filter(Boolean);
		const b = req.method === 'POST' ? await readJson(req) : { ok: true, value: undefined };
		if (!b.ok) return error(res, 400, 'invalid_json', 'Request body is not valid JSON');
		const input = ('value' in b && b.value) || {};
		if (req.method === 'GET' && parts[1] === 'webhooks') return send(res, 200, api.webhooks());
		if (req.method === 'GET' && parts[1] === 'keys') return send(res, 200, api.keys());
		if (req.method === 'GET' && parts[1] === 'deliveries') return send(res, 200, api.deliveries());
		if (req.method === 'GET' && parts[1] === 'requests') return send(res, 200, api.requests());
		if (req.method === 'POST' && parts[1] === 'reset') {
			api.reset();
			return send(res, 200, { ok: true });
		}
		if (req.method === 'POST' && parts[1] === 'deliver') {
			const event = input.body !== undefined ? (typeof input.body === 'string' ? input.body : JSON.stringify(input.body)) : input.event;
			if (event === undefined) return error(res, 400, 'missing_event', 'Give event (a key such as "shared", or an object) or body');
			if (input.style && !STYLES.includes(input.style)) return error(res, 400, 'invalid_style', `style: ${STYLES.join(', ')}`);
			if (input.rewardState && !REWARD_STATES.includes(String(input.rewardState).toUpperCase())) {
				return error(res, 400, 'invalid_reward_state', `rewardState: ${REWARD_STATES.join(', ')}`);
			}
			const records = await deliver(event, input);
			return send(res, 200, records);
		}
		if (req.method === 'POST' && parts[1] === 'webhooks' && parts[3] === 'campaign') {
			if (!api.attachCampaign(parts[2], input.campaign_id)) return error(res, 404, 'webhook_not_found', 'Webhook not found');
			return send(res, 200, { ok: true });
		}
		return error(res, 404, 'not_found', `No admin route for ${req.method} ${url.pathname}`);
	}

	const server = http.createServer((req, res) => {
		const url = new URL(req.url || '/', 'http://sandbox.local');
		const isAdmin = url.pathname.startsWith('/_sandbox/');
		if (!isAdmin) {
			/** @type {import('./state').RequestRecord} */
			const entry = { at: new Date().toISOString(), method: req.method, path: url.pathname, query: url.search, status: null };
			res.on('finish', () => {
				entry.status = res.statusCode;
			});
			state.requests.push(entry);
		}
		(isAdmin ? handleAdmin : handleApi)(req, res, url).catch((e) => {
			if (!res.headersSent) error(res, 500, 'sandbox_error', String(e && e.message));
		});
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(undefined));
	});
	const address = /** @type {import('net').AddressInfo} */ (server.address());
	const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;

	const api = {
		url,
		port: address.port,
		/** Live webhooks (archived ones are left out unless `{ archived: true }`). */
		webhooks: ({ archived = false } = {}) =>
			[...state.webhooks.values()]
				.filter((w) => archived || !w.archived)
				.map((w) => ({ ...webhookView(w), archived: w.archived, filters: w.filters.map((f) => ({ ...f })) })),
		/** Live client keys, without their secret unless `{ secrets: true }`. */
		keys: ({ archived = false, secrets = false } = {}) =>
			[...state.keys.values()]
				.filter((k) => archived || !k.archived)
				.map((k) => (secrets ? { ...k } : publicKey(k))),
		deliveries: () => state.deliveries.map((d) => ({ ...d, attempts: d.attempts.map((a) => ({ ...a })) })),
		requests: () => state.requests.map((r) => ({ ...r })),
		deliver,
		/**
		 * Marks a webhook as used by a campaign (DELETE then answers 400 like Extole).
		 * @param {string} webhookId
		 * @param {string} [campaignId]
		 */
		attachCampaign(webhookId, campaignId = newId()) {
			const w = state.webhooks.get(String(webhookId));
			if (!w) return false;
			w.campaign_ids.add(String(campaignId));
			return true;
		},
		/** @param {string} webhookId */
		detachCampaigns(webhookId) {
			const w = state.webhooks.get(String(webhookId));
			if (w) w.campaign_ids.clear();
		},
		reset() {
			state.webhooks.clear();
			state.keys.clear();
			state.deliveries.length = 0;
			state.requests.length = 0;
		},
		/** Waits for deliveries in progress (including retries). */
		idle,
		async stop() {
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
	return api;
}

module.exports = { startExtoleSandbox, rewardStateOf, REWARD_STATES };
