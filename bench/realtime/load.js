'use strict';
/**
 * Sends prepared HTTP requests with a fixed number in flight (a keep-alive connection each, as
 * a webhook sender with a connection pool would) and records each answer's status and latency
 * (request written -> answer fully read).
 */
const http = require('http');

/**
 * @typedef {{ url: string, method?: string, headers?: Record<string, string>, body?: Buffer, tag?: unknown }} Request
 * @typedef {{ status: number, ms: number, endedAt: number, tag?: unknown, error?: string, body: string }} Answer
 */

/**
 * @param {Request} r @param {http.Agent} agent @param {number} timeoutMs
 * @returns {Promise<Answer>}
 */
function sendOne(r, agent, timeoutMs) {
	return new Promise((resolve) => {
		const started = performance.now();
		const u = new URL(r.url);
		const body = r.body || Buffer.alloc(0);
		const req = http.request(
			{
				host: u.hostname,
				port: u.port,
				path: `${u.pathname}${u.search}`,
				method: r.method || 'POST',
				agent,
				headers: { 'content-length': String(body.length), ...(r.headers || {}) },
				timeout: timeoutMs,
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode || 0,
						ms: performance.now() - started,
						endedAt: Date.now(),
						tag: r.tag,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				res.on('error', (error) => resolve({ status: 0, ms: performance.now() - started, endedAt: Date.now(), tag: r.tag, error: error.message, body: '' }));
			},
		);
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', (error) => resolve({ status: 0, ms: performance.now() - started, endedAt: Date.now(), tag: r.tag, error: error.message, body: '' }));
		req.end(body);
	});
}

/**
 * Sends every request, `concurrency` at a time, in order of the list.
 * @param {Request[]} requests
 * @param {{ concurrency: number, timeoutMs?: number }} options
 * @returns {Promise<{ answers: Answer[], startedAt: number, endedAt: number }>}
 */
async function sendAll(requests, { concurrency, timeoutMs = 60000 }) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	/** @type {Answer[]} */
	const answers = new Array(requests.length);
	let next = 0;
	const startedAt = Date.now();
	const lane = async () => {
		while (next < requests.length) {
			const i = next++;
			answers[i] = await sendOne(requests[i], agent, timeoutMs);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, lane));
	const endedAt = Date.now();
	agent.destroy();
	return { answers, startedAt, endedAt };
}

/** @param {number[]} values @param {number} p 0..100 */
function percentile(values, p) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/** @param {Answer[]} answers @returns {Record<string, number>} status (or 'error') -> count */
function statusCounts(answers) {
	/** @type {Record<string, number>} */
	const out = {};
	for (const a of answers) {
		const key = a.status ? String(a.status) : 'error';
		out[key] = (out[key] || 0) + 1;
	}
	return out;
}

module.exports = { sendAll, percentile, statusCounts };
