// @ts-check
'use strict';
/**
 * A throwaway Redis for n8n's queue mode: Debian's redis-server (installed with apt-get when
 * missing), on 127.0.0.1 only, a free port, a random password, no persistence (no RDB, no AOF),
 * its working folder and log in a temporary folder deleted on stop.
 */
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { ensureDebianPackages, isExecutable } = require('./apt');
const { freePort, sleep } = require('./ports');
const { ServerProcess } = require('./server-process');

const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * Sends AUTH + PING; resolves true when Redis answers +PONG.
 * @param {number} port @param {string} password
 * @returns {Promise<boolean>}
 */
function ping(port, password) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		let answer = '';
		const done = (/** @type {boolean} */ ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write(`AUTH ${password}\r\nPING\r\n`));
		socket.on('data', (d) => {
			answer += d;
			if (answer.includes('+PONG')) done(true);
			else if (answer.includes('-')) done(false);
		});
	});
}

/**
 * @typedef {object} Redis
 * @property {string} host
 * @property {number} port
 * @property {string} password
 * @property {string} version
 * @property {number} pid
 * @property {Record<string, string>} n8nEnv  n8n's QUEUE_BULL_REDIS_* settings
 * @property {() => Promise<void>} stop
 * @property {() => void} killNow
 */

/**
 * Installs (if missing) and starts Redis.
 * @param {{ log?: (message: string) => void, pidFile?: string }} [options]
 * @returns {Promise<Redis>}
 */
async function startRedis({ log = () => undefined, pidFile } = {}) {
	await ensureDebianPackages({ what: 'Redis', packages: ['redis-server'], isInstalled: () => isExecutable(REDIS_SERVER) });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-redis-'));
	const password = crypto.randomBytes(18).toString('base64url');
	const conf = path.join(dir, 'redis.conf');
	const port = await freePort();
	// The password goes in a config file (mode 600), not on the command line where `ps` shows it.
	fs.writeFileSync(
		conf,
		[
			`port ${port}`,
			'bind 127.0.0.1',
			'protected-mode yes',
			`requirepass ${password}`,
			'save ""',
			'appendonly no',
			`dir ${dir}`,
			'daemonize no',
			'loglevel notice',
		].join('\n'),
		{ mode: 0o600 },
	);
	const server = new ServerProcess({ name: 'redis', command: REDIS_SERVER, args: [conf], cwd: dir, logFile: path.join(dir, 'redis.log'), pidFile });
	const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
	try {
		server.start();
		const started = Date.now();
		while (!(await ping(port, password))) {
			if (server.exitInfo) throw new Error(`redis exited during start (${JSON.stringify(server.exitInfo)}):\n${server.logTail(30)}`);
			if (Date.now() - started > 30000) throw new Error(`redis not ready after 30 s:\n${server.logTail(30)}`);
			await sleep(100);
		}
		const printed = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }).stdout;
		const version = (/v=(\S+)/.exec(printed) || [])[1] || '?';
		log(`Redis ${version} on 127.0.0.1:${port} (no persistence, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
		return {
			host: '127.0.0.1',
			port,
			password,
			version,
			pid: server.pid,
			n8nEnv: {
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(port),
				QUEUE_BULL_REDIS_PASSWORD: password,
			},
			stop: async () => {
				await server.stop({ signal: 'SIGTERM', graceMs: 10000 });
				cleanup();
			},
			killNow: () => {
				server.killNow();
				cleanup();
			},
		};
	} catch (error) {
		await server.stop({ signal: 'SIGTERM', graceMs: 5000 });
		cleanup();
		throw error;
	}
}

module.exports = { startRedis, REDIS_SERVER };
