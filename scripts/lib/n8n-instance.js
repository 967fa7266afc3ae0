'use strict';
/**
 * One real n8n (from the cache installed by n8n-install.js) with this package loaded.
 *
 * - Runs on the cached Node 24 binary, SQLite in `<userFolder>/.n8n`, loopback only, on a free
 *   port; telemetry, personalization, version notifications and templates off.
 * - The package is installed the way n8n's Community Nodes installs it: package.json + dist/
 *   copied to `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-extole-braze`, so node types are
 *   `n8n-nodes-extole-braze.<node>` exactly as for users (N8N_CUSTOM_EXTENSIONS would load the
 *   same files as `CUSTOM.<node>`, which the templates do not use). `n8n-workflow` is resolved
 *   from n8n's own copy (n8n puts its node_modules on NODE_PATH), as for a real install.
 * - Owner set by environment (N8N_INSTANCE_OWNER_MANAGED_BY_ENV, bcrypt hash computed with the
 *   bcryptjs that n8n itself ships).
 * - CLI helpers (import:credentials, import:workflow, publish:workflow) run while the server is
 *   stopped; REST helpers (login cookie, executions, activate/deactivate) while it runs.
 */
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const PACKAGE_NAME = 'n8n-nodes-extole-braze';
const REPO_ROOT = path.resolve(__dirname, '..', '..');

function freePort(host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, host, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function portIsFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Copies what `npm pack` would ship (package.json + dist/) into a community-nodes folder. */
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
	let holder = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		holder = JSON.parse(fs.readFileSync(nodesPkg, 'utf8'));
	} catch {
		/* first time */
	}
	holder.dependencies = { ...(holder.dependencies || {}), [PACKAGE_NAME]: pkg.version };
	fs.writeFileSync(nodesPkg, JSON.stringify(holder, null, 2));
	const missing = [...(pkg.n8n.nodes || []), ...(pkg.n8n.credentials || [])].filter(
		(file) => !fs.existsSync(path.join(target, file)),
	);
	return { target, missing, nodes: pkg.n8n.nodes || [], credentials: pkg.n8n.credentials || [] };
}

class N8nInstance {
	/**
	 * @param {object} options
	 * @param {object} options.install   result of ensureN8nInstalled()
	 * @param {string} [options.userFolder]  N8N_USER_FOLDER (default: a fresh temp folder)
	 * @param {number} [options.port]        default: a free loopback port
	 * @param {string} [options.encryptionKey]
	 * @param {{email:string,password:string,firstName?:string,lastName?:string}} [options.owner]
	 * @param {Record<string,string>} [options.env]  extra environment
	 * @param {boolean} [options.echo]  also write n8n's output to this process's stderr
	 */
	constructor(options) {
		this.install = options.install;
		this.userFolder = options.userFolder || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
		this.ownsUserFolder = !options.userFolder;
		this.port = options.port || 0;
		this.host = '127.0.0.1';
		this.encryptionKey = options.encryptionKey || crypto.randomBytes(24).toString('hex');
		this.owner = {
			firstName: 'Local',
			lastName: 'Owner',
			...(options.owner || {
				email: 'owner@example.com',
				password: `Pw-${crypto.randomBytes(9).toString('base64url')}1`,
			}),
		};
		this.extraEnv = options.env || {};
		this.echo = !!options.echo;
		this.logFile = path.join(this.userFolder, 'n8n.log');
		this.child = null;
		this.cookie = null;
		this.browserId = crypto.randomUUID();
	}

	get url() {
		return `http://${this.host}:${this.port}`;
	}

	webhookUrl(webhookId, nodePath = 'extole') {
		return `${this.url}/webhook/${webhookId}/${nodePath}`;
	}

	/** Free ports, the package copied in, the owner's bcrypt hash. Call once before cli()/start(). */
	async prepare() {
		if (!this.port) this.port = await freePort();
		else if (!(await portIsFree(this.port)))
			throw new Error(`port ${this.port} is in use (set N8N_PORT to another port)`);
		this.brokerPort = await freePort();
		fs.mkdirSync(path.join(this.userFolder, '.n8n'), { recursive: true });
		this.package = installPackageInto(this.userFolder);
		if (this.package.missing.length)
			throw new Error(`built package lacks ${this.package.missing.join(', ')} (build failed?)`);
		const bcrypt = require(path.join(this.install.n8nModules, 'bcryptjs'));
		this.ownerPasswordHash = bcrypt.hashSync(this.owner.password, 10);
		return this;
	}

	env() {
		const env = { ...process.env };
		// Nothing from the repository's `npm run` (ignore-scripts, prefix, ...) or from a
		// developer's own n8n setup leaks in.
		for (const key of Object.keys(env)) {
			// NODE_ENV=test (set by jest) makes n8n refuse to load nodes and silences its logger.
			if (/^(npm_|N8N_|DB_|EXECUTIONS_|WEBHOOK_URL$|QUEUE_|NODE_OPTIONS$|NODE_PATH$|NODE_ENV$|JEST_)/i.test(key))
				delete env[key];
		}
		return {
			...env,
			PATH: `${path.dirname(this.install.nodeBin)}${path.delimiter}${process.env.PATH}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_HOST: this.host,
			N8N_LISTEN_ADDRESS: this.host,
			N8N_PROTOCOL: 'http',
			N8N_WEBHOOK_URL: `${this.url}/`,
			N8N_EDITOR_BASE_URL: `${this.url}/`,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: this.host,
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			GENERIC_TIMEZONE: 'UTC',
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: this.owner.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: this.owner.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: this.owner.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: this.ownerPasswordHash,
			...this.extraEnv,
		};
	}

	/** Runs an n8n CLI command (server must be stopped for DB-writing ones). Resolves with output. */
	cli(args, { timeoutMs = 180000 } = {}) {
		return new Promise((resolve, reject) => {
			const child = spawn(this.install.nodeBin, [this.install.n8nBin, ...args], {
				cwd: this.userFolder,
				env: this.env(),
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			});
			this.cliChild = child;
			let output = '';
			child.stdout.on('data', (d) => (output += d));
			child.stderr.on('data', (d) => (output += d));
			const timer = setTimeout(() => {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					/* gone */
				}
			}, timeoutMs);
			child.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			child.on('exit', (code, signal) => {
				clearTimeout(timer);
				if (this.cliChild === child) this.cliChild = null;
				fs.appendFileSync(this.logFile, `\n$ n8n ${args.join(' ')}\n${output}`);
				if (code === 0 && !/An error occurred|Error updating database|^Error:/m.test(output)) resolve(output);
				else reject(new Error(`n8n ${args.join(' ')} failed (${signal || `exit ${code}`}):\n${output.slice(-3000)}`));
			});
		});
	}

	/** Credentials as [{id, name, type, data: {...plain...}}]; n8n encrypts them on import. */
	async importCredentials(credentials) {
		const file = path.join(this.userFolder, `import-credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
		try {
			return await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** Workflows as workflow JSON objects (with fixed ids); imported unpublished. */
	async importWorkflows(workflows) {
		const file = path.join(this.userFolder, `import-workflows-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(workflows, null, 2));
		try {
			return await this.cli(['import:workflow', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	async publish(workflowId) {
		return await this.cli(['publish:workflow', `--id=${workflowId}`]);
	}

	async unpublishOffline(workflowId) {
		return await this.cli(['unpublish:workflow', `--id=${workflowId}`]);
	}

	/** Starts `n8n start` in its own process group; resolves when /healthz/readiness answers 200. */
	async start({ timeoutMs = 240000 } = {}) {
		if (this.child) throw new Error('n8n already running');
		const out = fs.openSync(this.logFile, 'a');
		fs.writeSync(out, `\n$ n8n start (port ${this.port})  ${new Date().toISOString()}\n`);
		const started = Date.now();
		const child = spawn(this.install.nodeBin, [this.install.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.child = child;
		// A supervisor (scripts/e2e.js) kills what is listed here if the tests die without cleanup.
		if (process.env.N8N_E2E_PID_FILE) fs.appendFileSync(process.env.N8N_E2E_PID_FILE, `${child.pid}\n`);
		this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
		const onData = (d) => {
			fs.writeSync(out, d);
			if (this.echo) process.stderr.write(d);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('exit', () => {
			try {
				fs.closeSync(out);
			} catch {
				/* closed */
			}
			this.child = null;
		});
		let exitInfo = null;
		this.exited.then((info) => (exitInfo = info));
		while (Date.now() - started < timeoutMs) {
			if (exitInfo)
				throw new Error(`n8n exited during start (${JSON.stringify(exitInfo)}); log ${this.logFile}:\n${this.logTail(60)}`);
			try {
				const res = await fetch(`${this.url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
				if (res.status === 200) {
					this.startMs = Date.now() - started;
					return this;
				}
			} catch {
				/* not listening yet */
			}
			await sleep(300);
		}
		await this.stop();
		throw new Error(`n8n not ready after ${timeoutMs / 1000} s; log ${this.logFile}:\n${this.logTail(60)}`);
	}

	logTail(lines = 40) {
		try {
			return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
		} catch {
			return '';
		}
	}

	log() {
		try {
			return fs.readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	/** SIGTERM to n8n's process group (n8n and its task runner), SIGKILL after a grace period. */
	async stop({ graceMs = 20000 } = {}) {
		if (this.cliChild) {
			try {
				process.kill(-this.cliChild.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
		const child = this.child;
		if (!child) return;
		this.cookie = null;
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			/* gone */
		}
		let timer;
		const killed = await Promise.race([
			this.exited.then(() => true),
			new Promise((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
		]);
		clearTimeout(timer);
		if (!killed) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
			await this.exited;
		}
		// The runner and anything else in the group.
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* group empty */
		}
	}

	/** Synchronous last-resort kill (for process 'exit' handlers). */
	killNow() {
		for (const child of [this.child, this.cliChild]) {
			if (!child) continue;
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
	}

	async cleanup() {
		await this.stop();
		if (this.ownsUserFolder && !process.env.KEEP_N8N_USER_FOLDER)
			fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	// ----- REST (server running) -----

	async login() {
		const res = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify({ emailOrLdapLoginId: this.owner.email, password: this.owner.password }),
		});
		const text = await res.text();
		if (res.status !== 200) throw new Error(`POST /rest/login: ${res.status} ${text.slice(0, 500)}`);
		const setCookie = res.headers.getSetCookie ? res.headers.getSetCookie() : [res.headers.get('set-cookie')];
		const auth = setCookie.map((c) => String(c).split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (!auth) throw new Error('POST /rest/login: no n8n-auth cookie');
		this.cookie = auth;
		return JSON.parse(text).data;
	}

	async rest(method, urlPath, body) {
		if (!this.cookie) await this.login();
		const res = await fetch(`${this.url}/rest${urlPath}`, {
			method,
			headers: {
				cookie: this.cookie,
				'browser-id': this.browserId,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		if (res.status >= 400) {
			const error = new Error(`${method} /rest${urlPath}: ${res.status} ${text.slice(0, 800)}`);
			error.status = res.status;
			error.body = json;
			throw error;
		}
		return json && 'data' in json ? json.data : json;
	}

	async getWorkflow(id) {
		return await this.rest('GET', `/workflows/${id}`);
	}

	/** Executions of a workflow (newest first), as the editor's executions list returns them. */
	async listExecutions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify(workflowId ? { workflowId } : {}));
		const data = await this.rest('GET', `/executions?filter=${filter}&limit=100`);
		return Array.isArray(data) ? data : data.results || [];
	}

	async getExecution(id) {
		return await this.rest('GET', `/executions/${id}`);
	}

	/** The run data of an execution ({[nodeName]: runs[]}), decoded with n8n's own `flatted`. */
	async executionRunData(id) {
		const execution = await this.getExecution(id);
		let data = execution.data;
		if (typeof data === 'string') data = require(path.join(this.install.n8nModules, 'flatted')).parse(data);
		return { execution, runData: (data && data.resultData && data.resultData.runData) || {}, data };
	}

	/** Output items (json) of a node in an execution's first run. */
	async nodeOutput(executionId, nodeName) {
		const { runData } = await this.executionRunData(executionId);
		const runs = runData[nodeName] || [];
		const main = (runs[0] && runs[0].data && runs[0].data.main) || [];
		return (main[0] || []).map((item) => item.json);
	}

	/** Publish with the server running (registers webhooks, runs the trigger's create()). */
	async activate(workflowId) {
		const wf = await this.getWorkflow(workflowId);
		return await this.rest('POST', `/workflows/${workflowId}/activate`, { versionId: wf.versionId });
	}

	/** Unpublish with the server running (runs the trigger's delete()). */
	async deactivate(workflowId) {
		return await this.rest('POST', `/workflows/${workflowId}/deactivate`, {});
	}

	/** Node and credential types this n8n knows (what the editor loads). */
	async knownTypes() {
		const get = async (name) => {
			const res = await fetch(`${this.url}/types/${name}.json`, {
				headers: this.cookie ? { cookie: this.cookie, 'browser-id': this.browserId } : {},
			});
			if (res.status !== 200) throw new Error(`GET /types/${name}.json: ${res.status}`);
			return await res.json();
		};
		const [nodes, credentials] = await Promise.all([get('nodes'), get('credentials')]);
		return {
			nodes: [...new Set(nodes.map((n) => n.name))],
			credentials: [...new Set(credentials.map((c) => c.name))],
		};
	}
}

module.exports = { N8nInstance, freePort, portIsFree, installPackageInto, PACKAGE_NAME, REPO_ROOT };
