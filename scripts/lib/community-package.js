// @ts-check
'use strict';
/**
 * This package, installed into an n8n user folder the way n8n's Community Nodes installs it:
 * package.json + dist/ copied to `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-extole-braze`, so
 * node types are `n8n-nodes-extole-braze.<node>` exactly as for users (N8N_CUSTOM_EXTENSIONS
 * would load the same files as `CUSTOM.<node>`, which the templates do not use). `n8n-workflow`
 * is resolved from n8n's own copy (n8n puts its node_modules on NODE_PATH), as for a real install.
 */
const fs = require('fs');
const path = require('path');

const PACKAGE_NAME = 'n8n-nodes-extole-braze';
const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * @typedef {object} InstalledPackage
 * @property {string} target      where the package landed
 * @property {string[]} missing   files package.json's "n8n" section lists that dist/ lacks
 * @property {string[]} nodes
 * @property {string[]} credentials
 */

/**
 * Copies what `npm pack` would ship (package.json + dist/) into a community-nodes folder.
 * @param {string} userFolder  an N8N_USER_FOLDER
 * @param {string} [repoRoot]
 * @returns {InstalledPackage}
 */
function installPackageInto(userFolder, repoRoot = REPO_ROOT) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const dist = path.join(repoRoot, 'dist');
	if (!fs.existsSync(dist)) throw new Error(`${dist} is missing: run \`npm run build\` first`);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(target, 'package.json'));
	fs.cpSync(dist, path.join(target, 'dist'), {
		recursive: true,
		filter: (src) => !src.endsWith('.tsbuildinfo'),
	});
	const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	const nodesPkg = path.join(nodesDir, 'package.json');
	/** @type {{ name: string, private: boolean, dependencies?: Record<string, string> }} */
	let holder = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		holder = JSON.parse(fs.readFileSync(nodesPkg, 'utf8'));
	} catch {
		/* first time */
	}
	holder.dependencies = { ...(holder.dependencies || {}), [PACKAGE_NAME]: pkg.version };
	fs.writeFileSync(nodesPkg, JSON.stringify(holder, null, 2));
	/** @type {string[]} */
	const nodes = pkg.n8n.nodes || [];
	/** @type {string[]} */
	const credentials = pkg.n8n.credentials || [];
	const missing = [...nodes, ...credentials].filter((file) => !fs.existsSync(path.join(target, file)));
	return { target, missing, nodes, credentials };
}

module.exports = { installPackageInto, PACKAGE_NAME, REPO_ROOT };
