'use strict';
/** The Braze sandbox in a child process (its memory and CPU are not the benchmark's) and its admin API. */
const path = require('path');
const { fork } = require('child_process');

const KEY = 'bench-production-key';

/**
 * Braze's /users/export/ids limit for workspaces onboarded before 22 Aug 2024 (2,500 a minute; newer
 * ones, and the sandbox's default: 250). The email-lookup section's naive client makes one export
 * per event: at 250 a minute its 2,000 events alone would take 8 minutes (the rows say what the
 * newer limit means).
 */
const EXPORT_LIMIT_PER_MINUTE = 2500;

/** @returns {Promise<{url: string, stop: () => Promise<void>}>} */
function startSandbox() {
	return new Promise((resolve, reject) => {
		const limits = JSON.stringify({ 'users.export.ids': { limit: EXPORT_LIMIT_PER_MINUTE, windowMs: 60000 } });
		const child = fork(path.join(__dirname, '..', 'sandbox-child.js'), [limits], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`the Braze sandbox exited (${code}) before it started`)));
		child.once('message', (message) => {
			child.removeAllListeners('exit');
			const stop = () =>
				new Promise((done) => {
					if (child.exitCode !== null) return done();
					child.once('exit', () => done());
					child.send('stop');
				});
			resolve({ url: message.url, stop });
		});
	});
}

async function admin(url, route, method = 'GET', body) {
	const response = await fetch(`${url}${route}`, {
		method,
		headers: body ? { 'Content-Type': 'application/json' } : {},
		body: body ? JSON.stringify(body) : undefined,
	});
	if (!response.ok) throw new Error(`sandbox admin ${method} ${route}: HTTP ${response.status}`);
	return await response.json();
}

const reset = (url) => admin(url, '/_sandbox/reset', 'POST');
const setFaults = (url, faults) => admin(url, '/_sandbox/faults', 'PUT', faults);
const requests = async (url, pathFilter) => (await admin(url, `/_sandbox/requests${pathFilter ? `?path=${pathFilter}` : ''}`)).requests;

/**
 * A section run on its own (`node bench/<section>.js`): a sandbox for it, its rows printed as a
 * table, the sandbox stopped, exit 1 on a failure. `rowsOf` gets the sandbox URL and a logger.
 * @param {(url: string, log: (line: string) => void) => Promise<object[]>} rowsOf
 */
function runStandalone(rowsOf) {
	const { textTable } = require('./table');
	(async () => {
		const sb = await startSandbox();
		try {
			const rows = await rowsOf(sb.url, (line) => process.stderr.write(`${line}\n`));
			process.stdout.write(`${textTable(rows)}\n`);
		} finally {
			await sb.stop();
		}
	})().catch((error) => {
		process.stderr.write(`${error.stack}\n`);
		process.exit(1);
	});
}

module.exports = { runStandalone, KEY, EXPORT_LIMIT_PER_MINUTE, startSandbox, admin, reset, setFaults, requests, credentials: (url) => ({ brazeApi: { instance: 'custom', customUrl: url, apiKey: KEY } }) };
