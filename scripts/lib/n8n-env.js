// @ts-check
'use strict';
/**
 * The environment of one n8n process: loopback only, its own ports, nothing of the caller's
 * `npm run` or own n8n setup, no calls home, every execution saved (the tests read them back),
 * the owner from the environment where the n8n line supports it, a worker's health server, and
 * whatever the caller adds last (queue mode: DB_*, QUEUE_*, EXECUTIONS_MODE).
 */
const path = require('path');

/**
 * @typedef {object} N8nProcessSettings
 * @property {import('./n8n-install').N8nInstall} install
 * @property {'main' | 'worker' | 'webhook'} role
 * @property {import('./n8n-versions').N8nLine} line
 * @property {string} userFolder
 * @property {string} host
 * @property {number} port
 * @property {number} brokerPort
 * @property {string} url
 * @property {string} encryptionKey
 * @property {import('./n8n-rest').Owner} owner
 * @property {string} ownerPasswordHash
 * @property {Record<string, string>} extraEnv
 */

/**
 * @param {N8nProcessSettings} p
 * @returns {NodeJS.ProcessEnv}
 */
function n8nEnv(p) {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		// NODE_ENV=test (set by jest) makes n8n refuse to load nodes and silences its logger.
		if (/^(npm_|N8N_|DB_|EXECUTIONS_|WEBHOOK_URL$|QUEUE_|NODE_OPTIONS$|NODE_PATH$|NODE_ENV$|JEST_)/i.test(key))
			delete env[key];
	}
	/** @type {Record<string, string>} */
	const owner = p.line.ownerFromEnv
		? {
				N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
				N8N_INSTANCE_OWNER_EMAIL: p.owner.email,
				N8N_INSTANCE_OWNER_FIRST_NAME: p.owner.firstName,
				N8N_INSTANCE_OWNER_LAST_NAME: p.owner.lastName,
				N8N_INSTANCE_OWNER_PASSWORD_HASH: p.ownerPasswordHash,
			}
		: {};
	/** @type {Record<string, string>} A worker answers /healthz/readiness on its own port. */
	const worker =
		p.role === 'worker'
			? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(p.port), N8N_WORKER_SERVER_ADDRESS: p.host }
			: {};
	return {
		...env,
		PATH: `${path.dirname(p.install.nodeBin)}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: p.userFolder,
		N8N_PORT: String(p.port),
		N8N_HOST: p.host,
		N8N_LISTEN_ADDRESS: p.host,
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `${p.url}/`,
		N8N_EDITOR_BASE_URL: `${p.url}/`,
		N8N_ENCRYPTION_KEY: p.encryptionKey,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(p.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: p.host,
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		GENERIC_TIMEZONE: 'UTC',
		...owner,
		...worker,
		...p.extraEnv,
	};
}

module.exports = { n8nEnv };
