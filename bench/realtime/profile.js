#!/usr/bin/env node
'use strict';
/**
 * CPU profiles of n8n's main process under the realtime benchmark's loads (a development tool,
 * not part of `npm run bench`): for each scenario the inspector's sampling profiler runs exactly
 * while its requests are sent and n8n finishes their work.
 *
 *   npm run build && node bench/realtime/profile.js [--out /tmp/realtime-profile] [--requests 400] [--events 300]
 *
 * Writes <out>/<scenario>.cpuprofile (open in Chrome DevTools) and <out>/summary.json, and prints
 * per scenario the top functions by self time, the areas (packages) and the inclusive time of the
 * parts the issue names (expression runtime, parameters, credentials, static data, body parsing).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const { startBenchStack, REPO_ROOT } = require('./stack');
const { Inspector } = require('./inspector');
const { summarise } = require('./cpuprofile');
const { sendAll, percentile, statusCounts } = require('./load');
const { treeCpuMs } = require('./proc');
const s = require('./scenarios');
const { ensureN8nInstalled } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'n8n-install.js'));
const { freePort } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'ports.js'));

const argv = process.argv.slice(2);
const arg = (name, dflt) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : dflt);
const OUT = path.resolve(arg('out', path.join(os.tmpdir(), 'realtime-profile')));
const REQUESTS = Number(arg('requests', 400));
const EVENTS = Number(arg('events', 300));
const CONCURRENCY = Number(arg('concurrency', 10));

/** Parts of the stack whose inclusive time is reported (tested on "functionName url"). */
const PATTERNS = {
	'Extole Trigger (package code)': /n8n-nodes-extole-braze\/dist\/nodes\/ExtoleTrigger/,
	'Braze node (package code)': /n8n-nodes-extole-braze\/dist\/nodes\/Braze/,
	'package code (all)': /n8n-nodes-extole-braze\/dist\//,
	'getNodeParameter': /^getNodeParameter /,
	'expression evaluation': /^(resolveSimpleParameterValue|evaluateExpression|getParameterValue|resolveParameterValue) /,
	'expression runtime (isolate/bridge)': /expression-runtime|isolated-vm|[Ii]solate|[Bb]ridge/,
	'getCredentials': /^(getCredentials|_getCredentials|getDecrypted) /,
	'credential decrypt/defaults': /^(getDecrypted|applyDefaultsAndOverwrites|decrypt|getCredentialsProperties) /,
	'workflow static data': /StaticData|staticData/,
	'body parsing': /body-parser|raw-body|parseBody|parseIncomingMessage|bodyParser|rawBodyReader|iconv-lite/,
	'database (typeorm/sqlite)': /typeorm|sqlite3|better-sqlite|@n8n\/db/,
	'new Workflow()': /^Workflow [^ ]*n8n-workflow/,
	'express/router': /express|router|finalhandler/,
	'logger (winston)': /winston|logform|@n8n\/backend-common\/dist\/logging/,
	'execution lifecycle hooks': /execution-lifecycle|ExecutionLifecycleHooks|lifecycle-hooks/,
};

const log = (m) => process.stderr.write(`[profile] ${m}\n`);

async function main() {
	fs.mkdirSync(OUT, { recursive: true });
	const install = await ensureN8nInstalled({ quiet: true });
	const inspectPort = await freePort();
	const stack = await startBenchStack({ install, log, n8nEnv: { NODE_OPTIONS: `--inspect-port=127.0.0.1:${inspectPort}` } });
	const pid = stack.n8n.server.pid;
	const tag = Date.now().toString(36);
	try {
		const inspector = await new Inspector({ pid, port: inspectPort, n8nModules: install.n8nModules }).connect();
		log(`inspector on ${inspectPort}`);
		// Warm up every path once (JIT, n8n's caches, first execution).
		const warm = s.signedEvents(stack.secret, `${tag}w`, 40);
		await sendAll(s.requestsOf(stack.urls.off, warm), { concurrency: CONCURRENCY });
		await sendAll(s.requestsOf(stack.urls.diy, s.signedEvents(stack.secret, `${tag}wd`, 40)), { concurrency: CONCURRENCY });
		await sendAll(s.badSignatureRequests(stack.urls.off, stack.secret, `${tag}wb`, 40), { concurrency: CONCURRENCY });
		await sendAll(s.duplicateRequests(stack.urls.off, warm, 40), { concurrency: CONCURRENCY });
		await s.waitLanded(stack.brazeUrl, new Set(warm.map((e) => e.eventId)), pid);
		await s.cpuWhenQuiet(pid);
		await s.admin(stack.brazeUrl, '/_sandbox/reset', 'POST');

		const accepted = s.signedEvents(stack.secret, `${tag}a`, EVENTS);
		const scenarios = [
			{ name: 'bad-signature', requests: () => s.badSignatureRequests(stack.urls.off, stack.secret, `${tag}b`, REQUESTS) },
			{ name: 'no-signature', requests: () => s.unsignedRequests(stack.urls.off, stack.secret, `${tag}n`, REQUESTS) },
			{ name: 'duplicate', requests: () => s.duplicateRequests(stack.urls.off, warm, REQUESTS) },
			{ name: 'unknown-path-404', requests: () => s.requestsOf(stack.urls.unknown, s.signedEvents(stack.secret, `${tag}u`, REQUESTS)) },
			{ name: 'diy-accepted', events: s.signedEvents(stack.secret, `${tag}d`, EVENTS), url: stack.urls.diy },
			{ name: 'template-accepted', events: accepted, url: stack.urls.off },
		];
		const summary = { n8n: install.version, node: install.nodeVersion, requests: REQUESTS, events: EVENTS, concurrency: CONCURRENCY, scenarios: {} };
		for (const sc of scenarios) {
			const requests = sc.events ? s.requestsOf(sc.url, sc.events) : sc.requests();
			const cpu0 = treeCpuMs(pid);
			await inspector.start();
			const run = await sendAll(requests, { concurrency: CONCURRENCY });
			if (sc.events) await s.waitLanded(stack.brazeUrl, new Set(sc.events.map((e) => e.eventId)), pid);
			const cpu1 = await s.cpuWhenQuiet(pid);
			const profile = await inspector.stop();
			fs.writeFileSync(path.join(OUT, `${sc.name}.cpuprofile`), JSON.stringify(profile));
			const sum = summarise(profile, { patterns: PATTERNS, top: 30 });
			const lat = run.answers.map((a) => a.ms);
			summary.scenarios[sc.name] = {
				requests: requests.length,
				statuses: statusCounts(run.answers),
				reqPerSec: requests.length / ((run.endedAt - run.startedAt) / 1000),
				ackP50Ms: percentile(lat, 50),
				cpuMsPerRequestTree: (cpu1 - cpu0) / requests.length,
				profiledBusyMsPerRequest: sum.busyMs / requests.length,
				...sum,
			};
			log(`${sc.name}: ${JSON.stringify(statusCounts(run.answers))}, ${((cpu1 - cpu0) / requests.length).toFixed(1)} ms CPU/request (tree), busy in main ${(sum.busyMs / requests.length).toFixed(1)} ms/request`);
			if (sc.events) await s.admin(stack.brazeUrl, '/_sandbox/reset', 'POST');
		}
		inspector.close();
		fs.writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify(summary, null, 2));
		process.stdout.write(render(summary));
		log(`profiles and summary.json in ${OUT}`);
	} finally {
		await stack.stop();
	}
}

function render(summary) {
	const lines = [];
	for (const [name, sc] of Object.entries(summary.scenarios)) {
		lines.push(`\n## ${name}: ${sc.requests} requests ${JSON.stringify(sc.statuses)}, ${sc.reqPerSec.toFixed(1)} req/s, ack p50 ${sc.ackP50Ms.toFixed(0)} ms, CPU ${sc.cpuMsPerRequestTree.toFixed(1)} ms/request (process tree), main thread busy ${sc.profiledBusyMsPerRequest.toFixed(1)} ms/request`);
		lines.push('\nInclusive (share of busy main-thread time):');
		for (const [k, v] of Object.entries(sc.inclusive)) lines.push(`- ${k}: ${v.pctBusy.toFixed(1)}% (${(v.ms / sc.requests).toFixed(2)} ms/request)`);
		lines.push('\nSelf time by area:');
		for (const a of sc.areas.slice(0, 15)) lines.push(`- ${a.area}: ${a.pctBusy.toFixed(1)}%`);
		lines.push('\nTop functions by self time:');
		for (const f of sc.topFunctions.slice(0, 20)) lines.push(`- ${f.pctBusy.toFixed(1)}% ${f.frame}`);
	}
	return `${lines.join('\n')}\n`;
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
