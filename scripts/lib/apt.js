// @ts-check
'use strict';
/**
 * Debian packages the real-n8n scripts need (Chromium for the browser tests, PostgreSQL and Redis
 * for queue mode), installed with apt-get only when the program is missing. Installing needs
 * root; without it the error says what to run. Nothing is ever removed.
 */
const fs = require('fs');
const { spawn } = require('child_process');

/** @param {string} message */
function log(message) {
	process.stderr.write(`[apt] ${message}\n`);
}

/** @param {string} file @returns {boolean} */
function isExecutable(file) {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

/**
 * Runs a command, its output going to stderr (so it never mixes with a test reporter's stdout).
 * @param {string} command @param {string[]} args
 * @returns {Promise<void>}
 */
function run(command, args) {
	return new Promise((resolve, reject) => {
		log(`$ ${command} ${args.join(' ')}`);
		const child = spawn(command, args, {
			stdio: ['ignore', 2, 2],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		child.on('error', (error) => reject(new Error(`${command} could not start: ${error.message}`)));
		child.on('exit', (code, signal) => {
			if (code === 0) resolve();
			else reject(new Error(`${command} ${args.join(' ')} failed (${signal ? `signal ${signal}` : `exit code ${code}`})`));
		});
	});
}

/** @type {Map<string, Promise<void>>} one install per package set and process, however many callers */
const installing = new Map();

/**
 * Installs Debian `packages` unless `isInstalled()` already holds; checks it again afterwards.
 * @param {object} o
 * @param {string} o.what        a human name for messages ("Chromium", "Redis 7")
 * @param {string[]} o.packages  Debian package names
 * @param {() => boolean} o.isInstalled
 * @returns {Promise<void>}
 */
async function ensureDebianPackages({ what, packages, isInstalled }) {
	if (isInstalled()) return;
	const key = packages.join(' ');
	let pending = installing.get(key);
	if (!pending) {
		pending = install(what, packages, isInstalled).finally(() => installing.delete(key));
		installing.set(key, pending);
	}
	await pending;
}

/**
 * @param {string} what @param {string[]} packages @param {() => boolean} isInstalled
 * @returns {Promise<void>}
 */
async function install(what, packages, isInstalled) {
	const manual = `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(' ')}`;
	if (process.platform !== 'linux' || !isExecutable('/usr/bin/apt-get')) {
		throw new Error(
			`${what} is not installed and this system has no apt-get to install it ` +
				`(the scripts expect Debian's ${packages.join(', ')}). Install it, then run again.`,
		);
	}
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new Error(`${what} is not installed; installing it needs root. Run:\n  ${manual}`);
	}
	log(`${what} missing: installing Debian's ${packages.join(', ')} (a few minutes)`);
	// Wait for another apt/dpkg run (say, a parallel install) instead of failing on its lock.
	const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
	await run('apt-get', [...lockWait, 'update']);
	await run('apt-get', [...lockWait, 'install', '-y', ...packages]);
	if (!isInstalled()) throw new Error(`apt-get installed ${packages.join(', ')} but ${what} is still missing. Try:\n  ${manual}`);
	log(`installed ${what}`);
}

module.exports = { ensureDebianPackages, isExecutable };
