#!/usr/bin/env node
'use strict';
/**
 * `npm run test:e2e` (after `npm run build`): makes sure Node 24 + n8n 2.41.0 are in the cache
 * folder (first run installs, ~5-10 minutes; later runs reuse), then runs the real-n8n suite in
 * test/e2e with jest (jest.e2e.config.js). Extra arguments go to jest, e.g.
 * `npm run test:e2e -- -t registration`.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { ensureN8nInstalled } = require('./lib/n8n-install');
const { ensureChromium } = require('./lib/chromium');

const REPO_ROOT = path.resolve(__dirname, '..');

async function main() {
	const started = Date.now();
	await ensureN8nInstalled();
	// The sandbox page test drives Debian's Chromium (installed with apt-get when missing).
	await ensureChromium();
	const jest = require.resolve('jest/bin/jest', { paths: [REPO_ROOT] });
	const args = [jest, '--config', path.join(REPO_ROOT, 'jest.e2e.config.js'), '--runInBand', ...process.argv.slice(2)];
	// n8n runs in its own process group; if jest dies without its afterAll, kill what it left.
	const pidFile = path.join(os.tmpdir(), `n8n-e2e-${process.pid}.pids`);
	fs.writeFileSync(pidFile, '');
	const killLeftovers = () => {
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
	};
	process.on('exit', killLeftovers);
	const child = spawn(process.execPath, args, {
		cwd: REPO_ROOT,
		stdio: 'inherit',
		env: { ...process.env, N8N_E2E: '1', N8N_E2E_PID_FILE: pidFile },
	});
	const forward = (signal) => child.kill(signal);
	process.on('SIGINT', forward);
	process.on('SIGTERM', forward);
	child.on('exit', (code, signal) => {
		process.stderr.write(`[e2e] finished in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
		process.exit(code === null ? (signal === 'SIGINT' ? 130 : 1) : code);
	});
}

main().catch((error) => {
	process.stderr.write(`[e2e] ${error.stack || error.message}\n`);
	process.exit(1);
});
