/**
 * What the editor should show, read from the compiled package in dist/ (the files n8n loads), so
 * the browser test follows the code instead of a list written into the test.
 */
import * as path from 'path';

import { REPO_ROOT } from '../helpers';

type Any = any;

const PACKAGE_JSON = require(path.join(REPO_ROOT, 'package.json'));
export const PACKAGE_NAME: string = PACKAGE_JSON.name;

export interface PackageNode {
	/** Full node type as workflows store it, e.g. `n8n-nodes-extole-braze.braze`. */
	type: string;
	displayName: string;
	/** The name the nodes panel lists: n8n drops a trigger's " Trigger" suffix there. */
	panelName: string;
	isTrigger: boolean;
	/** File name of the light icon (`braze.svg`), as n8n serves it under /icons/<package>/. */
	iconFile: string;
	description: Any;
}

function loadNode(distFile: string): PackageNode {
	const mod = require(path.join(REPO_ROOT, distFile));
	const NodeClass = Object.values(mod).find((value) => typeof value === 'function') as Any;
	const description = new NodeClass().description;
	const icon = typeof description.icon === 'string' ? description.icon : description.icon.light;
	const isTrigger = (description.group || []).includes('trigger');
	return {
		type: `${PACKAGE_NAME}.${description.name}`,
		displayName: description.displayName,
		panelName: isTrigger ? description.displayName.replace(/ Trigger$/, '') : description.displayName,
		isTrigger,
		iconFile: path.basename(String(icon).replace(/^file:/, '')),
		description,
	};
}

/** Every node the package declares (package.json `n8n.nodes`), compiled. */
export function packageNodes(): PackageNode[] {
	return (PACKAGE_JSON.n8n.nodes as string[]).map(loadNode);
}

export function packageNode(type: string): PackageNode {
	const node = packageNodes().find((n) => n.type === type);
	if (!node) throw new Error(`${type} is not among the package's nodes (package.json n8n.nodes)`);
	return node;
}

export interface ResourceOperations {
	resource: { name: string; value: string };
	operations: Array<{ name: string; value: string; action?: string }>;
}

/** Each resource option of a resource/operation node with the operation options shown for it. */
export function resourceOperations(node: PackageNode): ResourceOperations[] {
	const properties: Any[] = node.description.properties;
	const resource = properties.find((p) => p.name === 'resource');
	if (!resource) throw new Error(`${node.type} has no resource parameter`);
	return resource.options.map((option: Any) => {
		const operation = properties.find(
			(p) => p.name === 'operation' && (p.displayOptions?.show?.resource || []).includes(option.value),
		);
		if (!operation) throw new Error(`${node.type}: resource ${option.value} has no operation parameter`);
		return {
			resource: { name: option.name, value: option.value },
			operations: operation.options.map((o: Any) => ({ name: o.name, value: o.value, action: o.action })),
		};
	});
}
