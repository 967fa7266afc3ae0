#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the referral pipeline running locally, ready to receive events.
 *
 *  1. builds the package (`npm run build`),
 *  2. brings Node 24 + n8n 2.41.0 into the cache folder (first run only),
 *  3. starts the Braze sandbox (production + staging workspaces) and the Extole sandbox,
 *  4. starts n8n with this package, imports the credentials (pointing at the sandboxes) and the
 *     referral template, publishes it,
 *  5. prints the editor URL and login, the webhook URL, a ready `npm run extole:send` line and
 *     the sandbox page. Ctrl-C stops everything it started.
 *
 * Environment: see the README, "Running in real n8n" (BRAZE_REST_URL, BRAZE_API_KEY, BRAZE_TEST_REST_URL,
 * BRAZE_TEST_API_KEY, EXTOLE_API_URL, EXTOLE_API_TOKEN, N8N_PORT, N8N_CACHE_DIR,
 * N8N_OWNER_EMAIL, N8N_OWNER_PASSWORD, N8N_PUBLIC_URL, BRAZE_SANDBOX_PORT, N8N_START_HOME,
 * START_SKIP_BUILD).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const { ensureN8nInstalled, cacheRoot, N8N_VERSION } = require('./lib/n8n-install');
const { startStack, prepareWorkflow, loadTemplate, listTemplates } = require('./lib/stack');
const { REPO_ROOT } = require('./lib/n8n-instance');

const REFERRAL_TEMPLATE = 'extole-braze-referral-sync.json';

function say(message) {
	process.stdout.write(`${message}\n`);
}
function info(message) {
	process.stderr.write(`[start] ${message}\n`);
}

/** Settings kept between runs next to the persistent user folder (mode 600). */
function loadSettings(file) {
	let settings = {};
	try {
		settings = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		/* first run */
	}
	let changed = false;
	const ensure = (key, make) => {
		if (!settings[key]) {
			settings[key] = make();
			changed = true;
		}
	};
	ensure('encryptionKey', () => crypto.randomBytes(24).toString('hex'));
	ensure('ownerPassword', () => `Local-${crypto.randomBytes(6).toString('hex')}9`);
	ensure('webhookSecret', () => `dev-webhook-secret-${crypto.randomBytes(8).toString('hex')}`);
	if (changed) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, JSON.stringify(settings, null, 2), { mode: 0o600 });
	}
	return settings;
}

async function main() {
	if (!process.env.START_SKIP_BUILD) {
		info('building the package (npm run build) ...');
		const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
		if (build.status !== 0) throw new Error('npm run build failed');
	}
	const install = await ensureN8nInstalled();

	// Persistent state (user folder + settings file): the cache folder unless N8N_START_HOME says
	// otherwise (the e2e test of `npm start` points it at a temporary folder).
	const home = process.env.N8N_START_HOME ? path.resolve(process.env.N8N_START_HOME) : cacheRoot();
	const userFolder = path.join(home, `start-n8n-${N8N_VERSION}`);
	const settings = loadSettings(path.join(home, `start-n8n-${N8N_VERSION}.settings.json`));
	const owner = {
		email: process.env.N8N_OWNER_EMAIL || 'owner@localhost.test',
		password: process.env.N8N_OWNER_PASSWORD || settings.ownerPassword,
	};

	const realBraze = process.env.BRAZE_REST_URL || process.env.BRAZE_API_KEY;
	if (realBraze && !(process.env.BRAZE_REST_URL && process.env.BRAZE_API_KEY))
		throw new Error('a real Braze needs both BRAZE_REST_URL and BRAZE_API_KEY');
	const realExtole = process.env.EXTOLE_API_TOKEN;

	if (!fs.existsSync(path.join(REPO_ROOT, 'templates', REFERRAL_TEMPLATE)))
		throw new Error(`templates/${REFERRAL_TEMPLATE} is missing (have: ${listTemplates().join(', ') || 'none'})`);

	const n8nEnv = {};
	if (process.env.N8N_PUBLIC_URL) n8nEnv.N8N_WEBHOOK_URL = process.env.N8N_PUBLIC_URL.replace(/\/?$/, '/');

	let stack;
	let stopping = null;
	const shutdown = async (signal) => {
		if (stopping) return stopping;
		info(`${signal}: stopping n8n and the sandboxes ...`);
		stopping = (async () => {
			if (stack) await stack.stop();
			info('stopped');
		})();
		return stopping;
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			shutdown(signal).then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
		});
	}
	process.on('exit', () => {
		if (stack) stack.killNow();
	});
	// `npm start` killed on its own (SIGTERM/SIGKILL to npm) leaves this process orphaned: stop too.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) shutdown('parent process exited').then(() => process.exit(143));
	}, 1000).unref();

	await startStack({
		onStack: (s) => (stack = s),
		install,
		log: info,
		userFolder,
		keepUserFolder: true,
		n8nPort: process.env.N8N_PORT ? Number(process.env.N8N_PORT) : await preferredPort(5678),
		encryptionKey: settings.encryptionKey,
		owner,
		brazePort: process.env.BRAZE_SANDBOX_PORT ? Number(process.env.BRAZE_SANDBOX_PORT) : 4011,
		braze: realBraze
			? {
					url: process.env.BRAZE_REST_URL,
					apiKey: process.env.BRAZE_API_KEY,
					testUrl: process.env.BRAZE_TEST_REST_URL,
					testApiKey: process.env.BRAZE_TEST_API_KEY,
				}
			: null,
		extole: realExtole ? { url: process.env.EXTOLE_API_URL || 'https://api.extole.io', token: realExtole } : null,
		webhookSecret: settings.webhookSecret,
		n8nEnv,
		workflows: ({ credentialIds }) => [
			prepareWorkflow(loadTemplate(REFERRAL_TEMPLATE), {
				credentialIds,
				// With a real Extole API token the trigger registers itself in Extole on publish.
				overrides: realExtole
					? {
							'n8n-nodes-extole-braze.extoleTrigger': {
								parameters: { registerWebhook: true },
								credentials: { extoleApi: { id: credentialIds.extoleApi, name: 'Extole API' } },
							},
						}
					: {},
			}),
		],
	});

	const wf = stack.workflows[0];
	const webhookUrl = stack.webhooks[wf.id];
	const n8n = stack.n8n;
	const line = '-'.repeat(78);
	say('');
	say(line);
	say(' Extole -> Braze referral pipeline is running');
	say(line);
	say(` n8n editor      ${n8n.url}/workflow/${wf.id}`);
	say(`   login         ${owner.email} / ${owner.password}`);
	say(` Extole webhook  ${webhookUrl}`);
	if (realExtole) {
		say('   (the workflow registers this URL in Extole; it must be reachable from the internet:');
		say('    set N8N_PUBLIC_URL to a public URL that forwards to this n8n)');
	} else {
		say(`   HS256 secret  ${settings.webhookSecret}   (credential "Extole webhook key")`);
		say(' Send an event:');
		say(
			`   npm run extole:send -- --url ${webhookUrl} --event shared --secret ${settings.webhookSecret} --algorithm HS256`,
		);
		say('   (other events: created_share_link, referred_signed_up, referred_converted, subscribed, unsubscribed, earned_reward)');
	}
	if (stack.braze) {
		say(` Braze sandbox   ${stack.braze.url}/   (users, events, subscriptions, requests; refreshes itself)`);
		say(`   REST keys     production: sandbox-production-key   staging (Extole sandbox events): sandbox-test-key`);
	} else {
		say(` Braze           ${stack.brazeUrl} (real Braze, from BRAZE_REST_URL)`);
	}
	if (stack.extole) say(` Extole sandbox  ${stack.extole.url}   (API token: ${stack.extoleToken})`);
	say(` n8n log         ${n8n.logFile}`);
	say(line);
	say(' Ctrl-C stops n8n and the sandboxes.');
	say('');

	// Keep running; report if n8n dies on its own.
	n8n.exited.then(async (exit) => {
		if (stopping) return;
		info(`n8n exited unexpectedly (${JSON.stringify(exit)}); log: ${n8n.logFile}`);
		info(n8n.logTail(30));
		await stack.stop();
		process.exit(1);
	});
}

async function preferredPort(port) {
	const { portIsFree, freePort } = require('./lib/n8n-instance');
	return (await portIsFree(port)) ? port : await freePort();
}

let shuttingDown = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => (shuttingDown = true));

main().catch((error) => {
	// Interrupted while starting: the signal handler is already stopping everything.
	if (shuttingDown) return;
	info(`failed: ${error.stack || error.message}`);
	if (error.n8nLog) info(`n8n log: ${error.n8nLog}`);
	process.exit(1);
});
