// @ts-check
'use strict';
/**
 * One real n8n process (from the cache installed by n8n-install.js) with this package loaded:
 * the main process (`n8n start`), or in queue mode a worker (`n8n worker`) or a webhook process
 * (`n8n webhook`).
 *
 * - Runs on the cached Node 24 binary, loopback only, on a free port; telemetry,
 *   personalization, version notifications and templates off. SQLite in `<userFolder>/.n8n`
 *   unless `env` brings the DB_* settings of a PostgreSQL (queue mode).
 * - The package is installed into the user folder as n8n's Community Nodes would
 *   (community-package.js); every process of a queue-mode setup has its own user folder.
 * - The owner: on 2.x from the environment (bcrypt hash computed with the bcryptjs n8n ships);
 *   on 1.x claimed through the REST setup endpoint right after the first start (n8n-versions.js).
 * - CLI helpers (import:credentials, import:workflow, publish) run while the server is stopped;
 *   REST helpers (n8n-rest.js: login, executions, publish/unpublish) while it runs.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const { installPackageInto, PACKAGE_NAME, REPO_ROOT } = require('./community-package');
const { N8nRest } = require('./n8n-rest');
const { n8nEnv } = require('./n8n-env');
const { n8nLine } = require('./n8n-versions');
const { freePort, portIsFree, sleep } = require('./ports');
const { ServerProcess } = require('./server-process');

/** @typedef {import('./n8n-install').N8nInstall} N8nInstall */
/** @typedef {'main' | 'worker' | 'webhook'} N8nRole */

/** The n8n command each role runs. */
const COMMANDS = { main: 'start', worker: 'worker', webhook: 'webhook' };

class N8nInstance {
	/**
	 * @param {object} options
	 * @param {N8nInstall} options.install   result of ensureN8nInstalled()
	 * @param {N8nRole} [options.role]       default 'main'
	 * @param {string} [options.userFolder]  N8N_USER_FOLDER (default: a fresh temp folder)
	 * @param {number} [options.port]        default: a free loopback port
	 * @param {string} [options.encryptionKey]
	 * @param {{email:string,password:string,firstName?:string,lastName?:string}} [options.owner]
	 * @param {Record<string,string>} [options.env]  extra environment (queue mode: DB_*, QUEUE_*)
	 * @param {number} [options.concurrency] jobs a worker runs at once (default 10)
	 * @param {boolean} [options.echo]  also write n8n's output to this process's stderr
	 */
	constructor(options) {
		this.install = options.install;
		this.role = options.role || 'main';
		this.line = n8nLine(this.install.version);
		this.userFolder = options.userFolder || fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${this.role}-`));
		this.ownsUserFolder = !options.userFolder;
		this.port = options.port || 0;
		this.brokerPort = 0;
		this.host = '127.0.0.1';
		this.encryptionKey = options.encryptionKey || crypto.randomBytes(24).toString('hex');
		/** @type {import('./n8n-rest').Owner} */
		this.owner = {
			firstName: 'Local',
			lastName: 'Owner',
			...(options.owner || {
				email: 'owner@example.com',
				password: `Pw-${crypto.randomBytes(9).toString('base64url')}1`,
			}),
		};
		this.ownerPasswordHash = '';
		this.extraEnv = options.env || {};
		this.concurrency = options.concurrency || 10;
		this.echo = !!options.echo;
		this.logFile = path.join(this.userFolder, 'n8n.log');
		/** @type {ServerProcess | null} */
		this.server = null;
		/** @type {import('child_process').ChildProcess | null} */
		this.cliChild = null;
		/** @type {Promise<import('./server-process').ExitInfo>} */
		this.exited = Promise.resolve({ code: null, signal: null });
		this.startMs = 0;
		/** @type {import('./community-package').InstalledPackage | undefined} */
		this.package = undefined;
		this.api = new N8nRest({ url: this.url, owner: this.owner, n8nModules: this.install.n8nModules });
	}

	get url() {
		return `http://${this.host}:${this.port}`;
	}

	/** The running process, or null. */
	get child() {
		return this.server && this.server.running ? this.server.child : null;
	}

	/** @param {string} webhookId @param {string} [nodePath] */
	webhookUrl(webhookId, nodePath = 'extole') {
		return `${this.url}/webhook/${webhookId}/${nodePath}`;
	}

	/** Free ports, the package copied in, the owner's bcrypt hash. Call once before cli()/start(). */
	async prepare() {
		if (!this.port) this.port = await freePort();
		else if (!(await portIsFree(this.port)))
			throw new Error(`port ${this.port} is in use (set N8N_PORT to another port)`);
		this.brokerPort = await freePort();
		this.api.url = this.url;
		fs.mkdirSync(path.join(this.userFolder, '.n8n'), { recursive: true });
		this.package = installPackageInto(this.userFolder);
		if (this.package.missing.length)
			throw new Error(`built package lacks ${this.package.missing.join(', ')} (build failed?)`);
		if (this.line.ownerFromEnv) {
			const bcrypt = require(path.join(this.install.n8nModules, 'bcryptjs'));
			this.ownerPasswordHash = bcrypt.hashSync(this.owner.password, 10);
		}
		return this;
	}

	/** The whole environment of this process's n8n commands (n8n-env.js). */
	env() {
		return n8nEnv(this);
	}

	/**
	 * Runs an n8n CLI command (server must be stopped for DB-writing ones). Resolves with output.
	 * @param {string[]} args @param {{ timeoutMs?: number }} [options]
	 * @returns {Promise<string>}
	 */
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
			const timer = setTimeout(() => killGroup(child.pid), timeoutMs);
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

	/**
	 * A JSON file for an import command, written, used and deleted.
	 * @param {string} kind @param {unknown} content @param {(file: string) => Promise<string>} use
	 */
	async withImportFile(kind, content, use) {
		const file = path.join(this.userFolder, `import-${kind}-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(content, null, 2), { mode: 0o600 });
		try {
			return await use(file);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * Credentials as [{id, name, type, data: {...plain...}}]; n8n encrypts them on import.
	 * @param {object[]} credentials
	 */
	async importCredentials(credentials) {
		return await this.withImportFile('credentials', credentials, (file) => this.cli(['import:credentials', `--input=${file}`]));
	}

	/**
	 * Workflows as workflow JSON objects (with fixed ids); imported unpublished.
	 * @param {object[]} workflows
	 */
	async importWorkflows(workflows) {
		return await this.withImportFile('workflows', workflows, (file) => this.cli(['import:workflow', `--input=${file}`]));
	}

	/** Publishes offline (server stopped); the webhooks answer as soon as n8n starts. @param {string} workflowId */
	async publish(workflowId) {
		return await this.cli(this.line.publishArgs(workflowId));
	}

	/** @param {string} workflowId */
	async unpublishOffline(workflowId) {
		return await this.cli(this.line.unpublishArgs(workflowId));
	}

	/**
	 * Starts this role's n8n command in its own process group; resolves when
	 * /healthz/readiness answers 200 (and, on 1.x main, once the owner is set up).
	 * @param {{ timeoutMs?: number }} [options]
	 */
	async start({ timeoutMs = 240000 } = {}) {
		if (this.child) throw new Error('n8n already running');
		const started = Date.now();
		const args = [this.install.n8nBin, COMMANDS[this.role]];
		if (this.role === 'worker') args.push(`--concurrency=${this.concurrency}`);
		const server = new ServerProcess({
			name: `n8n ${this.role}`,
			command: this.install.nodeBin,
			args,
			cwd: this.userFolder,
			env: this.env(),
			logFile: this.logFile,
			echo: this.echo,
		});
		this.server = server;
		server.start();
		this.exited = server.exited;
		while (Date.now() - started < timeoutMs) {
			if (server.exitInfo)
				throw new Error(
					`n8n ${this.role} exited during start (${JSON.stringify(server.exitInfo)}); log ${this.logFile}:\n${this.logTail(60)}`,
				);
			try {
				const res = await fetch(`${this.url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
				if (res.status === 200) {
					if (this.role === 'main' && !this.line.ownerFromEnv) await this.api.setupOwner();
					this.startMs = Date.now() - started;
					return this;
				}
			} catch {
				/* not listening yet */
			}
			await sleep(300);
		}
		await this.stop();
		throw new Error(`n8n ${this.role} not ready after ${timeoutMs / 1000} s; log ${this.logFile}:\n${this.logTail(60)}`);
	}

	/** @param {number} [lines] */
	logTail(lines = 40) {
		return this.log().split('\n').slice(-lines).join('\n');
	}

	log() {
		try {
			return fs.readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	/**
	 * SIGTERM to n8n's process group (n8n and its task runner), SIGKILL after a grace period.
	 * @param {{ graceMs?: number }} [options]
	 */
	async stop({ graceMs = 20000 } = {}) {
		if (this.cliChild) killGroup(this.cliChild.pid);
		this.api.cookie = null;
		if (this.server) await this.server.stop({ signal: 'SIGTERM', graceMs });
	}

	/** Synchronous last-resort kill (for process 'exit' handlers). */
	killNow() {
		if (this.cliChild) killGroup(this.cliChild.pid);
		if (this.server) this.server.killNow();
	}

	async cleanup() {
		await this.stop();
		if (this.ownsUserFolder && !process.env.KEEP_N8N_USER_FOLDER) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	// ----- REST (server running), see n8n-rest.js -----

	login() {
		return this.api.login();
	}
	/** @param {string} method @param {string} urlPath @param {unknown} [body] */
	rest(method, urlPath, body) {
		return this.api.rest(method, urlPath, body);
	}
	/** @param {string} id */
	getWorkflow(id) {
		return this.api.getWorkflow(id);
	}
	/** @param {string} [workflowId] */
	listExecutions(workflowId) {
		return this.api.listExecutions(workflowId);
	}
	/** @param {string} workflowId */
	allExecutions(workflowId) {
		return this.api.allExecutions(workflowId);
	}
	/** @param {string} id */
	getExecution(id) {
		return this.api.getExecution(id);
	}
	/** @param {string} id */
	executionRunData(id) {
		return this.api.executionRunData(id);
	}
	/** @param {string} executionId @param {string} nodeName */
	nodeOutput(executionId, nodeName) {
		return this.api.nodeOutput(executionId, nodeName);
	}
	/** @param {string} workflowId */
	activate(workflowId) {
		return this.api.activate(workflowId);
	}
	/** @param {string} workflowId */
	deactivate(workflowId) {
		return this.api.deactivate(workflowId);
	}
	knownTypes() {
		return this.api.knownTypes();
	}
}

/** @param {number | undefined} pid */
function killGroup(pid) {
	if (!pid) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		/* gone */
	}
}

module.exports = { N8nInstance, freePort, portIsFree, installPackageInto, PACKAGE_NAME, REPO_ROOT };
