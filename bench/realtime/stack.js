'use strict';
/**
 * What the realtime benchmark runs against: one real n8n (regular mode, from the cache folder,
 * with this package installed as a community package) holding the three bench workflows of
 * bench/workflows/, and one Braze sandbox in a child process. The referral workflows use the
 * credentials the e2e stack imports (scripts/lib/credentials.js); the DIY workflow a Header Auth
 * credential carrying the same Braze key, as a do-it-yourself pipeline would.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { fork } = require('child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const { N8nInstance } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'n8n-instance.js'));
const { stackCredentials, BRAZE_SANDBOX_KEYS } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'credentials.js'));
const { prepareWorkflow } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'workflows.js'));

const WORKFLOW_DIR = path.join(REPO_ROOT, 'bench', 'workflows');
const HEADER_AUTH_ID = 'xbBenchHdrAuth01';
const PACKAGE = 'n8n-nodes-extole-braze';

/** The trigger settings of the batching-on workflow, where bench/workflows/ writes them. */
const BATCH_PARAMETERS = ['batching', 'maxEventsPerExecution', 'maxWaitSeconds'];

/** @param {string} file */
function loadBenchWorkflow(file) {
	return JSON.parse(fs.readFileSync(path.join(WORKFLOW_DIR, file), 'utf8'));
}

/**
 * Where the built Extole Trigger declares each batch parameter: top level (null), inside a
 * collection (its name), or not at all (undefined: this build has no batching).
 * @returns {{ known: boolean, location: Record<string, string | null | undefined> }}
 */
function batchingSupport() {
	const mod = require(path.join(REPO_ROOT, 'dist', 'nodes', 'ExtoleTrigger', 'ExtoleTrigger.node.js'));
	const properties = new mod.ExtoleTrigger().description.properties;
	/** @type {Record<string, string | null | undefined>} */
	const location = {};
	for (const name of BATCH_PARAMETERS) {
		if (properties.some((p) => p.name === name)) location[name] = null;
		else {
			const holder = properties.find((p) => Array.isArray(p.options) && p.options.some((o) => o && o.name === name && o.type));
			location[name] = holder ? holder.name : undefined;
		}
	}
	return { known: location.batching !== undefined, location };
}

/**
 * Moves batch parameters written at the trigger's top level into the collection the build
 * declares them in, so the workflow file stays as the issue names the settings.
 * @param {any} workflow @param {Record<string, string | null | undefined>} location
 */
function placeBatchParameters(workflow, location) {
	const trigger = workflow.nodes.find((n) => n.type === `${PACKAGE}.extoleTrigger`);
	for (const name of BATCH_PARAMETERS) {
		const holder = location[name];
		if (!holder || !(name in trigger.parameters)) continue;
		trigger.parameters[holder] = { ...(trigger.parameters[holder] || {}), [name]: trigger.parameters[name] };
		delete trigger.parameters[name];
	}
	return workflow;
}

function startBrazeChild() {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'braze-child.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
		child.once('message', (m) => resolve({ url: m.url, child }));
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`Braze sandbox exited (${code}) before it listened`)));
	});
}

/**
 * @param {object} o
 * @param {import('../../scripts/lib/n8n-install').N8nInstall} o.install
 * @param {(msg: string) => void} o.log
 * @param {Record<string, string>} [o.n8nEnv]
 */
async function startBenchStack(o) {
	const log = o.log;
	const secret = `bench-webhook-key-${crypto.randomBytes(12).toString('hex')}`;
	const support = batchingSupport();
	const braze = await startBrazeChild();
	const brazeUrl = braze.url;
	log(`Braze sandbox ${brazeUrl} (pid ${braze.child.pid})`);
	const n8n = new N8nInstance({ install: o.install, env: o.n8nEnv || {} });
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		try {
			await n8n.cleanup();
		} finally {
			braze.child.send('stop');
			await new Promise((resolve) => {
				const timer = setTimeout(() => {
					braze.child.kill('SIGKILL');
					resolve(undefined);
				}, 5000);
				braze.child.once('exit', () => {
					clearTimeout(timer);
					resolve(undefined);
				});
			});
		}
	};
	try {
		await n8n.prepare();
		const { credentials, credentialIds } = stackCredentials({ realBraze: null, brazeUrl, webhookSecret: secret, extoleApi: null });
		credentials.push({
			id: HEADER_AUTH_ID,
			name: 'Braze REST key header',
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: `Bearer ${BRAZE_SANDBOX_KEYS.production}` },
		});
		await n8n.importCredentials(credentials);
		const prepare = (file) =>
			prepareWorkflow(loadBenchWorkflow(file), {
				credentialIds: { ...credentialIds, httpHeaderAuth: HEADER_AUTH_ID },
				placeholders: { REPLACE_BRAZE_USERS_TRACK_URL: `${brazeUrl}/users/track` },
			});
		const off = prepare('referral-sync-batching-off.json');
		const on = placeBatchParameters(prepare('referral-sync-batching-on.json'), support.location);
		const diy = prepare('diy-webhook-http.json');
		const workflows = [off, on, diy];
		await n8n.importWorkflows(workflows);
		const t = Date.now();
		await n8n.start();
		// Publishing through REST once n8n runs saves an n8n CLI start per workflow.
		await n8n.login();
		for (const wf of workflows) await n8n.activate(wf.id);
		log(`n8n ${o.install.version} (Node ${o.install.nodeVersion}) ready on ${n8n.url} in ${((Date.now() - t) / 1000).toFixed(1)} s, pid ${n8n.server.pid}`);
		const triggerUrl = (wf) => n8n.webhookUrl(wf.nodes.find((n) => n.type === `${PACKAGE}.extoleTrigger`).webhookId, 'extole');
		const diyPath = diy.nodes.find((n) => n.type === 'n8n-nodes-base.webhook').parameters.path;
		return {
			n8n,
			brazeUrl,
			brazePid: braze.child.pid,
			secret,
			batching: support,
			workflows: { off, on, diy },
			urls: {
				off: triggerUrl(off),
				on: triggerUrl(on),
				diy: `${n8n.url}/webhook/${diyPath}`,
				unknown: `${n8n.url}/webhook/${crypto.randomUUID()}/extole`,
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { startBenchStack, batchingSupport, REPO_ROOT };
