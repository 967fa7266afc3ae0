// @ts-check
'use strict';
/**
 * n8n's internal REST API (what the editor uses), logged in as the owner with a session cookie:
 * owner setup (1.x), login, workflows, executions and their run data, publish/unpublish while
 * the server runs, and the node/credential types the editor loads. Same calls on 1.123 and 2.41.
 */
const crypto = require('crypto');
const path = require('path');

/** @typedef {{ email: string, password: string, firstName: string, lastName: string }} Owner */

/** An error answer of the REST API, with its status and parsed body. */
class RestError extends Error {
	/** @param {string} message @param {number} status @param {unknown} body */
	constructor(message, status, body) {
		super(message);
		this.status = status;
		this.body = body;
	}
}

class N8nRest {
	/**
	 * @param {object} o
	 * @param {string} o.url          n8n's base URL (main process)
	 * @param {Owner} o.owner
	 * @param {string} o.n8nModules   n8n's node_modules (for its own `flatted`)
	 */
	constructor(o) {
		this.url = o.url;
		this.owner = o.owner;
		this.n8nModules = o.n8nModules;
		/** @type {string | null} */
		this.cookie = null;
		this.browserId = crypto.randomUUID();
	}

	/** @param {Response} res */
	rememberCookie(res) {
		const setCookie = res.headers.getSetCookie ? res.headers.getSetCookie() : [res.headers.get('set-cookie')];
		const auth = setCookie.map((c) => String(c).split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		return auth;
	}

	/**
	 * n8n 1.x has no owner-from-environment: the owner is claimed once through the setup form's
	 * endpoint. Returns false when the instance already has its owner (a reused user folder).
	 * @returns {Promise<boolean>}
	 */
	async setupOwner() {
		const res = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify(this.owner),
		});
		const text = await res.text();
		if (res.status === 400 && /already setup/i.test(text)) return false;
		if (res.status !== 200) throw new RestError(`POST /rest/owner/setup: ${res.status} ${text.slice(0, 500)}`, res.status, text);
		this.rememberCookie(res);
		return true;
	}

	async login() {
		const res = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify({ emailOrLdapLoginId: this.owner.email, password: this.owner.password }),
		});
		const text = await res.text();
		if (res.status !== 200) throw new RestError(`POST /rest/login: ${res.status} ${text.slice(0, 500)}`, res.status, text);
		if (!this.rememberCookie(res)) throw new Error('POST /rest/login: no n8n-auth cookie');
		return JSON.parse(text).data;
	}

	/**
	 * @param {string} method @param {string} urlPath below /rest @param {unknown} [body]
	 * @returns {Promise<any>} the answer's `data` (or the whole answer when it has none)
	 */
	async rest(method, urlPath, body) {
		if (!this.cookie) await this.login();
		const res = await fetch(`${this.url}/rest${urlPath}`, {
			method,
			headers: {
				cookie: /** @type {string} */ (this.cookie),
				'browser-id': this.browserId,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		if (res.status >= 400) throw new RestError(`${method} /rest${urlPath}: ${res.status} ${text.slice(0, 800)}`, res.status, json);
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	/** @param {string} id */
	async getWorkflow(id) {
		return await this.rest('GET', `/workflows/${id}`);
	}

	/**
	 * Executions (newest first, at most `limit`), as the editor's executions list returns them.
	 * @param {string} [workflowId] @param {{ limit?: number }} [options]
	 * @returns {Promise<any[]>}
	 */
	async listExecutions(workflowId, { limit = 100 } = {}) {
		const filter = encodeURIComponent(JSON.stringify(workflowId ? { workflowId } : {}));
		const data = await this.rest('GET', `/executions?filter=${filter}&limit=${limit}`);
		return Array.isArray(data) ? data : data.results || [];
	}

	/**
	 * Every execution of a workflow, paging past the list's limit of 100 (queue-mode runs make
	 * hundreds): 2.x pages with the `nextCursor` it returns, 1.x with `lastId`.
	 * @param {string} workflowId
	 * @returns {Promise<any[]>}
	 */
	async allExecutions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		/** @type {Map<string, any>} */
		const byId = new Map();
		let next = '';
		for (;;) {
			const page = await this.rest('GET', `/executions?filter=${filter}&limit=100${next}`);
			const results = Array.isArray(page) ? page : page.results || [];
			for (const e of results) byId.set(String(e.id), e);
			if (page && typeof page.nextCursor === 'string') next = `&cursor=${encodeURIComponent(page.nextCursor)}`;
			else if (page && page.nextCursor === undefined && results.length === 100) next = `&lastId=${results[results.length - 1].id}`;
			else return [...byId.values()];
			if (!results.length) return [...byId.values()];
		}
	}

	/** @param {string} id */
	async getExecution(id) {
		return await this.rest('GET', `/executions/${id}`);
	}

	/**
	 * The run data of an execution ({[nodeName]: runs[]}), decoded with n8n's own `flatted`.
	 * @param {string} id
	 */
	async executionRunData(id) {
		const execution = await this.getExecution(id);
		let data = execution.data;
		if (typeof data === 'string') data = require(path.join(this.n8nModules, 'flatted')).parse(data);
		return { execution, runData: (data && data.resultData && data.resultData.runData) || {}, data };
	}

	/**
	 * Output items (json) of a node in an execution's first run.
	 * @param {string} executionId @param {string} nodeName
	 * @returns {Promise<any[]>}
	 */
	async nodeOutput(executionId, nodeName) {
		const { runData } = await this.executionRunData(executionId);
		const runs = runData[nodeName] || [];
		const main = (runs[0] && runs[0].data && runs[0].data.main) || [];
		return (main[0] || []).map((/** @type {{ json: unknown }} */ item) => item.json);
	}

	/**
	 * Publish with the server running (registers webhooks, runs the trigger's create()).
	 * @param {string} workflowId
	 */
	async activate(workflowId) {
		const wf = await this.getWorkflow(workflowId);
		return await this.rest('POST', `/workflows/${workflowId}/activate`, { versionId: wf.versionId });
	}

	/**
	 * Unpublish with the server running (runs the trigger's delete()).
	 * @param {string} workflowId
	 */
	async deactivate(workflowId) {
		return await this.rest('POST', `/workflows/${workflowId}/deactivate`, {});
	}

	/**
	 * Node and credential types this n8n knows (what the editor loads).
	 * @returns {Promise<{ nodes: string[], credentials: string[] }>}
	 */
	async knownTypes() {
		/** @param {string} name @returns {Promise<Array<{ name: string }>>} */
		const get = async (name) => {
			const res = await fetch(`${this.url}/types/${name}.json`, {
				headers: this.cookie ? { cookie: this.cookie, 'browser-id': this.browserId } : {},
			});
			if (res.status !== 200) throw new Error(`GET /types/${name}.json: ${res.status}`);
			return /** @type {Array<{ name: string }>} */ (await res.json());
		};
		const [nodes, credentials] = await Promise.all([get('nodes'), get('credentials')]);
		return {
			nodes: [...new Set(nodes.map((n) => n.name))],
			credentials: [...new Set(credentials.map((c) => c.name))],
		};
	}
}

module.exports = { N8nRest, RestError };
