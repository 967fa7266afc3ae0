// @ts-check
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
const { ensureDebianPackages, isExecutable } = require('./apt');

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

/**
 * Makes sure Debian's Chromium is installed.
 * @returns {Promise<string>} the browser's path, /usr/bin/chromium
 */
async function ensureChromium() {
	await ensureDebianPackages({
		what: `Chromium (${CHROMIUM_PATH})`,
		packages: ['chromium'],
		isInstalled: () => isExecutable(CHROMIUM_PATH),
	});
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
