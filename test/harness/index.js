'use strict';
/**
 * In-process workflow test harness: runs workflow JSON through n8n-core's WorkflowExecute with
 * THIS package's compiled nodes and credentials from dist/ (run `npm run build` first; tests
 * therefore prove that dist works). Plain CommonJS so jest tests (via index.d.ts) and the
 * benchmark (bench/run.js) share it without compiling.
 *
 *   const { runWorkflow, runNode, testCredential } = require('../harness');
 *
 *   // 1. Any workflow JSON (nodes + connections). The first node (or `startNode`) gets
 *   //    `startItems` as its output: a webhook trigger such as the Extole Trigger passes them
 *   //    through exactly as n8n does for a received webhook; the harness start node, a Manual
 *   //    Trigger or any node with pinData works too. Sticky notes are stubbed and never run.
 *   const run = await runWorkflow({
 *     workflow,                                  // { nodes, connections, pinData?, settings? }
 *     credentials: { brazeApi: { instance: 'custom', customUrl: sb.url, apiKey: 'k' } },
 *     startItems: [{ json: { ... } }],           // or plain objects; default [{ json: {} }]
 *     startNode: 'Extole Trigger',              // optional, default: first non-sticky node
 *   });
 *   run.status            // 'success' | 'error' | ...
 *   run.error             // workflow-level error (a node threw), or undefined
 *   run.outputs['Braze']  // INodeExecutionData[][]: outputs of the node's last run, per output
 *   run.items('Braze')    // first output of the node's last run (INodeExecutionData[])
 *   run.nodeError('Braze')// the error a node threw, or undefined
 *   run.executionOrder    // node names in execution order
 *   run.runData / run.result  // raw n8n runData / IRun
 *
 *   // 2. One node fed by the harness start node:
 *   const { items, error } = await runNode({
 *     type: 'braze',                  // short (package prefix added) or full node type
 *     parameters: { resource: 'user', operation: 'track', ... },
 *     items: [{ json: { ... } }],     // or plain objects
 *     credentials: { brazeApi: { ... } },
 *     continueOnFail: false,          // sets node onError: 'continueRegularOutput'
 *     onError: undefined,             // or 'continueErrorOutput' / 'continueRegularOutput'
 *     typeVersion: undefined,         // default: the node's latest version
 *   });
 *
 *   // 3. A credential's `test` request exactly as n8n's credential tester applies it
 *   //    (expressions resolved, authenticate applied, rules checked):
 *   const { status, message } = await testCredential('brazeApi', data);
 *
 * Credentials: the given data is completed with each credential property's default and its
 * `authenticate` (function or generic) is applied to every request, as n8n's CredentialsHelper
 * does. `getAuthenticatedRequests()` returns what authenticate produced (header values of
 * `authorization` redacted) for assertions; `resetAuthenticatedRequests()` clears it.
 * Types loaded: everything listed in package.json "n8n", plus stubs for
 * `n8n-nodes-base.stickyNote`, `n8n-nodes-base.manualTrigger`, `n8n-nodes-base.noOp` and the
 * harness start node `harness.start`.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

// n8n-core keeps instance settings under N8N_USER_FOLDER: keep them out of the home folder.
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
}
if (!process.env.N8N_ENCRYPTION_KEY) process.env.N8N_ENCRYPTION_KEY = 'harness-only-not-a-secret';
if (!process.env.HARNESS_LOG && !process.env.N8N_LOG_LEVEL) process.env.N8N_LOG_LEVEL = 'silent';

const { WorkflowExecute, ExecutionLifecycleHooks, Credentials } = require('n8n-core');
const { Workflow, ICredentialsHelper, NodeHelpers, LoggerProxy } = require('n8n-workflow');

// Quiet by default (n8n logs node errors); HARNESS_LOG=1 prints them.
if (!process.env.HARNESS_LOG) {
	const silent = () => undefined;
	LoggerProxy.init({ error: silent, warn: silent, info: silent, debug: silent, verbose: silent, scoped: () => ({ error: silent, warn: silent, info: silent, debug: silent }) });
}

function createDeferredPromise() {
	let resolve;
	let reject;
	const promise = new Promise((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PACKAGE_NAME = PACKAGE.name;

// ---------------------------------------------------------------------------------------------
// Stub node types

const startNodeType = {
	description: {
		displayName: 'Harness Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Emits the items given to the harness',
		defaults: { name: 'Start' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute() {
		return [this.getInputData()];
	},
};

const manualTriggerType = {
	description: { ...startNodeType.description, displayName: 'Manual Trigger', name: 'manualTrigger', inputs: [] },
	async execute() {
		return [this.getInputData()];
	},
};

const noOpType = {
	description: { ...startNodeType.description, displayName: 'No Operation', name: 'noOp' },
	async execute() {
		return [this.getInputData()];
	},
};

const stickyNoteType = {
	description: {
		displayName: 'Sticky Note',
		name: 'stickyNote',
		group: ['input'],
		version: [1, 2],
		description: 'Stub: never executes',
		defaults: { name: 'Sticky Note' },
		inputs: [],
		outputs: [],
		properties: [
			{ displayName: 'Content', name: 'content', type: 'string', default: '' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
			{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
		],
	},
};

// ---------------------------------------------------------------------------------------------
// Loading dist

function loadExported(file) {
	const absolute = path.resolve(ROOT, file);
	if (!fs.existsSync(absolute)) {
		throw new Error(`harness: ${file} is missing; run \`npm run build\` first`);
	}
	const mod = require(absolute);
	for (const value of Object.values(mod)) {
		if (typeof value === 'function') {
			const instance = new value();
			if (instance && (instance.description || instance.properties)) return instance;
		}
	}
	throw new Error(`harness: ${file} exports no node or credential class`);
}

let loaded;
function load() {
	if (loaded) return loaded;
	const nodes = new Map();
	const credentials = new Map();
	const errors = [];
	for (const file of PACKAGE.n8n.nodes ?? []) {
		try {
			const type = loadExported(file);
			const description = type.description ?? type.baseDescription;
			nodes.set(`${PACKAGE_NAME}.${description.name}`, type);
		} catch (error) {
			errors.push(error);
		}
	}
	for (const file of PACKAGE.n8n.credentials ?? []) {
		try {
			const type = loadExported(file);
			credentials.set(type.name, type);
		} catch (error) {
			errors.push(error);
		}
	}
	nodes.set('harness.start', startNodeType);
	nodes.set('n8n-nodes-base.manualTrigger', manualTriggerType);
	nodes.set('n8n-nodes-base.noOp', noOpType);
	nodes.set('n8n-nodes-base.stickyNote', stickyNoteType);
	loaded = { nodes, credentials, errors };
	return loaded;
}

/** Full type name for a short one (`braze` -> `n8n-nodes-extole-braze.braze`). */
function resolveType(type) {
	if (type.includes('.')) return type;
	return `${PACKAGE_NAME}.${type}`;
}

class HarnessNodeTypes {
	constructor(nodes) {
		this.nodes = nodes;
	}

	getByName(type) {
		const node = this.nodes.get(type) ?? this.nodes.get(resolveType(type));
		if (!node) {
			const { errors } = load();
			const hint = errors.length ? ` (load errors: ${errors.map((e) => e.message).join('; ')})` : '';
			throw new Error(`harness: unknown node type "${type}"${hint}`);
		}
		return node;
	}

	getByNameAndVersion(type, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return {};
	}
}

// ---------------------------------------------------------------------------------------------
// Credentials

function withDefaults(type, data) {
	const out = { ...(data ?? {}) };
	for (const property of type.properties ?? []) {
		if (out[property.name] === undefined && property.default !== undefined) {
			out[property.name] = property.default;
		}
	}
	return out;
}

function redactAuth(options) {
	const headers = { ...(options.headers ?? {}) };
	for (const name of Object.keys(headers)) {
		if (name.toLowerCase() === 'authorization') {
			const value = String(headers[name]);
			headers[name] = value.replace(/^(\S+\s+).*/, '$1[redacted]');
		}
	}
	return { method: options.method, url: options.url, baseURL: options.baseURL, headers };
}

/** Resolves `={{ ... }}` expressions of credential-related values with `$credentials` set. */
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

function resolveDeep(value, credentials, workflow, node) {
	if (typeof value === 'string') return resolveCredentialValue(value, credentials, workflow, node);
	if (Array.isArray(value)) return value.map((v) => resolveDeep(v, credentials, workflow, node));
	if (value && typeof value === 'object') {
		const out = {};
		for (const [k, v] of Object.entries(value)) out[k] = resolveDeep(v, credentials, workflow, node);
		return out;
	}
	return value;
}

const authenticatedRequests = [];

class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(credentialTypes, data) {
		super();
		this.credentialTypes = credentialTypes;
		this.data = data ?? {};
	}

	getType(name) {
		const type = this.credentialTypes.get(name);
		if (!type) throw new Error(`harness: unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name) {
		const type = this.credentialTypes.get(name);
		return type?.extends ?? [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const type = this.getType(typeName);
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

	async getCredentials(nodeCredentials, type) {
		return new Credentials({ id: nodeCredentials?.id ?? null, name: nodeCredentials?.name ?? '' }, type, '');
	}

	async getDecrypted(_additionalData, _nodeCredentials, type) {
		if (!(type in this.data)) {
			throw new Error(`harness: no credentials of type "${type}" were given to the harness`);
		}
		return withDefaults(this.getType(type), this.data[type]);
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type) {
		return this.getType(type).properties ?? [];
	}
}

// ---------------------------------------------------------------------------------------------
// Running

function toItems(items) {
	return (items ?? [{ json: {} }]).map((item) =>
		item && typeof item === 'object' && 'json' in item && typeof item.json === 'object'
			? item
			: { json: item ?? {} },
	);
}

function additionalDataFor(hooks, credentialsHelper) {
	return {
		hooks,
		credentialsHelper,
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		executeWorkflow: async () => {
			throw new Error('harness: sub-workflows are not supported');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		userId: 'harness-user',
		workflowId: 'harness-workflow',
		executionId: 'harness-execution',
		logAiEvent: () => undefined,
		setExecutionStatus: () => undefined,
		sendDataToUI: () => undefined,
	};
}

let executionCounter = 0;

/**
 * Runs a workflow in-process. See the header comment for the shape of the answer.
 * @param {{workflow: object, credentials?: object, startItems?: unknown[], startNode?: string, mode?: string}} options
 */
async function runWorkflow({ workflow, credentials = {}, startItems, startNode, mode = 'manual' }) {
	const { nodes: nodeTypesMap, credentials: credentialTypes } = load();
	const nodeTypes = new HarnessNodeTypes(nodeTypesMap);
	const nodes = JSON.parse(JSON.stringify(workflow.nodes)).map((node) => ({
		id: node.id ?? node.name,
		position: node.position ?? [0, 0],
		parameters: node.parameters ?? {},
		typeVersion: node.typeVersion ?? 1,
		...node,
		type: nodeTypesMap.has(node.type) ? node.type : resolveType(node.type),
	}));
	const workflowInstance = new Workflow({
		id: workflow.id ?? 'harness-workflow',
		name: workflow.name ?? 'harness',
		nodes,
		connections: workflow.connections ?? {},
		active: false,
		nodeTypes,
		settings: workflow.settings ?? {},
		staticData: workflow.staticData ?? {},
		pinData: workflow.pinData,
	});
	const start =
		(startNode && workflowInstance.getNode(startNode)) ||
		nodes.map((n) => workflowInstance.getNode(n.name)).find((n) => n.type !== 'n8n-nodes-base.stickyNote');
	if (!start) throw new Error('harness: the workflow has no node to start from');

	const executionId = `harness-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflowInstance.id,
		name: workflowInstance.name,
		nodes,
		connections: workflow.connections ?? {},
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
	});
	const executionOrder = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	const done = createDeferredPromise();
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => done.resolve(fullRunData));

	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, credentials);
	const additionalData = additionalDataFor(hooks, credentialsHelper);
	const runExecutionData = {
		startData: {},
		resultData: { runData: {}, pinData: workflow.pinData },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [
				{ node: start, data: { main: [toItems(startItems)] }, source: null },
			],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	};
	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	await workflowExecute.processRunExecutionData(workflowInstance);
	const result = await done.promise;
	const runData = result.data.resultData.runData;
	const outputs = {};
	for (const [name, runs] of Object.entries(runData)) {
		const last = runs[runs.length - 1];
		outputs[name] = last?.data?.main ?? [];
	}
	return {
		status: result.status,
		finished: result.finished,
		error: result.data.resultData.error,
		result,
		runData,
		outputs,
		executionOrder,
		items: (name, output = 0) => outputs[name]?.[output] ?? [],
		nodeError: (name) => {
			const runs = runData[name];
			return runs?.[runs.length - 1]?.error;
		},
	};
}

/**
 * Runs one node fed by the harness start node.
 * @returns {Promise<{items: object[], outputs: object[][], error: unknown, run: object}>}
 */
async function runNode({
	type,
	parameters = {},
	items,
	credentials = {},
	continueOnFail = false,
	onError,
	typeVersion,
	name = 'Node',
	nodeCredentials,
}) {
	const { nodes: nodeTypesMap } = load();
	const fullType = nodeTypesMap.has(type) ? type : resolveType(type);
	const nodeType = new HarnessNodeTypes(nodeTypesMap).getByName(fullType);
	const description = nodeType.description ?? nodeType.baseDescription;
	const versions = Array.isArray(description.version) ? description.version : [description.version ?? 1];
	const credentialEntries = nodeCredentials ??
		Object.fromEntries(Object.keys(credentials).map((key) => [key, { id: `${key}-id`, name: key }]));
	const node = {
		id: 'node-under-test',
		name,
		type: fullType,
		typeVersion: typeVersion ?? (nodeType.currentVersion ?? Math.max(...versions)),
		position: [200, 0],
		parameters,
		credentials: credentialEntries,
	};
	if (onError) node.onError = onError;
	else if (continueOnFail) node.onError = 'continueRegularOutput';
	const workflow = {
		nodes: [{ id: 'start', name: 'Start', type: 'harness.start', typeVersion: 1, position: [0, 0], parameters: {} }, node],
		connections: { Start: { main: [[{ node: name, type: 'main', index: 0 }]] } },
	};
	const run = await runWorkflow({ workflow, credentials, startItems: items, startNode: 'Start' });
	return {
		items: run.items(name),
		outputs: run.outputs[name] ?? [],
		error: run.nodeError(name) ?? run.error,
		run,
	};
}

/**
 * Runs a credential type's `test` request like n8n's credential tester: expressions resolved
 * with `$credentials`, `authenticate` applied, `rules` checked.
 * @returns {Promise<{status: 'OK' | 'Error', message: string, statusCode?: number}>}
 */
async function testCredential(typeName, data) {
	const axios = require('axios');
	const { credentials: credentialTypes, nodes: nodeTypesMap } = load();
	const type = credentialTypes.get(typeName);
	if (!type) throw new Error(`harness: unknown credential type "${typeName}"`);
	if (!type.test) return { status: 'Error', message: 'No testing function found for this credential.' };
	const credentials = withDefaults(type, data);
	const helper = new HarnessCredentialsHelper(credentialTypes, { [typeName]: credentials });
	const node = { id: 't', name: 'Temp-Node', type: 'harness.start', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes(nodeTypesMap),
	});
	const request = resolveDeep(type.test.request, credentials, workflow, workflow.getNode(node.name));
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
		options = await helper.authenticate(credentials, typeName, options, workflow, workflow.getNode(node.name));
		response = await axios.request({
			method: options.method,
			url: options.url,
			baseURL: options.baseURL,
			headers: options.headers,
			params: options.qs,
			data: options.body,
			validateStatus: () => true,
			timeout: 10000,
		});
	} catch (error) {
		return { status: 'Error', message: error.code ?? error.message };
	}
	if (response.status < 200 || response.status > 299) {
		for (const rule of type.test.rules ?? []) {
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
	for (const rule of type.test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const value = String(rule.properties.key)
				.split('.')
				.reduce((acc, key) => (acc == null ? acc : acc[key]), response.data);
			if (value === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message, statusCode: response.status };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!', statusCode: response.status };
}

module.exports = {
	runWorkflow,
	runNode,
	testCredential,
	loadTypes: load,
	resolveType,
	PACKAGE_NAME,
	getAuthenticatedRequests: () => authenticatedRequests.slice(),
	resetAuthenticatedRequests: () => {
		authenticatedRequests.length = 0;
	},
};
