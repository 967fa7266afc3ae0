// @ts-check
'use strict';
/**
 * The node and credential types the harness knows: everything package.json's "n8n" section lists,
 * loaded from dist/ (run `npm run build` first), plus stubs of the n8n base nodes templates use
 * (Manual Trigger, No Operation, Sticky Note) and the harness start node `harness.start`.
 */
require('./environment');
const fs = require('fs');
const path = require('path');
const { NodeHelpers } = require('n8n-workflow');

/**
 * @typedef {import('n8n-workflow').INodeType} INodeType
 * @typedef {import('n8n-workflow').IVersionedNodeType} IVersionedNodeType
 * @typedef {import('n8n-workflow').ICredentialType} ICredentialType
 * @typedef {import('n8n-workflow').INodeTypeDescription} INodeTypeDescription
 * @typedef {import('n8n-workflow').INodeTypes} INodeTypes
 * @typedef {{ nodes: Map<string, INodeType | IVersionedNodeType>, credentials: Map<string, ICredentialType>, errors: Error[] }} LoadedTypes
 */

const ROOT = path.resolve(__dirname, '..', '..');
/** @type {{ name: string, n8n: { nodes?: string[], credentials?: string[] } }} */
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PACKAGE_NAME = PACKAGE.name;

/** @this {import('n8n-workflow').IExecuteFunctions} */
async function passItemsThrough() {
	return [this.getInputData()];
}

/** @type {INodeTypeDescription} */
const startDescription = {
	displayName: 'Harness Start',
	name: 'start',
	group: ['input'],
	version: 1,
	description: 'Emits the items given to the harness',
	defaults: { name: 'Start' },
	inputs: [/** @type {import('n8n-workflow').NodeConnectionType} */ ('main')],
	outputs: [/** @type {import('n8n-workflow').NodeConnectionType} */ ('main')],
	properties: [],
};

/** @type {INodeType} */
const startNodeType = { description: startDescription, execute: passItemsThrough };

/** @type {INodeType} */
const manualTriggerType = {
	description: { ...startDescription, displayName: 'Manual Trigger', name: 'manualTrigger', inputs: [] },
	execute: passItemsThrough,
};

/** @type {INodeType} */
const noOpType = { description: { ...startDescription, displayName: 'No Operation', name: 'noOp' }, execute: passItemsThrough };

/** @type {INodeType} */
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

/**
 * The node or credential class a compiled file exports, instantiated.
 * @param {string} file relative to the repository
 * @returns {any}
 */
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

/** @type {LoadedTypes | undefined} */
let loaded;

/** Loads the types once per process; errors are collected, not thrown (a missing node then says why). */
function loadTypes() {
	if (loaded) return loaded;
	/** @type {LoadedTypes} */
	const types = { nodes: new Map(), credentials: new Map(), errors: [] };
	for (const file of PACKAGE.n8n.nodes ?? []) {
		try {
			const type = loadExported(file);
			const description = type.description ?? type.baseDescription;
			types.nodes.set(`${PACKAGE_NAME}.${description.name}`, type);
		} catch (error) {
			types.errors.push(/** @type {Error} */ (error));
		}
	}
	for (const file of PACKAGE.n8n.credentials ?? []) {
		try {
			const type = loadExported(file);
			types.credentials.set(type.name, type);
		} catch (error) {
			types.errors.push(/** @type {Error} */ (error));
		}
	}
	types.nodes.set('harness.start', startNodeType);
	types.nodes.set('n8n-nodes-base.manualTrigger', manualTriggerType);
	types.nodes.set('n8n-nodes-base.noOp', noOpType);
	types.nodes.set('n8n-nodes-base.stickyNote', stickyNoteType);
	loaded = types;
	return loaded;
}

/**
 * Full type name for a short one (`braze` -> `n8n-nodes-extole-braze.braze`).
 * @param {string} type
 */
function resolveType(type) {
	if (type.includes('.')) return type;
	return `${PACKAGE_NAME}.${type}`;
}

/**
 * n8n's INodeTypes over the loaded map.
 * @implements {INodeTypes}
 */
class HarnessNodeTypes {
	/** @param {LoadedTypes['nodes']} nodes */
	constructor(nodes) {
		this.nodes = nodes;
	}

	/** @param {string} type */
	getByName(type) {
		const node = this.nodes.get(type) ?? this.nodes.get(resolveType(type));
		if (!node) {
			const { errors } = loadTypes();
			const hint = errors.length ? ` (load errors: ${errors.map((e) => e.message).join('; ')})` : '';
			throw new Error(`harness: unknown node type "${type}"${hint}`);
		}
		return node;
	}

	/** @param {string} type @param {number} [version] */
	getByNameAndVersion(type, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return {};
	}
}

module.exports = { loadTypes, resolveType, HarnessNodeTypes, PACKAGE_NAME };
