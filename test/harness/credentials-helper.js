// @ts-check
'use strict';
/**
 * Credentials as n8n's CredentialsHelper gives them to nodes: the data handed to the harness,
 * completed with each credential property's default, and the credential type's `authenticate`
 * (a function, or a generic `{headers, qs, body, auth}` with `={{ $credentials.x }}`
 * expressions) applied to every request. What authenticate produced is recorded with the values
 * of `authorization` headers redacted.
 */
require('./environment');
const { Credentials } = require('n8n-core');
const { ICredentialsHelper } = require('n8n-workflow');

/**
 * @typedef {import('n8n-workflow').ICredentialType} ICredentialType
 * @typedef {import('n8n-workflow').ICredentialDataDecryptedObject} CredentialData
 * @typedef {import('n8n-workflow').IHttpRequestOptions} IHttpRequestOptions
 * @typedef {import('n8n-workflow').Workflow} Workflow
 * @typedef {import('n8n-workflow').INode} INode
 * @typedef {{ method?: string, url: string, baseURL?: string, headers: Record<string, unknown> }} RecordedRequest
 */

/**
 * @param {ICredentialType} type @param {CredentialData | undefined} data
 * @returns {CredentialData}
 */
function withDefaults(type, data) {
	/** @type {CredentialData} */
	const out = { ...(data ?? {}) };
	for (const property of type.properties ?? []) {
		if (out[property.name] === undefined && property.default !== undefined) {
			out[property.name] = /** @type {any} */ (property.default);
		}
	}
	return out;
}

/** @param {IHttpRequestOptions} options @returns {RecordedRequest} */
function redactAuth(options) {
	/** @type {Record<string, unknown>} */
	const headers = { ...(options.headers ?? {}) };
	for (const name of Object.keys(headers)) {
		if (name.toLowerCase() === 'authorization') {
			const value = String(headers[name]);
			headers[name] = value.replace(/^(\S+\s+).*/, '$1[redacted]');
		}
	}
	return { method: options.method, url: options.url, baseURL: options.baseURL, headers };
}

/**
 * Resolves `={{ ... }}` expressions of credential-related values with `$credentials` set.
 * @param {unknown} value @param {CredentialData} credentials @param {Workflow} [workflow] @param {INode | null} [node]
 * @returns {unknown}
 */
function resolveCredentialValue(value, credentials, workflow, node) {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	if (workflow && node) {
		try {
			return workflow.expression.getParameterValue(
				value,
				null,
				0,
				0,
				node.name,
				[],
				'internal',
				{ $credentials: credentials },
				undefined,
				false,
				credentials,
			);
		} catch {
			// fall through to the simple resolver
		}
	}
	return value
		.slice(1)
		.replace(/\{\{\s*\$credentials(?:\.([A-Za-z0-9_]+)|\[\s*["']([^"']+)["']\s*\])\s*\}\}/g, (_, a, b) =>
			String(credentials[a ?? b] ?? ''),
		);
}

/**
 * `resolveCredentialValue` over every string in a structure.
 * @param {unknown} value @param {CredentialData} credentials @param {Workflow} [workflow] @param {INode | null} [node]
 * @returns {any}
 */
function resolveDeep(value, credentials, workflow, node) {
	if (typeof value === 'string') return resolveCredentialValue(value, credentials, workflow, node);
	if (Array.isArray(value)) return value.map((v) => resolveDeep(v, credentials, workflow, node));
	if (value && typeof value === 'object') {
		/** @type {Record<string, unknown>} */
		const out = {};
		for (const [k, v] of Object.entries(value)) out[k] = resolveDeep(v, credentials, workflow, node);
		return out;
	}
	return value;
}

/** @type {RecordedRequest[]} */
const authenticatedRequests = [];

class HarnessCredentialsHelper extends ICredentialsHelper {
	/** @param {Map<string, ICredentialType>} credentialTypes @param {Record<string, CredentialData>} [data] by credential type */
	constructor(credentialTypes, data) {
		super();
		this.credentialTypes = credentialTypes;
		this.data = data ?? {};
	}

	/** @param {string} name */
	getType(name) {
		const type = this.credentialTypes.get(name);
		if (!type) throw new Error(`harness: unknown credential type "${name}"`);
		return type;
	}

	/** @param {string} name @returns {string[]} */
	getParentTypes(name) {
		const type = this.credentialTypes.get(name);
		return type?.extends ?? [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	/**
	 * @param {CredentialData} credentials @param {string} typeName @param {IHttpRequestOptions} requestOptions
	 * @param {Workflow} [workflow] @param {INode} [node]
	 * @returns {Promise<IHttpRequestOptions>}
	 */
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const type = this.getType(typeName);
		/** @type {any} */
		let result = requestOptions;
		if (typeof type.authenticate === 'function') {
			result = await type.authenticate(credentials, { ...requestOptions });
		} else if (type.authenticate && type.authenticate.type === 'generic') {
			const properties = resolveDeep(type.authenticate.properties, credentials, workflow, node);
			result = { ...requestOptions };
			for (const key of ['headers', 'qs', 'body']) {
				if (properties[key]) result[key] = { ...(result[key] ?? {}), ...properties[key] };
			}
			if (properties.auth) result.auth = properties.auth;
		}
		authenticatedRequests.push(redactAuth(result));
		return result;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	/** @param {{ id?: string | null, name?: string } | null} nodeCredentials @param {string} type */
	async getCredentials(nodeCredentials, type) {
		return new Credentials({ id: nodeCredentials?.id ?? null, name: nodeCredentials?.name ?? '' }, type, '');
	}

	/** @param {unknown} _additionalData @param {unknown} _nodeCredentials @param {string} type */
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		if (!(type in this.data)) {
			throw new Error(`harness: no credentials of type "${type}" were given to the harness`);
		}
		return withDefaults(this.getType(type), this.data[type]);
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	/** @param {string} type */
	getCredentialsProperties(type) {
		return this.getType(type).properties ?? [];
	}
}

module.exports = {
	HarnessCredentialsHelper,
	withDefaults,
	resolveDeep,
	getAuthenticatedRequests: () => authenticatedRequests.slice(),
	resetAuthenticatedRequests: () => {
		authenticatedRequests.length = 0;
	},
};
