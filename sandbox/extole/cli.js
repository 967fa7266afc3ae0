#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Runs the Extole sandbox in the foreground.
 *
 *   npm run extole:sandbox -- [--host 127.0.0.1] [--port 8089] [--token TOKEN] [--retry 200,1000,5000]
 *
 * Environment: EXTOLE_SANDBOX_HOST, EXTOLE_SANDBOX_PORT, EXTOLE_SANDBOX_TOKEN, EXTOLE_SANDBOX_RETRY.
 * Point an "Extole API" credential at the printed URL with the token, and deliver events with
 *   curl -X POST <url>/_sandbox/deliver -H 'Content-Type: application/json' -d '{"event":"shared"}'
 */
const { startExtoleSandbox } = require('./index');

/**
 * @param {string[]} argv
 * @returns {Record<string, string>}
 */
function parse(argv) {
	/** @type {Record<string, string>} */
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (!a.startsWith('--')) throw new Error(`Unexpected argument "${a}"`);
		const [k, inline] = a.slice(2).split(/=(.*)/s, 2);
		out[k] = inline !== undefined ? inline : argv[++i];
		if (out[k] === undefined) throw new Error(`Missing value for --${k}`);
	}
	return out;
}

async function main() {
	let args;
	try {
		args = parse(process.argv.slice(2));
	} catch (e) {
		process.stderr.write(`${e.message}\n`);
		process.exitCode = 2;
		return;
	}
	const host = args.host || process.env.EXTOLE_SANDBOX_HOST || '127.0.0.1';
	const port = Number(args.port || process.env.EXTOLE_SANDBOX_PORT || 8089);
	const given = args.token || process.env.EXTOLE_SANDBOX_TOKEN;
	const accessToken = given || 'extole-sandbox-token';
	const retry = args.retry || process.env.EXTOLE_SANDBOX_RETRY;
	const retrySchedule = retry ? retry.split(',').map((s) => Number(s.trim())).filter((n) => Number.isFinite(n) && n >= 0) : undefined;
	const sandbox = await startExtoleSandbox({ host, port, accessToken, ...(retrySchedule ? { retrySchedule } : {}) });
	process.stdout.write(
		`Extole sandbox listening on ${sandbox.url}\n` +
			`  access token: ${given ? '(the one you gave)' : accessToken}\n` +
			`  admin: ${sandbox.url}/_sandbox/{webhooks,keys,deliveries,requests}, POST /_sandbox/deliver, POST /_sandbox/reset\n`,
	);
	const shutdown = async () => {
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

main();
