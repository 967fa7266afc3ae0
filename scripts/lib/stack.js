// @ts-check
'use strict';
/**
 * The whole pipeline on one machine, shared by `npm start` and `npm run test:e2e`:
 * Braze sandbox (or a real Braze), Extole sandbox (or a real Extole), and a real n8n with this
 * package loaded, credentials imported (pointing at the sandboxes) and workflows imported and
 * published. With `queue`, n8n runs in queue mode (queue-mode.js): PostgreSQL + Redis, the main
 * process, workers, and optionally webhook processes.
 */
const path = require('path');

const { N8nInstance } = require('./n8n-instance');
const { REPO_ROOT } = require('./community-package');
const { BRAZE_SANDBOX_KEYS, brazeInstanceFields, stackCredentials } = require('./credentials');
const { portIsFree } = require('./ports');
const { startQueueServices, startQueueProcesses } = require('./queue-mode');
const { CREDENTIAL_IDS, loadTemplate, listTemplates, prepareWorkflow, triggerWebhooks } = require('./workflows');

/**
 * @typedef {object} Stack
 * @property {any} braze          the Braze sandbox (sandbox/braze), or null with a real Braze
 * @property {any} extole         the Extole sandbox (sandbox/extole), or null
 * @property {N8nInstance | null} n8n  the main process
 * @property {import('./queue-mode').QueueServices | null} queue  PostgreSQL + Redis in queue mode
 * @property {N8nInstance[]} workers
 * @property {N8nInstance[]} webhookProcesses
 * @property {string} brazeUrl
 * @property {string} [extoleUrl]
 * @property {string} [extoleToken]
 * @property {Record<string, string>} credentialIds
 * @property {import('./workflows').Workflow[]} workflows
 * @property {Record<string, string>} webhooks  workflow id -> the trigger's URL on the main process
 * @property {boolean} stopped
 * @property {() => Promise<void>} stop
 * @property {() => void} killNow  synchronous last resort (process 'exit' handlers)
 */

/** @param {string} rel a path below the repository @returns {any} the module, or null when absent */
function tryRequire(rel) {
	try {
		return require(path.join(REPO_ROOT, rel));
	} catch (error) {
		const e = /** @type {NodeJS.ErrnoException} */ (error);
		if (e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(rel.split('/').pop() || rel)) return null;
		throw error;
	}
}

/**
 * @param {object} o
 * @param {import('./n8n-install').N8nInstall} o.install ensureN8nInstalled() result
 * @param {(msg:string)=>void} [o.log]
 * @param {string} [o.userFolder] persistent folder (npm start) or a temp one (tests)
 * @param {boolean} [o.keepUserFolder]
 * @param {number} [o.n8nPort]
 * @param {string} [o.encryptionKey]
 * @param {{email:string,password:string}} [o.owner]
 * @param {number} [o.brazePort] preferred Braze sandbox port (falls back to a free one)
 * @param {import('./credentials').RealBraze | null} [o.braze] real Braze; default: the sandbox
 * @param {{ url: string, token: string } | null} [o.extole] real Extole; default: the Extole sandbox
 * @param {string} [o.extoleSandboxToken]
 * @param {Record<string, unknown>} [o.extoleSandboxOptions]
 * @param {string} o.webhookSecret the key of the extoleWebhookKeyApi credential
 * @param {(ctx: { stack: Stack, credentialIds: Record<string, string> }) => import('./workflows').Workflow[]} o.workflows
 *   builds the workflow JSONs to import
 * @param {string[]} [o.publish] ids to publish (default: all)
 * @param {Record<string,string>} [o.n8nEnv]
 * @param {{ workers: number, webhooks?: number, concurrency?: number }} [o.queue] queue mode
 * @param {boolean} [o.echo]
 * @param {(stack: Stack)=>void} [o.onStack] receives the stack object at once (for signal handlers)
 * @returns {Promise<Stack>}
 */
async function startStack(o) {
	const log = o.log || (() => undefined);
	/** @type {Array<() => Promise<void>>} */
	const stoppers = [];
	/** @type {Stack} */
	const stack = {
		braze: null,
		extole: null,
		n8n: null,
		queue: null,
		workers: [],
		webhookProcesses: [],
		brazeUrl: '',
		credentialIds: {},
		workflows: [],
		webhooks: {},
		stopped: false,
		stop: async () => {
			if (stack.stopped) return;
			stack.stopped = true;
			const started = Date.now();
			for (const stop of stoppers.reverse()) {
				try {
					await stop();
				} catch (error) {
					log(`while stopping: ${/** @type {Error} */ (error).message}`);
				}
			}
			const n8nStops = [stack.n8n, ...stack.workers, ...stack.webhookProcesses].flatMap((p) =>
				p && p.server && p.server.stopMs ? [`${p.role} ${(p.server.stopMs / 1000).toFixed(1)} s`] : [],
			);
			log(`stopped everything in ${((Date.now() - started) / 1000).toFixed(1)} s${n8nStops.length ? ` (n8n: ${n8nStops.join(', ')})` : ''}`);
		},
		killNow: () => {
			for (const p of [...stack.webhookProcesses, ...stack.workers]) p.killNow();
			if (stack.n8n) stack.n8n.killNow();
			if (stack.queue) stack.queue.killNow();
		},
	};
	if (o.onStack) o.onStack(stack);
	try {
		// --- Braze
		if (o.braze && o.braze.url) {
			stack.brazeUrl = o.braze.url;
			log(`Braze: ${o.braze.url} (real Braze, from BRAZE_REST_URL)`);
		} else {
			const { startBrazeSandbox } = require(path.join(REPO_ROOT, 'sandbox', 'braze'));
			let port = 0;
			if (o.brazePort && (await portIsFree(o.brazePort, '127.0.0.1'))) port = o.brazePort;
			const braze = await startBrazeSandbox({ host: '127.0.0.1', port, instance: 'US-01' });
			stack.braze = braze;
			stoppers.push(() => braze.stop());
			stack.brazeUrl = braze.url;
			log(`Braze sandbox: ${braze.url} (workspaces production + staging)`);
		}
		// --- Extole
		const extoleMod = o.extole && o.extole.url ? null : tryRequire('sandbox/extole');
		if (o.extole && o.extole.url) {
			stack.extoleUrl = o.extole.url;
			stack.extoleToken = o.extole.token;
			log(`Extole API: ${o.extole.url} (real Extole, from EXTOLE_API_URL)`);
		} else if (extoleMod && typeof extoleMod.startExtoleSandbox === 'function') {
			const token = o.extoleSandboxToken || 'extole-sandbox-token';
			const extole = await extoleMod.startExtoleSandbox({ host: '127.0.0.1', port: 0, accessToken: token, ...(o.extoleSandboxOptions || {}) });
			stack.extole = extole;
			stack.extoleToken = token;
			stoppers.push(() => extole.stop());
			stack.extoleUrl = extole.url;
			log(`Extole sandbox: ${extole.url}`);
		} else {
			log('Extole sandbox not available yet (sandbox/extole): automatic registration is not set up');
		}

		// --- queue mode: PostgreSQL and Redis before any n8n command touches the database
		let n8nEnv = o.n8nEnv || {};
		if (o.queue) {
			const queue = await startQueueServices({ log });
			stack.queue = queue;
			stoppers.push(() => queue.stop());
			n8nEnv = { ...n8nEnv, ...queue.n8nEnv };
		}

		// --- n8n (main)
		if (stack.stopped) throw new Error('stopped during start');
		const n8n = new N8nInstance({
			install: o.install,
			userFolder: o.userFolder,
			port: o.n8nPort,
			encryptionKey: o.encryptionKey,
			owner: o.owner,
			env: n8nEnv,
			echo: o.echo,
		});
		stack.n8n = n8n;
		stoppers.push(() => (o.keepUserFolder ? n8n.stop() : n8n.cleanup()));
		await n8n.prepare();
		log(`n8n ${o.install.version} user folder: ${n8n.userFolder}`);

		const realBraze = o.braze && o.braze.url ? o.braze : null;
		const extoleApi = stack.extoleUrl
			? { url: stack.extoleUrl, token: stack.extoleToken || '', sandbox: !!stack.extole }
			: null;
		const { credentials, credentialIds } = stackCredentials({ realBraze, brazeUrl: stack.brazeUrl, webhookSecret: o.webhookSecret, extoleApi });
		stack.credentialIds = credentialIds;

		let t = Date.now();
		await n8n.importCredentials(credentials);
		log(`imported ${credentials.length} credentials (${((Date.now() - t) / 1000).toFixed(1)} s)`);

		const workflows = o.workflows({ stack, credentialIds: stack.credentialIds });
		stack.workflows = workflows;
		if (workflows.length) {
			t = Date.now();
			await n8n.importWorkflows(workflows);
			const toPublish = o.publish || workflows.map((w) => w.id);
			for (const id of toPublish) await n8n.publish(id);
			log(`imported ${workflows.length} workflow(s), published ${toPublish.length} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
		}
		stack.webhooks = triggerWebhooks(n8n, workflows);

		if (stack.stopped) throw new Error('stopped during start');
		t = Date.now();
		log(`starting n8n ${o.install.version}${o.queue ? ' (queue mode, main process)' : ''} on ${n8n.url} ...`);
		await n8n.start();
		log(`n8n ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);

		// --- queue mode: workers and webhook processes, once main has migrated the database
		if (o.queue) {
			if (stack.stopped) throw new Error('stopped during start');
			const processes = await startQueueProcesses({
				main: n8n,
				workers: o.queue.workers,
				webhooks: o.queue.webhooks,
				concurrency: o.queue.concurrency,
				n8nEnv,
				log,
				echo: o.echo,
				onCreated: (created) => {
					stack.workers = created.workers;
					stack.webhookProcesses = created.webhooks;
				},
			});
			stoppers.push(() => processes.stop());
			if (stack.stopped) {
				await processes.stop();
				throw new Error('stopped during start');
			}
		}
		return stack;
	} catch (error) {
		const e = /** @type {Error & { n8nLog?: string }} */ (error);
		if (stack.n8n && !stack.n8n.child && stack.n8n.logFile) e.n8nLog = stack.n8n.logFile;
		await stack.stop();
		throw error;
	}
}

module.exports = {
	startStack,
	prepareWorkflow,
	loadTemplate,
	listTemplates,
	triggerWebhooks,
	brazeInstanceFields,
	CREDENTIAL_IDS,
	BRAZE_SANDBOX_KEYS,
};
