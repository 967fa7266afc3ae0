#!/usr/bin/env node
'use strict';
/**
 * Realtime benchmark in real n8n: the referral template (Extole Trigger -> Sync Extole Event)
 * with batching off and on, side by side with the do-it-yourself pipeline (n8n's Webhook ->
 * HTTP Request to /users/track, one request per event), all three in ONE n8n (regular mode)
 * against ONE Braze sandbox, in one run. Then the CPU a request costs n8n when the trigger
 * turns it away (bad signature, no signature, duplicate) next to one DIY execution, and a
 * webhook path n8n does not know (404) as the floor.
 *
 *   npm run build && node bench/realtime.js --out <file.json> [--events 300] [--concurrency 10]
 *     [--requests 200] [--burst-concurrency 75] [--quick] [--n8n-env NAME=value ...]
 *
 * A sender with C requests in flight that waits for each answer cannot put more than C events into
 * one batch, and a batch is answered only once it started (after up to Max Wait): with batching
 * on, events/s is bounded by C / Max Wait whatever the CPU. So batching on and DIY are also
 * measured side by side at --burst-concurrency (default 75, the batch size; 0 skips it).
 * --n8n-env adds to n8n's environment (e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true); the JSON
 * records it. The workflows are bench/workflows/*.json. Events are Extole "Shared" events in the flat Braze
 * style, HS256-signed with the trigger's webhook key, each with its own external id and event id.
 * Figures:
 * - events/s until all landed: events / (last event applied in the sandbox - first request sent);
 *   "applied" is the sandbox's processedAt of the /users/track request that carried the event;
 * - ack latency: request sent -> answer read, per event (p50, p99);
 * - n8n CPU per event / per request: utime + stime of n8n's process tree (/proc) from before the
 *   first request until n8n is idle again after the last event landed, divided by the count;
 * - executions created (n8n's executions list), lost (answered 2xx but not in Braze), refused
 *   (5xx or no answer: Extole retries those) and duplicated (in Braze more than once) per pipeline.
 * The JSON has { machine, batching, rows: [{ section: 'realtime', what, ours, value, baseline,
 * baselineValue, unit, target, met }], details }; a table goes to stdout. Exit code 0 whenever
 * the run completed, whether or not a target was met (met says so).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const { startBenchStack, REPO_ROOT } = require('./realtime/stack');
const { sendAll, percentile, statusCounts } = require('./realtime/load');
const { treeCpuMs } = require('./realtime/proc');
const s = require('./realtime/scenarios');
const { ensureN8nInstalled } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'n8n-install.js'));

const USAGE =
	'node bench/realtime.js --out <file.json> [--events 300] [--concurrency 10] [--requests 200] [--burst-concurrency 75] [--quick] [--n8n-env NAME=value ...]';

function parseArgs(argv) {
	const o = { out: '', events: 300, concurrency: 10, requests: 200, warm: 30, quick: false, n8nEnv: {}, burst: 75 };
	let eventsGiven = false;
	let requestsGiven = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		const count = (name) => {
			const n = Number(value());
			if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1`);
			return n;
		};
		if (a === '--out') o.out = value();
		else if (a === '--events') (o.events = count('--events')), (eventsGiven = true);
		else if (a === '--concurrency') o.concurrency = count('--concurrency');
		else if (a === '--requests') (o.requests = count('--requests')), (requestsGiven = true);
		else if (a === '--burst-concurrency') {
			const n = Number(value());
			if (!Number.isInteger(n) || n < 0) throw new Error('--burst-concurrency must be a whole number (0: no burst sections)');
			o.burst = n;
		}
		else if (a === '--quick') o.quick = true;
		else if (a === '--n8n-env') {
			const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(value());
			if (!m) throw new Error('--n8n-env takes NAME=value');
			o.n8nEnv[m[1]] = m[2];
		}
		else if (a === '--help' || a === '-h') o.help = true;
		else throw new Error(`unknown argument ${a}`);
	}
	if (o.quick) {
		if (!eventsGiven) o.events = 40;
		if (!requestsGiven) o.requests = 40;
		o.warm = 10;
	}
	return o;
}

const log = (m) => process.stderr.write(`[realtime] ${m}\n`);
const round = (n, digits = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : null);

/**
 * One pipeline: `events` signed events to `url` at `concurrency`, until all landed in Braze.
 * @param {any} stack @param {number} pid @param {string} workflowId
 */
async function pipeline(stack, pid, workflowId, url, events, concurrency) {
	await s.admin(stack.brazeUrl, '/_sandbox/reset', 'POST');
	const ids = new Set(events.map((e) => e.eventId));
	const executionsBefore = (await stack.n8n.allExecutions(workflowId)).length;
	await s.cpuWhenQuiet(pid);
	const cpu0 = treeCpuMs(pid);
	const run = await sendAll(s.requestsOf(url, events), { concurrency });
	const state = await s.waitLanded(stack.brazeUrl, ids, pid);
	const cpu1 = await s.cpuWhenQuiet(pid);
	const times = await s.landingTimes(stack.brazeUrl, ids);
	const executions = (await stack.n8n.allExecutions(workflowId)).length - executionsBefore;
	const acked = run.answers.filter((a) => a.status === 200);
	const allLanded = state.landed === ids.size;
	// Lost: answered 2xx (the sender will not retry) and not in Braze. A 5xx or no answer is a
	// refusal the sender retries: counted apart, and the rate is then not "all landed".
	const ok = run.answers.filter((a) => a.status >= 200 && a.status < 300);
	return {
		events: events.length,
		answers: statusCounts(run.answers),
		acceptedAnswers: acked.filter((a) => /"accepted"|Workflow was started/.test(a.body)).length,
		ackP50Ms: percentile(run.answers.map((a) => a.ms), 50),
		ackP99Ms: percentile(run.answers.map((a) => a.ms), 99),
		ackMaxMs: Math.max(...run.answers.map((a) => a.ms)),
		sendSeconds: (run.endedAt - run.startedAt) / 1000,
		landed: state.landed,
		lost: ok.filter((a) => !state.ids.has(a.tag)).length,
		refused: run.answers.length - ok.length,
		duplicated: state.duplicated,
		allLandedSeconds: allLanded && times.last ? (times.last - run.startedAt) / 1000 : null,
		eventsPerSec: allLanded && times.last ? ids.size / ((times.last - run.startedAt) / 1000) : null,
		cpuMsPerEvent: (cpu1 - cpu0) / events.length,
		executions,
		brazeTrackRequests: times.requests,
	};
}

/** One case of requests the trigger answers without starting an execution (or n8n's 404). */
async function perRequest(pid, requests, concurrency, expect) {
	await s.cpuWhenQuiet(pid);
	const cpu0 = treeCpuMs(pid);
	const run = await sendAll(requests, { concurrency });
	const cpu1 = await s.cpuWhenQuiet(pid);
	const expected = run.answers.filter((a) => a.status === expect.status && (!expect.body || expect.body.test(a.body))).length;
	return {
		requests: requests.length,
		answers: statusCounts(run.answers),
		asExpected: expected,
		reqPerSec: requests.length / ((run.endedAt - run.startedAt) / 1000),
		ackP50Ms: percentile(run.answers.map((a) => a.ms), 50),
		cpuMsPerRequest: (cpu1 - cpu0) / requests.length,
	};
}

function buildRows(d, batchingKnown) {
	const DIY = 'DIY Webhook + HTTP Request';
	const OFF = 'referral template, batching off';
	const ON = batchingKnown ? 'referral template, batching on' : 'referral template, batching on (node has no batching: runs as off)';
	const rows = [];
	const row = (what, ours, value, baseline, baselineValue, unit, target, met) =>
		rows.push({ section: 'realtime', what, ours, value: round(value, 2), baseline, baselineValue: round(baselineValue, 2), unit, target, met });
	const { off, on, diy } = d.pipelines;
	const ratio = (a, b) => (a !== null && b ? a / b : null);
	row('events/s until all landed', OFF, off.eventsPerSec, DIY, diy.eventsPerSec, 'events/s', '>= baseline',
		off.eventsPerSec !== null && diy.eventsPerSec !== null ? off.eventsPerSec >= diy.eventsPerSec : false);
	row('events/s until all landed', ON, on.eventsPerSec, DIY, diy.eventsPerSec, 'events/s', '>= 5x baseline',
		on.eventsPerSec !== null && diy.eventsPerSec !== null ? on.eventsPerSec >= 5 * diy.eventsPerSec : false);
	row('events/s, ratio to baseline', OFF, ratio(off.eventsPerSec, diy.eventsPerSec), DIY, 1, 'x', null, null);
	row('events/s, ratio to baseline', ON, ratio(on.eventsPerSec, diy.eventsPerSec), DIY, 1, 'x', null, null);
	row('ack latency p50', OFF, off.ackP50Ms, DIY, diy.ackP50Ms, 'ms', null, null);
	row('ack latency p50', ON, on.ackP50Ms, DIY, diy.ackP50Ms, 'ms', null, null);
	row('ack latency p99', OFF, off.ackP99Ms, DIY, diy.ackP99Ms, 'ms', null, null);
	row('ack latency p99', ON, on.ackP99Ms, DIY, diy.ackP99Ms, 'ms', '< 2000 ms', on.ackP99Ms < 2000);
	row('n8n CPU per event', OFF, off.cpuMsPerEvent, DIY, diy.cpuMsPerEvent, 'ms CPU/event', null, null);
	row('n8n CPU per event', ON, on.cpuMsPerEvent, DIY, diy.cpuMsPerEvent, 'ms CPU/event', null, null);
	row('executions created', OFF, off.executions, DIY, diy.executions, 'executions', null, null);
	row('executions created', ON, on.executions, DIY, diy.executions, 'executions', null, null);
	for (const [name, p] of [[OFF, off], [ON, on]]) {
		row('events lost (answered 2xx, not in Braze)', name, p.lost, DIY, diy.lost, 'events', '0', p.lost === 0);
		row('events refused (5xx / no answer: sender retries)', name, p.refused, DIY, diy.refused, 'events', null, null);
		row('events duplicated', name, p.duplicated, DIY, diy.duplicated, 'events', '0', p.duplicated === 0);
	}
	const { onBurst, diyBurst } = d.pipelines;
	if (onBurst && diyBurst) {
		const at = `at concurrency ${onBurst.concurrency}`;
		const DIYB = `${DIY}, ${at}`;
		row(`events/s until all landed, ${at}`, ON, onBurst.eventsPerSec, DIYB, diyBurst.eventsPerSec, 'events/s', '>= 5x baseline',
			onBurst.eventsPerSec !== null && diyBurst.eventsPerSec !== null ? onBurst.eventsPerSec >= 5 * diyBurst.eventsPerSec : false);
		row(`events/s, ratio to baseline, ${at}`, ON, ratio(onBurst.eventsPerSec, diyBurst.eventsPerSec), DIYB, 1, 'x', null, null);
		row(`ack latency p99, ${at}`, ON, onBurst.ackP99Ms, DIYB, diyBurst.ackP99Ms, 'ms', '< 2000 ms', onBurst.ackP99Ms < 2000);
		row(`n8n CPU per event, ${at}`, ON, onBurst.cpuMsPerEvent, DIYB, diyBurst.cpuMsPerEvent, 'ms CPU/event', null, null);
		row(`executions created, ${at}`, ON, onBurst.executions, DIYB, diyBurst.executions, 'executions', null, null);
		row(`events lost (answered 2xx, not in Braze), ${at}`, ON, onBurst.lost, DIYB, diyBurst.lost, 'events', '0', onBurst.lost === 0);
		row(`events refused (5xx / no answer: sender retries), ${at}`, ON, onBurst.refused, DIYB, diyBurst.refused, 'events', null, null);
		row(`events duplicated, ${at}`, ON, onBurst.duplicated, DIYB, diyBurst.duplicated, 'events', '0', onBurst.duplicated === 0);
	}
	const one = 'one DIY execution (CPU per event)';
	const c = d.perRequest;
	for (const [name, r] of [
		['referral template, bad signature (401)', c.badSignature],
		['referral template, no signature header (401)', c.noSignature],
		['referral template, duplicate event (200, no execution)', c.duplicate],
	])
		row('n8n CPU per request', name, r.cpuMsPerRequest, one, diy.cpuMsPerEvent, 'ms CPU/request', '<= 25% of baseline', r.cpuMsPerRequest <= 0.25 * diy.cpuMsPerEvent);
	row('n8n CPU per request', 'unknown webhook path (404, floor)', c.unknownPath.cpuMsPerRequest, one, diy.cpuMsPerEvent, 'ms CPU/request', null, null);
	return rows;
}

function table(rows) {
	const head = ['what', 'ours', 'value', 'baseline', 'baseline value', 'unit', 'target', 'met'];
	const body = rows.map((r) => [r.what, r.ours, fmt(r.value), r.baseline, fmt(r.baselineValue), r.unit, r.target ?? '', r.met === null ? '' : r.met ? 'yes' : 'NO']);
	const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
	const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
	return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

function fmt(v) {
	if (v === null || v === undefined) return 'n/a';
	return Math.abs(v) >= 100 ? String(Math.round(v)) : String(v);
}

async function main() {
	let o;
	try {
		o = parseArgs(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${error.message}\n${USAGE}\n`);
		return 2;
	}
	if (o.help || !o.out) {
		process.stdout.write(`${USAGE}\n`);
		return o.help ? 0 : 2;
	}
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'nodes', 'ExtoleTrigger', 'ExtoleTrigger.node.js'))) {
		process.stderr.write('dist/ is missing: run `npm run build` first\n');
		return 2;
	}
	const started = Date.now();
	const install = await ensureN8nInstalled({ quiet: true });
	const loadBefore = os.loadavg();
	const stack = await startBenchStack({ install, log, n8nEnv: o.n8nEnv });
	const onSignal = () => {
		void stack.stop().finally(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		const pid = stack.n8n.server.pid;
		const tag = Date.now().toString(36);
		const C = o.concurrency;
		const { workflows, urls, secret } = stack;
		log(`batching ${stack.batching.known ? 'known' : 'NOT known'} to the built Extole Trigger`);

		// Warm-up: every path once, so JIT and n8n's caches are not what the first section pays.
		const warm = s.signedEvents(secret, `${tag}w`, o.warm);
		const warmOn = s.signedEvents(secret, `${tag}wn`, o.warm);
		const warmDiy = s.signedEvents(secret, `${tag}wd`, o.warm);
		await sendAll(s.requestsOf(urls.off, warm), { concurrency: C });
		await sendAll(s.requestsOf(urls.on, warmOn), { concurrency: C });
		await sendAll(s.requestsOf(urls.diy, warmDiy), { concurrency: C });
		await sendAll(s.badSignatureRequests(urls.off, secret, `${tag}wb`, o.warm), { concurrency: C });
		await sendAll(s.unsignedRequests(urls.off, secret, `${tag}wu`, o.warm), { concurrency: C });
		await sendAll(s.duplicateRequests(urls.off, warm, o.warm), { concurrency: C });
		await sendAll(s.requestsOf(urls.unknown, s.signedEvents(secret, `${tag}wx`, o.warm)), { concurrency: C });
		await s.waitLanded(stack.brazeUrl, new Set([...warm, ...warmOn, ...warmDiy].map((e) => e.eventId)), pid);
		await s.cpuWhenQuiet(pid);
		const idle0 = treeCpuMs(pid);
		const idleT = Date.now();
		await s.sleep(2000);
		const idleMsPerSec = (treeCpuMs(pid) - idle0) / ((Date.now() - idleT) / 1000);
		log(`warmed up; n8n idle CPU ${idleMsPerSec.toFixed(1)} ms/s`);

		/** @type {any} */
		const d = { pipelines: {}, perRequest: {} };
		const offEvents = s.signedEvents(secret, `${tag}off`, o.events);
		const sections = [
			['off', workflows.off.id, urls.off, offEvents],
			['diy', workflows.diy.id, urls.diy, s.signedEvents(secret, `${tag}diy`, o.events)],
			['on', workflows.on.id, urls.on, s.signedEvents(secret, `${tag}on`, o.events)],
		];
		if (o.burst > 0) {
			const B = Math.min(o.burst, o.events);
			sections.push(['diyBurst', workflows.diy.id, urls.diy, s.signedEvents(secret, `${tag}diyb`, o.events), B]);
			sections.push(['onBurst', workflows.on.id, urls.on, s.signedEvents(secret, `${tag}onb`, o.events), B]);
		}
		for (const [key, id, url, events, concurrency = C] of sections) {
			d.pipelines[key] = await pipeline(stack, pid, id, url, events, concurrency);
			d.pipelines[key].concurrency = concurrency;
			const p = d.pipelines[key];
			log(`${key}: ${p.landed}/${p.events} landed, ${round(p.eventsPerSec)} events/s, ack p50 ${round(p.ackP50Ms, 0)} ms p99 ${round(p.ackP99Ms, 0)} ms, ${round(p.cpuMsPerEvent)} ms CPU/event, ${p.executions} executions, answers ${JSON.stringify(p.answers)}`);
		}

		const cases = [
			['badSignature', s.badSignatureRequests(urls.off, secret, `${tag}b`, o.requests), { status: 401 }],
			['noSignature', s.unsignedRequests(urls.off, secret, `${tag}n`, o.requests), { status: 401 }],
			['duplicate', s.duplicateRequests(urls.off, offEvents, o.requests), { status: 200, body: /"duplicate"/ }],
			['unknownPath', s.requestsOf(urls.unknown, s.signedEvents(secret, `${tag}x`, o.requests)), { status: 404 }],
		];
		for (const [key, requests, expect] of cases) {
			d.perRequest[key] = await perRequest(pid, requests, C, expect);
			const r = d.perRequest[key];
			log(`${key}: ${r.asExpected}/${r.requests} as expected ${JSON.stringify(r.answers)}, ${round(r.reqPerSec)} req/s, ${round(r.cpuMsPerRequest, 2)} ms CPU/request`);
		}

		const result = {
			machine: {
				node: install.nodeVersion,
				benchNode: process.version,
				cpus: os.cpus().length,
				cpuModel: (os.cpus()[0] || {}).model,
				n8n: install.version,
				mode: 'regular (one main process, SQLite)',
				n8nEnv: o.n8nEnv,
				loadavgBefore: loadBefore.map((l) => round(l, 2)),
				loadavgAfter: os.loadavg().map((l) => round(l, 2)),
				n8nIdleCpuMsPerSec: round(idleMsPerSec, 1),
			},
			settings: { events: o.events, concurrency: C, burstConcurrency: o.burst ? Math.min(o.burst, o.events) : 0, requestsPerCase: o.requests, warmUp: o.warm, quick: o.quick, event: s.EVENT },
			batching: {
				known: stack.batching.known,
				parameters: Object.fromEntries(
					Object.entries(stack.batching.location).map(([k, v]) => [k, v === undefined ? 'absent' : v === null ? 'top level' : `in ${v}`]),
				),
			},
			rows: buildRows(d, stack.batching.known),
			details: d,
			seconds: round((Date.now() - started) / 1000, 0),
		};
		fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
		fs.writeFileSync(o.out, `${JSON.stringify(result, null, 2)}\n`);
		process.stdout.write(`\nRealtime, real n8n ${install.version} (regular mode), ${o.events} events at concurrency ${C}, ${o.requests} requests per rejected case; ${os.cpus().length} CPUs, load ${loadBefore.map((l) => l.toFixed(1)).join(' ')}\n`);
		if (!stack.batching.known) process.stdout.write('The built Extole Trigger has no `batching` parameter: the "batching on" workflow runs one execution per event.\n');
		process.stdout.write(`${table(result.rows)}\n`);
		log(`wrote ${o.out} (${result.seconds} s)`);
		return 0;
	} finally {
		await stack.stop();
	}
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exitCode = 1;
	},
);
