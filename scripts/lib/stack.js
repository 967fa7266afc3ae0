'use strict';
/**
 * The whole pipeline on one machine, shared by `npm start` and `npm run test:e2e`:
 * Braze sandbox (or a real Braze), Extole sandbox (or a real Extole), and a real n8n with this
 * package loaded, credentials imported (pointing at the sandboxes) and workflows imported and
 * published.
 */
const fs = require('fs');
const net = require('net');
const path = require('path');

const { N8nInstance, REPO_ROOT } = require('./n8n-instance');

/** Credential ids are fixed so that re-importing (npm start, every run) updates in place. */
const CREDENTIAL_IDS = {
	brazeApi: 'xbBrazeCred00001',
	extoleWebhookKeyApi: 'xbExtoleKey00001',
	extoleApi: 'xbExtoleApi00001',
};

const BRAZE_SANDBOX_KEYS = {
	production: 'sandbox-production-key',
	test: 'sandbox-test-key',
};

function portIsFree(port, host) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

/** A Braze REST URL as the credential wants it: a listed instance, or `custom` + the URL. */
function brazeInstanceFields(url, prefix) {
	const trimmed = url.replace(/\/+$/, '');
	let listed = [];
	try {
		const mod = require(path.join(REPO_ROOT, 'dist', 'credentials', 'BrazeApi.credentials.js'));
		const Cls = Object.values(mod).find((v) => typeof v === 'function');
		const prop = new Cls().properties.find((p) => p.name === 'instance');
		listed = (prop.options || []).map((o) => o.value);
	} catch {
		/* credential not built: use custom */
	}
	if (listed.includes(trimmed)) return { [prefix === 'test' ? 'testInstance' : 'instance']: trimmed };
	return prefix === 'test'
		? { testInstance: 'custom', testCustomUrl: trimmed }
		: { instance: 'custom', customUrl: trimmed };
}

function loadTemplate(name) {
	const file = path.isAbsolute(name) ? name : path.join(REPO_ROOT, 'templates', name);
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

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
 */
function prepareWorkflow(workflow, { credentialIds = CREDENTIAL_IDS, credentialNames = {}, overrides = {}, placeholders = {} } = {}) {
	const wf = JSON.parse(JSON.stringify(workflow));
	wf.active = false;
	for (const node of wf.nodes) {
		for (const type of Object.keys(node.credentials || {})) {
			if (credentialIds[type])
				node.credentials[type] = { id: credentialIds[type], name: credentialNames[type] || node.credentials[type].name };
		}
		const extra = overrides[node.name] || overrides[node.type];
		if (extra) {
			node.parameters = { ...node.parameters, ...extra.parameters };
			if (extra.credentials) node.credentials = { ...(node.credentials || {}), ...extra.credentials };
		}
		node.parameters = JSON.parse(
			JSON.stringify(node.parameters),
			(_k, v) => (typeof v === 'string' && Object.hasOwn(placeholders, v) ? placeholders[v] : v),
		);
	}
	return wf;
}

/** Where each published workflow's Extole Trigger listens. */
function triggerWebhooks(n8n, workflows) {
	const out = {};
	for (const wf of workflows) {
		const trigger = wf.nodes.find((n) => /\.extoleTrigger$/.test(n.type));
		if (trigger && trigger.webhookId) out[wf.id] = n8n.webhookUrl(trigger.webhookId, 'extole');
	}
	return out;
}

function tryRequire(rel) {
	try {
		return require(path.join(REPO_ROOT, rel));
	} catch (error) {
		if (error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(rel.split('/').pop())) return null;
		throw error;
	}
}

/**
 * @param {object} o
 * @param {object} o.install ensureN8nInstalled() result
 * @param {(msg:string)=>void} [o.log]
 * @param {string} [o.userFolder] persistent folder (npm start) or a temp one (tests)
 * @param {number} [o.n8nPort]
 * @param {string} [o.encryptionKey]
 * @param {{email:string,password:string}} [o.owner]
 * @param {number} [o.brazePort] preferred Braze sandbox port (falls back to a free one)
 * @param {object} [o.braze] real Braze: {url, apiKey, testUrl?, testApiKey?}; default: the sandbox
 * @param {object} [o.extole] real Extole: {url, token}; default: the Extole sandbox
 * @param {string} o.webhookSecret the key of the extoleWebhookKeyApi credential
 * @param {(ctx)=>object[]} o.workflows builds the workflow JSONs to import (ctx: urls, ids)
 * @param {string[]} [o.publish] ids to publish (default: all)
 * @param {Record<string,string>} [o.n8nEnv]
 * @param {(stack)=>void} [o.onStack] receives the stack object at once (for signal handlers)
 */
async function startStack(o) {
	const log = o.log || (() => undefined);
	const stack = { braze: null, extole: null, n8n: null, stopped: false };
	const stoppers = [];
	stack.stop = async () => {
		if (stack.stopped) return;
		stack.stopped = true;
		for (const stop of stoppers.reverse()) {
			try {
				await stop();
			} catch (error) {
				log(`while stopping: ${error.message}`);
			}
		}
	};
	stack.killNow = () => {
		if (stack.n8n) stack.n8n.killNow();
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
			stack.braze = await startBrazeSandbox({ host: '127.0.0.1', port, instance: 'US-01' });
			stoppers.push(() => stack.braze.stop());
			stack.brazeUrl = stack.braze.url;
			log(`Braze sandbox: ${stack.braze.url} (workspaces production + staging)`);
		}
		// --- Extole
		const extoleMod = o.extole && o.extole.url ? null : tryRequire('sandbox/extole');
		if (o.extole && o.extole.url) {
			stack.extoleUrl = o.extole.url;
			stack.extoleToken = o.extole.token;
			log(`Extole API: ${o.extole.url} (real Extole, from EXTOLE_API_URL)`);
		} else if (extoleMod && typeof extoleMod.startExtoleSandbox === 'function') {
			stack.extoleToken = o.extoleSandboxToken || 'extole-sandbox-token';
			stack.extole = await extoleMod.startExtoleSandbox({
				host: '127.0.0.1',
				port: 0,
				accessToken: stack.extoleToken,
				...(o.extoleSandboxOptions || {}),
			});
			stoppers.push(() => stack.extole.stop());
			stack.extoleUrl = stack.extole.url;
			log(`Extole sandbox: ${stack.extole.url}`);
		} else {
			log('Extole sandbox not available yet (sandbox/extole): automatic registration is not set up');
		}

		// --- n8n
		if (stack.stopped) throw new Error('stopped during start');
		const n8n = new N8nInstance({
			install: o.install,
			userFolder: o.userFolder,
			port: o.n8nPort,
			encryptionKey: o.encryptionKey,
			owner: o.owner,
			env: o.n8nEnv,
			echo: o.echo,
		});
		stack.n8n = n8n;
		stoppers.push(() => (o.keepUserFolder ? n8n.stop() : n8n.cleanup()));
		await n8n.prepare();
		log(`n8n user folder: ${n8n.userFolder}`);

		const credentials = [];
		const braze = o.braze && o.braze.url ? o.braze : null;
		credentials.push({
			id: CREDENTIAL_IDS.brazeApi,
			name: braze ? 'Braze' : 'Braze sandbox',
			type: 'brazeApi',
			data: braze
				? {
						...brazeInstanceFields(braze.url, 'production'),
						apiKey: braze.apiKey,
						...(braze.testApiKey
							? { testApiKey: braze.testApiKey, ...(braze.testUrl ? brazeInstanceFields(braze.testUrl, 'test') : { testInstance: 'same' }) }
							: {}),
					}
				: {
						instance: 'custom',
						customUrl: stack.brazeUrl,
						apiKey: BRAZE_SANDBOX_KEYS.production,
						testApiKey: BRAZE_SANDBOX_KEYS.test,
						testInstance: 'same',
					},
		});
		credentials.push({
			id: CREDENTIAL_IDS.extoleWebhookKeyApi,
			name: 'Extole webhook key',
			type: 'extoleWebhookKeyApi',
			data: { key: o.webhookSecret },
		});
		if (stack.extoleUrl)
			credentials.push({
				id: CREDENTIAL_IDS.extoleApi,
				name: stack.extole ? 'Extole sandbox API' : 'Extole API',
				type: 'extoleApi',
				data: { accessToken: stack.extoleToken, baseUrl: stack.extoleUrl },
			});
		stack.credentialIds = { ...CREDENTIAL_IDS };
		if (!stack.extoleUrl) delete stack.credentialIds.extoleApi;

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
			log(
				`imported ${workflows.length} workflow(s), published ${toPublish.length} (${((Date.now() - t) / 1000).toFixed(1)} s)`,
			);
		}
		stack.webhooks = triggerWebhooks(n8n, workflows);

		if (stack.stopped) throw new Error('stopped during start');
		t = Date.now();
		log(`starting n8n on ${n8n.url} ...`);
		await n8n.start();
		log(`n8n ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
		return stack;
	} catch (error) {
		if (stack.n8n && !stack.n8n.child && stack.n8n.logFile) error.n8nLog = stack.n8n.logFile;
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
