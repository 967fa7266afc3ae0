// @ts-check
'use strict';
/**
 * The parts of Extole's REST API that the Extole Trigger uses to register itself
 * (shared/reference/extole-webhooks.md, "Extole REST API"), with Extole's error format:
 *   GET  /v4/tokens, GET /v2/me
 *   GET  /v6/webhooks?type=&enabled=      POST /v6/webhooks
 *   GET|PUT|DELETE /v6/webhooks/{id}      (DELETE archives; 400 while a campaign uses it)
 *   GET|POST /v4/webhooks/reward/{id}/filters[/state]   DELETE /v4/webhooks/reward/{id}/filters/{fid}
 *   GET|POST /v2/settings/security/keys   GET|DELETE /v2/settings/security/keys/{id}
 * Every call needs `Authorization: Bearer <access token>`, else 401.
 */
const { REWARD_STATES } = require('./catalogue');
const { newId, send, error, readJson, isHttpUrl } = require('./http');
const { webhookView, publicKey } = require('./state');

const WEBHOOK_TYPES = ['CLIENT', 'GENERIC', 'PARTNER', 'REWARD'];
const METHODS = ['POST', 'GET', 'PUT', 'PATCH'];
const ALGORITHMS = ['HS256', 'PASSWORD', 'HTTP_BASIC'];

/**
 * @typedef {import('http').IncomingMessage} Req
 * @typedef {import('http').ServerResponse} Res
 * @typedef {import('./state').SandboxState} SandboxState
 * @typedef {import('./state').Webhook} Webhook
 */

/**
 * @param {SandboxState} state
 * @param {{ tokens: Set<string>, clientId: string }} settings
 * @returns {(req: Req, res: Res, url: URL) => Promise<void>}
 */
function createApi(state, settings) {
	/**
	 * @param {Res} res
	 * @param {Record<string, any>} input
	 * @param {Record<string, any>} [existing]
	 */
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

	/**
	 * @param {Req} req
	 * @param {Res} res
	 * @returns {Promise<Record<string, any> | null>} null when the body was not JSON (answered 400)
	 */
	async function read(req, res) {
		const b = await readJson(req);
		if (!b.ok) {
			error(res, 400, 'invalid_json', 'Request body is not valid JSON');
			return null;
		}
		return b.value || {};
	}

	/** @param {Record<string, any>} merged */
	function newWebhook(merged) {
		const now = new Date().toISOString();
		/** @type {Webhook} */
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
		return w;
	}

	/**
	 * /v6/webhooks[/{id}]
	 * @param {Req} req
	 * @param {Res} res
	 * @param {URL} url
	 * @param {string[]} parts
	 */
	async function webhooks(req, res, url, parts) {
		const method = req.method;
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
			const input = await read(req, res);
			if (input === null) return;
			const merged = validateWebhook(res, input);
			if (!merged) return;
			const w = newWebhook(merged);
			state.webhooks.set(w.id, w);
			return send(res, 200, webhookView(w));
		}
		if (parts.length !== 3) return error(res, 404, 'not_found', `No route for ${method} ${url.pathname}`);
		const w = state.webhooks.get(parts[2]);
		if (!w || w.archived) return error(res, 404, 'webhook_not_found', `Webhook ${parts[2]} not found`);
		if (method === 'GET') return send(res, 200, webhookView(w));
		if (method === 'PUT') {
			const input = await read(req, res);
			if (input === null) return;
			const merged = validateWebhook(res, input, webhookView(w));
			if (!merged) return;
			const editable = /** @type {const} */ (['name', 'url', 'type', 'default_method', 'enabled', 'description', 'tags', 'retry_intervals']);
			for (const k of editable) if (input[k] !== undefined) /** @type {Record<string, unknown>} */ (w)[k] = input[k];
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
		return error(res, 404, 'not_found', `No route for ${method} ${url.pathname}`);
	}

	/**
	 * /v4/webhooks/reward/{id}/filters[/state|/{fid}]: the reward states of Extole's Reward
	 * Webhooks page are the only ones a state filter takes.
	 * @param {Req} req
	 * @param {Res} res
	 * @param {URL} url
	 * @param {string[]} parts
	 */
	async function rewardFilters(req, res, url, parts) {
		const method = req.method;
		const w = state.webhooks.get(parts[3]);
		if (!w || w.archived) return error(res, 404, 'webhook_not_found', `Webhook ${parts[3]} not found`);
		if (w.type !== 'REWARD') return error(res, 400, 'invalid_webhook_type', 'Filters apply to REWARD webhooks only');
		if (parts.length === 5 && method === 'GET') return send(res, 200, w.filters);
		if (parts.length === 6 && parts[5] === 'state' && method === 'POST') {
			const input = await read(req, res);
			if (input === null) return;
			const states = Array.isArray(input.states) ? input.states.map((s) => String(s).toUpperCase()) : null;
			if (!states || states.length === 0 || states.some((s) => !REWARD_STATES.includes(s))) {
				return error(res, 400, 'invalid_reward_state', `states must be a non-empty list of ${REWARD_STATES.join(', ')}`);
			}
			/** @type {import('./state').StateFilter} */
			const filter = { id: newId(), type: 'STATE', states };
			w.filters.push(filter);
			return send(res, 200, filter);
		}
		if (parts.length === 6 && method === 'DELETE') {
			const i = w.filters.findIndex((f) => f.id === parts[5]);
			if (i < 0) return error(res, 404, 'filter_not_found', 'Filter not found');
			return send(res, 200, w.filters.splice(i, 1)[0]);
		}
		return error(res, 404, 'not_found', `No route for ${method} ${url.pathname}`);
	}

	/**
	 * /v2/settings/security/keys[/{id}]: WEBHOOK client keys; the secret is never shown.
	 * @param {Req} req
	 * @param {Res} res
	 * @param {URL} url
	 * @param {string[]} parts
	 */
	async function clientKeys(req, res, url, parts) {
		const method = req.method;
		if (parts.length === 4 && method === 'GET') {
			return send(res, 200, [...state.keys.values()].filter((k) => !k.archived).map(publicKey));
		}
		if (parts.length === 4 && method === 'POST') {
			const input = await read(req, res);
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
			/** @type {import('./state').ClientKey} */
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
		return error(res, 404, 'not_found', `No route for ${method} ${url.pathname}`);
	}

	return async function handleApi(req, res, url) {
		const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization || '');
		if (!m || !settings.tokens.has(m[1].trim())) {
			return error(res, 401, 'missing_access_token', 'The request was not authorized (Bearer access token)');
		}
		const parts = url.pathname.split('/').filter(Boolean);
		if (req.method === 'GET' && url.pathname === '/v4/tokens') {
			return send(res, 200, { access_token: `${m[1].slice(0, 4)}...`, client_id: settings.clientId, scopes: ['CLIENT_SUPERUSER'], expires_in: 31536000 });
		}
		if (req.method === 'GET' && url.pathname === '/v2/me') {
			return send(res, 200, { client_id: settings.clientId, email: 'integration@example.com', scopes: ['CLIENT_SUPERUSER'] });
		}
		if (parts[0] === 'v6' && parts[1] === 'webhooks') return webhooks(req, res, url, parts);
		if (parts[0] === 'v4' && parts[1] === 'webhooks' && parts[2] === 'reward' && parts[4] === 'filters') {
			return rewardFilters(req, res, url, parts);
		}
		if (parts[0] === 'v2' && parts[1] === 'settings' && parts[2] === 'security' && parts[3] === 'keys') {
			return clientKeys(req, res, url, parts);
		}
		return error(res, 404, 'not_found', `No route for ${req.method} ${url.pathname}`);
	};
}

module.exports = { createApi };
