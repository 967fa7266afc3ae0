// @ts-check
'use strict';
/**
 * What n8n-core reads from the environment when it loads, set before it is first required
 * (every harness module requires this file first): instance settings in a temporary
 * N8N_USER_FOLDER, not the home folder; a fixed encryption key; quiet logs unless HARNESS_LOG=1.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
}
if (!process.env.N8N_ENCRYPTION_KEY) process.env.N8N_ENCRYPTION_KEY = 'harness-only-not-a-secret';
if (!process.env.HARNESS_LOG && !process.env.N8N_LOG_LEVEL) process.env.N8N_LOG_LEVEL = 'silent';

const { LoggerProxy } = require('n8n-workflow');

// Quiet by default (n8n logs node errors); HARNESS_LOG=1 prints them.
if (!process.env.HARNESS_LOG) {
	const silent = () => undefined;
	const scoped = () => ({ error: silent, warn: silent, info: silent, debug: silent });
	LoggerProxy.init(
		/** @type {import('n8n-workflow').Logger} */ (
			/** @type {unknown} */ ({ error: silent, warn: silent, info: silent, debug: silent, verbose: silent, scoped })
		),
	);
}

module.exports = {};
