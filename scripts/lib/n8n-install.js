'use strict';
/**
 * Brings Node 24 and n8n into a cache folder OUTSIDE the repository, keyed by version:
 *
 *   ${N8N_CACHE_DIR:-$XDG_CACHE_HOME/n8n-nodes-extole-braze or ~/.cache/n8n-nodes-extole-braze}/
 *     node-24/        npm package node-<platform>-<arch>@24 (a full Node tree: bin/, include/)
 *     n8n-2.41.0/     n8n@2.41.0 installed with --ignore-scripts, sqlite3 rebuilt against Node 24
 *
 * The first run installs (several minutes, ~3 GB), later runs reuse. Each folder gets a
 * `.complete` marker only after its install finished and was verified; a folder without the
 * marker is a half-finished install and is redone from scratch. A lock folder keeps two
 * processes (say `npm start` and `npm run test:e2e`) from installing at the same time.
 *
 * Why this way (see the README, "Running in real n8n"): n8n 2.x needs Node >= 24 while this machine's Node is 20;
 * sqlite3's prebuilt binary cannot be downloaded here, so it is compiled from its bundled
 * source against the Node 24 headers; isolated-vm ships a prebuild that loads on Node 24.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const N8N_VERSION = process.env.N8N_VERSION || '2.41.0';
const NODE_MAJOR = 24;

function log(message) {
	process.stderr.write(`[n8n-install] ${message}\n`);
}

function cacheRoot() {
	if (process.env.N8N_CACHE_DIR) return path.resolve(process.env.N8N_CACHE_DIR);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-extole-braze');
}

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

function run(cmd, args, { cwd, env, logFile, label }) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd})\n`);
		const started = Date.now();
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
		const timer = setInterval(() => {
			log(`  ${label}: still running (${Math.round((Date.now() - started) / 1000)} s)`);
		}, 30000);
		child.on('error', (error) => {
			clearInterval(timer);
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearInterval(timer);
			fs.closeSync(out);
			if (code === 0) resolve(Date.now() - started);
			else {
				const tail = readTail(logFile, 40);
				reject(
					new Error(`${label} failed (${signal || `exit ${code}`}); log ${logFile}:\n${tail}`),
				);
			}
		});
	});
}

function readTail(file, lines) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

function isComplete(dir, expected) {
	try {
		const marker = JSON.parse(fs.readFileSync(path.join(dir, '.complete'), 'utf8'));
		return Object.entries(expected).every(([k, v]) => marker[k] === v);
	} catch {
		return false;
	}
}

function writeMarker(dir, data) {
	fs.writeFileSync(
		path.join(dir, '.complete'),
		JSON.stringify({ ...data, completedAt: new Date().toISOString() }, null, 2),
	);
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** A lock folder with the owner's pid; a stale lock (dead owner) is taken over. */
async function withLock(root, name, fn) {
	const lockDir = path.join(root, `.lock-${name}`);
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner = 0;
			try {
				owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {
				/* being written */
			}
			if (owner && !pidAlive(owner)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`another process (pid ${owner || '?'}) is installing ${name}; waiting for it`);
				announced = true;
			}
			await sleep(2000);
		}
	}
	const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
	process.once('exit', release);
	try {
		return await fn();
	} finally {
		release();
		process.removeListener('exit', release);
	}
}

function nodeVersionOf(bin) {
	const r = spawnSync(bin, ['-v'], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : null;
}

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
		const ms = await run(
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

/** Loads the native modules n8n needs under Node 24; throws with the reason if one fails. */
function verifyN8n(p) {
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
	const v = spawnSync(p.nodeBin, [p.n8nBin, '--version'], {
		cwd: p.n8nDir,
		encoding: 'utf8',
		env: { ...process.env, N8N_USER_FOLDER: fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-')) },
		timeout: 120000,
	});
	const printed = `${v.stdout || ''}`.trim().split('\n').pop();
	if (v.status !== 0 || !printed.includes(N8N_VERSION))
		throw new Error(`n8n --version failed (exit ${v.status}): ${(v.stderr || v.stdout || '').slice(-2000)}`);
}

async function ensureN8n(p) {
	const expected = { n8n: N8N_VERSION, node: NODE_MAJOR };
	if (isComplete(p.n8nDir, expected) && fs.existsSync(p.n8nBin)) return;
	await withLock(p.root, `n8n-${N8N_VERSION}`, async () => {
		if (isComplete(p.n8nDir, expected) && fs.existsSync(p.n8nBin)) return;
		if (fs.existsSync(p.n8nDir)) log(`removing unfinished install in ${p.n8nDir}`);
		fs.rmSync(p.n8nDir, { recursive: true, force: true });
		fs.mkdirSync(p.n8nDir, { recursive: true });
		fs.writeFileSync(
			path.join(p.n8nDir, 'package.json'),
			JSON.stringify(
				{ name: 'n8n-runtime', private: true, description: 'cache, not a project', dependencies: { n8n: N8N_VERSION } },
				null,
				2,
			),
		);
		const logFile = path.join(p.n8nDir, 'install.log');
		const env = cleanNpmEnv({
			PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`,
			npm_config_nodedir: p.nodeHome,
			JOBS: 'max', // node-gyp: compile sqlite3 on every core
		});
		log(`installing n8n@${N8N_VERSION} into ${p.n8nDir} (first run only: downloads ~1 GB, unpacks ~3 GB, takes minutes; log: ${logFile})`);
		const installMs = await run(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: p.n8nDir, env, logFile, label: 'npm install n8n' },
		);
		log(`n8n@${N8N_VERSION} unpacked (${(installMs / 1000).toFixed(0)} s); compiling sqlite3 against Node ${NODE_MAJOR}`);
		const rebuildMs = await run(
			'npm',
			['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts', '--loglevel=error'],
			{ cwd: p.n8nDir, env, logFile, label: 'npm rebuild sqlite3' },
		);
		log(`sqlite3 compiled (${(rebuildMs / 1000).toFixed(0)} s); checking sqlite3, isolated-vm and n8n --version under Node ${NODE_MAJOR}`);
		verifyN8n(p);
		writeMarker(p.n8nDir, { ...expected, nodeVersion: nodeVersionOf(p.nodeBin), installMs, rebuildMs });
		log(`n8n@${N8N_VERSION} ready in ${p.n8nDir}`);
	});
}

/**
 * Ensures Node 24 and n8n are in the cache; returns their paths. Reuses a complete install.
 */
async function ensureN8nInstalled({ quiet = false } = {}) {
	const p = paths();
	fs.mkdirSync(p.root, { recursive: true });
	const started = Date.now();
	const wasComplete =
		isComplete(p.nodeDir, { major: NODE_MAJOR }) && isComplete(p.n8nDir, { n8n: N8N_VERSION, node: NODE_MAJOR });
	await ensureNode(p);
	await ensureN8n(p);
	if (!quiet || !wasComplete)
		log(
			wasComplete
				? `using cached n8n@${N8N_VERSION} and Node ${nodeVersionOf(p.nodeBin)} from ${p.root}`
				: `install finished in ${((Date.now() - started) / 1000).toFixed(0)} s (cache: ${p.root})`,
		);
	return { ...p, version: N8N_VERSION, nodeVersion: nodeVersionOf(p.nodeBin) };
}

module.exports = { ensureN8nInstalled, paths, cacheRoot, cleanNpmEnv, N8N_VERSION, NODE_MAJOR };

if (require.main === module) {
	ensureN8nInstalled().then(
		(p) => {
			process.stdout.write(`${JSON.stringify({ node: p.nodeBin, n8n: p.n8nBin, version: p.version }, null, 2)}\n`);
		},
		(error) => {
			log(error.stack || String(error));
			process.exit(1);
		},
	);
}
