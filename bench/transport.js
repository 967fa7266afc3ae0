'use strict';
/**
 * Requests in flight: Braze > User > Track through the compiled node (dist/, in-process harness)
 * against a raw batched client that sends the same /users/track bodies with the same number of
 * requests in flight, side by side, at 0 and 100 ms of added latency in the Braze sandbox (a
 * child process, over HTTP on 127.0.0.1). Issue 12's target: node >= 0.8x raw at 100 ms.
 *
 *   npm run build && node bench/transport.js [--items 10000] [--in-flight 4] [--rounds 2]
 *
 * Both sides get the same input items: the node reads its fields through n8n expressions
 * (`{{ $json.id }}` ...), as a workflow would; the raw client builds the bodies directly and
 * does nothing else (no validation, no retries, no rate-limit accounting, no output items).
 * Each figure is the best of `rounds` runs.
 */
const http = require('http');
const path = require('path');
const { fork } = require('child_process');
const harness = require('../test/harness');

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const ITEMS = arg('--items', 10000);
const IN_FLIGHT = arg('--in-flight', 4);
const ROUNDS = arg('--rounds', 2);
const KEY = 'bench-production-key';
const LATENCIES = [0, 100];

function startSandbox() {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'sandbox-child.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
		child.once('message', (message) => resolve({ url: message.url, child }));
		child.once('error', reject);
	});
}

async function admin(url, route, method = 'GET', body) {
	const response = await fetch(`${url}${route}`, {
		method,
		headers: body ? { 'Content-Type': 'application/json' } : {},
		body: body ? JSON.stringify(body) : undefined,
	});
	return await response.json();
}

function inputItems(count) {
	return Array.from({ length: count }, (_, i) => ({ json: { id: `bench-${i}`, name: `Person ${i}`, plan: i % 3 ? 'gold' : 'free' } }));
}

const NODE_PARAMETERS = {
	resource: 'user',
	operation: 'track',
	identifierType: 'external_id',
	externalId: '={{ $json.id }}',
	standardAttributes: { first_name: '={{ $json.name }}' },
	customAttributesMode: 'keyValue',
	customAttributes: { attribute: [{ name: 'plan', value: '={{ $json.plan }}' }] },
	events: { event: [{ name: 'bench_event', time: '2026-01-01T00:00:00Z', properties: '{}' }] },
};

/** The node as shipped, with `inFlight` requests in flight. */
async function runNode(url, items) {
	const result = await harness.runNode({
		type: 'braze',
		parameters: { ...NODE_PARAMETERS, options: { requestsInFlight: IN_FLIGHT } },
		items,
		credentials: { brazeApi: { instance: 'custom', customUrl: url, apiKey: KEY } },
	});
	if (result.error) throw new Error(`node run failed: ${result.error.message}`);
	const written = result.items.filter((i) => i.json.delivery === 'written').length;
	if (written !== items.length) throw new Error(`node: only ${written} of ${items.length} items written`);
}

/** The raw batched client: the same bodies (75 attributes + 75 events), `inFlight` at a time. */
async function runRaw(url, items) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
	const bodies = [];
	for (let i = 0; i < items.length; i += 75) {
		const part = items.slice(i, i + 75).map((item) => item.json);
		bodies.push(
			JSON.stringify({
				attributes: part.map((p) => ({ external_id: p.id, first_name: p.name, plan: p.plan, _update_existing_only: false })),
				events: part.map((p) => ({ external_id: p.id, name: 'bench_event', time: '2026-01-01T00:00:00.000Z' })),
			}),
		);
	}
	const post = (body) =>
		new Promise((resolve, reject) => {
			const request = http.request(
				`${url}/users/track`,
				{ method: 'POST', agent, headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' } },
				(response) => {
					response.resume();
					response.on('end', () => (response.statusCode === 201 ? resolve() : reject(new Error(`raw: HTTP ${response.statusCode}`))));
				},
			);
			request.on('error', reject);
			request.end(body);
		});
	let next = 0;
	await Promise.all(
		Array.from({ length: IN_FLIGHT }, async () => {
			while (next < bodies.length) await post(bodies[next++]);
		}),
	);
	agent.destroy();
}

async function measure(url, latencyMs, run) {
	let best = Infinity;
	let requests = 0;
	for (let round = 0; round < ROUNDS; round++) {
		await admin(url, '/_sandbox/reset', 'POST');
		if (latencyMs) await admin(url, '/_sandbox/faults', 'PUT', [{ latencyMs, path: '/users/track' }]);
		const items = inputItems(ITEMS);
		const started = process.hrtime.bigint();
		await run(url, items);
		best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
		requests = (await admin(url, '/_sandbox/requests?path=/users/track')).requests.length;
	}
	return { ms: best, requests, perSecond: (ITEMS / best) * 1000 };
}

const pad = (value, width) => String(value).padStart(width);

async function main() {
	const { url, child } = await startSandbox();
	const rows = [];
	try {
		await runNode(url, inputItems(200)); // warm-up: modules, JIT, connections
		for (const latencyMs of LATENCIES) {
			const node = await measure(url, latencyMs, runNode);
			const raw = await measure(url, latencyMs, runRaw);
			rows.push({ latencyMs, node, raw });
		}
	} finally {
		child.send('stop');
	}
	const header = `${'added latency'.padEnd(15)}${pad('side', 6)}${pad('requests', 10)}${pad('wall ms', 10)}${pad('items/s', 10)}${pad('node/raw', 10)}`;
	const lines = [header, '-'.repeat(header.length)];
	for (const { latencyMs, node, raw } of rows) {
		for (const [side, r] of [['node', node], ['raw', raw]]) {
			const ratio = side === 'node' ? `${(raw.ms / node.ms).toFixed(2)}x` : '';
			lines.push(`${`${latencyMs} ms`.padEnd(15)}${pad(side, 6)}${pad(r.requests, 10)}${pad(r.ms.toFixed(0), 10)}${pad(r.perSecond.toFixed(0), 10)}${pad(ratio, 10)}`);
		}
	}
	process.stdout.write(
		`Requests in flight: Braze > User > Track, ${ITEMS.toLocaleString('en-US')} items (1 attributes object + 1 event each), ` +
			`${IN_FLIGHT} requests in flight on both sides, best of ${ROUNDS}; Node ${process.version}\n` +
			`node = the compiled node through n8n-core (expressions, validation, retries, rate limits, output items); ` +
			`raw = the same bodies POSTed by a bare http client\n\n${lines.join('\n')}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
