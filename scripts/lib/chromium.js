'use strict';
/**
 * A headless Chromium for browser tests (test/e2e/*.browser.test.ts), from the system's package
 * manager: Debian's `chromium` package at /usr/bin/chromium. playwright-core (a dev dependency)
 * drives it; nothing ever downloads a browser of its own.
 *
 *   const { ensureChromium, launchBrowser } = require('./scripts/lib/chromium');
 *   await ensureChromium();              // '/usr/bin/chromium', installing the package when missing
 *   const browser = await launchBrowser(); // a playwright-core Browser (fresh temporary profile)
 *   ...
 *   await browser.close();
 *
 * Installing needs root (`apt-get update` then `apt-get install -y chromium`); without root the
 * error says what to run. The browser is for loopback pages only: networking features that call
 * out (sync, component updates, background requests, QUIC) are switched off.
 */
const fs = require('fs');
const { spawn } = require('child_process');

const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags of every launch: new headless mode, no sandbox (containers, root), no calls home. */
const CHROMIUM_ARGS = Object.freeze([
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
]);

function log(message) {
	process.stderr.write(`[chromium] ${message}\n`);
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

/** @type {Promise<string> | undefined} one install per process, however many callers */
let installing;

/**
 * Makes sure Debian's Chromium is installed.
 * @returns {Promise<string>} the browser's path, /usr/bin/chromium
 */
async function ensureChromium() {
	if (isExecutable(CHROMIUM_PATH)) return CHROMIUM_PATH;
	installing ??= install().finally(() => {
		installing = undefined;
	});
	return await installing;
}

async function install() {
	const manual = 'sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium';
	if (process.platform !== 'linux' || !isExecutable('/usr/bin/apt-get')) {
		throw new Error(
			`Chromium is not installed at ${CHROMIUM_PATH} and this system has no apt-get to install it ` +
				`(browser tests expect Debian's chromium package). Install it, then run again.`,
		);
	}
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}; installing it needs root. Run:\n  ${manual}`);
	}
	log(`${CHROMIUM_PATH} missing: installing Debian's chromium package (a few minutes)`);
	// Wait for another apt/dpkg run (say, a parallel install) instead of failing on its lock.
	const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
	await run('apt-get', [...lockWait, 'update']);
	await run('apt-get', [...lockWait, 'install', '-y', 'chromium']);
	if (!isExecutable(CHROMIUM_PATH)) {
		throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing. Try:\n  ${manual}`);
	}
	log(`installed ${CHROMIUM_PATH}`);
	return CHROMIUM_PATH;
}

/**
 * Launches headless Chromium through playwright-core, with a fresh temporary profile (deleted on
 * close).
 * @param {import('playwright-core').LaunchOptions} [options] extra launch options; `args` are added to the defaults
 * @returns {Promise<import('playwright-core').Browser>}
 */
async function launchBrowser(options = {}) {
	const executablePath = await ensureChromium();
	const { chromium } = require('playwright-core');
	return await chromium.launch({
		timeout: 60000,
		...options,
		executablePath,
		headless: true,
		args: [...CHROMIUM_ARGS, ...(options.args || [])],
	});
}

module.exports = { ensureChromium, launchBrowser, CHROMIUM_PATH, CHROMIUM_ARGS };
