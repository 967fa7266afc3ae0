// @ts-check
'use strict';
/**
 * The repository's workflow templates as the stack imports them: loaded from templates/, their
 * credentials pointed at the imported ones, placeholders filled, per-node overrides applied.
 */
const fs = require('fs');
const path = require('path');

const { REPO_ROOT } = require('./community-package');

/**
 * Credential ids are fixed so that re-importing (npm start, every run) updates in place.
 * @type {Readonly<Record<'brazeApi' | 'extoleWebhookKeyApi' | 'extoleApi', string>>}
 */
const CREDENTIAL_IDS = Object.freeze({
	brazeApi: 'xbBrazeCred00001',
	extoleWebhookKeyApi: 'xbExtoleKey00001',
	extoleApi: 'xbExtoleApi00001',
});

/**
 * @typedef {{ id?: string, name: string, type: string, typeVersion?: number, webhookId?: string,
 *   parameters: Record<string, any>, credentials?: Record<string, { id: string, name: string }>, [key: string]: any }} WorkflowNode
 * @typedef {{ id: string, name: string, active?: boolean, nodes: WorkflowNode[], connections: Record<string, any>, [key: string]: any }} Workflow
 * @typedef {{ parameters?: Record<string, any>, credentials?: Record<string, { id: string, name: string }> }} NodeOverride
 */

/** @param {string} name a file in templates/ (or an absolute path) @returns {Workflow} */
function loadTemplate(name) {
	const file = path.isAbsolute(name) ? name : path.join(REPO_ROOT, 'templates', name);
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** @returns {string[]} the template file names, sorted */
function listTemplates() {
	const dir = path.join(REPO_ROOT, 'templates');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort();
}

/**
 * Points every node's credentials at the imported ones (by credential type), fills other
 * placeholders, and applies per-node parameter overrides ({[nodeType or node name]: params}).
 * @param {Workflow} workflow
 * @param {{ credentialIds?: Record<string, string>, credentialNames?: Record<string, string>,
 *   overrides?: Record<string, NodeOverride>, placeholders?: Record<string, unknown> }} [options]
 * @returns {Workflow}
 */
function prepareWorkflow(workflow, { credentialIds = CREDENTIAL_IDS, credentialNames = {}, overrides = {}, placeholders = {} } = {}) {
	/** @type {Workflow} */
	const wf = JSON.parse(JSON.stringify(workflow));
	wf.active = false;
	for (const node of wf.nodes) {
		const credentials = node.credentials || {};
		for (const type of Object.keys(credentials)) {
			if (credentialIds[type]) credentials[type] = { id: credentialIds[type], name: credentialNames[type] || credentials[type].name };
		}
		const extra = overrides[node.name] || overrides[node.type];
		if (extra) {
			node.parameters = { ...node.parameters, ...extra.parameters };
			if (extra.credentials) node.credentials = { ...(node.credentials || {}), ...extra.credentials };
		}
		node.parameters = JSON.parse(JSON.stringify(node.parameters), (_k, v) =>
			typeof v === 'string' && Object.hasOwn(placeholders, v) ? placeholders[v] : v,
		);
	}
	return wf;
}

/**
 * Where each workflow's Extole Trigger listens on the n8n process at `baseUrl`.
 * @param {{ webhookUrl: (webhookId: string, nodePath?: string) => string }} n8n
 * @param {Workflow[]} workflows
 * @returns {Record<string, string>} workflow id -> production webhook URL
 */
function triggerWebhooks(n8n, workflows) {
	/** @type {Record<string, string>} */
	const out = {};
	for (const wf of workflows) {
		const trigger = wf.nodes.find((n) => /\.extoleTrigger$/.test(n.type));
		if (trigger && trigger.webhookId) out[wf.id] = n8n.webhookUrl(trigger.webhookId, 'extole');
	}
	return out;
}

module.exports = { CREDENTIAL_IDS, loadTemplate, listTemplates, prepareWorkflow, triggerWebhooks };
