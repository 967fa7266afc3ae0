import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { testBrazeApiCredential } from './credentialTest';
import { environmentField } from './helpers/environment';
import { listSearch } from './helpers/listSearch';
import { optionsCollection } from './helpers/options';
import { campaignTriggerSendOperation } from './resources/campaign/triggerSend';
import { canvasTriggerSendOperation } from './resources/canvas/triggerSend';
import { setGlobalSubscriptionStatusOperation } from './resources/email/setGlobalSubscriptionStatus';
import { sendOperation } from './resources/message/send';
import { syncExtoleEventOperation } from './resources/referral/syncExtoleEvent';
import { runOperation } from './resources/run';
import { getStatusOperation } from './resources/subscription/getStatus';
import { setGroupStatusOperation } from './resources/subscription/setGroupStatus';
import type { BrazeOperation, BrazeResource } from './resources/types';
import { createAliasOperation } from './resources/user/createAlias';
import { deleteOperation } from './resources/user/delete';
import { exportByIdentifierOperation } from './resources/user/exportByIdentifier';
import { identifyOperation } from './resources/user/identify';
import { mergeOperation } from './resources/user/merge';
import { removeExternalIdOperation } from './resources/user/removeExternalId';
import { renameExternalIdOperation } from './resources/user/renameExternalId';
import { trackOperation } from './resources/user/track';

/**
 * Every resource and operation: each operation is one file. The first operation of a resource is
 * its default; the editor lists resources and operations by name.
 */
const RESOURCES: BrazeResource[] = [
	{
		value: 'user',
		name: 'User',
		operations: [
			trackOperation,
			exportByIdentifierOperation,
			createAliasOperation,
			identifyOperation,
			mergeOperation,
			renameExternalIdOperation,
			removeExternalIdOperation,
			deleteOperation,
		],
	},
	{ value: 'subscription', name: 'Subscription', operations: [setGroupStatusOperation, getStatusOperation] },
	{ value: 'email', name: 'Email', operations: [setGlobalSubscriptionStatusOperation] },
	{ value: 'campaign', name: 'Campaign', description: 'API-triggered campaigns', operations: [campaignTriggerSendOperation] },
	{ value: 'canvas', name: 'Canvas', description: 'API-triggered Canvases', operations: [canvasTriggerSendOperation] },
	{ value: 'message', name: 'Message', description: 'Messages written in the node, sent through the API', operations: [sendOperation] },
	{
		value: 'referral',
		name: 'Referral',
		description: 'Extole referral events into Braze',
		operations: [syncExtoleEventOperation],
	},
];

/**
 * Operations an AI agent is not offered (the node's tool variant, which n8n names `brazeTool`):
 * Delete, Merge and Remove External ID cannot be undone, so a workflow author who wants them uses
 * the node itself. (Agents are not offered broadcasts either: the send operations' own fields.)
 */
const NOT_FOR_AGENTS = new Set([deleteOperation.value, mergeOperation.value, removeExternalIdOperation.value]);

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** The operation's fields and its Options collection, shown for this resource and operation only. */
function scoped(resource: BrazeResource, operation: BrazeOperation): INodeProperties[] {
	return [...operation.properties, optionsCollection(operation.options)].map((property) => {
		const show = property.displayOptions?.show ?? {};
		return {
			...property,
			displayOptions: {
				...property.displayOptions,
				show: { ...show, resource: [resource.value], operation: [operation.value] },
			},
		};
	});
}

/** One operation selector per resource; options and default come from the resource. */
const OPERATION_SELECTOR: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: '',
};

function operationSelector(
	resource: BrazeResource,
	operations: BrazeOperation[],
	show: { '@tool'?: boolean[] } = {},
): INodeProperties {
	return {
		...OPERATION_SELECTOR,
		displayOptions: { show: { resource: [resource.value], ...show } },
		options: [...operations].sort(byName).map((o) => ({
			name: o.name,
			value: o.value,
			action: o.action,
			description: o.description,
		})),
		default: resource.operations[0].value,
	};
}

/** The operation selectors of a resource: one, or one for the node and one for agents. */
function operationSelectors(resource: BrazeResource): INodeProperties[] {
	const forAgents = resource.operations.filter((o) => !NOT_FOR_AGENTS.has(o.value));
	if (forAgents.length === resource.operations.length) return [operationSelector(resource, resource.operations)];
	return [
		operationSelector(resource, resource.operations, { '@tool': [false] }),
		operationSelector(resource, forAgents, { '@tool': [true] }),
	];
}

/** "Track: User": the operation and resource names, shown under the node on the canvas. */
function subtitle(): string {
	const names: Record<string, string> = {};
	for (const resource of RESOURCES) {
		for (const operation of resource.operations) names[`${resource.value}.${operation.value}`] = `${operation.name}: ${resource.name}`;
	}
	return `={{ ${JSON.stringify(names)}[$parameter["resource"] + "." + $parameter["operation"]] }}`;
}

function buildProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [...RESOURCES].sort(byName).map((r) => ({ name: r.name, value: r.value, description: r.description })),
			default: 'user',
		},
	];
	for (const resource of RESOURCES) properties.push(...operationSelectors(resource));
	const ownEnvironment = RESOURCES.flatMap((r) => r.operations)
		.filter((o) => o.readEnvironment)
		.map((o) => o.value);
	properties.push(
		ownEnvironment.length
			? { ...environmentField, displayOptions: { hide: { operation: ownEnvironment } } }
			: environmentField,
	);
	for (const resource of RESOURCES) {
		for (const operation of resource.operations) properties.push(...scoped(resource, operation));
	}
	return properties;
}

export class Braze implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Braze',
		name: 'braze',
		icon: { light: 'file:braze.svg', dark: 'file:braze.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: subtitle(),
		description:
			'Track users, events and purchases, export and merge users, manage aliases and subscriptions, trigger campaigns and Canvases and send messages in Braze, in batches',
		defaults: { name: 'Braze' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'brazeApi', required: true, testedBy: 'brazeApiTest' }],
		properties: buildProperties(),
	};

	methods = { credentialTest: { brazeApiTest: testBrazeApiCredential }, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (items.length === 0) return [[]];
		const resourceName = this.getNodeParameter('resource', 0) as string;
		const operationName = this.getNodeParameter('operation', 0) as string;
		const resource = RESOURCES.find((r) => r.value === resourceName);
		const operation = resource?.operations.find((o) => o.value === operationName);
		if (!operation) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operationName}" of resource "${resourceName}" is not known`,
			);
		}
		const output = await runOperation(this, items, operation);
		return [operation.shapeOutput ? operation.shapeOutput(this, output) : output];
	}
}
