/**
 * An operation's Options collection as the n8n editor shows it: the node's compiled description
 * resolved by n8n-workflow's own parameter and display rules, for a node with given parameters.
 */
import type { INode, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { harness } from '../../helpers';

const NODE = { typeVersion: 1 } as INode;

export const description = (): INodeTypeDescription => harness.loadTypes().nodes.get(harness.resolveType('braze')).description;

/** The top-level properties the editor shows for a node with these parameters. */
export function shown(parameters: INodeParameters): INodeProperties[] {
	const values = NodeHelpers.getNodeParameters(description().properties, parameters, true, false, NODE, description()) as INodeParameters;
	return description().properties.filter((p) => p.type !== 'hidden' && NodeHelpers.displayParameter(values, p, NODE, description()));
}

/** The collections of options the editor shows for an operation (by name or placeholder). */
export const optionCollections = (resource: string, operation: string, parameters: INodeParameters = {}): INodeProperties[] =>
	shown({ resource, operation, ...parameters }).filter((p) => p.type === 'collection' && /option/i.test(`${p.displayName} ${p.placeholder}`));

/** The entries the editor offers under "Add option" of the operation's Options collection. */
export function offeredOptions(resource: string, operation: string, parameters: INodeParameters = {}): INodeProperties[] {
	const options = optionCollections(resource, operation, parameters).find((c) => c.name === 'options');
	if (!options) throw new Error(`${resource} > ${operation} shows no Options collection`);
	return (options.options as INodeProperties[]).filter((o) => o.type !== 'hidden');
}

/** The entries every request has (helpers/options.ts). */
export const REQUEST_ENTRIES = ['initialRetryDelaySeconds', 'maxAttempts', 'maxRateLimitWaitSeconds', 'requestsInFlight', 'timeoutSeconds'];
