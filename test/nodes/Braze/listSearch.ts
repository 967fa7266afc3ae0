/**
 * Calls the Braze node's `methods.listSearch` as the n8n editor does when a picker opens or
 * scrolls (n8n's DynamicNodeParametersService.getResourceLocatorResults): a `Workflow` holding
 * one "Temp-Node" with the node's current parameters and credentials, n8n-core's
 * `LoadOptionsContext` over it, and the method called with the filter and pagination token.
 * Credentials come from the harness's credentials helper (defaults and `authenticate` applied, as
 * in n8n). Lives here because test/harness runs executions, not load-options calls.
 */
import type { INodeListSearchResult, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { Json } from './helpers';

const { LoadOptionsContext } = require('n8n-core');
const { HarnessNodeTypes, loadTypes, resolveType } = require('../../harness/node-types');
const { HarnessCredentialsHelper } = require('../../harness/credentials-helper');

export interface ListSearchCall {
	/** The listSearch method, e.g. `searchCanvases`. */
	method: string;
	/** The node's current parameters (what the editor sends), e.g. `{ resource, operation, environment }`. */
	parameters?: INodeParameters;
	/** Credential data by type, e.g. `{ brazeApi: {...} }`. */
	credentials: Record<string, Json>;
	filter?: string;
	paginationToken?: string;
	/** The picker's parameter path, e.g. `parameters.canvasId`. */
	path?: string;
}

export async function listSearch(call: ListSearchCall): Promise<INodeListSearchResult> {
	const { nodes, credentials: credentialTypes } = loadTypes();
	const nodeTypes = new HarnessNodeTypes(nodes);
	const type = resolveType('braze');
	const parameters = call.parameters ?? {};
	const workflow = new Workflow({
		nodes: [
			{
				parameters,
				id: 'uuid-1234',
				name: 'Temp-Node',
				type,
				typeVersion: 1,
				position: [0, 0],
				credentials: Object.fromEntries(Object.keys(call.credentials).map((key) => [key, { id: `${key}-id`, name: key }])),
			},
		],
		connections: {},
		active: false,
		nodeTypes,
	});
	const additionalData = {
		credentialsHelper: new HarnessCredentialsHelper(credentialTypes, call.credentials),
		currentNodeParameters: parameters,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
		userId: 'harness-user',
	};
	const context = new LoadOptionsContext(workflow, workflow.nodes['Temp-Node'], additionalData, call.path ?? 'parameters.id');
	const method = nodes.get(type).methods.listSearch[call.method];
	if (typeof method !== 'function') throw new Error(`the Braze node has no listSearch method ${call.method}`);
	return await method.call(context, call.filter, call.paginationToken);
}
