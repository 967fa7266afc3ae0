// @ts-check
'use strict';
/**
 * Running workflow JSON in-process, as n8n's own tests do: a `Workflow` (n8n-workflow) over the
 * harness node types, executed by n8n-core's `WorkflowExecute` with `ExecutionLifecycleHooks`
 * and the harness credentials helper; the run data comes back per node. See index.js for usage.
 */
require('./environment');
const { WorkflowExecute, ExecutionLifecycleHooks } = require('n8n-core');
const { Workflow } = require('n8n-workflow');

const { HarnessCredentialsHelper } = require('./credentials-helper');
const { HarnessNodeTypes, loadTypes, resolveType } = require('./node-types');

/**
 * @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData
 * @typedef {import('n8n-workflow').IRun} IRun
 * @typedef {import('n8n-workflow').WorkflowExecuteMode} WorkflowExecuteMode
 * @typedef {import('n8n-workflow').ICredentialDataDecryptedObject} CredentialData
 * @typedef {import('./index').WorkflowJson} WorkflowJson
 * @typedef {import('./index').RunResult} RunResult
 * @typedef {import('./index').ItemInput} ItemInput
 */

/**
 * Items as n8n wants them: `{json}` objects (plain objects are wrapped).
 * @param {ItemInput[] | undefined} items
 * @returns {INodeExecutionData[]}
 */
function toItems(items) {
	return (items ?? [{ json: {} }]).map((item) =>
		item && typeof item === 'object' && 'json' in item && typeof item.json === 'object'
			? /** @type {INodeExecutionData} */ (item)
			: /** @type {INodeExecutionData} */ ({ json: item ?? {} }),
	);
}

/**
 * What WorkflowExecute needs from n8n's server side, reduced to what a node can reach.
 * @param {InstanceType<typeof ExecutionLifecycleHooks>} hooks @param {InstanceType<typeof HarnessCredentialsHelper>} credentialsHelper
 * @returns {import('n8n-workflow').IWorkflowExecuteAdditionalData}
 */
function additionalDataFor(hooks, credentialsHelper) {
	const base = 'http://127.0.0.1:5678';
	return /** @type {import('n8n-workflow').IWorkflowExecuteAdditionalData} */ (
		/** @type {unknown} */ ({
			hooks,
			credentialsHelper,
			currentNodeParameters: undefined,
			currentNodeExecutionIndex: 0,
			executeWorkflow: async () => {
				throw new Error('harness: sub-workflows are not supported');
			},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: `${base}/`,
			formBaseUrl: `${base}/form`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			formTestBaseUrl: `${base}/form-test`,
			webhookBaseUrl: `${base}/webhook`,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			mcpBaseUrl: `${base}/mcp`,
			mcpTestBaseUrl: `${base}/mcp-test`,
			variables: {},
			userId: 'harness-user',
			workflowId: 'harness-workflow',
			executionId: 'harness-execution',
			logAiEvent: () => undefined,
			setExecutionStatus: () => undefined,
			sendDataToUI: () => undefined,
		})
	);
}

let executionCounter = 0;

/**
 * Runs a workflow in-process. See index.js for the shape of the answer.
 * @param {{ workflow: WorkflowJson, credentials?: Record<string, CredentialData>, startItems?: ItemInput[],
 *   startNode?: string, mode?: string }} options
 * @returns {Promise<RunResult>}
 */
async function runWorkflow({ workflow, credentials = {}, startItems, startNode, mode = 'manual' }) {
	const executeMode = /** @type {WorkflowExecuteMode} */ (mode);
	const { nodes: nodeTypesMap, credentials: credentialTypes } = loadTypes();
	const nodeTypes = new HarnessNodeTypes(nodeTypesMap);
	/** @type {import('n8n-workflow').INode[]} */
	const nodes = JSON.parse(JSON.stringify(workflow.nodes)).map((/** @type {Record<string, any>} */ node) => ({
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
		staticData: /** @type {import('n8n-workflow').IDataObject} */ (workflow.staticData ?? {}),
		pinData: workflow.pinData,
	});
	const start =
		(startNode && workflowInstance.getNode(startNode)) ||
		nodes.map((n) => workflowInstance.getNode(n.name)).find((n) => n && n.type !== 'n8n-nodes-base.stickyNote');
	if (!start) throw new Error('harness: the workflow has no node to start from');

	const executionId = `harness-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks(executeMode, executionId, /** @type {any} */ ({
		id: workflowInstance.id,
		name: workflowInstance.name,
		nodes,
		connections: workflow.connections ?? {},
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
	}));
	/** @type {string[]} */
	const executionOrder = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});
	/** @type {Promise<IRun>} */
	const done = new Promise((resolve) => hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolve(fullRunData)));

	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, credentials);
	const additionalData = additionalDataFor(hooks, credentialsHelper);
	/** @type {any} */
	const runExecutionData = {
		startData: {},
		resultData: { runData: {}, pinData: workflow.pinData },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node: start, data: { main: [toItems(startItems)] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	};
	const workflowExecute = new WorkflowExecute(additionalData, executeMode, runExecutionData);
	await workflowExecute.processRunExecutionData(workflowInstance);
	const result = await done;
	const runData = result.data.resultData.runData;
	/** @type {Record<string, INodeExecutionData[][]>} */
	const outputs = {};
	for (const [name, runs] of Object.entries(runData)) {
		const last = runs[runs.length - 1];
		outputs[name] = /** @type {INodeExecutionData[][]} */ (last?.data?.main ?? []);
	}
	return {
		status: result.status,
		finished: result.finished,
		error: /** @type {RunResult['error']} */ (result.data.resultData.error),
		result,
		runData,
		outputs,
		executionOrder,
		items: (name, output = 0) => outputs[name]?.[output] ?? [],
		nodeError: (name) => {
			const runs = runData[name];
			return /** @type {RunResult['error']} */ (runs?.[runs.length - 1]?.error);
		},
	};
}

/**
 * Runs one node fed by the harness start node.
 * @param {Parameters<typeof import('./index').runNode>[0]} options
 * @returns {ReturnType<typeof import('./index').runNode>}
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
	const { nodes: nodeTypesMap } = loadTypes();
	const fullType = nodeTypesMap.has(type) ? type : resolveType(type);
	/** @type {any} */
	const nodeType = new HarnessNodeTypes(nodeTypesMap).getByName(fullType);
	const description = nodeType.description ?? nodeType.baseDescription;
	const versions = Array.isArray(description.version) ? description.version : [description.version ?? 1];
	const credentialEntries =
		nodeCredentials ?? Object.fromEntries(Object.keys(credentials).map((key) => [key, { id: `${key}-id`, name: key }]));
	/** @type {Record<string, unknown>} */
	const node = {
		id: 'node-under-test',
		name,
		type: fullType,
		typeVersion: typeVersion ?? nodeType.currentVersion ?? Math.max(...versions),
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

module.exports = { runWorkflow, runNode };
