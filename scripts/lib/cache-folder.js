// @ts-check
'use strict';
/**
 * The building blocks of a cache folder that several processes may fill at once (n8n-install.js
 * uses them for Node 24 and each n8n version): a lock folder per install, a `.complete` marker
 * written only after an install was verified, and a long command whose output goes to a log file
 * with a "still running" line every 30 s.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

/** @param {string} message */
function log(message) {
	process.stderr.write(`[n8n-install] ${message}\n`);
}

/**
 * Runs a command with its output appended to `logFile`; resolves with its duration in ms.
 * @param {string} cmd @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, logFile: string, label: string }} options
 * @returns {Promise<number>}
 */
function runLogged(cmd, args, { cwd, env, logFile, label }) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd})\n`);
		const started = Date.now();
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
		const timer = setInterval(() => {
			log(`  ${label}: still running (${Math.round((Date.now() - started) / 1000)} s)`);
		}, 30000);
		child.on('error', (error) => {
			clearInterval(timer);
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearInterval(timer);
			fs.closeSync(out);
			if (code === 0) resolve(Date.now() - started);
			else reject(new Error(`${label} failed (${signal || `exit ${code}`}); log ${logFile}:\n${readTail(logFile, 40)}`));
		});
	});
}

/** @param {string} file @param {number} lines */
function readTail(file, lines) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/**
 * Whether `dir` holds a finished install whose marker matches every `expected` entry.
 * @param {string} dir @param {Record<string, unknown>} expected
 */
function isComplete(dir, expected) {
	try {
		const marker = JSON.parse(fs.readFileSync(path.join(dir, '.complete'), 'utf8'));
		return Object.entries(expected).every(([k, v]) => marker[k] === v);
	} catch {
		return false;
	}
}

/** @param {string} dir @param {Record<string, unknown>} data */
function writeMarker(dir, data) {
	fs.writeFileSync(path.join(dir, '.complete'), JSON.stringify({ ...data, completedAt: new Date().toISOString() }, null, 2));
}

/** @param {number} ms */
function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** @param {number} pid */
function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}

/**
 * Runs `fn` holding a lock folder with this process's pid; a stale lock (dead owner) is taken over.
 * @template T
 * @param {string} root @param {string} name @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withLock(root, name, fn) {
	const lockDir = path.join(root, `.lock-${name}`);
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
			let owner = 0;
			try {
				owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {
				/* being written */
			}
			if (owner && !pidAlive(owner)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`another process (pid ${owner || '?'}) is installing ${name}; waiting for it`);
				announced = true;
			}
			await sleep(2000);
		}
	}
	const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
	process.once('exit', release);
	try {
		return await fn();
	} finally {
		release();
		process.removeListener('exit', release);
	}
}

module.exports = { log, runLogged, isComplete, writeMarker, withLock };
