// @ts-check
'use strict';
/**
 * Fixed-window rate limits per workspace and endpoint family, with Braze's documented defaults
 * (Braze docs: api/api_limits, and each endpoint's "Rate limit").
 */

/** @typedef {{limit: number, windowMs: number}} Limit */

const MINUTE = 60000;
const HOUR = 60 * MINUTE;

/** @type {Record<string, Limit>} Braze's default limits per endpoint family. */
const DEFAULT_RATE_LIMITS = {
	'users.track': { limit: 3000, windowMs: 3000 },
	// workspaces onboarded on or after August 22, 2024 (2,500 per minute before)
	'users.export.ids': { limit: 250, windowMs: MINUTE },
	// /users/alias/new, /users/identify, /users/delete, /users/merge (and Braze's /users/alias/update)
	'users.identity': { limit: 20000, windowMs: MINUTE },
	'users.external_ids.rename': { limit: 1000, windowMs: MINUTE },
	'users.external_ids.remove': { limit: 1000, windowMs: MINUTE },
	'subscription.status.set': { limit: 5000, windowMs: MINUTE },
	// the send endpoints when they target a segment (broadcast) or a Connected Audience
	'messages.broadcast': { limit: 250, windowMs: MINUTE },
	// "The daily maximum number of custom send identifiers that can be created via this endpoint is 100"
	'sends.id.create': { limit: 100, windowMs: 24 * HOUR },
	// every endpoint without its own limit: /email/status, the lists, /subscription/status/get,
	// sends to given users
	default: { limit: 250000, windowMs: HOUR },
};

/** Other names accepted in `rateLimits` overrides, mapped to their family. */
const FAMILY_ALIASES = {
	'/users/track': 'users.track',
	'/users/export/ids': 'users.export.ids',
	'/users/alias/new': 'users.identity',
	'users.alias.new': 'users.identity',
	'/users/identify': 'users.identity',
	'users.identify': 'users.identity',
	'/users/delete': 'users.identity',
	'users.delete': 'users.identity',
	'/users/merge': 'users.identity',
	'users.merge': 'users.identity',
	'/users/external_ids/rename': 'users.external_ids.rename',
	'/users/external_ids/remove': 'users.external_ids.remove',
	'/v2/subscription/status/set': 'subscription.status.set',
	'/sends/id/create': 'sends.id.create',
	'/email/status': 'default',
	'email.status': 'default',
};

/**
 * @param {Record<string, Partial<Limit>>} [overrides] per family (or endpoint path / permission name)
 * @returns {Record<string, Limit>} the effective limits
 */
function resolveLimits(overrides = {}) {
	/** @type {Record<string, Limit>} */
	const limits = {};
	for (const [k, l] of Object.entries(DEFAULT_RATE_LIMITS)) limits[k] = { ...l };
	for (const [name, l] of Object.entries(overrides || {})) {
		const family = /** @type {Record<string,string>} */ (FAMILY_ALIASES)[name] || name;
		if (!limits[family]) throw new Error(`Unknown rate-limit family '${name}' (known: ${Object.keys(limits).join(', ')})`);
		limits[family] = { ...limits[family], ...l };
	}
	return limits;
}

/**
 * The rate-limit headers. Braze answers them in lower case ("HTTP headers will be returned in all
 * lowercase characters", api_limits, "Monitoring your rate limits").
 * @param {number} limit @param {number} remaining @param {number} resetSeconds UTC epoch seconds
 * @returns {Record<string, string>}
 */
function rateHeaders(limit, remaining, resetSeconds) {
	return {
		'x-ratelimit-limit': String(limit),
		'x-ratelimit-remaining': String(Math.max(0, remaining)),
		'x-ratelimit-reset': String(resetSeconds),
	};
}

class RateLimiter {
	/** @param {Record<string, Limit>} limits */
	constructor(limits) {
		this.limits = limits;
		/** @type {Map<string, {windowStart: number, count: number}>} */
		this.windows = new Map();
	}

	/**
	 * Counts a request and tells whether it is allowed.
	 * @param {string} workspace
	 * @param {string} family
	 * @param {boolean} [consume] false to only read the state
	 * @returns {{allowed: boolean, headers: Record<string, string>}}
	 */
	hit(workspace, family, consume = true) {
		const { limit, windowMs } = this.limits[family];
		const now = Date.now();
		const windowStart = Math.floor(now / windowMs) * windowMs;
		const key = `${workspace}\u0000${family}`;
		let w = this.windows.get(key);
		if (!w || w.windowStart !== windowStart) {
			w = { windowStart, count: 0 };
			this.windows.set(key, w);
		}
		const allowed = w.count < limit;
		if (consume && allowed) w.count++;
		return { allowed, headers: rateHeaders(limit, limit - w.count, Math.ceil((windowStart + windowMs) / 1000)) };
	}

	/** Forgets all counts. */
	reset() {
		this.windows.clear();
	}
}

module.exports = { DEFAULT_RATE_LIMITS, RateLimiter, resolveLimits, rateHeaders };
