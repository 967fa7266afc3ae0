'use strict';
/**
 * Local Braze REST API sandbox (a dev tool of this repository, not part of the published package).
 *
 *   const { startBrazeSandbox } = require('./sandbox/braze');
 *   const sb = await startBrazeSandbox({ port: 0, instance: 'US-01', keys: [...] });
 *   // sb.url, sb.stop(), sb.reset(), sb.users('production'), sb.requests(), sb.setFaults([...])
 *
 * One server plays one Braze instance; each key belongs to one workspace (whose users are separate
 * from the other workspaces') and carries its permissions. See the README, "Local Braze sandbox".
 */
const http = require('http');
const { URL } = require('url');
const { ENDPOINTS } = require('./endpoints');
const { Faults } = require('./faults');
const { RateLimiter, resolveLimits, DEFAULT_RATE_LIMITS } = require('./ratelimit');
const { Store, inspectUser } = require('./state');
const { renderPage } = require('./page');

/** Every permission the sandbox checks. `*` grants them all. */
const PERMISSIONS = [
	'users.track',
	'users.export.ids',
	'users.alias.new',
	'users.identify',
	'users.delete',
	'subscription.status.set',
	'email.status',
];

/**
 * @typedef {object} SandboxKey
 * @property {string} key the REST API key
 * @property {string} [workspace] default 'production'
 * @property {string} [instance] the Braze instance the key belongs to; default: the server's
 * @property {string[]} [permissions] default ['*']
 */

/**
 * The keys used when none are configured.
 * @param {string} instance the server's instance
 * @returns {Required<SandboxKey>[]}
 */
function defaultKeys(instance) {
	const other = instance.toUpperCase() === 'EU-01' ? 'US-01' : 'EU-01';
	return [
		{ key: 'sandbox-production-key', workspace: 'production', instance, permissions: ['*'] },
		{ key: 'sandbox-test-key', workspace: 'staging', instance, permissions: ['*'] },
		{ key: 'sandbox-track-only-key', workspace: 'production', instance, permissions: ['users.track'] },
		{ key: 'sandbox-other-instance-key', workspace: 'production', instance: other, permissions: ['*'] },
	];
}

/**
 * @typedef {object} SandboxOptions
 * @property {string} [host] default 127.0.0.1
 * @property {number} [port] default 0 (a free port)
 * @property {string} [instance] the Braze instance this server plays, default 'US-01'
 * @property {SandboxKey[]} [keys] default: {@link defaultKeys}
 * @property {Record<string, {limit?: number, windowMs?: number}>} [rateLimits] overrides per endpoint family
 * @property {object[]} [faults] faults active from the start (shape: see faults.js)
 * @property {string} [persistFile] JSON file the state is loaded from and saved to
 * @property {number} [aliasDelayMs] delay before an alias made by /users/alias/new can be found (default 0)
 * @property {number} [trackMaxPerArray] objects per /users/track array (default 75)
 * @property {number | null} [trackMaxCombined] cap on the three /users/track arrays together (default none)
 * @property {number} [maxIdsPerRequest] ids per request elsewhere (default 50)
 * @property {number} [eventPropertiesMaxBytes] default 51200
 * @property {boolean} [requireFieldsToExport] default false
 * @property {number} [maxLogEntries] request log size (default 1000)
 */

/**
 * @typedef {object} BrazeSandbox
 * @property {string} url e.g. http://127.0.0.1:4011
 * @property {number} port
 * @property {string} host
 * @property {string} instance
 * @property {Required<SandboxKey>[]} keys
 * @property {Record<string, {limit: number, windowMs: number}>} rateLimits
 * @property {() => Promise<void>} stop
 * @property {() => void} reset forgets users, requests, rate-limit counts and faults
 * @property {(workspace?: string) => any} users the users of a workspace (inspection form), or all workspaces' when omitted
 * @property {() => any[]} requests the request log, oldest first
 * @property {() => void} clearRequests
 * @property {(faults: object | object[]) => any[]} setFaults replaces the faults
 * @property {(faults: object | object[]) => any[]} addFaults
 * @property {(id?: string) => void} clearFaults
 * @property {() => any[]} faults
 * @property {Store} store
 */

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {any} body JSON body (undefined for none)
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
	const text = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {http.IncomingMessage} req
 * @returns {Promise<string>}
 */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > 20 * 1024 * 1024) {
				reject(new Error('body too large'));
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** @param {string} text @returns {any} */
function jsonOrText(text) {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
	}
}

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
 * Starts a Braze sandbox server.
 * @param {SandboxOptions} [options]
 * @returns {Promise<BrazeSandbox>}
 */
async function startBrazeSandbox(options = {}) {
	const host = options.host || '127.0.0.1';
	const instance = options.instance || 'US-01';
	const keys = (options.keys && options.keys.length ? options.keys : defaultKeys(instance)).map((k) => {
		if (!k || typeof k.key !== 'string' || k.key === '') throw new Error('Every sandbox key needs a non-empty `key`');
		return {
			key: k.key,
			workspace: k.workspace || 'production',
			instance: k.instance || instance,
			permissions: k.permissions && k.permissions.length ? [...k.permissions] : ['*'],
		};
	});
	const endpointOptions = {
		trackMaxPerArray: options.trackMaxPerArray ?? 75,
		trackMaxCombined: options.trackMaxCombined ?? null,
		maxIdsPerRequest: options.maxIdsPerRequest ?? 50,
		eventPropertiesMaxBytes: options.eventPropertiesMaxBytes ?? 51200,
		requireFieldsToExport: options.requireFieldsToExport ?? false,
		aliasDelayMs: options.aliasDelayMs ?? 0,
	};
	const maxLog = options.maxLogEntries ?? 1000;
	const limits = resolveLimits(options.rateLimits);
	const limiter = new RateLimiter(limits);
	const faults = new Faults();
	if (options.faults) faults.add(options.faults);
	const store = new Store({ persistFile: options.persistFile });
	/** @type {any[]} */
	let log = [];
	let logId = 0;

	/** @param {any} entry */
	const record = (entry) => {
		log.push({ id: ++logId, ...entry });
		if (log.length > maxLog) log = log.slice(log.length - maxLog);
	};

	/** @param {string} [workspace] */
	const usersOf = (workspace) => {
		if (workspace !== undefined) return store.workspace(workspace).users.map(inspectUser);
		/** @type {Record<string, any[]>} */
		const all = {};
		const names = new Set([...keys.map((k) => k.workspace), ...store.workspaces.keys()]);
		for (const name of names) all[name] = store.workspace(name).users.map(inspectUser);
		return all;
	};

	const reset = () => {
		store.reset();
		log = [];
		limiter.reset();
		faults.clear();
	};

	/**
	 * /_sandbox/... admin API (no Braze key needed).
	 * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url
	 */
	async function admin(req, res, url) {
		const method = req.method || 'GET';
		const route = url.pathname.replace(/\/+$/, '');
		const text = await readBody(req);
		let body;
		try {
			body = text.trim() === '' ? undefined : JSON.parse(text);
		} catch {
			return sendJson(res, 400, { message: 'Body is not valid JSON' });
		}
		const noStore = { 'Cache-Control': 'no-store' };
		if (route === '/_sandbox/requests') {
			if (method === 'DELETE') {
				log = [];
				return sendJson(res, 200, { message: 'cleared' });
			}
			if (method !== 'GET') return sendJson(res, 405, { message: 'Method Not Allowed' }, { Allow: 'GET, DELETE' });
			let list = log;
			const p = url.searchParams.get('path');
			const w = url.searchParams.get('workspace');
			if (p) list = list.filter((e) => e.path === p);
			if (w) list = list.filter((e) => e.workspace === w);
			const limit = Number(url.searchParams.get('limit'));
			if (limit > 0) list = list.slice(-limit);
			return sendJson(res, 200, { requests: list }, noStore);
		}
		if (route === '/_sandbox/users') {
			if (method !== 'GET') return sendJson(res, 405, { message: 'Method Not Allowed' }, { Allow: 'GET' });
			const w = url.searchParams.get('workspace');
			if (w) return sendJson(res, 200, { workspace: w, users: usersOf(w) }, noStore);
			return sendJson(res, 200, { workspaces: usersOf() }, noStore);
		}
		if (route === '/_sandbox/reset') {
			if (method !== 'POST') return sendJson(res, 405, { message: 'Method Not Allowed' }, { Allow: 'POST' });
			reset();
			return sendJson(res, 200, { message: 'reset' });
		}
		if (route === '/_sandbox/faults') {
			if (method === 'GET') return sendJson(res, 200, { faults: faults.all() }, noStore);
			if (method === 'DELETE') {
				faults.clear();
				return sendJson(res, 200, { faults: [] });
			}
			if (method === 'POST' || method === 'PUT') {
				const input = body && !Array.isArray(body) && Array.isArray(body.faults) ? body.faults : body;
				try {
					const added = method === 'PUT' ? faults.set(input) : faults.add(input);
					return sendJson(res, 201, { faults: added });
				} catch (e) {
					return sendJson(res, 400, { message: /** @type {Error} */ (e).message });
				}
			}
			return sendJson(res, 405, { message: 'Method Not Allowed' }, { Allow: 'GET, POST, PUT, DELETE' });
		}
		const one = /^\/_sandbox\/faults\/([^/]+)$/.exec(route);
		if (one) {
			if (method !== 'DELETE') return sendJson(res, 405, { message: 'Method Not Allowed' }, { Allow: 'DELETE' });
			faults.clear(decodeURIComponent(one[1]));
			return sendJson(res, 200, { faults: faults.all() });
		}
		if (route === '/_sandbox/config') {
			return sendJson(
				res,
				200,
				{
					instance,
					keys: keys.map((k) => ({ workspace: k.workspace, instance: k.instance, permissions: k.permissions, key_hint: `…${k.key.slice(-4)}` })),
					rateLimits: limits,
					options: endpointOptions,
					persistFile: options.persistFile || null,
				},
				noStore,
			);
		}
		return sendJson(res, 404, { message: `Unknown sandbox admin path ${url.pathname}` });
	}

	/**
	 * A Braze API request.
	 * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url
	 */
	async function api(req, res, url) {
		const started = Date.now();
		const method = req.method || 'GET';
		const path = url.pathname;
		const text = await readBody(req);
		const entry = { time: new Date(started).toISOString(), method, path, workspace: /** @type {string | null} */ (null), status: 0 };
		/**
		 * @param {number} status @param {any} body @param {Record<string, string>} [headers] @param {object} [extra] log fields
		 */
		const answer = (status, body, headers = {}, extra = {}) => {
			sendJson(res, status, body, headers);
			record({ ...entry, status, durationMs: Date.now() - started, body: jsonOrText(text), response: body, ...extra });
		};

		const endpoint = Object.prototype.hasOwnProperty.call(ENDPOINTS, path) ? ENDPOINTS[path] : undefined;
		// Braze's gateway puts rate-limit headers on every answer, also before it knows the
		// workspace: read (without counting) a bucket shared by unauthenticated callers.
		/** @param {string} family @param {string} [workspace] */
		const peek = (family, workspace = '(no key)') => limiter.hit(workspace, family, false).headers;
		if (!endpoint) return answer(404, { message: 'Not Found' }, peek('users.track'));
		if (method !== 'POST') return answer(405, { message: 'Method Not Allowed' }, { Allow: 'POST', ...peek(endpoint.family) });

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
				record({ ...entry, status: null, dropped: true, durationMs: Date.now() - started, body: jsonOrText(text), fault: faultInfo, ...extra });
				req.socket.destroy();
				return;
			}
			const spec = FAULT_BODIES[fault.status];
			/** @type {Record<string,string>} */
			const headers = peek(endpoint.family, key ? key.workspace : undefined);
			if (fault.status === 429) {
				headers['X-RateLimit-Limit'] = String(limits[endpoint.family].limit);
				headers['X-RateLimit-Remaining'] = '0';
				headers['X-RateLimit-Reset'] = String(Math.ceil(Date.now() / 1000) + 1);
			}
			if (spec.html) {
				res.writeHead(fault.status, { ...headers, 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(spec.html) });
				res.end(spec.html);
				record({ ...entry, status: fault.status, durationMs: Date.now() - started, body: jsonOrText(text), response: spec.html, fault: faultInfo, ...extra });
				return;
			}
			answer(fault.status, spec.json, headers, { fault: faultInfo, ...extra });
		};
		if (fault && !fault.applyThenFail && !fault.answerLatencyMs) return fail();

		const anonymous = peek(endpoint.family);
		if (!m || m[1] === '') return answer(401, { message: 'Missing API key: send it as Authorization: Bearer <key>' }, anonymous, { note: 'no bearer key' });
		if (!key) return answer(401, { message: 'Invalid API key' }, anonymous, { note: 'unknown key' });
		if (key.instance.toUpperCase() !== instance.toUpperCase())
			return answer(401, { message: 'Invalid API key' }, anonymous, { note: `key belongs to instance ${key.instance}, this server plays ${instance}` });

		const rate = limiter.hit(key.workspace, endpoint.family);
		if (!rate.allowed) return answer(429, { message: 'Rate Limited' }, rate.headers);
		if (!key.permissions.includes('*') && !key.permissions.includes(endpoint.permission))
			return answer(403, { message: 'Access Denied' }, rate.headers, { note: `key lacks ${endpoint.permission}` });

		let body;
		try {
			body = JSON.parse(text);
		} catch {
			return answer(400, { message: 'Invalid JSON in request body' }, rate.headers);
		}
		const ws = store.workspace(key.workspace);
		const result = endpoint.handler(body, ws, endpointOptions);
		if (result.changed) store.save();
		if (fault && fault.answerLatencyMs) {
			await sleep(fault.answerLatencyMs);
			return answer(result.status, result.body, rate.headers, { fault: { id: fault.id, answerLatencyMs: fault.answerLatencyMs }, applied: true });
		}
		if (fault) return fail({ applied: true, appliedStatus: result.status, appliedResponse: result.body });
		return answer(result.status, result.body, rate.headers);
	}

	const server = http.createServer((req, res) => {
		const url = new URL(req.url || '/', 'http://sandbox.local');
		let work;
		if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) work = admin(req, res, url);
		else if (url.pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
			const html = renderPage({ instance });
			res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' });
			res.end(req.method === 'HEAD' ? undefined : html);
			return;
		} else work = api(req, res, url);
		work.catch((e) => {
			if (!res.headersSent) sendJson(res, 500, { message: `Sandbox error: ${e && e.message}` });
			else res.destroy();
		});
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = /** @type {import('net').AddressInfo} */ (server.address());
	const urlHost = host.includes(':') ? `[${host}]` : host;

	return {
		url: `http://${urlHost}:${address.port}`,
		port: address.port,
		host,
		instance,
		keys,
		rateLimits: limits,
		store,
		stop: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
		reset,
		users: usersOf,
		requests: () => log.map((e) => ({ ...e })),
		clearRequests: () => {
			log = [];
		},
		setFaults: (f) => faults.set(f),
		addFaults: (f) => faults.add(f),
		clearFaults: (id) => faults.clear(id),
		faults: () => faults.all(),
	};
}

module.exports = { startBrazeSandbox, defaultKeys, PERMISSIONS, DEFAULT_RATE_LIMITS };
