// @ts-check
'use strict';
/** The command line of the event sender (send.js): parsing, checks, usage. */
const { stylesFor, EVENTS, STYLES } = require('./payloads');

const ALGORITHMS = ['HS256', 'PASSWORD', 'HTTP_BASIC'];
const METHODS = ['POST', 'GET'];
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
	'method',
	'reward-state',
]);

/**
 * The command line, parsed: flags are booleans, options strings (camelCase names).
 * @typedef {object} CliArgs
 * @property {string} [url]
 * @property {string | undefined} event undefined: the advocate's story
 * @property {string} style
 * @property {'POST' | 'GET'} method
 * @property {string} [rewardState]
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
		event: text('event'),
		style: text('style') ?? 'braze',
		method: /** @type {'POST' | 'GET'} */ (String(text('method') ?? 'POST').toUpperCase()),
		rewardState: text('rewardState')?.toUpperCase(),
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
	if (args.event !== undefined && args.event.trim() === '') throw new Error('--event must not be empty');
	if (!METHODS.includes(args.method)) throw new Error(`--method must be POST or GET, got "${args.method}"`);
	if (args.event !== undefined && !stylesFor(args.event).includes(args.style)) {
		throw new Error(`--style ${args.style} is a REWARD webhook body that names no event: it cannot carry "${args.event}"`);
	}
	if (args.funnel !== undefined && !['advocate', 'friend'].includes(args.funnel)) {
		throw new Error(`--funnel must be advocate or friend, got "${args.funnel}"`);
	}
	if (args.eventTime !== undefined && Number.isNaN(Date.parse(args.eventTime))) {
		throw new Error(`--event-time must be an ISO-8601 time, got "${args.eventTime}"`);
	}
	return args;
}

const USAGE = `Usage: npm run extole:send -- --url <webhook URL> [--event <event>] [options]

  --url URL            where to send (the Extole Trigger's test or production URL)
  --event EVENT        ${EVENTS.join(', ')} (or any other name: sent as is);
                       without it: one advocate's story (share link, share, the friend's sign-up
                       and conversion, the advocate's reward)
  --style STYLE        payload shape: ${STYLES.join(', ')} (default braze)
  --method METHOD      POST (default) or GET (the fields as query parameters)
  --reward-state STATE added to the URL as reward_state (automatic for reward-payload bodies)
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

module.exports = { parseArgs, overridesOf, USAGE };
