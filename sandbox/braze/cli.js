#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Command line of the Braze sandbox: `npm run sandbox -- [flags]`. Flags win over environment variables.
 * Run with --help for the list.
 */
const fs = require('fs');
const { startBrazeSandbox, PERMISSIONS, DEFAULT_PROCESSING_DELAY_MS, DEFAULT_RATE_LIMITS } = require('./index');

const HELP = `Local Braze REST API sandbox.

Usage: npm run sandbox -- [flags]        (or: node sandbox/braze/cli.js [flags])

  --port N                 port to listen on (env BRAZE_SANDBOX_PORT, default 4011; 0 = any free port)
  --host ADDR              address to bind (env BRAZE_SANDBOX_HOST, default 127.0.0.1)
  --instance ID            the Braze instance this server plays (env BRAZE_SANDBOX_INSTANCE, default US-01)
  --key SPEC               a REST API key, repeatable (env BRAZE_SANDBOX_KEYS, SPECs separated by ';' or spaces)
                           SPEC = KEY[:WORKSPACE[:PERM,PERM...[:INSTANCE]]]; WORKSPACE default production,
                           PERMs default * (all), INSTANCE default the server's
  --state FILE             load the state from FILE and save it there after each change (env BRAZE_SANDBOX_STATE)
  --fault SPEC             a fault active from the start, repeatable (env BRAZE_SANDBOX_FAULTS, a JSON array)
                           SPEC = JSON object, or key=value pairs: status=503,count=2,path=/users/track
  --rate-limit FAMILY=N/MS override a rate limit, repeatable (env BRAZE_SANDBOX_RATE_LIMITS, same specs separated by ';')
                           e.g. users.track=10/3000; families: ${Object.keys(DEFAULT_RATE_LIMITS).join(', ')}
  --processing-delay MS    delay before queued writes (/users/track, alias/new, identify, delete, merge) apply
                           (env BRAZE_SANDBOX_PROCESSING_DELAY_MS, default ${DEFAULT_PROCESSING_DELAY_MS}; Braze: 10-100 ms, sometimes minutes)
  --instant                apply queued writes at once, inside the request (env BRAZE_SANDBOX_INSTANT=1)
  --alias-delay MS         extra delay before an alias from /users/alias/new can be found
                           (env BRAZE_SANDBOX_ALIAS_DELAY_MS, default: the processing delay)
  --track-max-combined N   cap the three /users/track arrays together, e.g. 50 (env BRAZE_SANDBOX_TRACK_MAX_COMBINED)
  --array-max N            elements kept in an array attribute (env BRAZE_SANDBOX_ARRAY_MAX, default 500)
  --fields-to-export-optional  play a workspace onboarded before Aug 22, 2024: /users/export/ids without
                           fields_to_export returns every field (env BRAZE_SANDBOX_REQUIRE_FIELDS=0)
  --dashboard FILE         campaigns, Canvases and segments per workspace, JSON {"production": {"campaigns": [...],
                           "canvases": [...], "segments": [...]}} (env BRAZE_SANDBOX_DASHBOARD; default: an example set)
  --help                   this text

Permissions: ${PERMISSIONS.join(', ')}, or * for all.
`;

/**
 * @param {string} spec KEY[:WORKSPACE[:PERMS[:INSTANCE]]]
 * @returns {{key: string, workspace?: string, permissions?: string[], instance?: string}}
 */
function parseKey(spec) {
	const [key, workspace, perms, instance] = spec.split(':');
	if (!key) throw new Error(`Bad --key '${spec}'`);
	return {
		key,
		workspace: workspace || undefined,
		permissions: perms ? perms.split(',').filter(Boolean) : undefined,
		instance: instance || undefined,
	};
}

/** @param {string} s @returns {number | boolean | string} */
function scalar(s) {
	if (s === 'true') return true;
	if (s === 'false') return false;
	return s !== '' && !Number.isNaN(Number(s)) ? Number(s) : s;
}

/**
 * @param {string} spec JSON or key=value pairs
 * @returns {Record<string, any>}
 */
function parseFault(spec) {
	if (spec.trim().startsWith('{')) return JSON.parse(spec);
	/** @type {Record<string, any>} */
	const f = {};
	for (const part of spec.split(',')) {
		const [k, ...rest] = part.split('=');
		if (!k) continue;
		f[k.trim()] = rest.length ? scalar(rest.join('=').trim()) : true;
	}
	return f;
}

/**
 * @param {string} spec FAMILY=LIMIT/WINDOWMS
 * @returns {[string, {limit: number, windowMs?: number}]}
 */
function parseRateLimit(spec) {
	const m = /^([^=]+)=(\d+)(?:\/(\d+))?$/.exec(spec.trim());
	if (!m) throw new Error(`Bad rate limit '${spec}' (expected FAMILY=LIMIT/WINDOW_MS)`);
	return [m[1], m[3] ? { limit: Number(m[2]), windowMs: Number(m[3]) } : { limit: Number(m[2]) }];
}

/**
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 * @returns {import('./index').SandboxOptions & {help?: boolean}}
 */
function parseArgs(argv, env) {
	/** @type {any} */
	const o = {
		port: env.BRAZE_SANDBOX_PORT !== undefined ? Number(env.BRAZE_SANDBOX_PORT) : 4011,
		host: env.BRAZE_SANDBOX_HOST || '127.0.0.1',
		instance: env.BRAZE_SANDBOX_INSTANCE || 'US-01',
		keys: (env.BRAZE_SANDBOX_KEYS || '').split(/[;\s]+/).filter(Boolean).map(parseKey),
		persistFile: env.BRAZE_SANDBOX_STATE || undefined,
		faults: env.BRAZE_SANDBOX_FAULTS ? JSON.parse(env.BRAZE_SANDBOX_FAULTS) : [],
		rateLimits: Object.fromEntries((env.BRAZE_SANDBOX_RATE_LIMITS || '').split(';').filter((s) => s.trim()).map(parseRateLimit)),
		aliasDelayMs: env.BRAZE_SANDBOX_ALIAS_DELAY_MS ? Number(env.BRAZE_SANDBOX_ALIAS_DELAY_MS) : undefined,
		processingDelayMs: env.BRAZE_SANDBOX_PROCESSING_DELAY_MS ? Number(env.BRAZE_SANDBOX_PROCESSING_DELAY_MS) : DEFAULT_PROCESSING_DELAY_MS,
		instant: env.BRAZE_SANDBOX_INSTANT === '1' || env.BRAZE_SANDBOX_INSTANT === 'true',
		trackMaxCombined: env.BRAZE_SANDBOX_TRACK_MAX_COMBINED ? Number(env.BRAZE_SANDBOX_TRACK_MAX_COMBINED) : null,
		requireFieldsToExport: !(env.BRAZE_SANDBOX_REQUIRE_FIELDS === '0' || env.BRAZE_SANDBOX_REQUIRE_FIELDS === 'false'),
	};
	if (env.BRAZE_SANDBOX_ARRAY_MAX) o.arrayAttributeMaxLength = Number(env.BRAZE_SANDBOX_ARRAY_MAX);
	if (env.BRAZE_SANDBOX_DASHBOARD) o.dashboard = readDashboard(env.BRAZE_SANDBOX_DASHBOARD);
	let cliKeys = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = () => {
			if (inline !== undefined) return inline;
			const next = argv[++i];
			if (next === undefined) throw new Error(`${flag} needs a value`);
			return next;
		};
		switch (flag) {
			case '--help':
			case '-h':
				o.help = true;
				break;
			case '--port':
				o.port = Number(value());
				break;
			case '--host':
				o.host = value();
				break;
			case '--instance':
				o.instance = value();
				break;
			case '--key':
				if (!cliKeys) o.keys = [];
				cliKeys = true;
				o.keys.push(parseKey(value()));
				break;
			case '--state':
				o.persistFile = value();
				break;
			case '--fault':
				o.faults.push(parseFault(value()));
				break;
			case '--rate-limit': {
				const [family, limit] = parseRateLimit(value());
				o.rateLimits[family] = limit;
				break;
			}
			case '--alias-delay':
				o.aliasDelayMs = Number(value());
				break;
			case '--processing-delay':
				o.processingDelayMs = Number(value());
				break;
			case '--instant':
				o.instant = true;
				break;
			case '--track-max-combined':
				o.trackMaxCombined = Number(value());
				break;
			case '--array-max':
				o.arrayAttributeMaxLength = Number(value());
				break;
			case '--require-fields-to-export':
				o.requireFieldsToExport = true;
				break;
			case '--fields-to-export-optional':
				o.requireFieldsToExport = false;
				break;
			case '--dashboard':
				o.dashboard = readDashboard(value());
				break;
			default:
				throw new Error(`Unknown flag ${arg} (see --help)`);
		}
	}
	if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error(`Bad port ${o.port}`);
	if (!Number.isFinite(o.processingDelayMs) || o.processingDelayMs < 0) throw new Error(`Bad processing delay ${o.processingDelayMs}`);
	return o;
}

/**
 * @param {string} file a JSON file {workspace: {campaigns, canvases, segments}}
 * @returns {Record<string, any>}
 */
function readDashboard(file) {
	const data = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${file}: expected {"workspace": {"campaigns": [...], ...}}`);
	return data;
}

/** @param {string} line */
function out(line) {
	process.stdout.write(`${line}\n`);
}

async function main() {
	let options;
	try {
		options = parseArgs(process.argv.slice(2), process.env);
	} catch (e) {
		process.stderr.write(`${/** @type {Error} */ (e).message}\n`);
		process.exit(2);
	}
	if (options.help) {
		out(HELP);
		return;
	}
	const sb = await startBrazeSandbox(options);
	out(`Braze sandbox (instance ${sb.instance}) listening on ${sb.url}`);
	out(`  REST endpoint for the Braze credential (custom URL): ${sb.url}`);
	out(`  Live page:  ${sb.url}/`);
	out(`  Admin API:  ${sb.url}/_sandbox/ (requests, users, queue, settle, reset, campaigns, canvases, segments, dispatches, faults, config)`);
	if (options.persistFile) out(`  State file: ${options.persistFile}`);
	out(options.instant ? '  Processing: instant (writes apply inside the request)' : `  Processing: asynchronous, queued writes apply after ${options.processingDelayMs} ms (--instant to turn off)`);
	out('  API keys (dev fixtures):');
	for (const k of sb.keys) {
		const other = k.instance.toUpperCase() !== sb.instance.toUpperCase() ? `  (instance ${k.instance}: gets 401 here)` : '';
		out(`    ${k.key}  workspace=${k.workspace}  permissions=${k.permissions.join(',')}${other}`);
	}
	for (const workspace of new Set(sb.keys.map((k) => k.workspace))) {
		const { campaigns, canvases } = sb.store.workspace(workspace).dashboard;
		if (campaigns.size + canvases.size === 0) continue;
		out(`  Dashboard of ${workspace} (campaign and Canvas ids for the messaging endpoints):`);
		for (const c of campaigns.values()) out(`    campaign ${c.id}  ${c.name} (${c.delivery}${c.archived ? ', archived' : ''})`);
		for (const c of canvases.values()) out(`    canvas   ${c.id}  ${c.name} (${c.status})`);
	}
	const active = sb.faults();
	if (active.length) out(`  Faults: ${JSON.stringify(active)}`);
	out('Ctrl-C stops it.');
	let stopping = false;
	const stop = () => {
		if (stopping) process.exit(1);
		stopping = true;
		sb.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((e) => {
		process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
		process.exit(1);
	});
}

module.exports = { parseArgs, parseKey, parseFault, parseRateLimit };
