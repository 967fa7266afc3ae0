#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run test:e2e` (after `npm run build`): the real-n8n suite in test/e2e, in parts, each a
 * jest run (jest.e2e.config.js) against n8n from the cache folder (installed on first use):
 *
 *   n8n2   n8n 2.41.0: every test file but the queue-mode one (pipeline, npm start, browser)
 *   n8n1   n8n 1.123.81: the pipeline (pipeline.test.ts)
 *   queue  n8n 2.41.0 in queue mode: PostgreSQL, Redis, main + 2 workers, webhook processes
 *          (queue-mode.test.ts), and `npm start -- --queue --webhook` (start-queue-mode.test.ts)
 *
 * `--part=queue` (or `--part=n8n1,queue`) runs only those parts; `npm run test:e2e:queue` is
 * `--part=queue`. Other arguments go to jest, e.g. `npm run test:e2e -- -t registration`.
 * Every part runs even when an earlier one failed; the exit code is non-zero if any failed. A
 * closing table gives each part's install and test time.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const { ensureN8nInstalled, DEFAULT_N8N_VERSION, N8N_1_VERSION } = require('./lib/n8n-install');
const { ensureChromium } = require('./lib/chromium');

const REPO_ROOT = path.resolve(__dirname, '..');
/** The queue-mode files (queue-mode.test.ts, start-queue-mode.test.ts): a part of their own. */
const QUEUE_FILES = 'queue-mode\\.test\\.ts$';

/**
 * @typedef {object} Part
 * @property {string} name
 * @property {string} version        the n8n version it runs against
 * @property {string[]} jestArgs     which test files
 * @property {boolean} [browser]     needs Chromium
 */

/** @type {Part[]} */
const PARTS = [
	{
		name: 'n8n2',
		version: process.env.N8N_VERSION || DEFAULT_N8N_VERSION,
		jestArgs: [`--testPathIgnorePatterns=${QUEUE_FILES}`],
		browser: true,
	},
	{ name: 'n8n1', version: N8N_1_VERSION, jestArgs: ['--runTestsByPath', 'test/e2e/pipeline.test.ts'] },
	{ name: 'queue', version: DEFAULT_N8N_VERSION, jestArgs: [`--testPathPattern=${QUEUE_FILES}`] },
];

/** @param {string} message */
function say(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

/** @param {string[]} argv @returns {{ parts: Part[], jestArgs: string[] }} */
function parseArgs(argv) {
	/** @type {string[] | null} */
	let names = null;
	const jestArgs = [];
	for (const arg of argv) {
		const m = /^--part=(.+)$/.exec(arg);
		if (m) names = [...(names || []), ...m[1].split(',')];
		else jestArgs.push(arg);
	}
	if (!names) return { parts: PARTS, jestArgs };
	const unknown = names.filter((n) => !PARTS.some((p) => p.name === n));
	if (unknown.length) throw new Error(`unknown part ${unknown.join(', ')} (parts: ${PARTS.map((p) => p.name).join(', ')})`);
	return { parts: PARTS.filter((p) => /** @type {string[]} */ (names).includes(p.name)), jestArgs };
}

/** Kills the process groups listed in a pid file (what a jest run left if it died without its afterAll). @param {string} pidFile */
function killListed(pidFile) {
	/** @type {number[]} */
	let pids = [];
	try {
		pids = fs.readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
	} catch {
		/* none */
	}
	for (const pid of pids) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			/* already gone */
		}
	}
	fs.rmSync(pidFile, { force: true });
}

/** @type {import('child_process').ChildProcess | null} */
let current = null;
let interrupted = false;

/**
 * One jest run; resolves with its exit code.
 * @param {Part} part @param {string[]} extra
 * @returns {Promise<number>}
 */
function runJest(part, extra) {
	const jest = require.resolve('jest/bin/jest', { paths: [REPO_ROOT] });
	const args = [jest, '--config', path.join(REPO_ROOT, 'jest.e2e.config.js'), '--runInBand', ...part.jestArgs, ...extra];
	// n8n, PostgreSQL and Redis run in their own process groups, listed here; killed if jest dies.
	const pidFile = path.join(os.tmpdir(), `n8n-e2e-${process.pid}-${part.name}.pids`);
	fs.writeFileSync(pidFile, '');
	return new Promise((resolve) => {
		const child = spawn(process.execPath, args, {
			cwd: REPO_ROOT,
			stdio: 'inherit',
			env: { ...process.env, N8N_E2E: '1', N8N_E2E_PID_FILE: pidFile, N8N_VERSION: part.version, N8N_E2E_PART: part.name },
		});
		current = child;
		child.on('exit', (code, signal) => {
			current = null;
			killListed(pidFile);
			resolve(code === null ? (signal === 'SIGINT' ? 130 : 1) : code);
		});
	});
}

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(0)} s`;

async function main() {
	const { parts, jestArgs } = parseArgs(process.argv.slice(2));
	for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM'])) {
		process.on(signal, () => {
			interrupted = true;
			if (current) current.kill(signal);
		});
	}
	const started = Date.now();
	/** @type {Array<{ part: Part, installMs: number, testMs: number, code: number }>} */
	const results = [];
	for (const part of parts) {
		if (interrupted) break;
		say(`--- part ${part.name}: n8n ${part.version}`);
		let t = Date.now();
		let code = 0;
		let installMs = 0;
		try {
			await ensureN8nInstalled({ version: part.version, quiet: true });
			if (part.browser) await ensureChromium(); // Debian's Chromium, installed with apt-get when missing
			installMs = Date.now() - t;
		} catch (error) {
			say(`part ${part.name}: install failed: ${/** @type {Error} */ (error).stack}`);
			results.push({ part, installMs: Date.now() - t, testMs: 0, code: 1 });
			continue;
		}
		t = Date.now();
		code = await runJest(part, jestArgs);
		results.push({ part, installMs, testMs: Date.now() - t, code });
	}
	say(`summary (total ${seconds(Date.now() - started)}):`);
	for (const r of results)
		say(
			`  ${r.part.name.padEnd(6)} n8n ${r.part.version.padEnd(9)} install/check ${seconds(r.installMs).padStart(6)}` +
				`  tests ${seconds(r.testMs).padStart(6)}  ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`}`,
		);
	const failed = results.some((r) => r.code !== 0) || results.length < parts.length;
	process.exit(interrupted ? 130 : failed ? 1 : 0);
}

main().catch((error) => {
	say(error.stack || error.message);
	process.exit(1);
});
