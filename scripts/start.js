#!/usr/bin/env node
// @ts-check
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
 * `npm start -- --queue` runs n8n in queue mode instead (scripts/lib/queue-mode.js): PostgreSQL
 * and Redis from Debian's packages (installed when missing) on loopback ports with their data in
 * temporary folders, the main process, 2 workers (`--workers N`) and, with `--webhook`, a
 * separate webhook process that receives Extole's events. Everything in queue mode is temporary:
 * the database and n8n's user folders are deleted on Ctrl-C.
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
const { REPO_ROOT } = require('./lib/community-package');
const { freePort, portIsFree } = require('./lib/ports');

const REFERRAL_TEMPLATE = 'extole-braze-referral-sync.json';

/**
 * `--queue`, `--workers N`, `--webhook`; anything else is an error (a typo must not silently
 * start the single-process setup).
 * @param {string[]} argv
 * @returns {{ queue: { workers: number, webhooks: number } | null }}
 */
function parseArgs(argv) {
	let queue = false;
	let workers = 2;
	let webhooks = 0;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--queue') queue = true;
		else if (arg === '--webhook') webhooks = 1;
		else if (arg === '--workers' || arg.startsWith('--workers=')) {
			const value = arg.includes('=') ? arg.split('=')[1] : argv[++i];
			workers = Number(value);
			if (!Number.isInteger(workers) || workers < 1 || workers > 8) throw new Error(`--workers must be 1 to 8, got ${value}`);
		} else throw new Error(`unknown option ${arg} (known: --queue, --workers N, --webhook)`);
	}
	if (!queue && (webhooks || argv.some((a) => a.startsWith('--workers'))))
		throw new Error('--workers and --webhook need --queue');
	return { queue: queue ? { workers, webhooks } : null };
}

/** @param {string} message */
function say(message) {
	process.stdout.write(`${message}\n`);
}
/** @param {string} message */
function info(message) {
	process.stderr.write(`[start] ${message}\n`);
}

/**
 * Settings kept between runs next to the persistent user folder (mode 600).
 * @param {string} file
 * @returns {{ encryptionKey: string, ownerPassword: string, webhookSecret: string }}
 */
function loadSettings(file) {
	/** @type {Record<string, string>} */
	let settings = {};
	try {
		settings = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		/* first run */
	}
	let changed = false;
	/** @param {string} key @param {() => string} make */
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
	return /** @type {{ encryptionKey: string, ownerPassword: string, webhookSecret: string }} */ (settings);
}

async function main() {
	const { queue } = parseArgs(process.argv.slice(2));
	if (!process.env.START_SKIP_BUILD) {
		info('building the package (npm run build) ...');
		const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
		if (build.status !== 0) throw new Error('npm run build failed');
	}
	const install = await ensureN8nInstalled();

	// Persistent state (user folder + settings file): the cache folder unless N8N_START_HOME says
	// otherwise (the e2e test of `npm start` points it at a temporary folder).
	const home = process.env.N8N_START_HOME ? path.resolve(process.env.N8N_START_HOME) : cacheRoot();
	// Queue mode keeps nothing: its database is temporary, so its user folders are too.
	const userFolder = queue ? undefined : path.join(home, `start-n8n-${N8N_VERSION}`);
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

	/** @type {Record<string, string>} */
	const n8nEnv = {};
	if (process.env.N8N_PUBLIC_URL) n8nEnv.N8N_WEBHOOK_URL = process.env.N8N_PUBLIC_URL.replace(/\/?$/, '/');

	/** @type {import('./lib/stack').Stack | undefined} */
	let stack;
	/** @type {Promise<void> | null} */
	let stopping = null;
	/** @param {string} signal */
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

	const started = await startStack({
		onStack: (s) => (stack = s),
		install,
		log: info,
		userFolder,
		keepUserFolder: !queue,
		queue: queue || undefined,
		n8nPort: process.env.N8N_PORT ? Number(process.env.N8N_PORT) : await preferredPort(5678),
		encryptionKey: settings.encryptionKey,
		owner,
		brazePort: process.env.BRAZE_SANDBOX_PORT ? Number(process.env.BRAZE_SANDBOX_PORT) : 4011,
		braze: realBraze
			? {
					url: String(process.env.BRAZE_REST_URL),
					apiKey: String(process.env.BRAZE_API_KEY),
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

	const wf = started.workflows[0];
	const n8n = /** @type {import('./lib/n8n-instance').N8nInstance} */ (started.n8n);
	const trigger = wf.nodes.find((node) => /\.extoleTrigger$/.test(node.type));
	// With a webhook process, Extole's events go there (main still answers them too).
	const receiver = started.webhookProcesses[0] || n8n;
	const webhookUrl = receiver.webhookUrl(String(trigger && trigger.webhookId));
	const line = '-'.repeat(78);
	say('');
	say(line);
	say(' Extole -> Braze referral pipeline is running');
	say(line);
	say(` n8n editor      ${n8n.url}/workflow/${wf.id}`);
	say(`   login         ${owner.email} / ${owner.password}`);
	say(` Extole webhook  ${webhookUrl}`);
	if (started.queue) {
		const { postgres, redis } = started.queue;
		const roles = [`main ${n8n.url}`, ...started.workers.map((w, i) => `worker ${i + 1} (health ${w.url}/healthz)`)];
		for (const w of started.webhookProcesses) roles.push(`webhook process ${w.url}`);
		say(` Queue mode      ${roles.join(', ')}`);
		say(`   PostgreSQL    ${postgres.version} on 127.0.0.1:${postgres.port}, Redis ${redis.version} on 127.0.0.1:${redis.port} (temporary data)`);
		say(`   worker logs   ${started.workers.map((w) => w.logFile).join('  ')}`);
		if (started.webhookProcesses.length) say(`   webhook log   ${started.webhookProcesses[0].logFile}`);
	}
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
	if (started.braze) {
		say(` Braze sandbox   ${started.braze.url}/   (users, events, subscriptions, requests; refreshes itself)`);
		say(`   REST keys     production: sandbox-production-key   staging (Extole sandbox events): sandbox-test-key`);
	} else {
		say(` Braze           ${started.brazeUrl} (real Braze, from BRAZE_REST_URL)`);
	}
	if (started.extole) say(` Extole sandbox  ${started.extole.url}   (API token: ${started.extoleToken})`);
	say(` n8n log         ${n8n.logFile}`);
	say(line);
	say(' Ctrl-C stops n8n and the sandboxes.');
	say('');

	// Keep running; report if any n8n process dies on its own.
	for (const p of [n8n, ...started.workers, ...started.webhookProcesses]) {
		p.exited.then(async (exit) => {
			if (stopping) return;
			info(`n8n ${p.role} exited unexpectedly (${JSON.stringify(exit)}); log: ${p.logFile}`);
			info(p.logTail(30));
			await started.stop();
			process.exit(1);
		});
	}
}

/** @param {number} port @returns {Promise<number>} the port when free, else any free one */
async function preferredPort(port) {
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
