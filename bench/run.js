'use strict';
/**
 * `npm run bench` (= `npm run build && node bench/run.js`): every benchmark of the package, one
 * table in which each figure stands beside its baseline from the same run, with the target and
 * whether it is met. Writes bench/results/bench.json and bench/results/bench.md and prints the
 * table. What each section measures and what limits it: docs/benchmarks.md.
 *
 *   node bench/run.js [--quick] [--only bulk,email,storm,dedup,memory,realtime] [--skip-realtime]
 *
 * Sections (each can be run alone with --only):
 *   bulk      Track 10,000 items in-process: node vs raw batched client vs one request per item,
 *             at 0 and 100 ms added latency (bench/transport.js)
 *   email     Sync Extole Event's email-lookup path: requests per event and events/s vs the
 *             naive export + track per event (bench/lib/emailLookup.js)
 *   storm     a 429 storm from the sandbox's fault injection vs the same run without it
 *             (bench/lib/storm.js)
 *   dedup     the Extole Trigger's dedup store vs the former full-copy store, in a child with
 *             --expose-gc (bench/dedup.js)
 *   memory    peak RSS of 100,000 items of Track and of Sync Extole Event vs No Operation, each in
 *             its own process (bench/memory.js)
 *   realtime  real n8n: bench/realtime.js in a child, its rows merged (skipped with
 *             --skip-realtime; "not run" with the reason when it is missing or fails)
 * --quick runs small sizes (a smoke run of a minute or two); its figures are not the documented ones.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startSandbox } = require('./lib/sandbox');
const { runChild, lastJson } = require('./lib/child');
const { textTable, markdownTable, notRun, formatNumber } = require('./lib/table');
const { bulkRows } = require('./transport');
const { emailLookupRows } = require('./lib/emailLookup');
const { stormRows } = require('./lib/storm');
const { memoryRows } = require('./memory');

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const ALL = ['bulk', 'email', 'storm', 'dedup', 'memory', 'realtime'];
const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',').map((s) => s.trim()).filter(Boolean) : ALL;
const unknown = only.filter((s) => !ALL.includes(s));
if (unknown.length) {
	process.stderr.write(`Unknown section(s) ${unknown.join(', ')}; sections: ${ALL.join(', ')}\n`);
	process.exit(2);
}
const SECTIONS = only.filter((s) => !(s === 'realtime' && args.includes('--skip-realtime')));
const RESULTS = path.join(__dirname, 'results');

const SIZES = QUICK
	? { bulk: { items: 1000, perItem: 200, rounds: 1 }, email: { events: 200 }, storm: { items: 1000 }, dedup: { sizes: '1000,10000', requests: 200 }, memory: { items: 10000 } }
	: { bulk: { items: 10000, perItem: 1000, rounds: 2 }, email: { events: 2000 }, storm: { items: 10000 }, dedup: { sizes: '10000,100000,1000000', requests: 2000 }, memory: { items: 100000 } };

const started = Date.now();
const loadAtStart = os.loadavg()[0];
const log = (line) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

async function dedupRows() {
	const out = path.join(os.tmpdir(), `bench-dedup-${process.pid}.json`);
	const { sizes, requests } = SIZES.dedup;
	log(`dedup: remembered ids ${sizes}, in a child with --expose-gc`);
	const child = await runChild(path.join(__dirname, 'dedup.js'), ['--sizes', sizes, '--requests', String(requests), '--json', out, '--no-webhook'], {
		execArgv: ['--expose-gc'],
	});
	if (child.code !== 0) throw new Error(`bench/dedup.js exited ${child.code}: ${child.stderr.trim().split('\n').slice(-2).join(' ')}`);
	const { rows } = JSON.parse(fs.readFileSync(out, 'utf8'));
	fs.rmSync(out, { force: true });
	return rows.flatMap(({ size, fresh, old }) => [
		{
			section: 'dedup',
			what: `${size.toLocaleString('en-US')} remembered ids: µs in dedup code per request`,
			ours: 'dedup store as shipped',
			value: fresh.dedupMean,
			baseline: 'former store (full copy per request)',
			baselineValue: old.dedupMean,
			unit: 'µs',
			target: null,
			met: null,
			note: `p99 ${formatNumber(fresh.dedupP99)} µs vs ${formatNumber(old.dedupP99)} µs; ${fresh.requests} vs ${old.requests} requests timed`,
		},
		{
			section: 'dedup',
			what: `${size.toLocaleString('en-US')} ids: µs per request with static-data load+save`,
			ours: 'dedup store as shipped',
			value: fresh.requestMean,
			baseline: 'former store (full copy per request)',
			baselineValue: old.requestMean,
			unit: 'µs',
			target: null,
			met: null,
			note: `static data saved per request: ${formatNumber(fresh.savedKb)} KB vs ${formatNumber(old.savedKb)} KB`,
		},
	]);
}

/**
 * n8n settings the realtime section runs under, one run each, side by side: n8n's defaults, and
 * lazy expression isolates (an n8n admin's setting: n8n 2.x otherwise creates an expression
 * isolate for every webhook request of a community trigger, before the node runs; see
 * docs/benchmarks.md).
 */
const REALTIME_SETTINGS = [
	{ label: 'n8n defaults', env: [] },
	{ label: 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true', env: ['N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true'] },
];

async function realtimeRows() {
	const script = path.join(__dirname, 'realtime.js');
	if (!fs.existsSync(script)) return { rows: [notRun('realtime', 'bench/realtime.js is not in this checkout')] };
	const rows = [];
	let machine;
	let failed = false;
	for (const [i, setting] of REALTIME_SETTINGS.entries()) {
		const out = path.join(RESULTS, i === 0 ? 'realtime.json' : `realtime-${i}.json`);
		fs.rmSync(out, { force: true });
		log(`realtime (${setting.label}): node bench/realtime.js in a child (real n8n)`);
		const envArgs = setting.env.flatMap((e) => ['--n8n-env', e]);
		const child = await runChild(script, ['--out', out, ...(QUICK ? ['--quick'] : []), ...envArgs], { echo: true });
		if (child.code !== 0 || !fs.existsSync(out)) {
			const reason = child.timedOut ? 'timed out' : `exited ${child.code ?? child.signal}`;
			const last = child.stderr.trim().split('\n').slice(-1)[0] ?? '';
			rows.push(notRun(`realtime (${setting.label})`, `bench/realtime.js ${reason}${last ? `: ${last.slice(0, 200)}` : ''}`));
			failed = true;
			continue;
		}
		const report = JSON.parse(fs.readFileSync(out, 'utf8'));
		if (!Array.isArray(report.rows)) {
			rows.push(notRun(`realtime (${setting.label})`, 'bench/realtime.js wrote no rows'));
			failed = true;
			continue;
		}
		machine ??= report.machine;
		rows.push(...report.rows.map((row) => ({ ...row, section: `realtime (${setting.label})` })));
	}
	return { rows, machine, failed };
}

async function main() {
	fs.mkdirSync(RESULTS, { recursive: true });
	const rows = [];
	const failures = [];
	let realtimeMachine;
	const inProcess = SECTIONS.filter((s) => ['bulk', 'email', 'storm', 'memory'].includes(s));
	const sb = inProcess.length ? await startSandbox() : undefined;
	try {
		for (const section of SECTIONS) {
			try {
				if (section === 'bulk') rows.push(...(await bulkRows({ url: sb.url, ...SIZES.bulk, log })));
				if (section === 'email') rows.push(...(await emailLookupRows({ url: sb.url, ...SIZES.email, log })));
				if (section === 'storm') rows.push(...(await stormRows({ url: sb.url, ...SIZES.storm, log })));
				if (section === 'dedup') rows.push(...(await dedupRows()));
				if (section === 'memory') rows.push(...(await memoryRows({ url: sb.url, ...SIZES.memory, log })));
				if (section === 'realtime') {
					const result = await realtimeRows();
					rows.push(...result.rows);
					realtimeMachine = result.machine;
					if (result.failed) failures.push('realtime');
				}
			} catch (error) {
				log(`${section} failed: ${error.stack}`);
				failures.push(section);
				rows.push(notRun(section, `failed: ${String(error.message).slice(0, 200)}`));
			}
		}
	} finally {
		if (sb) await sb.stop();
	}
	if (args.includes('--skip-realtime') && only.includes('realtime')) rows.push(notRun('realtime', 'skipped (--skip-realtime)'));

	const machine = {
		date: new Date().toISOString(),
		node: process.version,
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model ?? 'unknown',
		memoryGb: Math.round(os.totalmem() / 2 ** 30),
		platform: `${os.platform()} ${os.release()}`,
		// Wall-time figures stretch with whatever else the machine runs: the 1-minute load average.
		loadAverage: { start: Number(loadAtStart.toFixed(2)), end: Number(os.loadavg()[0].toFixed(2)) },
	};
	const withTarget = rows.filter((r) => r.met === true || r.met === false);
	const met = withTarget.filter((r) => r.met).length;
	const header =
		`npm run bench${QUICK ? ' --quick (smoke sizes)' : ''}: ${machine.date}, Node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), ` +
		`load average ${machine.loadAverage.start} at the start, ${machine.loadAverage.end} at the end, ` +
		`${Math.round((Date.now() - started) / 1000)} s; targets met: ${met} of ${withTarget.length}`;
	fs.writeFileSync(
		path.join(RESULTS, 'bench.json'),
		`${JSON.stringify({ machine, realtimeMachine, quick: QUICK, sections: SECTIONS, sizes: SIZES, rows }, null, 2)}\n`,
	);
	fs.writeFileSync(
		path.join(RESULTS, 'bench.md'),
		`# Benchmark results\n\n${header}.\nWhat each figure measures and what limits it: [docs/benchmarks.md](../../docs/benchmarks.md).\n\n${markdownTable(rows)}\n`,
	);
	process.stdout.write(`\n${header}\n\n${textTable(rows)}\n\nWritten: bench/results/bench.json, bench/results/bench.md\n`);
	if (failures.length) {
		process.stderr.write(`Sections that failed: ${failures.join(', ')}\n`);
		process.exitCode = 1;
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
