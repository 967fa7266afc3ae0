#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Sends Extole-like webhook events to a URL (an n8n Extole Trigger, for example), signed or
 * authenticated the way Extole does.
 *
 *   npm run extole:send -- --url http://localhost:5678/webhook/<id>/extole --event shared \
 *     [--secret KEY --algorithm HS256|PASSWORD|HTTP_BASIC] [--count N] [--style STYLE] \
 *     [--email a@b.c] [--external-id u1] [--sandbox] [--event-id ID] [--duplicates N]
 *
 * Programmatic use: const { buildEvent, sendEvent } = require('./sandbox/extole/send');
 */
const { buildEvent, authHeaders, EVENTS, STYLES } = require('./payloads');

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
 * POSTs one event.
 * @param {SendOptions} options
 * @returns {Promise<SendResult>}
 */
async function sendEvent(options) {
	const { url, secret, algorithm = 'HS256', headers = {}, timeoutMs = 10000 } = options;
	if (!url) throw new Error('sendEvent: url is required');
	let body = options.body;
	if (body === undefined) body = buildEvent(options.event || 'shared', options.style || 'braze', options.overrides || {});
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
	const response = await fetch(url, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			'User-Agent': 'extole-event-sender/1.0',
			...authHeaders(bytes, secret, algorithm),
			...headers,
		},
		body: bytes,
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
	return { status: response.status, body: parsed, headers: Object.fromEntries(response.headers), bodyBytes: bytes };
}

const ALGORITHMS = ['HS256', 'PASSWORD', 'HTTP_BASIC'];
const FLAGS = new Set(['sandbox', 'help', 'quiet', 'no-event-id']);
const VALUE_OPTIONS = new Set([
	'url',
	'event',
	'style',
	'secret',
	'algorithm',
	'count',
	'duplicates',
	'email',
	'external-id',
	'phone-number',
	'share-link',
	'first-name',
	'last-name',
	'funnel',
	'event-id',
	'event-time',
	'name',
]);

/**
 * The command line, parsed: flags are booleans, options strings (camelCase names).
 * @typedef {object} CliArgs
 * @property {string} [url]
 * @property {string} event
 * @property {string} style
 * @property {string} [secret]
 * @property {string} algorithm
 * @property {number} count
 * @property {number} duplicates
 * @property {string} [email]
 * @property {string} [externalId]
 * @property {string} [phoneNumber]
 * @property {string} [shareLink]
 * @property {string} [firstName]
 * @property {string} [lastName]
 * @property {string} [funnel]
 * @property {string} [eventId]
 * @property {string} [eventTime]
 * @property {string} [name]
 * @property {boolean} [sandbox]
 * @property {boolean} [help]
 * @property {boolean} [quiet]
 * @property {boolean} [noEventId]
 */

/**
 * Parses and checks the command line; throws an Error with a readable message on bad input.
 * @param {string[]} argv
 * @returns {CliArgs}
 */
function parseArgs(argv) {
	/** @type {Record<string, string | boolean>} */
	const raw = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		// Not echoed: it may be the second half of an unquoted secret.
		if (!arg.startsWith('--')) throw new Error(`Unexpected argument #${i + 1} (not an --option; quote values that contain spaces)`);
		const [rawKey, inline] = arg.slice(2).split(/=(.*)/s, 2);
		const key = rawKey.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
		if (FLAGS.has(rawKey)) {
			if (inline !== undefined) throw new Error(`--${rawKey} takes no value`);
			raw[key] = true;
			continue;
		}
		if (!VALUE_OPTIONS.has(rawKey)) throw new Error(`Unknown option --${rawKey}`);
		const value = inline !== undefined ? inline : argv[++i];
		if (value === undefined || (inline === undefined && value.startsWith('--'))) {
			throw new Error(`Missing value for --${rawKey}`);
		}
		raw[key] = value;
	}
	const text = /** @param {string} k */ (k) => (typeof raw[k] === 'string' ? /** @type {string} */ (raw[k]) : undefined);
	const flag = /** @param {string} k */ (k) => raw[k] === true;
	/** @type {CliArgs} */
	const args = {
		url: text('url'),
		event: text('event') ?? 'shared',
		style: text('style') ?? 'braze',
		secret: text('secret'),
		algorithm: String(text('algorithm') ?? 'HS256').toUpperCase(),
		count: Number(text('count') ?? 1),
		duplicates: Number(text('duplicates') ?? 0),
		email: text('email'),
		externalId: text('externalId'),
		phoneNumber: text('phoneNumber'),
		shareLink: text('shareLink'),
		firstName: text('firstName'),
		lastName: text('lastName'),
		funnel: text('funnel'),
		eventId: text('eventId'),
		eventTime: text('eventTime'),
		name: text('name'),
		sandbox: flag('sandbox'),
		help: flag('help'),
		quiet: flag('quiet'),
		noEventId: flag('noEventId'),
	};
	if (!Number.isInteger(args.count) || args.count < 1) throw new Error('--count must be a positive integer');
	if (!Number.isInteger(args.duplicates) || args.duplicates < 0) throw new Error('--duplicates must be 0 or more');
	if (args.url !== undefined) {
		let url;
		try {
			url = new URL(args.url);
		} catch {
			url = undefined;
		}
		if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
			throw new Error(`--url must be an http(s) URL, got "${args.url}"`);
		}
	}
	if (!STYLES.includes(args.style)) throw new Error(`--style must be one of ${STYLES.join(', ')}, got "${args.style}"`);
	if (!ALGORITHMS.includes(args.algorithm)) {
		throw new Error(`--algorithm must be one of ${ALGORITHMS.join(', ')}, got "${args.algorithm}"`);
	}
	if (args.secret !== undefined && args.secret === '') throw new Error('--secret must not be empty (leave it out to send unauthenticated)');
	if (args.event.trim() === '') throw new Error('--event must not be empty');
	if (args.funnel !== undefined && !['advocate', 'friend'].includes(args.funnel)) {
		throw new Error(`--funnel must be advocate or friend, got "${args.funnel}"`);
	}
	if (args.eventTime !== undefined && Number.isNaN(Date.parse(args.eventTime))) {
		throw new Error(`--event-time must be an ISO-8601 time, got "${args.eventTime}"`);
	}
	return args;
}

const USAGE = `Usage: npm run extole:send -- --url <webhook URL> --event <event> [options]

  --url URL            where to POST (the Extole Trigger's test or production URL)
  --event EVENT        ${EVENTS.join(', ')} (or any other name: sent as is)
  --style STYLE        payload shape: ${STYLES.join(', ')} (default braze)
  --secret KEY         the webhook key; omitted = unauthenticated
  --algorithm ALG      HS256 (X-Extole-Signature, default), PASSWORD (Bearer), HTTP_BASIC (Basic)
  --count N            number of distinct events to send (default 1)
  --duplicates N       extra copies of each event, sent with the same bytes (default 0)
  --email, --external-id, --phone-number, --share-link, --first-name, --last-name,
  --funnel advocate|friend, --event-id ID, --event-time ISO, --name NAME, --sandbox, --no-event-id
  --quiet              print only the status lines`;

/**
 * The overrides the command line gives for every event it builds.
 * @param {CliArgs} args
 * @returns {import('./payloads').Overrides}
 */
function overridesOf(args) {
	/** @type {Record<string, unknown>} */
	const o = {
		event_id: args.eventId,
		event_time: args.eventTime,
		external_id: args.externalId,
		email: args.email,
		phone_number: args.phoneNumber,
		share_link: args.shareLink,
		first_name: args.firstName,
		last_name: args.lastName,
		funnel: args.funnel,
		name: args.name,
		sandbox: args.sandbox === true,
		omit_event_id: args.noEventId === true,
	};
	for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
	return /** @type {import('./payloads').Overrides} */ (o);
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
	if (args.help || !args.url) {
		process.stdout.write(`${USAGE}\n`);
		return args.help ? 0 : 2;
	}
	if (args.eventId && args.count > 1) {
		process.stderr.write('--event-id with --count > 1 sends the same id each time (duplicates)\n');
	}
	let failures = 0;
	for (let n = 1; n <= args.count; n++) {
		const body = buildEvent(args.event, args.style, overridesOf(args));
		const bytes = Buffer.from(JSON.stringify(body), 'utf8');
		for (let copy = 0; copy <= args.duplicates; copy++) {
			const label = `#${n}${copy > 0 ? ` (duplicate ${copy})` : ''} ${args.event} [${args.style}] event_id=${body.event_id ?? '-'}`;
			try {
				const res = await sendEvent({ url: args.url, body: bytes, secret: args.secret, algorithm: args.algorithm });
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

module.exports = { buildEvent, sendEvent, parseArgs, EVENTS, STYLES };

if (require.main === module) {
	main(process.argv.slice(2)).then((code) => {
		process.exitCode = code;
	});
}
