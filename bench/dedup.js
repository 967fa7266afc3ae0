'use strict';
/**
 * Benchmark of the Extole Trigger's dedup store on the request path, and of one whole webhook
 * request in the trigger.
 *
 *   npm run build && node --expose-gc bench/dedup.js [--sizes 10000,100000,1000000] [--requests 2000]
 *                                                   [--json FILE] [--no-webhook]
 *
 * `npm run bench` runs it in a child process with --expose-gc (each store is measured after a
 * full GC) and reads the figures of part 1 from `--json FILE`; `--no-webhook` skips part 2.
 *
 * Part 1, dedup: for each number of remembered ids, it fills the store, then times accepted
 * requests (a new event id each) the way n8n runs them with "Remember IDs Across Restarts" on:
 * per request, the node's static data is loaded (JSON -> n8n's ObservableObject, as n8n does
 * from its database), the dedup code runs, and the static data is serialised again when it
 * changed (as n8n saves it). Printed side by side:
 *   - new:      the compiled dedup.js (dist/nodes/ExtoleTrigger/dedup.js);
 *   - baseline: the algorithm it replaced (copied below, only here), which copied the whole store
 *               to pick the 1,000 ids it persisted, on every accepted request.
 * "dedup µs" is the time in the dedup code; "request µs" adds n8n's load and save of the static
 * data. The node caps the capacity at 100,000; the store itself is measured beyond, at 1,000,000.
 *
 * Part 2, one webhook request through the compiled trigger's webhook() with n8n-core's real
 * WebhookContext (no HTTP): the time per request, and the time spent in the context's parameter
 * reads, credential load and static data, for a signed event, a duplicate and an unsigned call.
 * The credential helper here returns the key at once: in n8n, loading a credential also decrypts
 * it and applies its defaults (milliseconds, shared/reference/n8n-platform.md).
 */
const path = require('path');
const crypto = require('crypto');

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const SIZES = option('--sizes', '10000,100000,1000000').split(',').map(Number).filter((n) => n > 0);
const REQUESTS = Number(option('--requests', '2000'));
const BUDGET_MS = 3000;

const DIST = path.resolve(__dirname, '../dist');
const dedup = require(path.join(DIST, 'nodes/ExtoleTrigger/dedup.js'));
const { ObservableObject } = require('n8n-workflow');

// ------------------------------------------------------------------------------------------
// Baseline: the dedup store as it was before (nodes/ExtoleTrigger/dedup.ts at 3cc3d5e).

const baseline = (() => {
	const PERSIST_LIMIT = 1000;
	const stores = new Map();
	const storeFor = (scope) => {
		if (!stores.has(scope)) stores.set(scope, new Map());
		return stores.get(scope);
	};
	function prune(store, now, capacity) {
		for (const [key, expiresAt] of store) {
			if (expiresAt > now && store.size <= capacity) break;
			store.delete(key);
		}
	}
	function checkAndMark(scope, key, settings, now) {
		const store = storeFor(scope);
		const expiresAt = store.get(key);
		if (expiresAt !== undefined && expiresAt > now) return false;
		if (expiresAt !== undefined) store.delete(key);
		store.set(key, now + settings.windowMs);
		prune(store, now, Math.max(1, settings.capacity));
		return true;
	}
	function loadFromStaticData(scope, staticData, settings, now) {
		const saved = staticData.seenEventIds;
		if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return;
		const store = storeFor(scope);
		const entries = Object.entries(saved)
			.filter((e) => typeof e[1] === 'number' && e[1] > now)
			.filter(([key]) => !store.has(key))
			.sort((a, b) => a[1] - b[1]);
		if (entries.length === 0) return;
		const merged = [...entries, ...store.entries()].sort((a, b) => a[1] - b[1]);
		store.clear();
		for (const [key, expiresAt] of merged) store.set(key, Math.min(expiresAt, now + settings.windowMs));
		prune(store, now, Math.max(1, settings.capacity));
	}
	function saveToStaticData(scope, staticData) {
		const recent = [...storeFor(scope).entries()].slice(-PERSIST_LIMIT);
		const saved = {};
		for (const [key, expiresAt] of recent) saved[key] = expiresAt;
		staticData.seenEventIds = saved;
	}
	return {
		reset: () => stores.clear(),
		accept(scope, id, settings, staticData, now) {
			loadFromStaticData(scope, staticData, settings, now);
			if (!checkAndMark(scope, `id:${id}`, settings, now)) return false;
			saveToStaticData(scope, staticData);
			return true;
		},
		fill(scope, count, settings, now) {
			for (let i = 0; i < count; i++) checkAndMark(scope, `id:fill-${i}`, settings, now);
		},
	};
})();

const current = {
	reset: () => dedup.resetDedup(),
	accept: (scope, id, settings, staticData, now) => dedup.acceptOnce(scope, id, Buffer.alloc(0), settings, staticData, now),
	fill(scope, count, settings, now) {
		for (let i = 0; i < count; i++) dedup.acceptOnce(scope, `fill-${i}`, Buffer.alloc(0), settings, undefined, now);
	},
};

function percentile(sorted, p) {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Fills the store with `size` ids, then times accepted requests with static data persisted. */
function measureDedup(impl, size) {
	impl.reset();
	if (global.gc) global.gc();
	const scope = 'bench/node/webhook';
	const settings = { windowMs: 24 * 3600 * 1000, capacity: size, persist: true };
	const now = Date.now();
	impl.fill(scope, size, settings, now);
	// The static data n8n holds after the last request: the store's persisted ids.
	const first = {};
	impl.accept(scope, 'warm-0', settings, first, now);
	let saved = JSON.stringify(first);
	const inDedup = [];
	const whole = [];
	const started = Date.now();
	for (let r = 0; r < REQUESTS && (r < 20 || Date.now() - started < BUDGET_MS); r++) {
		const t0 = process.hrtime.bigint();
		const staticData = ObservableObject.create(JSON.parse(saved), undefined, { ignoreEmptyOnFirstChild: true });
		const t1 = process.hrtime.bigint();
		if (!impl.accept(scope, `req-${r}`, settings, staticData, now)) throw new Error('a new id was taken for a duplicate');
		const t2 = process.hrtime.bigint();
		if (staticData.__dataChanged) saved = JSON.stringify(staticData);
		const t3 = process.hrtime.bigint();
		inDedup.push(Number(t2 - t1) / 1000);
		whole.push(Number(t3 - t0) / 1000);
	}
	inDedup.sort((a, b) => a - b);
	whole.sort((a, b) => a - b);
	const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length;
	return {
		requests: inDedup.length,
		dedupMean: mean(inDedup),
		dedupP99: percentile(inDedup, 99),
		requestMean: mean(whole),
		savedKb: Buffer.byteLength(saved) / 1024,
		heapMb: process.memoryUsage().heapUsed / 1048576,
	};
}

// ------------------------------------------------------------------------------------------
// Part 2: one request through webhook().

async function measureRequest() {
	process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';
	const { Workflow } = require('n8n-workflow');
	const { WebhookContext } = require('n8n-core/dist/execution-engine/node-execution-context');
	const { ExtoleTrigger } = require(path.join(DIST, 'nodes/ExtoleTrigger/ExtoleTrigger.node.js'));
	const nodeType = new ExtoleTrigger();
	const KEY = 'bench-webhook-key-0123456789abcdef';
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const node = {
		id: 'n1',
		name: 'Extole Trigger',
		type: 'n8n-nodes-extole-braze.extoleTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'w1',
		parameters: { events: ['*'], registerWebhook: false, authentication: 'signature', options: {} },
		credentials: { extoleWebhookKeyApi: { id: '1', name: 'key' } },
	};
	const credentialsHelper = {
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		getDecrypted: async () => ({ key: KEY }),
	};
	let saved = '{}';
	const timings = { getNodeParameter: 0, getCredentials: 0, getWorkflowStaticData: 0 };
	async function request(rawBody, headers) {
		const workflow = new Workflow({ id: 'wf', nodes: [node], connections: {}, active: true, nodeTypes, staticData: JSON.parse(saved) });
		const res = { statusCode: 0, status(code) { this.statusCode = code; return this; }, json() { return this; } };
		const req = { method: 'POST', headers, rawBody, body: JSON.parse(rawBody.toString()), url: '/webhook/w1/extole', query: {}, params: {} };
		const webhookData = { httpMethod: 'POST', node: node.name, path: 'w1/extole', webhookDescription: nodeType.description.webhooks[0], workflowId: 'wf', isTest: false };
		const ctx = new WebhookContext(workflow, workflow.getNode(node.name), { credentialsHelper, httpRequest: req, httpResponse: res, webhookBaseUrl: 'http://x/webhook' }, 'webhook', webhookData, []);
		for (const name of Object.keys(timings)) {
			const original = ctx[name].bind(ctx);
			ctx[name] = (...a) => {
				const t = process.hrtime.bigint();
				const out = original(...a);
				const add = () => (timings[name] += Number(process.hrtime.bigint() - t) / 1000);
				if (out && typeof out.then === 'function') return out.finally(add);
				add();
				return out;
			};
		}
		await nodeType.webhook.call(ctx);
		if (workflow.staticData.__dataChanged) saved = JSON.stringify(workflow.staticData);
		return res.statusCode;
	}
	const cases = [];
	for (const [name, make] of [
		['signed, accepted', (i) => ({ id: `acc-${i}`, signed: true })],
		['signed, duplicate', () => ({ id: 'dup', signed: true })],
		['no signature header', (i) => ({ id: `nosig-${i}`, signed: false })],
	]) {
		for (const k of Object.keys(timings)) timings[k] = 0;
		const n = 1000;
		const started = process.hrtime.bigint();
		for (let i = 0; i < n; i++) {
			const { id, signed } = make(i);
			const body = Buffer.from(JSON.stringify({ event_name: 'Shared', event_id: id, email: 'a@example.com' }));
			const headers = signed ? { 'x-extole-signature': crypto.createHmac('sha256', KEY).update(body).digest('hex') } : {};
			await request(body, headers);
		}
		const total = Number(process.hrtime.bigint() - started) / 1000 / n;
		cases.push({ name, total, ...Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, v / n])) });
	}
	return cases;
}

// ------------------------------------------------------------------------------------------

function pad(value, width) {
	return String(value).padStart(width);
}

async function main() {
	const rows = [];
	for (const size of SIZES) {
		const fresh = measureDedup(current, size);
		current.reset();
		const old = measureDedup(baseline, size);
		baseline.reset();
		rows.push({ size, fresh, old });
	}
	const header = `${'remembered ids'.padEnd(16)}${'variant'.padEnd(10)}${pad('requests', 9)}${pad('dedup µs', 12)}${pad('p99 µs', 12)}${pad('request µs', 13)}${pad('saved KB', 10)}${pad('heap MB', 9)}`;
	const lines = [header, '-'.repeat(header.length)];
	for (const { size, fresh, old } of rows) {
		for (const [name, r] of [['new', fresh], ['baseline', old]]) {
			lines.push(
				`${String(size).padEnd(16)}${name.padEnd(10)}${pad(r.requests, 9)}${pad(r.dedupMean.toFixed(1), 12)}${pad(r.dedupP99.toFixed(1), 12)}${pad(r.requestMean.toFixed(1), 13)}${pad(r.savedKb.toFixed(0), 10)}${pad(r.heapMb.toFixed(0), 9)}`,
			);
		}
		lines.push(`${String(size).padEnd(16)}${'ratio'.padEnd(10)}${pad('', 9)}${pad(`${(old.dedupMean / fresh.dedupMean).toFixed(0)}x`, 12)}${pad('', 12)}${pad(`${(old.requestMean / fresh.requestMean).toFixed(1)}x`, 13)}`);
		lines.push('');
	}
	process.stdout.write(`Extole Trigger dedup store, one accepted request with Remember IDs Across Restarts on, Node ${process.version}\n\n${lines.join('\n')}\n`);
	if (args.includes('--json')) {
		require('fs').writeFileSync(option('--json', ''), JSON.stringify({ gc: Boolean(global.gc), rows }, null, 2));
	}
	if (args.includes('--no-webhook')) return;

	const cases = await measureRequest();
	const h2 = `${'request'.padEnd(22)}${pad('total µs', 10)}${pad('parameters', 12)}${pad('credential', 12)}${pad('static data', 13)}`;
	const l2 = [h2, '-'.repeat(h2.length)];
	for (const c of cases) {
		l2.push(`${c.name.padEnd(22)}${pad(c.total.toFixed(0), 10)}${pad(c.getNodeParameter.toFixed(0), 12)}${pad(c.getCredentials.toFixed(0), 12)}${pad(c.getWorkflowStaticData.toFixed(0), 13)}`);
	}
	process.stdout.write(
		`\nOne request through the compiled trigger's webhook() (n8n-core WebhookContext, no HTTP; µs per request, 1,000 requests;\nthe credential here is returned at once: n8n also decrypts it)\n\n${l2.join('\n')}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
