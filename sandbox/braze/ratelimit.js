'use strict';
/**
 * Fixed-window rate limits per workspace and endpoint family, with Braze's documented defaults.
 */

/** @typedef {{limit: number, windowMs: number}} Limit */

/** @type {Record<string, Limit>} Braze's default limits per endpoint family. */
const DEFAULT_RATE_LIMITS = {
	'users.track': { limit: 3000, windowMs: 3000 },
	'users.export.ids': { limit: 250, windowMs: 60000 },
	// /users/alias/new, /users/identify, /users/delete (and Braze's /users/alias/update, /users/merge)
	'users.identity': { limit: 20000, windowMs: 60000 },
	'subscription.status.set': { limit: 5000, windowMs: 60000 },
	// /email/status shares Braze's general 250,000 requests/hour limit
	'email.status': { limit: 250000, windowMs: 3600000 },
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
	'users.merge': 'users.identity',
	'/v2/subscription/status/set': 'subscription.status.set',
	'/email/status': 'email.status',
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
		return {
			allowed,
			headers: {
				'X-RateLimit-Limit': String(limit),
				'X-RateLimit-Remaining': String(Math.max(0, limit - w.count)),
				'X-RateLimit-Reset': String(Math.ceil((windowStart + windowMs) / 1000)),
			},
		};
	}

	/** Forgets all counts. */
	reset() {
		this.windows.clear();
	}
}

module.exports = { DEFAULT_RATE_LIMITS, RateLimiter, resolveLimits };
