'use strict';
/**
 * A small stand-in for n8n's production webhook path, around the COMPILED Extole Trigger
 * (dist/): a local HTTP server that reads the raw body like n8n does (bytes kept in
 * `req.rawBody`, JSON parsed into `req.body`), builds n8n-core's real `WebhookContext` /
 * `HookContext` for the node, calls `webhook()` or `webhookMethods`, and answers like n8n:
 * `noWebhookResponse` -> the node already answered (and, with `workflowData`, one recorded
 * "execution" starts anyway); `workflowData` alone -> 200 `{"message":"Workflow was started"}`
 * and one recorded "execution".
 *
 * As in n8n, each request builds a new Workflow from the saved static data and saves it back
 * afterwards, so several requests in flight each hold their own copy.
 */
const http = require('http');
const os = require('os');
const path = require('path');
const fs = require('fs');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'extole-trigger-n8n-'));
}
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';

const { Workflow } = require('n8n-workflow');
const { WebhookContext, HookContext } = require('n8n-core/dist/execution-engine/node-execution-context');

const DIST = path.resolve(__dirname, '../../../dist');
const { ExtoleTrigger } = require(path.join(DIST, 'nodes/ExtoleTrigger/ExtoleTrigger.node.js'));
const { ExtoleApi } = require(path.join(DIST, 'credentials/ExtoleApi.credentials.js'));

const NODE_TYPE = 'n8n-nodes-extole-braze.extoleTrigger';

/** Resolves `={{$credentials.x}}`-style templates of a generic `authenticate` (enough for ours). */
function resolveTemplate(template, credentials) {
	const text = String(template).replace(/^=/, '');
	return text.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, k) => String(credentials[k] ?? ''));
}

function makeCredentialsHelper(credentials, loads) {
	const types = { extoleApi: new ExtoleApi() };
	return {
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		getDecrypted: async (_additional, _nodeCredentials, type) => {
			loads.count += 1;
			if (!credentials[type]) throw new Error(`No credentials of type ${type} in the harness`);
			return { ...credentials[type] };
		},
		preAuthentication: async () => undefined,
		authenticate: async (decrypted, type, requestOptions) => {
			const def = types[type];
			if (!def || !def.authenticate || def.authenticate.type !== 'generic') return requestOptions;
			const headers = { ...(requestOptions.headers || {}) };
			for (const [name, value] of Object.entries(def.authenticate.properties.headers || {})) {
				headers[name] = resolveTemplate(value, decrypted);
			}
			return { ...requestOptions, headers };
		},
	};
}

/** The bits of Express's Response that nodes use, over Node's ServerResponse. */
function expressLike(res) {
	res.status = (code) => {
		res.statusCode = code;
		return res;
	};
	res.json = (body) => {
		if (!res.headersSent) res.setHeader('Content-Type', 'application/json');
		res.end(JSON.stringify(body));
		return res;
	};
	res.send = (body) => {
		if (typeof body === 'object' && body !== null && !Buffer.isBuffer(body)) return res.json(body);
		res.end(body);
		return res;
	};
	return res;
}

/**
 * Creates a harness for one Extole Trigger node.
 * options: parameters (node parameters), credentials ({ extoleWebhookKeyApi: {key}, extoleApi:
 * {accessToken, baseUrl} }), webhookBaseUrl (what getNodeWebhookUrl builds on; defaults to
 * the harness's own URL), workflowId, nodeId, withoutRawBody (simulate a server that keeps no raw
 * body: only the parsed `req.body` reaches the node), typeVersion (of the node, default 1; from 2
 * on, bodies of other content types than n8n parses reach the node unread, as in n8n).
 */
async function createHarness(options = {}) {
	const nodeType = new ExtoleTrigger();
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const h = {
		parameters: { events: ['*'], authentication: 'none', registerWebhook: false, options: {}, ...(options.parameters || {}) },
		credentials: options.credentials || {},
		staticData: {},
		executions: [],
		responses: [],
		/** event_id of each request, in the order the requests reached the node. */
		arrivals: [],
		/** How many times a credential was loaded (decrypted). */
		credentialLoads: { count: 0 },
		/** When true, starting an execution fails as n8n's does when WorkflowRunner.run throws. */
		failStart: false,
		errors: [],
		url: '',
		webhookId: options.webhookId || 'a1b2c3d4-e5f6-4a5b-8c9d-0123456789ab',
		workflowId: options.workflowId || `wf-${Math.random().toString(36).slice(2, 10)}`,
		nodeId: options.nodeId || 'node-extole-1',
	};

	function buildNode() {
		const credentialRefs = {};
		for (const type of Object.keys(h.credentials)) credentialRefs[type] = { id: `${type}-${h.workflowId}`, name: type };
		return {
			id: h.nodeId,
			name: 'Extole Trigger',
			type: NODE_TYPE,
			typeVersion: options.typeVersion || 1,
			position: [0, 0],
			webhookId: h.webhookId,
			parameters: h.parameters,
			credentials: credentialRefs,
		};
	}

	function buildWorkflow() {
		const node = buildNode();
		const workflow = new Workflow({
			id: h.workflowId,
			name: 'Extole to Braze',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: JSON.parse(JSON.stringify(h.staticData)),
		});
		return { workflow, node: workflow.getNode(node.name) };
	}

	function additionalData(extra = {}) {
		const base = options.webhookBaseUrl || `${h.url}/webhook`;
		return {
			webhookBaseUrl: base,
			webhookTestBaseUrl: base.replace(/\/webhook$/, '/webhook-test'),
			credentialsHelper: makeCredentialsHelper(h.credentials, h.credentialLoads),
			...extra,
		};
	}

	function saveStaticData(workflow) {
		// As n8n's WorkflowStaticDataService: saved only when it changed (`__dataChanged`), the
		// whole object, so that of several requests in flight the last save wins.
		if (workflow.staticData.__dataChanged !== true) return;
		const saved = JSON.parse(JSON.stringify(workflow.staticData));
		delete saved.__dataChanged;
		h.staticData = saved;
	}

	async function handle(req, res, mode) {
		const contentType = String(req.headers['content-type'] || '');
		// n8n, for a webhook node of version 2 and up, reads only JSON, text, form and XML bodies;
		// others reach the node unread (webhook-helpers parseRequestBody).
		const parsable = /^(application\/json|text\/plain|application\/x-www-form-urlencoded)|[/+]xml/.test(contentType);
		if (options.typeVersion >= 2 && !parsable) {
			await enter(req, res, mode);
			return;
		}
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		req.rawBody = Buffer.concat(chunks);
		const raw = req.rawBody;
		req.body = {};
		if (contentType.includes('json') && raw.length > 0) {
			try {
				req.body = JSON.parse(raw.toString('utf8'));
			} catch {
				// n8n's parser would fail here too; the node reads rawBody itself.
				req.body = {};
			}
		}
		if (options.withoutRawBody) delete req.rawBody;
		await enter(req, res, mode);
	}

	async function enter(req, res, mode) {
		if (h.gate) await h.gate.arrive();
		h.arrivals.push(req.body && req.body.event_id);
		req.params = {};
		req.originalUrl = req.url;
		req.query = Object.fromEntries(new URL(req.url, 'http://x').searchParams);
		expressLike(res);
		const { workflow, node } = buildWorkflow();
		const webhookData = {
			httpMethod: req.method,
			node: node.name,
			path: `${h.webhookId}/extole`,
			webhookDescription: nodeType.description.webhooks.find((w) => w.httpMethod === req.method),
			workflowId: h.workflowId,
			isTest: mode === 'manual',
		};
		const ctx = new WebhookContext(workflow, node, additionalData({ httpRequest: req, httpResponse: res }), mode, webhookData, []);
		let result;
		try {
			result = await nodeType.webhook.call(ctx);
		} catch (error) {
			h.errors.push(error);
			if (!res.headersSent) res.status(500).json({ message: 'Error in workflow' });
			return;
		}
		// As n8n's webhook helpers: `noWebhookResponse` means the node answered itself; the
		// execution still starts when workflowData is given.
		if (result.noWebhookResponse) {
			if (mode === 'webhook') saveStaticData(workflow);
			const started = Boolean(result.workflowData);
			if (started) h.executions.push({ items: result.workflowData[0].map((i) => i.json), mode, headers: req.headers });
			h.responses.push({ status: res.statusCode, started });
			return;
		}
		if (result.workflowData) {
			// n8n 2.x, response mode "on received": the answer (the node's webhookResponse, else
			// n8n's message) comes after WorkflowRunner.run resolved; static data is saved just
			// before it. When the start throws: no save, and 500.
			await new Promise((resolve) => setImmediate(resolve));
			if (h.failStart) {
				h.responses.push({ status: 500, started: false });
				res.status(500).json({ code: 0, message: 'There was a problem executing the workflow' });
				return;
			}
			h.executions.push({ items: result.workflowData[0].map((i) => i.json), mode, headers: req.headers });
			if (mode === 'webhook') saveStaticData(workflow);
			h.responses.push({ status: 200, started: true });
			res.status(200).json(result.webhookResponse ?? { message: 'Workflow was started' });
			return;
		}
		if (mode === 'webhook') saveStaticData(workflow);
		h.responses.push({ status: 200, started: false });
		res.status(200).json(result.webhookResponse ?? {});
	}

	const server = http.createServer((req, res) => {
		const prefix = `/webhook/${h.webhookId}/extole`;
		const testPrefix = `/webhook-test/${h.webhookId}/extole`;
		const p = new URL(req.url, 'http://x').pathname;
		// Like n8n, only the methods the node declares for its path reach it.
		const declared = nodeType.description.webhooks.some((w) => w.httpMethod === req.method);
		if (declared && (p === prefix || p === testPrefix)) {
			handle(req, res, p === prefix ? 'webhook' : 'manual').catch((e) => {
				h.errors.push(e);
				if (!res.headersSent) {
					res.statusCode = 500;
					res.end();
				}
			});
			return;
		}
		res.statusCode = 404;
		res.end(JSON.stringify({ code: 404, message: 'webhook not registered' }));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	h.url = `http://127.0.0.1:${server.address().port}`;
	h.productionUrl = `${h.url}/webhook/${h.webhookId}/extole`;
	h.testUrl = `${h.url}/webhook-test/${h.webhookId}/extole`;

	function hookContext(activation) {
		const { workflow, node } = buildWorkflow();
		const webhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: `${h.webhookId}/extole`,
			webhookDescription: nodeType.description.webhooks[0],
			workflowId: h.workflowId,
			isTest: false,
		};
		return { ctx: new HookContext(workflow, node, additionalData(), 'trigger', activation, webhookData), workflow };
	}

	/** What n8n does when the workflow is published: checkExists, then create if needed. */
	h.publish = async () => {
		const { ctx, workflow } = hookContext('activate');
		const methods = nodeType.webhookMethods.default;
		const exists = await methods.checkExists.call(ctx);
		let created = false;
		if (!exists) created = await methods.create.call(ctx);
		saveStaticData(workflow);
		return { exists, created };
	};
	/** What n8n does when the workflow is unpublished. */
	h.unpublish = async () => {
		const { ctx, workflow } = hookContext('activate');
		const result = await nodeType.webhookMethods.default.delete.call(ctx);
		saveStaticData(workflow);
		return result;
	};
	h.checkExists = async () => {
		const { ctx } = hookContext('activate');
		return await nodeType.webhookMethods.default.checkExists.call(ctx);
	};
	/**
	 * Holds the next `n` requests, once their bodies are read, until all `n` have arrived, then
	 * lets them into the node together: a deterministic "same moment" for concurrency tests.
	 */
	h.holdUntil = (n) => {
		let arrived = 0;
		let release;
		const all = new Promise((resolve) => {
			release = resolve;
		});
		h.gate = {
			arrive: () => {
				arrived += 1;
				if (arrived >= n) {
					h.gate = undefined;
					release();
				}
				return all;
			},
		};
	};
	h.nodeType = nodeType;
	h.reset = () => {
		h.executions.length = 0;
		h.responses.length = 0;
		h.errors.length = 0;
		h.arrivals.length = 0;
	};
	h.stop = () =>
		new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	return h;
}

const { post, get } = require('./client');

module.exports = { createHarness, post, get };
