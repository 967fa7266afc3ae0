// @ts-check
'use strict';
/**
 * The credentials the stack imports into n8n: Braze (the sandbox's two workspace keys, or a real
 * Braze's URL and keys), the Extole webhook key, and the Extole API (sandbox or real) when there
 * is one. Ids are fixed (workflows.js CREDENTIAL_IDS) so templates can be pointed at them.
 */
const path = require('path');

const { REPO_ROOT } = require('./community-package');
const { CREDENTIAL_IDS } = require('./workflows');

/** The Braze sandbox's REST keys: one per workspace. */
const BRAZE_SANDBOX_KEYS = Object.freeze({
	production: 'sandbox-production-key',
	test: 'sandbox-test-key',
});

/**
 * A Braze REST URL as the credential wants it: a listed instance, or `custom` + the URL.
 * @param {string} url @param {'production' | 'test'} prefix
 * @returns {Record<string, string>}
 */
function brazeInstanceFields(url, prefix) {
	const trimmed = url.replace(/\/+$/, '');
	/** @type {unknown[]} */
	let listed = [];
	try {
		const mod = require(path.join(REPO_ROOT, 'dist', 'credentials', 'BrazeApi.credentials.js'));
		const Cls = Object.values(mod).find((v) => typeof v === 'function');
		const prop = new Cls().properties.find((/** @type {{ name: string }} */ p) => p.name === 'instance');
		listed = (prop.options || []).map((/** @type {{ value: unknown }} */ o) => o.value);
	} catch {
		/* credential not built: use custom */
	}
	if (listed.includes(trimmed)) return { [prefix === 'test' ? 'testInstance' : 'instance']: trimmed };
	return prefix === 'test' ? { testInstance: 'custom', testCustomUrl: trimmed } : { instance: 'custom', customUrl: trimmed };
}

/**
 * @typedef {{ url: string, apiKey: string, testUrl?: string, testApiKey?: string }} RealBraze
 * @typedef {{ id: string, name: string, type: string, data: Record<string, unknown> }} CredentialImport
 */

/**
 * @param {object} o
 * @param {RealBraze | null} o.realBraze   null: the Braze sandbox at `brazeUrl`
 * @param {string} o.brazeUrl
 * @param {string} o.webhookSecret
 * @param {{ url: string, token: string, sandbox: boolean } | null} o.extoleApi
 * @returns {{ credentials: CredentialImport[], credentialIds: Record<string, string> }}
 */
function stackCredentials({ realBraze, brazeUrl, webhookSecret, extoleApi }) {
	/** @type {CredentialImport[]} */
	const credentials = [];
	credentials.push({
		id: CREDENTIAL_IDS.brazeApi,
		name: realBraze ? 'Braze' : 'Braze sandbox',
		type: 'brazeApi',
		data: realBraze
			? {
					...brazeInstanceFields(realBraze.url, 'production'),
					apiKey: realBraze.apiKey,
					...(realBraze.testApiKey
						? {
								testApiKey: realBraze.testApiKey,
								...(realBraze.testUrl ? brazeInstanceFields(realBraze.testUrl, 'test') : { testInstance: 'same' }),
							}
						: {}),
				}
			: {
					instance: 'custom',
					customUrl: brazeUrl,
					apiKey: BRAZE_SANDBOX_KEYS.production,
					testApiKey: BRAZE_SANDBOX_KEYS.test,
					testInstance: 'same',
				},
	});
	credentials.push({
		id: CREDENTIAL_IDS.extoleWebhookKeyApi,
		name: 'Extole webhook key',
		type: 'extoleWebhookKeyApi',
		data: { key: webhookSecret },
	});
	/** @type {Record<string, string>} */
	const credentialIds = { ...CREDENTIAL_IDS };
	if (extoleApi)
		credentials.push({
			id: CREDENTIAL_IDS.extoleApi,
			name: extoleApi.sandbox ? 'Extole sandbox API' : 'Extole API',
			type: 'extoleApi',
			data: { accessToken: extoleApi.token, baseUrl: extoleApi.url },
		});
	else delete credentialIds.extoleApi;
	return { credentials, credentialIds };
}

module.exports = { BRAZE_SANDBOX_KEYS, brazeInstanceFields, stackCredentials };
