'use strict';
/**
 * Benchmark of Braze > User > Track through the compiled node (dist/) in the in-process
 * harness, against the Braze sandbox running in a child process over real HTTP.
 *
 *   npm run bench            (builds first)   or   node bench/run.js [--sizes 1000,10000]
 *
 * For each size it runs, in this process and one after the other:
 *   - batched:  the node as shipped (up to 75 attributes per /users/track request);
 *   - baseline: the same node with Batch Size 1, i.e. one request per item, which is what
 *               typical integrations do (an HTTP call per event).
 * and prints requests, wall time, items/s and peak memory (RSS and heap growth above the level
 * before the run, sampled every 5 ms, and the absolute peak RSS of the process), then the
 * baseline/batched ratios. Run with `node --expose-gc bench/run.js` for steadier memory figures.
 */
const path = require('path');
const { fork } = require('child_process');
const harness = require('../test/harness');

const args = process.argv.slice(2);
const sizesArg = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : '1000,10000';
const SIZES = sizesArg.split(',').map(Number).filter((n) => n > 0);

function startSandbox() {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'sandbox-child.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
		child.once('message', (message) => resolve({ url: message.url, child }));
		child.once('error', reject);
	});
}

async function admin(url, route, method = 'GET') {
	const response = await fetch(`${url}${route}`, { method });
	return await response.json();
}

function items(count) {
	return Array.from({ length: count }, (_, i) => ({ json: { id: `bench-${i}`, name: `Person ${i}`, plan: i % 3 ? 'gold' : 'free' } }));
}

function parameters(batchSize) {
	return {
		resource: 'user',
		operation: 'track',
		identifierType: 'external_id',
		externalId: '={{ $json.id }}',
		standardAttributes: { first_name: '={{ $json.name }}' },
		customAttributesMode: 'keyValue',
		customAttributes: { attribute: [{ name: 'plan', value: '={{ $json.plan }}' }] },
		events: { event: [{ name: 'bench_event', time: '', properties: '{}' }] },
		options: { batchSize, maxRateLimitWaitSeconds: 10 },
	};
}

async function measure(url, count, batchSize) {
	await admin(url, '/_sandbox/reset', 'POST');
	if (global.gc) global.gc();
	const base = process.memoryUsage();
	let peakRss = base.rss;
	let peakHeap = base.heapUsed;
	const sampler = setInterval(() => {
		const m = process.memoryUsage();
		if (m.rss > peakRss) peakRss = m.rss;
		if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
	}, 5);
	const started = process.hrtime.bigint();
	const result = await harness.runNode({
		type: 'braze',
		parameters: parameters(batchSize),
		items: items(count),
		credentials: { brazeApi: { instance: 'custom', customUrl: url, apiKey: 'bench-production-key' } },
	});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	clearInterval(sampler);
	if (result.error) throw new Error(`run failed: ${result.error.message}`);
	const ok = result.items.filter((i) => i.json.success).length;
	if (ok !== count) throw new Error(`only ${ok} of ${count} items succeeded`);
	const log = await admin(url, '/_sandbox/requests?path=/users/track');
	const requests = log.requests.length;
	const status429 = log.requests.filter((r) => r.status === 429).length;
	return {
		count,
		requests,
		status429,
		ms,
		perSecond: (count / ms) * 1000,
		rssMb: (peakRss - base.rss) / 1048576,
		peakRssMb: peakRss / 1048576,
		heapMb: (peakHeap - base.heapUsed) / 1048576,
	};
}

function pad(value, width) {
	return String(value).padStart(width);
}

async function main() {
	const { url, child } = await startSandbox();
	const rows = [];
	try {
		// Warm-up: load modules, JIT, connections.
		await measure(url, 50, 75);
		for (const size of SIZES) {
			const batched = await measure(url, size, 75);
			const baseline = await measure(url, size, 1);
			rows.push({ size, batched, baseline });
		}
	} finally {
		child.send('stop');
	}
	const header = `${'run'.padEnd(22)}${pad('items', 8)}${pad('requests', 10)}${pad('429s', 6)}${pad('wall ms', 10)}${pad('items/s', 10)}${pad('+RSS MB', 9)}${pad('+heap MB', 10)}${pad('peak RSS MB', 13)}`;
	const lines = [header, '-'.repeat(header.length)];
	for (const { size, batched, baseline } of rows) {
		for (const [name, r] of [['batched (node)', batched], ['baseline (1 per item)', baseline]]) {
			lines.push(
				`${name.padEnd(22)}${pad(size, 8)}${pad(r.requests, 10)}${pad(r.status429, 6)}${pad(r.ms.toFixed(0), 10)}${pad(r.perSecond.toFixed(0), 10)}${pad(r.rssMb.toFixed(1), 9)}${pad(r.heapMb.toFixed(1), 10)}${pad(r.peakRssMb.toFixed(0), 13)}`,
			);
		}
		lines.push(
			`${'ratio baseline/batched'.padEnd(22)}${pad(size, 8)}${pad((baseline.requests / batched.requests).toFixed(1) + 'x', 10)}${pad('', 6)}${pad((baseline.ms / batched.ms).toFixed(1) + 'x', 10)}`,
		);
		lines.push('');
	}
	process.stdout.write(
		`Braze > User > Track (1 attribute object + 1 event per item), compiled node via n8n-core WorkflowExecute,\nsandbox in a child process over HTTP on 127.0.0.1, Node ${process.version}\n\n${lines.join('\n')}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
