// @ts-check
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
 *
 * Modules: environment.js (what n8n-core reads at load), node-types.js (the types),
 * credentials-helper.js (credentials and authenticate), run.js (runWorkflow, runNode),
 * credential-test.js (testCredential).
 */
require('./environment');

const { runWorkflow, runNode } = require('./run');
const { testCredential } = require('./credential-test');
const { loadTypes, resolveType, PACKAGE_NAME } = require('./node-types');
const { getAuthenticatedRequests, resetAuthenticatedRequests } = require('./credentials-helper');

module.exports = {
	runWorkflow,
	runNode,
	testCredential,
	loadTypes,
	resolveType,
	PACKAGE_NAME,
	getAuthenticatedRequests,
	resetAuthenticatedRequests,
};
