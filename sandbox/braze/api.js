// @ts-check
'use strict';
/**
 * A Braze API request, checked in Braze's order: unknown path 404, wrong method 405, (injected
 * faults, which act in front of Braze), key 401, rate limit 429, permission 403, body 400, then the
 * endpoint. Writes Braze queues go to the processing queue.
 */
const { ENDPOINTS } = require('./endpoints');
const { sendJson, readBody, jsonOrText, sleep } = require('./http');
const { rateHeaders } = require('./ratelimit');

/**
 * Bodies of injected 5xx/429 answers. 502 and 504 come from a gateway, as HTML.
 * @type {Record<number, {json?: object, html?: string}>}
 */
const FAULT_BODIES = {
	429: { json: { message: 'Rate Limited' } },
	500: { json: { message: 'Internal Server Error' } },
	502: { html: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>' },
	503: { json: { message: 'Service Unavailable' } },
	504: { html: '<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>' },
};

/**
 * @typedef {object} ApiContext
 * @property {string} instance
 * @property {{key: string, workspace: string, instance: string, permissions: string[]}[]} keys
 * @property {Record<string, {limit: number, windowMs: number}>} limits
 * @property {import('./ratelimit').RateLimiter} limiter
 * @property {import('./faults').Faults} faults
 * @property {import('./store').Store} store
 * @property {import('./queue').ProcessingQueue} queue
 * @property {import('./log').RequestLog} log
 * @property {import('./endpoints/common').EndpointOptions} options
 */

/**
 * @param {ApiContext} ctx
 * @returns {(req: import('http').IncomingMessage, res: import('http').ServerResponse, url: URL) => Promise<void>}
 */
function createApi(ctx) {
	const { instance, keys, limits, limiter, faults, store, queue, log } = ctx;
	// Braze's gateway puts rate-limit headers on every answer, also before it knows the workspace:
	// read (without counting) a bucket shared by unauthenticated callers.
	/** @param {string} family @param {string} [workspace] */
	const peek = (family, workspace = '(no key)') => limiter.hit(workspace, family, false).headers;

	return async function api(req, res, url) {
		const started = Date.now();
		const method = req.method || 'GET';
		const path = url.pathname;
		const text = await readBody(req);
		const id = log.nextId();
		/** @type {Record<string, any>} */
		const entry = { id, time: new Date(started).toISOString(), method, path, workspace: null, status: 0 };
		if (url.search) entry.query = url.search;
		/** @param {number} status @param {any} body @param {Record<string, string>} [headers] @param {object} [extra] log fields */
		const answer = (status, body, headers = {}, extra = {}) => {
			sendJson(res, status, body, headers);
			log.record({ ...entry, status, durationMs: Date.now() - started, body: jsonOrText(text), response: body, ...extra });
		};

		const endpoint = Object.prototype.hasOwnProperty.call(ENDPOINTS, path) ? ENDPOINTS[path] : undefined;
		if (!endpoint) return answer(404, { message: 'Not Found' }, peek('default'));
		/** @type {any} */
		let body;
		let bodyIsJson = true;
		try {
			body = text.trim() === '' && endpoint.method === 'GET' ? undefined : JSON.parse(text);
		} catch {
			bodyIsJson = false;
		}
		const family = typeof endpoint.family === 'function' ? endpoint.family(body) : endpoint.family;
		if (method !== endpoint.method) return answer(405, { message: 'Method Not Allowed' }, { allow: endpoint.method, ...peek(family) });

		const auth = req.headers.authorization;
		const m = typeof auth === 'string' ? /^Bearer (.*)$/.exec(auth) : null;
		const key = m ? keys.find((k) => k.key === m[1]) : undefined;
		if (key) entry.workspace = key.workspace;

		// Injected faults happen in front of Braze: before authentication and rate limiting.
		const { latencyMs, fault } = faults.pick({ method, path, workspace: key ? key.workspace : undefined });
		if (latencyMs) await sleep(latencyMs);
		/** @param {object} [extra] */
		const fail = (extra = {}) => {
			const faultInfo = { id: fault.id, status: fault.status, drop: Boolean(fault.drop), applyThenFail: Boolean(fault.applyThenFail) };
			if (fault.drop) {
				log.record({ ...entry, status: null, dropped: true, durationMs: Date.now() - started, body: jsonOrText(text), fault: faultInfo, ...extra });
				req.socket.destroy();
				return;
			}
			const spec = FAULT_BODIES[fault.status];
			const headers = fault.status === 429 ? rateHeaders(limits[family].limit, 0, Math.ceil(Date.now() / 1000) + 1) : peek(family, key ? key.workspace : undefined);
			if (spec.html) {
				res.writeHead(fault.status, { ...headers, 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(spec.html)) });
				res.end(spec.html);
				log.record({ ...entry, status: fault.status, durationMs: Date.now() - started, body: jsonOrText(text), response: spec.html, fault: faultInfo, ...extra });
				return;
			}
			answer(fault.status, spec.json, headers, { fault: faultInfo, ...extra });
		};
		if (fault && !fault.applyThenFail && !fault.answerLatencyMs) return fail();

		const anonymous = peek(family);
		if (!m || m[1] === '') return answer(401, { message: 'Missing API key: send it as Authorization: Bearer <key>' }, anonymous, { note: 'no bearer key' });
		if (!key) return answer(401, { message: 'Invalid API key' }, anonymous, { note: 'unknown key' });
		if (key.instance.toUpperCase() !== instance.toUpperCase())
			return answer(401, { message: 'Invalid API key' }, anonymous, { note: `key belongs to instance ${key.instance}, this server plays ${instance}` });

		// Braze does not document whether a request it refuses for its body counts against the
		// limit; the sandbox counts every authenticated request ("the number of requests the API can
		// receive", api_limits), so an over-limit request gets 429 before its body is looked at.
		const rate = limiter.hit(key.workspace, family);
		if (!rate.allowed) return answer(429, { message: 'Rate Limited' }, rate.headers);
		if (!key.permissions.includes('*') && !key.permissions.includes(endpoint.permission))
			return answer(403, { message: 'Access Denied' }, rate.headers, { note: `key lacks ${endpoint.permission}` });
		if (endpoint.method === 'POST' && !bodyIsJson) return answer(400, { message: 'Invalid JSON in request body' }, rate.headers);

		const ws = store.workspace(key.workspace);
		const result = endpoint.handler({ body, query: url.searchParams, ws, o: ctx.options });
		if (result.changed) store.save();
		/** @type {Record<string, any>} */
		const extra = {};
		if (result.later) {
			extra.queued = true;
			const job = queue.enqueue({ workspace: key.workspace, path, requestId: id, run: result.later });
			if (queue.delayMs === 0) extra.processedAt = new Date(job.queuedAt).toISOString();
		}
		if (fault && fault.answerLatencyMs) {
			// Applied (or queued) like any request; only its answer is held, past a client's timeout.
			await sleep(fault.answerLatencyMs);
			return answer(result.status, result.body, rate.headers, { fault: { id: fault.id, answerLatencyMs: fault.answerLatencyMs }, applied: true, ...extra });
		}
		if (fault) return fail({ applied: true, appliedStatus: result.status, appliedResponse: result.body, ...extra });
		return answer(result.status, result.body, rate.headers, extra);
	};
}

module.exports = { createApi };
