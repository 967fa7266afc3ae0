// @ts-check
'use strict';
/**
 * Local Braze REST API sandbox (a dev tool of this repository, not part of the published package).
 *
 *   const { startBrazeSandbox } = require('./sandbox/braze');
 *   const sb = await startBrazeSandbox({ port: 0, instance: 'US-01', keys: [...] });
 *   // sb.url, sb.stop(), sb.reset(), sb.settle(), sb.users('production'), sb.requests(), sb.setFaults([...])
 *
 * One server plays one Braze instance; each key belongs to one workspace (whose users are separate
 * from the other workspaces') and carries its permissions. By default it behaves like a Braze
 * workspace created today: writes are processed asynchronously, `fields_to_export` is required,
 * standard attributes are normalised. See the README, "Local Braze sandbox".
 */
const http = require('http');
const { URL } = require('url');
const { createAdmin } = require('./admin');
const { createApi } = require('./api');
const { DEFAULT_DASHBOARD } = require('./dashboard');
const { PERMISSIONS } = require('./endpoints');
const { Faults } = require('./faults');
const { sendJson } = require('./http');
const { RequestLog } = require('./log');
const { renderPage } = require('./page');
const { ProcessingQueue } = require('./queue');
const { RateLimiter, resolveLimits, DEFAULT_RATE_LIMITS } = require('./ratelimit');
const { inspectUser } = require('./state');
const { Store } = require('./store');

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

/** Braze's processing delay under normal conditions is 10-100 ms (api_limits, "Optimal delay between endpoints"). */
const DEFAULT_PROCESSING_DELAY_MS = 100;

/**
 * @typedef {{campaigns?: object[], canvases?: object[], segments?: object[]}} DashboardSpec
 */

/**
 * @typedef {object} SandboxOptions
 * @property {string} [host] default 127.0.0.1
 * @property {number} [port] default 0 (a free port)
 * @property {string} [instance] the Braze instance this server plays, default 'US-01'
 * @property {SandboxKey[]} [keys] default: {@link defaultKeys}
 * @property {Record<string, {limit?: number, windowMs?: number}>} [rateLimits] overrides per endpoint family
 * @property {object[]} [faults] faults active from the start (shape: see faults.js)
 * @property {string} [persistFile] JSON file the state is loaded from and saved to
 * @property {boolean} [instant] apply queued writes at once (processingDelayMs 0); default false
 * @property {number} [processingDelayMs] delay before queued writes apply (default 100)
 * @property {number} [aliasDelayMs] extra delay before an alias made by /users/alias/new can be found (default: the processing delay; 0 when instant)
 * @property {number} [trackMaxPerArray] objects per /users/track array (default 75)
 * @property {number | null} [trackMaxCombined] cap on the three /users/track arrays together (default none)
 * @property {number} [maxIdsPerRequest] ids per request elsewhere (default 50)
 * @property {number} [eventPropertiesMaxBytes] default 102400 (100 KB)
 * @property {number} [purchasePropertiesMaxBytes] default 51200 (50 KB)
 * @property {number} [arrayAttributeMaxLength] elements kept in an array attribute (default 500)
 * @property {boolean} [requireFieldsToExport] default true (workspaces onboarded on or after 22 Aug 2024)
 * @property {boolean} [subscribeNewProfiles] new profiles start with email_subscribe and push_subscribe = 'subscribed', as in Braze (default true)
 * @property {Record<string, DashboardSpec>} [dashboard] campaigns, Canvases and segments per workspace; default: a small example set in every workspace of the keys
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
 * @property {() => Promise<void>} stop applies what is queued, then closes
 * @property {(what?: {dashboard?: boolean}) => void} reset forgets users, sends, queued writes, requests, rate-limit counts and faults (the dashboard too with `{dashboard: true}`)
 * @property {() => number} settle applies every queued write now and makes new aliases findable (as if the processing delay had passed); returns how many writes
 * @property {() => object[]} pending the queued writes
 * @property {(workspace?: string) => any} users the users of a workspace (inspection form), or all workspaces' when omitted
 * @property {(workspace?: string) => any[]} dispatches the sends recorded in a workspace (default production)
 * @property {(workspace: string, spec: DashboardSpec) => void} seed adds campaigns, Canvases and segments to a workspace
 * @property {() => any[]} requests the request log, oldest first
 * @property {() => void} clearRequests
 * @property {(faults: object | object[]) => any[]} setFaults replaces the faults
 * @property {(faults: object | object[]) => any[]} addFaults
 * @property {(id?: string) => void} clearFaults
 * @property {() => any[]} faults
 * @property {import('./store').Store} store
 */

/**
 * @param {SandboxOptions} options
 * @returns {import('./endpoints/common').EndpointOptions & {processingDelayMs: number}}
 */
function endpointOptionsOf(options) {
	const processingDelayMs = options.instant ? 0 : Math.max(0, options.processingDelayMs ?? DEFAULT_PROCESSING_DELAY_MS);
	return {
		processingDelayMs,
		// /users/alias/new and /users/track are separate pipelines in Braze: a track sent right after
		// an alias/new can miss the alias ("how long should you wait?", api_limits). By default a new
		// alias is findable one processing delay after /users/alias/new was processed.
		aliasDelayMs: options.instant ? 0 : (options.aliasDelayMs ?? processingDelayMs),
		trackMaxPerArray: options.trackMaxPerArray ?? 75,
		trackMaxCombined: options.trackMaxCombined ?? null,
		maxIdsPerRequest: options.maxIdsPerRequest ?? 50,
		eventPropertiesMaxBytes: options.eventPropertiesMaxBytes ?? 100 * 1024,
		purchasePropertiesMaxBytes: options.purchasePropertiesMaxBytes ?? 50 * 1024,
		arrayAttributeMaxLength: options.arrayAttributeMaxLength ?? 500,
		requireFieldsToExport: options.requireFieldsToExport ?? true,
	};
}

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
		return { key: k.key, workspace: k.workspace || 'production', instance: k.instance || instance, permissions: k.permissions && k.permissions.length ? [...k.permissions] : ['*'] };
	});
	const endpointOptions = endpointOptionsOf(options);
	const limits = resolveLimits(options.rateLimits);
	const limiter = new RateLimiter(limits);
	const faults = new Faults();
	if (options.faults) faults.add(options.faults);
	const store = new Store({ persistFile: options.persistFile, subscribeNewProfiles: options.subscribeNewProfiles });
	const log = new RequestLog(options.maxLogEntries ?? 1000);
	const queue = new ProcessingQueue({
		delayMs: endpointOptions.processingDelayMs,
		onProcessed: (job, changed) => {
			const entry = log.find(job.requestId);
			if (entry) entry.processedAt = new Date().toISOString();
			if (changed) store.save();
		},
	});

	/** @param {string} workspace @param {DashboardSpec} spec */
	const seed = (workspace, spec) => {
		store.workspace(workspace).dashboard.seed(spec);
		store.save();
	};
	const dashboards = options.dashboard ?? Object.fromEntries(keys.map((k) => [k.workspace, DEFAULT_DASHBOARD]));
	for (const [workspace, spec] of Object.entries(dashboards)) {
		// a persisted dashboard is kept as it was
		if (store.workspace(workspace).dashboard.campaigns.size + store.workspace(workspace).dashboard.canvases.size === 0) seed(workspace, spec);
	}

	/** @param {string} [workspace] */
	const usersOf = (workspace) => {
		if (workspace !== undefined) return store.workspace(workspace).users.map(inspectUser);
		/** @type {Record<string, any[]>} */
		const all = {};
		const names = new Set([...keys.map((k) => k.workspace), ...store.workspaces.keys()]);
		for (const name of names) all[name] = store.workspace(name).users.map(inspectUser);
		return all;
	};

	/** Applies every queued write and makes new aliases findable: what Braze has once its processing caught up. */
	const settle = () => {
		const processed = queue.settle();
		if (store.revealAliases()) store.save();
		return processed;
	};

	/** @param {{dashboard?: boolean}} [what] */
	const reset = (what = {}) => {
		queue.clear();
		store.reset(what);
		log.clear();
		limiter.reset();
		faults.clear();
	};

	const api = createApi({ instance, keys, limits, limiter, faults, store, queue, log, options: endpointOptions });
	const admin = createAdmin({
		store,
		log,
		queue,
		settle,
		faults,
		reset,
		usersOf,
		config: () => ({
			instance,
			keys: keys.map((k) => ({ workspace: k.workspace, instance: k.instance, permissions: k.permissions, key_hint: `…${k.key.slice(-4)}` })),
			rateLimits: limits,
			options: { ...endpointOptions, subscribeNewProfiles: options.subscribeNewProfiles !== false },
			persistFile: options.persistFile || null,
		}),
	});

	const server = http.createServer((req, res) => {
		const url = new URL(req.url || '/', 'http://sandbox.local');
		let work;
		if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) work = admin(req, res, url);
		else if (url.pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
			const html = renderPage({ instance });
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(html)), 'cache-control': 'no-store' });
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
				queue.settle();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
		reset,
		settle,
		pending: () => queue.pending(),
		users: usersOf,
		dispatches: (workspace = 'production') => JSON.parse(JSON.stringify(store.workspace(workspace).dispatches)),
		seed,
		requests: () => log.list(),
		clearRequests: () => log.clear(),
		setFaults: (f) => faults.set(f),
		addFaults: (f) => faults.add(f),
		clearFaults: (id) => faults.clear(id),
		faults: () => faults.all(),
	};
}

module.exports = { startBrazeSandbox, defaultKeys, PERMISSIONS, DEFAULT_RATE_LIMITS, DEFAULT_PROCESSING_DELAY_MS };
