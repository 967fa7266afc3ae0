'use strict';
/**
 * The pieces of one benchmark section: Extole events signed as Extole signs them, the requests
 * of each case (accepted, bad signature, no signature, duplicate, unknown path), what landed in
 * the Braze sandbox (its admin API: users and the request log) and the CPU window around a load.
 */
const crypto = require('crypto');
const path = require('path');

const { REPO_ROOT } = require('./stack');
const { buildEvent, authHeaders } = require(path.join(REPO_ROOT, 'sandbox', 'extole', 'payloads.js'));
const { treeCpuMs } = require('./proc');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The event every pipeline receives: Shared, with an external id so no email lookup is needed. */
const EVENT = 'shared';

/**
 * @param {string} secret @param {string} tag unique per run and section
 * @param {number} count
 * @returns {Array<{ eventId: string, bytes: Buffer, headers: Record<string, string> }>}
 */
function signedEvents(secret, tag, count) {
	return Array.from({ length: count }, (_, i) => {
		const body = buildEvent(EVENT, 'braze', {
			event_id: `${tag}-${i}-${crypto.randomBytes(4).toString('hex')}`,
			external_id: `bench-${tag}-${i}`,
			email: `bench-${tag}-${i}@example.com`,
		});
		const bytes = Buffer.from(JSON.stringify(body), 'utf8');
		return { eventId: body.event_id, bytes, headers: { 'content-type': 'application/json', ...authHeaders(bytes, secret, 'HS256') } };
	});
}

/** @param {string} url @param {ReturnType<typeof signedEvents>} events */
function requestsOf(url, events) {
	return events.map((e) => ({ url, headers: e.headers, body: e.bytes, tag: e.eventId }));
}

/** Fresh events signed with another key: Extole's signature header, wrong value. */
function badSignatureRequests(url, secret, tag, count) {
	return requestsOf(url, signedEvents(`not-${secret}`, tag, count));
}

/** Fresh events with no signature header at all. */
function unsignedRequests(url, secret, tag, count) {
	return signedEvents(secret, tag, count).map((e) => ({ url, headers: { 'content-type': 'application/json' }, body: e.bytes, tag: e.eventId }));
}

/** Copies of events the workflow has already accepted, cycling through them. */
function duplicateRequests(url, accepted, count) {
	return Array.from({ length: count }, (_, i) => {
		const e = accepted[i % accepted.length];
		return { url, headers: e.headers, body: e.bytes, tag: e.eventId };
	});
}

/** @param {string} brazeUrl @param {string} route @param {string} [method] */
async function admin(brazeUrl, route, method = 'GET') {
	const res = await fetch(`${brazeUrl}${route}`, { method });
	if (res.status !== 200) throw new Error(`${method} ${route}: ${res.status}`);
	return await res.json();
}

/**
 * How many of `ids` the production workspace holds as custom events (by `extole_event_id`),
 * and how many of them more than once.
 * @param {string} brazeUrl @param {Set<string>} ids
 */
async function landed(brazeUrl, ids) {
	const { users } = await admin(brazeUrl, '/_sandbox/users?workspace=production');
	/** @type {Map<string, number>} */
	const seen = new Map();
	for (const u of users)
		for (const e of u.events || []) {
			const id = e.properties && e.properties.extole_event_id;
			if (ids.has(id)) seen.set(id, (seen.get(id) || 0) + 1);
		}
	let duplicated = 0;
	for (const n of seen.values()) if (n > 1) duplicated += n - 1;
	return { landed: seen.size, duplicated, ids: new Set(seen.keys()) };
}

/**
 * Polls the sandbox until every id landed, or until nothing new landed for `stallMs` while n8n
 * was idle too (n8n runs a backlog of executions side by side, so under load nothing may land
 * for a while and then much at once: a busy n8n is still working on them), or `maxMs`.
 * @param {string} brazeUrl @param {Set<string>} ids @param {number} pid n8n's process
 */
async function waitLanded(brazeUrl, ids, pid, { stallMs = 15000, intervalMs = 400, maxMs = 600000, idleMsPerSec = 50 } = {}) {
	const started = Date.now();
	let last = -1;
	let lastChange = Date.now();
	let cpuAtChange = treeCpuMs(pid);
	for (;;) {
		const state = await landed(brazeUrl, ids);
		if (state.landed === ids.size) return state;
		const now = Date.now();
		if (state.landed !== last) {
			last = state.landed;
			lastChange = now;
			cpuAtChange = treeCpuMs(pid);
		} else if (now - lastChange > stallMs) {
			const cpu = treeCpuMs(pid);
			const busy = (cpu - cpuAtChange) / ((now - lastChange) / 1000) > idleMsPerSec;
			if (!busy || now - started > maxMs) return state;
			lastChange = now;
			cpuAtChange = cpu;
		}
		await sleep(intervalMs);
	}
}

/**
 * When each id was applied in the sandbox: the `processedAt` of the first successful
 * /users/track request that carried it (the request log), as epoch ms.
 * @param {string} brazeUrl @param {Set<string>} ids
 * @returns {Promise<{ last: number, count: number, requests: number }>}
 */
async function landingTimes(brazeUrl, ids) {
	const { requests } = await admin(brazeUrl, '/_sandbox/requests?path=/users/track');
	/** @type {Map<string, number>} */
	const first = new Map();
	let used = 0;
	for (const r of requests) {
		if (!(r.status >= 200 && r.status < 300) || !r.processedAt) continue;
		let carried = false;
		for (const e of (r.body && r.body.events) || []) {
			const id = e.properties && e.properties.extole_event_id;
			if (!ids.has(id)) continue;
			carried = true;
			const at = Date.parse(r.processedAt);
			if (!first.has(id) || at < first.get(id)) first.set(id, at);
		}
		if (carried) used++;
	}
	return { last: Math.max(0, ...first.values()), count: first.size, requests: used };
}

/**
 * Waits until the process tree is idle again (two sampling intervals in a row under
 * `quietMs` of CPU), so that work n8n finishes after the last answer (saving executions) is
 * counted; returns the tree's CPU ms at that point.
 * @param {number} pid
 */
async function cpuWhenQuiet(pid, { intervalMs = 250, quietMs = 10, maxMs = 15000 } = {}) {
	const started = Date.now();
	let before = treeCpuMs(pid);
	let calm = 0;
	while (Date.now() - started < maxMs) {
		await sleep(intervalMs);
		const now = treeCpuMs(pid);
		calm = now - before <= quietMs ? calm + 1 : 0;
		before = now;
		if (calm >= 2) break;
	}
	return before;
}

module.exports = {
	EVENT,
	signedEvents,
	requestsOf,
	badSignatureRequests,
	unsignedRequests,
	duplicateRequests,
	admin,
	landed,
	waitLanded,
	landingTimes,
	cpuWhenQuiet,
	sleep,
};
