// @ts-check
'use strict';
/**
 * Extole's outbound webhook delivery, as the sandbox plays it: each delivery is signed or
 * authenticated with the webhook's client key, retried on anything but 2xx on the webhook's own
 * `retry_intervals` (else the sandbox's schedule), and can be duplicated on demand, one copy
 * after the other or all at once.
 */
const { buildEvent, authHeaders } = require('./payloads');
const { eventByKey, rewardStateOf } = require('./catalogue');
const { newId } = require('./http');
const { toQueryString } = require('./query');

/**
 * @typedef {import('./state').SandboxState} SandboxState
 * @typedef {import('./state').Webhook} Webhook
 * @typedef {import('./state').Attempt} Attempt
 * @typedef {import('./state').DeliveryRecord} DeliveryRecord
 */

/**
 * @typedef {object} DeliverOptions
 * @property {number} [duplicates] extra copies with the same bytes
 * @property {boolean} [concurrent] send the copies all at once
 * @property {string} [webhookId] deliver to this webhook only
 * @property {string} [type] deliver to webhooks of this type (default: REWARD for reward events, else GENERIC)
 * @property {string} [style] payload style when `event` is a catalogue key
 * @property {import('./payloads').Overrides} [overrides]
 * @property {string} [event] the catalogue key of a body given as an object, string or Buffer (for routing)
 * @property {string} [rewardState] the reward state of the delivery, when `event` does not say it
 */

/** @param {number} ms */
function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * @param {SandboxState} state
 * @param {{ retrySchedule: number[], deliveryTimeoutMs: number }} settings
 */
function createDelivery(state, settings) {
	/** @type {Set<Promise<DeliveryRecord[]>>} */
	const pending = new Set();

	/**
	 * One HTTP attempt. A GET carries the body's fields as query parameters (see query.js) and
	 * no body; the HS256 signature is then over the empty body, which is what is sent.
	 * @param {Webhook} webhook
	 * @param {Buffer} bytes
	 * @param {Record<string, unknown> | undefined} body
	 * @returns {Promise<Attempt>}
	 */
	async function attempt(webhook, bytes, body) {
		const key = webhook.client_key_id ? state.keys.get(webhook.client_key_id) : undefined;
		const method = webhook.default_method || 'POST';
		const isGet = method === 'GET';
		const sent = isGet ? Buffer.alloc(0) : bytes;
		let url = webhook.url;
		if (isGet) {
			const query = toQueryString(body ?? {});
			if (query) url += (url.includes('?') ? '&' : '?') + query;
		}
		const headers = {
			...(isGet ? {} : { 'Content-Type': 'application/json' }),
			'User-Agent': 'Extole-Webhook-Sandbox/1.0',
			...(key && !key.archived ? authHeaders(sent, key.key, key.algorithm) : {}),
		};
		const started = Date.now();
		try {
			const response = await fetch(url, {
				method,
				headers,
				body: isGet ? undefined : sent,
				signal: AbortSignal.timeout(settings.deliveryTimeoutMs),
			});
			const text = await response.text();
			return { at: new Date(started).toISOString(), method, status: response.status, body: text.slice(0, 500), duration_ms: Date.now() - started };
		} catch (e) {
			const err = /** @type {{ cause?: { code?: string }, name?: string }} */ (e);
			return { at: new Date(started).toISOString(), method, status: null, error: err.cause?.code || err.name || String(e), duration_ms: Date.now() - started };
		}
	}

	/**
	 * @param {Webhook} webhook
	 * @param {Buffer} bytes
	 * @param {Record<string, unknown> | undefined} body
	 * @param {string | null} eventId
	 * @param {number} copy
	 * @returns {Promise<DeliveryRecord>}
	 */
	async function deliverOne(webhook, bytes, body, eventId, copy) {
		/** @type {DeliveryRecord} */
		const record = { id: newId(), webhook_id: webhook.id, url: webhook.url, event_id: eventId, copy, status: 'PENDING', attempts: [] };
		state.deliveries.push(record);
		// A webhook's own `retry_intervals` (milliseconds in the sandbox) replace the default schedule.
		const own = Array.isArray(webhook.retry_intervals) ? webhook.retry_intervals : null;
		const schedule = own && own.every((n) => Number.isFinite(n) && n >= 0) ? own : settings.retrySchedule;
		for (let i = 0; i <= schedule.length; i++) {
			if (i > 0) await sleep(schedule[i - 1]);
			const result = await attempt(webhook, bytes, body);
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
	 * The webhooks a delivery goes to: `webhookId` if given, else the live, enabled webhooks of
	 * the wanted type; REWARD webhooks only when their state filter (if any) lets the state in.
	 * (In real Extole, a campaign controller decides when a GENERIC webhook is called.)
	 * @param {DeliverOptions} opts
	 * @param {string | null} rewardState
	 * @returns {Webhook[]}
	 */
	function targetsOf(opts, rewardState) {
		if (opts.webhookId) {
			const w = state.webhooks.get(String(opts.webhookId));
			return w && !w.archived ? [w] : [];
		}
		const wanted = opts.type || (rewardState ? 'REWARD' : 'GENERIC');
		return [...state.webhooks.values()].filter((w) => {
			if (w.archived || !w.enabled || w.type !== wanted) return false;
			if (wanted !== 'REWARD' || !rewardState) return true;
			const stateFilters = w.filters.filter((f) => f.type === 'STATE');
			return stateFilters.length === 0 || stateFilters.some((f) => f.states.includes(rewardState));
		});
	}

	/**
	 * Delivers an event to the matching webhooks. `event`: a catalogue key (built in `style`,
	 * by default `reward` for reward events and `envelope` for person events, with `overrides`),
	 * an object, or a string / Buffer sent byte for byte. Resolves with the delivery records once
	 * every attempt, including retries, is finished.
	 * @param {string | Buffer | Record<string, unknown>} event
	 * @param {DeliverOptions} [opts]
	 * @returns {Promise<DeliveryRecord[]>}
	 */
	async function deliver(event, opts = {}) {
		const { duplicates = 0, concurrent = false } = opts;
		/** @type {Buffer} */
		let bytes;
		/** @type {Record<string, unknown> | undefined} */
		let body;
		let key = opts.event;
		if (Buffer.isBuffer(event)) bytes = event;
		else if (typeof event === 'string' && /^\s*[[{]/.test(event)) bytes = Buffer.from(event, 'utf8');
		else if (typeof event === 'string') {
			key = event;
			const isReward = eventByKey(event)?.kind === 'reward';
			body = buildEvent(event, opts.style || (isReward ? 'reward' : 'envelope'), opts.overrides || {});
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
		const rewardState = opts.rewardState ? opts.rewardState.toUpperCase() : key ? rewardStateOf(key) : null;
		const targets = targetsOf(opts, rewardState);
		const run = async () => {
			/** @type {DeliveryRecord[]} */
			const records = [];
			for (const w of targets) {
				if (concurrent) {
					const copies = [];
					for (let c = 0; c <= duplicates; c++) copies.push(deliverOne(w, bytes, body, eventId, c));
					records.push(...(await Promise.all(copies)));
				} else {
					for (let c = 0; c <= duplicates; c++) records.push(await deliverOne(w, bytes, body, eventId, c));
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

	/** Waits for deliveries in progress (including retries). */
	async function idle() {
		while (pending.size > 0) await Promise.allSettled([...pending]);
	}

	return { deliver, idle };
}

module.exports = { createDelivery };
