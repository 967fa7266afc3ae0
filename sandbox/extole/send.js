#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Sends Extole-like webhook events to a URL (an n8n Extole Trigger, for example), signed or
 * authenticated the way Extole does.
 *
 *   npm run extole:send -- --url http://localhost:5678/webhook/<id>/extole [--event shared] \
 *     [--secret KEY --algorithm HS256|PASSWORD|HTTP_BASIC] [--count N] [--style STYLE] \
 *     [--method POST|GET] [--email a@b.c] [--external-id u1] [--sandbox] [--event-id ID] [--duplicates N]
 *
 * Without --event it tells one advocate's story: the advocate creates a share link and shares
 * it, the friend they referred signs up and converts, and the advocate earns a reward.
 *
 * Programmatic use: const { buildEvent, sendEvent } = require('./sandbox/extole/send');
 */
const { buildEvent, authHeaders, EVENTS, STYLES } = require('./payloads');
const { rewardStateOf } = require('./catalogue');
const { toQueryString } = require('./query');
const { storyBodies } = require('./story');
const { parseArgs, overridesOf, USAGE } = require('./send-args');

/** The query parameter the Extole Trigger reads a delivery's reward state from. */
const REWARD_STATE_PARAMETER = 'reward_state';

/**
 * @typedef {object} SendOptions
 * @property {string} url
 * @property {Record<string, unknown> | string | Buffer} [body] an object (sent as JSON), or a string / Buffer sent byte for byte
 * @property {string} [event] a catalogue key, built in `style` with `overrides` when no body is given
 * @property {string} [style]
 * @property {import('./payloads').Overrides} [overrides]
 * @property {string} [secret]
 * @property {string} [algorithm] HS256 (default), PASSWORD or HTTP_BASIC
 * @property {Record<string, string>} [headers] extra headers
 * @property {'POST' | 'GET'} [method] GET sends the body's fields as query parameters (see query.js)
 * @property {string} [rewardState] added to the URL as `reward_state`, as on the REWARD webhook of that state
 * @property {number} [timeoutMs]
 */

/**
 * @typedef {object} SendResult
 * @property {number} status
 * @property {unknown} body the answer, parsed when JSON
 * @property {Record<string, string>} headers
 * @property {Buffer} bodyBytes what was sent
 */

/**
 * @param {string} url
 * @param {Record<string, string>} params
 */
function withQuery(url, params) {
	const query = new URLSearchParams(params).toString();
	return query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
}

/**
 * Sends one event, as Extole's webhook would: POST with the JSON body (default), or GET with
 * the body's fields as query parameters and no body (the HS256 signature then covers the empty
 * body, which is what is sent).
 * @param {SendOptions} options
 * @returns {Promise<SendResult>}
 */
async function sendEvent(options) {
	const { secret, algorithm = 'HS256', headers = {}, timeoutMs = 10000, method = 'POST' } = options;
	if (!options.url) throw new Error('sendEvent: url is required');
	let body = options.body;
	if (body === undefined) body = buildEvent(options.event || 'shared', options.style || 'braze', options.overrides || {});
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
	let url = options.rewardState ? withQuery(options.url, { [REWARD_STATE_PARAMETER]: options.rewardState }) : options.url;
	let sent = bytes;
	if (method === 'GET') {
		const fields = /** @type {Record<string, unknown>} */ (JSON.parse(bytes.toString('utf8')));
		const query = toQueryString(fields);
		url = query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
		sent = Buffer.alloc(0);
	}
	const response = await fetch(url, {
		method,
		headers: {
			...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }),
			'User-Agent': 'extole-event-sender/1.0',
			...authHeaders(sent, secret, algorithm),
			...headers,
		},
		body: method === 'GET' ? undefined : sent,
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	/** @type {unknown} */
	let parsed = text;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		// Not JSON: keep the text.
	}
	return { status: response.status, body: parsed, headers: Object.fromEntries(response.headers), bodyBytes: sent };
}

/**
 * The bodies one run sends: `count` times the event, or `count` stories.
 * @param {import('./send-args').CliArgs} args
 * @returns {Array<{ event: string, style: string, body: Record<string, any> }>}
 */
function runBodies(args) {
	const bodies = [];
	for (let n = 0; n < args.count; n++) {
		if (args.event !== undefined) bodies.push({ event: args.event, style: args.style, body: buildEvent(args.event, args.style, overridesOf(args)) });
		else bodies.push(...storyBodies(args.style, overridesOf(args)));
	}
	return bodies;
}

/** @param {string[]} argv */
async function main(argv) {
	let args;
	try {
		args = parseArgs(argv);
	} catch (error) {
		process.stderr.write(`${/** @type {Error} */ (error).message}\n\n${USAGE}\n`);
		return 2;
	}
	const url = args.url;
	if (args.help || !url) {
		process.stdout.write(`${USAGE}\n`);
		return args.help ? 0 : 2;
	}
	if (args.eventId && args.count > 1) {
		process.stderr.write('--event-id with --count > 1 sends the same id each time (duplicates)\n');
	}
	let failures = 0;
	let n = 0;
	for (const { event, style, body } of runBodies(args)) {
		n++;
		const bytes = Buffer.from(JSON.stringify(body), 'utf8');
		// A reward body that names no event is only understood with its webhook's state.
		const rewardState = args.rewardState ?? (style === 'reward-payload' ? rewardStateOf(event) ?? undefined : undefined);
		for (let copy = 0; copy <= args.duplicates; copy++) {
			const label = `#${n}${copy > 0 ? ` (duplicate ${copy})` : ''} ${event} [${style}] event_id=${body.event_id ?? '-'}`;
			try {
				const res = await sendEvent({ url, body: bytes, secret: args.secret, algorithm: args.algorithm, method: args.method, rewardState });
				if (res.status < 200 || res.status >= 300) failures++;
				const detail = args.quiet ? '' : ` ${typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}`;
				process.stdout.write(`${label} -> ${res.status}${detail}\n`);
			} catch (error) {
				failures++;
				const e = /** @type {{ cause?: { code?: string }, message?: string }} */ (error);
				process.stdout.write(`${label} -> error: ${e.cause?.code || e.message}\n`);
			}
		}
	}
	return failures === 0 ? 0 : 1;
}

module.exports = { buildEvent, sendEvent, parseArgs, storyBodies, EVENTS, STYLES };

if (require.main === module) {
	main(process.argv.slice(2)).then((code) => {
		process.exitCode = code;
	});
}
