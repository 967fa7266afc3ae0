// @ts-check
'use strict';
/**
 * Fault injection: statuses, latency, dropped connections and "apply then fail".
 *
 * A fault:
 * {
 *   id?: string,              // given by the sandbox when missing
 *   status?: 429|500|502|503|504,
 *   drop?: boolean,           // destroy the socket without an answer
 *   latencyMs?: number,       // added before answering
 *   applyThenFail?: boolean,  // the request is applied to the state, then the client gets `status` or a dropped connection
 *   answerLatencyMs?: number, // the request is applied to the state, then its (normal) answer is held this long: a client
 *                             // with a shorter timeout gives up on a request that Braze did apply
 *   count?: number,           // fire for the next N matching requests, then disappear
 *   rate?: number,            // fire with this probability (0..1) per matching request
 *   seed?: number,            // makes `rate` deterministic
 *   path?: string,            // only requests whose path equals this or starts with it
 *   method?: string,
 *   workspace?: string,       // only requests whose key belongs to this workspace
 * }
 * Without count and rate, a fault fires on every matching request until removed.
 */

const FAULT_STATUSES = [429, 500, 502, 503, 504];

/**
 * Small deterministic PRNG (mulberry32).
 * @param {number} seed
 * @returns {() => number} numbers in [0, 1)
 */
function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * @param {any} f
 * @returns {string | undefined} why this is not a valid fault
 */
function faultProblem(f) {
	if (typeof f !== 'object' || f === null || Array.isArray(f)) return 'a fault must be an object';
	if (f.status !== undefined && !FAULT_STATUSES.includes(f.status)) return `status must be one of ${FAULT_STATUSES.join(', ')}`;
	if (f.status === undefined && !f.drop && !f.latencyMs && !f.answerLatencyMs) return 'a fault needs status, drop, latencyMs or answerLatencyMs';
	if (f.answerLatencyMs !== undefined && !(typeof f.answerLatencyMs === 'number' && f.answerLatencyMs > 0)) return 'answerLatencyMs must be a number > 0';
	if (f.answerLatencyMs && (f.status !== undefined || f.drop || f.applyThenFail)) return 'answerLatencyMs goes alone: the request is applied and answered normally, late';
	if (f.applyThenFail && f.status === undefined && !f.drop) return 'applyThenFail needs status or drop';
	if (f.count !== undefined && !(Number.isInteger(f.count) && f.count > 0)) return 'count must be a positive integer';
	if (f.rate !== undefined && !(typeof f.rate === 'number' && f.rate >= 0 && f.rate <= 1)) return 'rate must be a number from 0 to 1';
	if (f.latencyMs !== undefined && !(typeof f.latencyMs === 'number' && f.latencyMs >= 0)) return 'latencyMs must be a number >= 0';
	if (f.path !== undefined && typeof f.path !== 'string') return 'path must be a string';
	return undefined;
}

class Faults {
	constructor() {
		/** @type {any[]} */
		this.list = [];
		this.nextId = 1;
		/** @type {Map<string, () => number>} */
		this.rngs = new Map();
	}

	/**
	 * Adds faults (validated).
	 * @param {any | any[]} faults
	 * @returns {any[]} the added faults, with ids
	 */
	add(faults) {
		const arr = Array.isArray(faults) ? faults : [faults];
		for (const f of arr) {
			const p = faultProblem(f);
			if (p) throw new Error(`Invalid fault ${JSON.stringify(f)}: ${p}`);
		}
		const added = arr.map((f) => ({ ...f, id: f.id !== undefined ? String(f.id) : String(this.nextId++), fired: 0 }));
		for (const f of added) {
			if (f.rate !== undefined) this.rngs.set(f.id, f.seed !== undefined ? prng(f.seed) : Math.random);
			this.list.push(f);
		}
		return added.map((f) => ({ ...f }));
	}

	/** @param {any | any[]} faults replaces every fault */
	set(faults) {
		this.clear();
		return this.add(faults || []);
	}

	/** @param {string} [id] removes one fault, or all */
	clear(id) {
		if (id === undefined) {
			this.list = [];
			this.rngs.clear();
		} else {
			this.list = this.list.filter((f) => f.id !== id);
			this.rngs.delete(id);
		}
	}

	/** @returns {any[]} copies of the active faults */
	all() {
		return this.list.map((f) => ({ ...f }));
	}

	/**
	 * Picks what happens to a request: the summed latency of matching latency faults, and the first
	 * matching fault that fires with a status or drop (its count consumed).
	 * @param {{method: string, path: string, workspace?: string}} req
	 * @returns {{latencyMs: number, fault?: any}}
	 */
	pick(req) {
		let latencyMs = 0;
		let fault;
		for (const f of [...this.list]) {
			if (f.path !== undefined && !(req.path === f.path || req.path.startsWith(f.path.endsWith('/') ? f.path : `${f.path}/`))) continue;
			if (f.method !== undefined && f.method.toUpperCase() !== req.method) continue;
			if (f.workspace !== undefined && f.workspace !== req.workspace) continue;
			const failure = f.status !== undefined || Boolean(f.drop) || Boolean(f.answerLatencyMs);
			if (fault && failure) continue; // one failure per request
			if (f.rate !== undefined) {
				const rng = this.rngs.get(f.id) || Math.random;
				if (rng() >= f.rate) continue;
			}
			f.fired++;
			if (f.latencyMs) latencyMs += f.latencyMs;
			if (failure) fault = { ...f };
			if (f.count !== undefined && f.fired >= f.count) this.clear(f.id);
		}
		return { latencyMs, fault };
	}
}

module.exports = { Faults, FAULT_STATUSES, faultProblem, prng };
