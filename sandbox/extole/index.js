'use strict';
/**
 * Extole sandbox: a local stand-in for the parts of Extole's REST API that the Extole Trigger
 * uses to register itself, plus Extole's outbound webhook delivery (signed with the webhook's
 * client key, retried on non-2xx, duplicates on demand).
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
 * REST API (Authorization: Bearer <accessToken>, else 401):
 *   GET  /v4/tokens, GET /v2/me
 *   GET  /v6/webhooks?type=&enabled=      POST /v6/webhooks
 *   GET|PUT|DELETE /v6/webhooks/{id}      (DELETE archives; 400 while a campaign uses it)
 *   GET|POST /v4/webhooks/reward/{id}/filters[/state]   DELETE /v4/webhooks/reward/{id}/filters/{fid}
 *   GET|POST /v2/settings/security/keys   GET|DELETE /v2/settings/security/keys/{id}
 * Admin API (no auth), for tests, demos and other processes:
 *   GET  /_sandbox/webhooks, /_sandbox/keys, /_sandbox/deliveries, /_sandbox/requests
 *   POST /_sandbox/deliver  {event|body, style?, overrides?, duplicates?, concurrent?, webhookId?, type?}
 *   POST /_sandbox/webhooks/{id}/campaign   (a campaign now uses the webhook)
 *   POST /_sandbox/reset
 */
const http = require('http');
const crypto = require('crypto');
const { buildEvent, authHeaders, STYLES } = require('./payloads');

const WEBHOOK_TYPES = ['CLIENT', 'GENERIC', 'PARTNER', 'REWARD'];
const METHODS = ['POST', 'GET', 'PUT', 'PATCH'];
const ALGORITHMS = ['HS256', 'PASSWORD', 'HTTP_BASIC'];
// Extole's reward states, from the one event catalogue the nodes read.
const REWARD_STATES = require('../../nodes/shared/extole/events.json')
	.events.filter((e) => e.rewardState)
	.map((e) => e.rewardState);

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function newId() {
	return (BigInt('0x' + crypto.randomBytes(8).toString('hex')) % 10n ** 19n).toString().padStart(19, '9');
}

function isHttpUrl(value) {
	try {
		const u = new URL(value);
		return u.protocol === 'http:' || u.protocol === 'https:';
	} catch {
		return false;
	}
}

/** The reward state an event stands for (EARNED, SENT ...), or null for person events. */
function rewardStateOf(body) {
	const raw = [body && body.type, body && body.event_name, body && body.event, body && body.name].find(
		(v) => typeof v === 'string',
	);
	if (!raw) return null;
	let n = raw
		.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
	while (n.startsWith('extole_')) n = n.slice(7);
	n = n.replace(/^(advocate|friend)_/, '');
	if (n === 'earned_reward' || n === 'reward_earned') return 'EARNED';
	if (n === 'reward_cancelled') return 'CANCELED';
	const m = /^reward_([a-z_]+)$/.exec(n);
	if (m && REWARD_STATES.includes(m[1].toUpperCase())) return m[1].toUpperCase();
	return null;
}

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

	const state = { webhooks: new Map(), keys: new Map(), deliveries: [], requests: [] };
	const pending = new Set();

	/** A client key as the API shows it: no part of the secret, not even a prefix. */
	function publicKey(k) {
		const { key: _secret, ...rest } = k;
		return rest;
	}

	function send(res, status, body) {
		const text = body === undefined ? '' : JSON.stringify(body);
		res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
		res.end(text);
	}
	function error(res, status, code, message, parameters) {
		send(res, status, { unique_id: newId(), http_status_code: status, code, message, ...(parameters ? { parameters } : {}) });
	}

	async function readBody(req) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const raw = Buffer.concat(chunks).toString('utf8');
		if (raw.trim() === '') return { ok: true, value: undefined };
		try {
			return { ok: true, value: JSON.parse(raw) };
		} catch {
			return { ok: false };
		}
	}

	// ---------------------------------------------------------------- webhook delivery
	async function attempt(webhook, bytes) {
		const key = webhook.client_key_id ? state.keys.get(webhook.client_key_id) : undefined;
		const headers = {
			'Content-Type': 'application/json',
			'User-Agent': 'Extole-Webhook-Sandbox/1.0',
			...(key && !key.archived ? authHeaders(bytes, key.key, key.algorithm) : {}),
		};
		const started = Date.now();
		try {
			const response = await fetch(webhook.url, {
				method: webhook.default_method || 'POST',
				headers,
				body: (webhook.default_method || 'POST') === 'GET' ? undefined : bytes,
				signal: AbortSignal.timeout(deliveryTimeoutMs),
			});
			const text = await response.text();
			return { at: new Date(started).toISOString(), status: response.status, body: text.slice(0, 500), duration_ms: Date.now() - started };
		} catch (e) {
			return { at: new Date(started).toISOString(), status: null, error: (e.cause && e.cause.code) || e.name || String(e), duration_ms: Date.now() - started };
		}
	}

	async function deliverOne(webhook, bytes, eventId, copy) {
		const record = {
			id: newId(),
			webhook_id: webhook.id,
			url: webhook.url,
			event_id: eventId,
			copy,
			status: 'PENDING',
			attempts: [],
		};
		state.deliveries.push(record);
		// A webhook's own `retry_intervals` (milliseconds in the sandbox) replace the default schedule.
		const own = Array.isArray(webhook.retry_intervals) ? webhook.retry_intervals : null;
		const schedule = own && own.every((n) => Number.isFinite(n) && n >= 0) ? own : retrySchedule;
		for (let i = 0; i <= schedule.length; i++) {
			if (i > 0) await sleep(schedule[i - 1]);
			const result = await attempt(webhook, bytes);
			record.attempts.push(result);
			if (result.status !== null && result.status >= 200 && result.status < 300) {
				record.status = 'DELIVERED';
				return record;
			}
		}
		record.status = 'FAILED';
		return record;
	}

	/**
	 * Delivers an event to the matching webhooks: `webhookId` if given, else REWARD webhooks
	 * (whose state filter matches) for reward events and GENERIC webhooks for person events
	 * (in real Extole, a campaign controller decides when a GENERIC webhook is called).
	 * `event`: a canonical key (built in `style` with `overrides`), an object, or a string /
	 * Buffer sent byte for byte. `duplicates`: extra copies with the same bytes, sent after the
	 * first one (or all at once with `concurrent: true`). Resolves with the delivery records
	 * once every attempt, including retries, is finished.
	 */
	async function deliver(event, opts = {}) {
		const { duplicates = 0, concurrent = false, webhookId, type, style, overrides } = opts;
		let bytes;
		let body;
		if (Buffer.isBuffer(event)) bytes = event;
		else if (typeof event === 'string' && /^\s*[[{]/.test(event)) bytes = Buffer.from(event, 'utf8');
		else if (typeof event === 'string') {
			const isReward = event === 'earned_reward' || event.startsWith('reward_');
			body = buildEvent(event, style || (isReward ? 'reward' : 'envelope'), overrides || {});
			bytes = Buffer.from(JSON.stringify(body), 'utf8');
		} else {
			body = event;
			bytes = Buffer.from(JSON.stringify(event), 'utf8');
		}
		if (body === undefined) {
			try {
				body = JSON.parse(bytes.toString('utf8'));
			} catch {
				body = {};
			}
		}
		const eventId = body && body.event_id !== undefined ? String(body.event_id) : null;
		const rewardState = rewardStateOf(body);
		let targets;
		if (webhookId) {
			const w = state.webhooks.get(String(webhookId));
			targets = w && !w.archived ? [w] : [];
		} else {
			const wanted = type || (rewardState ? 'REWARD' : 'GENERIC');
			targets = [...state.webhooks.values()].filter((w) => {
				if (w.archived || !w.enabled || w.type !== wanted) return false;
				if (wanted !== 'REWARD' || !rewardState) return true;
				const stateFilters = w.filters.filter((f) => f.type === 'STATE');
				return stateFilters.length === 0 || stateFilters.some((f) => f.states.includes(rewardState));
			});
		}
		const run = async () => {
			const records = [];
			for (const w of targets) {
				if (concurrent) {
					const copies = [];
					for (let c = 0; c <= duplicates; c++) copies.push(deliverOne(w, bytes, eventId, c));
					records.push(...(await Promise.all(copies)));
				} else {
					for (let c = 0; c <= duplicates; c++) records.push(await deliverOne(w, bytes, eventId, c));
				}
			}
			return records;
		};
		const p = run();
		pending.add(p);
		try {
			return await p;
		} finally {
			pending.delete(p);
		}
	}

	// ---------------------------------------------------------------- REST API
	function webhookView(w) {
		const { filters, archived, campaign_ids, ...rest } = w;
		return { ...rest, campaign_ids: [...campaign_ids] };
	}

	function validateWebhook(res, input, existing) {
		const merged = { ...(existing || {}), ...input };
		const problems = [];
		if (typeof merged.name !== 'string' || merged.name.trim() === '') problems.push('name');
		if (!isHttpUrl(merged.url)) problems.push('url');
		if (!WEBHOOK_TYPES.includes(merged.type)) problems.push('type');
		if (merged.default_method !== undefined && !METHODS.includes(merged.default_method)) problems.push('default_method');
		if (problems.length) {
			error(res, 400, 'invalid_webhook', `Invalid or missing: ${problems.join(', ')}`, { fields: problems });
			return null;
		}
		if (merged.client_key_id !== undefined && merged.client_key_id !== null) {
			const key = state.keys.get(String(merged.client_key_id));
			if (!key || key.archived) {
				error(res, 400, 'client_key_not_found', 'client_key_id does not name a live client key');
				return null;
			}
		}
		return merged;
	}

	async function handleApi(req, res, url) {
		const auth = req.headers.authorization || '';
		const m = /^Bearer\s+(.+)$/i.exec(auth);
		if (!m || !tokens.has(m[1].trim())) {
			return error(res, 401, 'missing_access_token', 'The request was not authorized (Bearer access token)');
		}
		const parts = url.pathname.split('/').filter(Boolean);
		const method = req.method;
		const read = async () => {
			const b = await readBody(req);
			if (!b.ok) {
				error(res, 400, 'invalid_json', 'Request body is not valid JSON');
				return null;
			}
			return b.value || {};
		};

		// /v4/tokens, /v2/me
		if (method === 'GET' && url.pathname === '/v4/tokens') {
			return send(res, 200, { access_token: `${m[1].slice(0, 4)}...`, client_id: clientId, scopes: ['CLIENT_SUPERUSER'], expires_in: 31536000 });
		}
		if (method === 'GET' && url.pathname === '/v2/me') {
			return send(res, 200, { client_id: clientId, email: 'integration@example.com', scopes: ['CLIENT_SUPERUSER'] });
		}

		// /v6/webhooks
		if (parts[0] === 'v6' && parts[1] === 'webhooks') {
			if (parts.length === 2 && method === 'GET') {
				const type = url.searchParams.get('type');
				const enabled = url.searchParams.get('enabled');
				const list = [...state.webhooks.values()]
					.filter((w) => !w.archived)
					.filter((w) => !type || w.type === type.toUpperCase())
					.filter((w) => enabled === null || String(w.enabled) === enabled.toLowerCase())
					.map(webhookView);
				return send(res, 200, list);
			}
			if (parts.length === 2 && method === 'POST') {
				const input = await read();
				if (input === null) return;
				const merged = validateWebhook(res, input);
				if (!merged) return;
				const now = new Date().toISOString();
				const w = {
					id: newId(),
					name: merged.name,
					url: merged.url,
					type: merged.type,
					default_method: merged.default_method || 'POST',
					enabled: merged.enabled !== false,
					client_key_id: merged.client_key_id ? String(merged.client_key_id) : null,
					description: merged.description || null,
					tags: Array.isArray(merged.tags) ? merged.tags : [],
					retry_intervals: Array.isArray(merged.retry_intervals) ? merged.retry_intervals : null,
					created_at: now,
					updated_at: now,
					campaign_ids: new Set(),
					filters: [],
					archived: false,
				};
				state.webhooks.set(w.id, w);
				return send(res, 200, webhookView(w));
			}
			if (parts.length === 3) {
				const w = state.webhooks.get(parts[2]);
				if (!w || w.archived) return error(res, 404, 'webhook_not_found', `Webhook ${parts[2]} not found`);
				if (method === 'GET') return send(res, 200, webhookView(w));
				if (method === 'PUT') {
					const input = await read();
					if (input === null) return;
					const merged = validateWebhook(res, input, webhookView(w));
					if (!merged) return;
					for (const k of ['name', 'url', 'type', 'default_method', 'enabled', 'description', 'tags', 'retry_intervals']) {
						if (input[k] !== undefined) w[k] = input[k];
					}
					if (input.client_key_id !== undefined) w.client_key_id = input.client_key_id ? String(input.client_key_id) : null;
					w.updated_at = new Date().toISOString();
					return send(res, 200, webhookView(w));
				}
				if (method === 'DELETE') {
					if (w.campaign_ids.size > 0) {
						return error(res, 400, 'webhook_associated_with_webhook_controller_action', 'The webhook is used by a campaign controller action', {
							campaign_ids: [...w.campaign_ids],
						});
					}
					w.archived = true;
					w.updated_at = new Date().toISOString();
					return send(res, 200, webhookView(w));
				}
			}
		}

		// /v4/webhooks/reward/{id}/filters[/state|/{fid}]
		if (parts[0] === 'v4' && parts[1] === 'webhooks' && parts[2] === 'reward' && parts[4] === 'filters') {
			const w = state.webhooks.get(parts[3]);
			if (!w || w.archived) return error(res, 404, 'webhook_not_found', `Webhook ${parts[3]} not found`);
			if (w.type !== 'REWARD') return error(res, 400, 'invalid_webhook_type', 'Filters apply to REWARD webhooks only');
			if (parts.length === 5 && method === 'GET') return send(res, 200, w.filters);
			if (parts.length === 6 && parts[5] === 'state' && method === 'POST') {
				const input = await read();
				if (input === null) return;
				const states = Array.isArray(input.states) ? input.states.map((s) => String(s).toUpperCase()) : null;
				if (!states || states.length === 0 || states.some((s) => !REWARD_STATES.includes(s))) {
					return error(res, 400, 'invalid_reward_state', `states must be a non-empty list of ${REWARD_STATES.join(', ')}`);
				}
				const filter = { id: newId(), type: 'STATE', states };
				w.filters.push(filter);
				return send(res, 200, filter);
			}
			if (parts.length === 6 && method === 'DELETE') {
				const i = w.filters.findIndex((f) => f.id === parts[5]);
				if (i < 0) return error(res, 404, 'filter_not_found', 'Filter not found');
				return send(res, 200, w.filters.splice(i, 1)[0]);
			}
		}

		// /v2/settings/security/keys
		if (parts[0] === 'v2' && parts[1] === 'settings' && parts[2] === 'security' && parts[3] === 'keys') {
			if (parts.length === 4 && method === 'GET') {
				return send(res, 200, [...state.keys.values()].filter((k) => !k.archived).map(publicKey));
			}
			if (parts.length === 4 && method === 'POST') {
				const input = await read();
				if (input === null) return;
				const problems = [];
				if (input.type !== 'WEBHOOK') problems.push('type');
				if (!ALGORITHMS.includes(input.algorithm)) problems.push('algorithm');
				if (typeof input.name !== 'string' || input.name.trim() === '') problems.push('name');
				if (typeof input.key !== 'string' || input.key === '') problems.push('key');
				if (problems.length) return error(res, 400, 'invalid_client_key', `Invalid or missing: ${problems.join(', ')}`, { fields: problems });
				if ([...state.keys.values()].some((k) => !k.archived && k.name === input.name)) {
					return error(res, 400, 'duplicate_client_key_name', 'A client key with this name exists');
				}
				const now = new Date().toISOString();
				const k = { id: newId(), type: 'WEBHOOK', algorithm: input.algorithm, name: input.name, key: input.key, created_date: now, updated_date: now, archived: false };
				state.keys.set(k.id, k);
				return send(res, 200, publicKey(k));
			}
			if (parts.length === 5) {
				const k = state.keys.get(parts[4]);
				if (!k || k.archived) return error(res, 404, 'client_key_not_found', `Client key ${parts[4]} not found`);
				if (method === 'GET') return send(res, 200, publicKey(k));
				if (method === 'DELETE') {
					k.archived = true;
					return send(res, 200, publicKey(k));
				}
			}
		}
		return error(res, 404, 'not_found', `No route for ${method} ${url.pathname}`);
	}

	async function handleAdmin(req, res, url) {
		const parts = url.pathname.split('/').filter(Boolean);
		const b = req.method === 'POST' ? await readBody(req) : { ok: true, value: undefined };
		if (!b.ok) return error(res, 400, 'invalid_json', 'Request body is not valid JSON');
		const input = b.value || {};
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
		const url = new URL(req.url, 'http://sandbox.local');
		const entry = { at: new Date().toISOString(), method: req.method, path: url.pathname, query: url.search, status: null };
		res.on('finish', () => {
			entry.status = res.statusCode;
		});
		const handler = url.pathname.startsWith('/_sandbox/') ? handleAdmin : handleApi;
		if (handler === handleApi) state.requests.push(entry);
		handler(req, res, url).catch((e) => {
			if (!res.headersSent) error(res, 500, 'sandbox_error', String(e && e.message));
		});
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	const address = server.address();
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
		/** Marks a webhook as used by a campaign (DELETE then answers 400 like Extole). */
		attachCampaign(webhookId, campaignId = newId()) {
			const w = state.webhooks.get(String(webhookId));
			if (!w) return false;
			w.campaign_ids.add(String(campaignId));
			return true;
		},
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
		async idle() {
			while (pending.size > 0) await Promise.allSettled([...pending]);
		},
		async stop() {
			await new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	return api;
}

module.exports = { startExtoleSandbox, rewardStateOf, REWARD_STATES };
