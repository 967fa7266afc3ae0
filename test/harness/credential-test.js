// @ts-check
'use strict';
/**
 * A credential type's `test` request, run as n8n's credential tester runs it: expressions
 * resolved with `$credentials`, `authenticate` applied, then the `rules` checked (a
 * `responseCode` rule names the message for a status; a `responseSuccessBody` rule turns a 2xx
 * whose body has key = value into an error).
 */
require('./environment');
const { Workflow } = require('n8n-workflow');

const { HarnessCredentialsHelper, resolveDeep, withDefaults } = require('./credentials-helper');
const { HarnessNodeTypes, loadTypes } = require('./node-types');

/**
 * @param {string} typeName
 * @param {import('n8n-workflow').ICredentialDataDecryptedObject} data
 * @returns {Promise<{ status: 'OK' | 'Error', message: string, statusCode?: number }>}
 */
async function testCredential(typeName, data) {
	/** @type {import('axios').AxiosStatic} */
	const axios = require('axios').default;
	const { credentials: credentialTypes, nodes: nodeTypesMap } = loadTypes();
	const type = credentialTypes.get(typeName);
	if (!type) throw new Error(`harness: unknown credential type "${typeName}"`);
	if (!type.test) return { status: 'Error', message: 'No testing function found for this credential.' };
	const credentials = withDefaults(type, data);
	const helper = new HarnessCredentialsHelper(credentialTypes, { [typeName]: credentials });
	const node = { id: 't', name: 'Temp-Node', type: 'harness.start', typeVersion: 1, position: /** @type {[number, number]} */ ([0, 0]), parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new HarnessNodeTypes(nodeTypesMap) });
	const tempNode = workflow.getNode(node.name) || undefined;
	const request = resolveDeep(type.test.request, credentials, workflow, tempNode);
	/** @type {import('n8n-workflow').IHttpRequestOptions} */
	let options = {
		method: request.method ?? 'GET',
		url: request.url ?? '',
		baseURL: request.baseURL,
		headers: request.headers ?? {},
		body: request.body,
		qs: request.qs,
	};
	let response;
	try {
		options = await helper.authenticate(credentials, typeName, options, workflow, tempNode);
		response = await axios.request({
			method: options.method,
			url: options.url,
			baseURL: options.baseURL,
			headers: /** @type {Record<string, string>} */ (options.headers),
			params: options.qs,
			data: options.body,
			validateStatus: () => true,
			timeout: 10000,
		});
	} catch (error) {
		const e = /** @type {Error & { code?: string }} */ (error);
		return { status: 'Error', message: e.code ?? e.message };
	}
	/** @type {any[]} */
	const rules = type.test.rules ?? [];
	if (response.status < 200 || response.status > 299) {
		for (const rule of rules) {
			if (rule.type === 'responseCode' && rule.properties.value === response.status) {
				return { status: 'Error', message: rule.properties.message, statusCode: response.status };
			}
		}
		return {
			status: 'Error',
			message: response.statusText || `Received HTTP status code: ${response.status}`,
			statusCode: response.status,
		};
	}
	for (const rule of rules) {
		if (rule.type === 'responseSuccessBody') {
			const value = String(rule.properties.key)
				.split('.')
				.reduce((/** @type {any} */ acc, key) => (acc == null ? acc : acc[key]), response.data);
			if (value === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message, statusCode: response.status };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!', statusCode: response.status };
}

module.exports = { testCredential };
