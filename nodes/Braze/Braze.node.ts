import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { emailResource } from './resources/email';
import { subscriptionResource } from './resources/subscription';
import type { BrazeOperation, BrazeResource } from './resources/types';
import { userResource } from './resources/user';
import { environmentProperty, transportOptionProperties } from './transport';
import { referralResource } from './resources/referral';

/** Resources in display order. */
const RESOURCES: BrazeResource[] = [userResource, subscriptionResource, emailResource, referralResource];

function scoped(resource: BrazeResource, operation: BrazeOperation): INodeProperties[] {
	return operation.properties.map((property) => {
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

function buildProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: RESOURCES.map((r) => ({ name: r.name, value: r.value, description: r.description })),
			default: 'user',
		},
	];
	for (const resource of RESOURCES) {
		properties.push({
			...OPERATION_SELECTOR,
			displayOptions: { show: { resource: [resource.value] } },
			options: resource.operations.map((o) => ({
				name: o.name,
				value: o.value,
				action: o.action,
				description: o.description,
			})),
			default: resource.operations[0].value,
		});
	}
	const ownEnvironment = RESOURCES.flatMap((r) => r.operations)
		.filter((o) => o.ownEnvironment)
		.map((o) => o.value);
	properties.push(
		ownEnvironment.length
			? { ...environmentProperty, displayOptions: { hide: { operation: ownEnvironment } } }
			: environmentProperty,
	);
	for (const resource of RESOURCES) {
		for (const operation of resource.operations) properties.push(...scoped(resource, operation));
	}
	properties.push(transportOptionProperties);
	return properties;
}

export class Braze implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Braze',
		name: 'braze',
		icon: { light: 'file:braze.svg', dark: 'file:braze.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Track users, events and purchases, export users, manage aliases and subscriptions in Braze, in batches',
		defaults: { name: 'Braze' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'brazeApi', required: true }],
		properties: buildProperties(),
	};

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
		return [await operation.execute.call(this, items)];
	}
}
