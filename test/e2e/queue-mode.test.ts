/**
 * The referral template in n8n's queue mode (n8n 2.41.0): PostgreSQL 15 and Redis 7 from Debian's
 * packages on loopback ports with temporary data, the main process, 2 workers and 2 webhook
 * processes (scripts/lib/queue-mode.js). Signed Extole events from the event sender; Braze is
 * the sandbox.
 *
 * Proven: every unique event lands once in Braze when one process receives the webhooks (main,
 * or one webhook process), duplicates included; every execution was enqueued by the receiving
 * process and run by exactly one worker. Measured (and printed): what happens when copies of an
 * event reach two different webhook processes, at the same moment and later.
 */
import * as path from 'path';

import { Any, REPO_ROOT, RUN, brazeRequests, brazeUsers, buildEvent, customEvent, sendEvent, sleep, waitFor } from './helpers';

const { ensureN8nInstalled } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'n8n-install.js'));
const { startStack, prepareWorkflow, loadTemplate } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'stack.js'));
const { executionsByWorker } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'queue-mode.js'));
const { isListening } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'ports.js'));

const SECRET = `e2e-queue-secret-${RUN}`;
const REFERRAL = 'xtlBrzReferral01';
/** Unique events per single-receiver run; each is sent 3 times (2 at once, 1 later). */
const UNIQUE = 40;
/** Events per dedup measurement across two webhook processes. */
const MEASURED = 100;
const CONCURRENCY = 10;

let stack: Any;
let n8n: Any;
let webhookId: string;
const log = (m: string) => process.stderr.write(`[e2e queue] ${m}\n`);

/** Runs `fn` over `items` with at most `limit` in flight. */
async function inParallel<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, items.length) }, async () => {
			while (next < items.length) {
				const i = next++;
				results[i] = await fn(items[i], i);
			}
		}),
	);
	return results;
}

type SentEvent = { externalId: string; eventId: string; bytes: Buffer };

/** One unique event per id, as the bytes Extole would sign and resend. */
function events(prefix: string, count: number): SentEvent[] {
	return Array.from({ length: count }, (_, i) => {
		const externalId = `${prefix}-${RUN}-${i}`;
		const body = buildEvent('shared', 'braze', { external_id: externalId, email: `${externalId}@example.com` });
		return { externalId, eventId: String(body.event_id), bytes: Buffer.from(JSON.stringify(body)) };
	});
}

/** How many executions the trigger started for each event (read from each execution's trigger output). */
async function executionsPerEvent(executionIds: string[], sent: SentEvent[]): Promise<number[]> {
	const byEvent = new Map<string, number>();
	for (const id of executionIds) {
		const [item] = await n8n.nodeOutput(id, 'Extole Trigger');
		const eventId = String(item && item.event_id);
		byEvent.set(eventId, (byEvent.get(eventId) || 0) + 1);
	}
	return sent.map((e) => byEvent.get(e.eventId) || 0);
}

async function post(url: string, bytes: Buffer): Promise<number> {
	return (await sendEvent({ url, body: bytes, secret: SECRET, algorithm: 'HS256' })).status;
}

/** How many `Shared` events Braze holds for each external id (0 when no user). */
async function landedCounts(externalIds: string[]): Promise<number[]> {
	const users = await brazeUsers(stack.brazeUrl, 'production');
	const byId = new Map(users.map((u: Any) => [u.external_id, u]));
	return externalIds.map((id) => {
		const u = byId.get(id);
		return u ? (customEvent(u, 'Shared') || { count: 0 }).count : 0;
	});
}

/** Executions of the referral workflow once none is queued or running and the count held still for 3 s. */
async function settledExecutions(): Promise<Any[]> {
	let last = -1;
	let stableSince = Date.now();
	return await waitFor(
		'queue-mode executions to settle',
		async () => {
			const list = await n8n.allExecutions(REFERRAL);
			const busy = list.some((e: Any) => ['new', 'running', 'waiting'].includes(e.status) || (!e.finished && !e.stoppedAt));
			if (busy || list.length !== last) {
				last = list.length;
				stableSince = Date.now();
				return null;
			}
			return Date.now() - stableSince >= 3000 ? list : null;
		},
		{ timeoutMs: 240000, intervalMs: 1000 },
	);
}

/** Ids of executions that were not there before. */
function newIds(after: Any[], before: Any[]): string[] {
	const seen = new Set(before.map((e: Any) => String(e.id)));
	return after.map((e: Any) => String(e.id)).filter((id) => !seen.has(id));
}

beforeAll(async () => {
	const install = await ensureN8nInstalled({ quiet: true });
	stack = await startStack({
		install,
		log,
		webhookSecret: SECRET,
		queue: { workers: 2, webhooks: 2, concurrency: 10 },
		workflows: ({ credentialIds }: Any) => [prepareWorkflow(loadTemplate('extole-braze-referral-sync.json'), { credentialIds })],
	});
	n8n = stack.n8n;
	const trigger = stack.workflows[0].nodes.find((node: Any) => /\.extoleTrigger$/.test(node.type));
	webhookId = trigger.webhookId;
	log(`main ${n8n.url}; workers ${stack.workers.map((w: Any) => w.url).join(', ')}; webhook processes ${stack.webhookProcesses.map((w: Any) => w.url).join(', ')}`);
}, 600000);

afterAll(async () => {
	if (!stack) return;
	const ports = [stack.queue.postgres.port, stack.queue.redis.port, n8n.port, ...stack.workers.map((w: Any) => w.port), ...stack.webhookProcesses.map((w: Any) => w.port)];
	await stack.stop();
	// Everything it started is gone: no port answers any more.
	const open = [];
	for (const port of ports) if (await isListening(port)) open.push(port);
	expect(open).toEqual([]);
}, 120000);

describe('n8n queue mode: main + 2 workers (+ webhook processes), PostgreSQL, Redis', () => {
	test('main runs in queue mode on PostgreSQL and both workers answer their health check', async () => {
		const settings = await n8n.rest('GET', '/settings');
		expect(settings.executionMode).toBe('queue');
		expect(settings.versionCli).toBe('2.41.0');
		for (const worker of stack.workers) {
			const res = await fetch(`${worker.url}/healthz/readiness`);
			expect(res.status).toBe(200);
		}
		expect(n8n.env().DB_TYPE).toBe('postgresdb');
	});

	// One process receives every copy: its in-process check-and-mark makes dedup exact.
	test.each([
		['the main process', () => n8n],
		['a separate webhook process', () => stack.webhookProcesses[0]],
	])('webhooks received by %s: each unique event lands once (copies too) and ran on a worker', async (label, receiverOf) => {
		const receiver = receiverOf();
		const url = receiver.webhookUrl(webhookId);
		const sent = events(label.includes('main') ? 'q-main' : 'q-hook', UNIQUE);
		const before = await settledExecutions();
		const t = Date.now();
		// Two copies at the same moment, then (after all are in) a third copy of each.
		const statuses = await inParallel(sent, CONCURRENCY / 2, async (e) => await Promise.all([post(url, e.bytes), post(url, e.bytes)]));
		const later = await inParallel(sent, CONCURRENCY, async (e) => await post(url, e.bytes));
		expect(statuses.flat().concat(later).every((s) => s === 200)).toBe(true);
		await waitFor('every event in Braze', async () => (await landedCounts(sent.map((e) => e.externalId))).every((c) => c >= 1), {
			timeoutMs: 180000,
			intervalMs: 1000,
		});
		const ids = newIds(await settledExecutions(), before);
		const counts = await landedCounts(sent.map((e) => e.externalId));
		log(`${label}: ${UNIQUE} events x 3 copies in ${((Date.now() - t) / 1000).toFixed(1)} s -> ${ids.length} executions`);

		expect(counts).toEqual(sent.map(() => 1));
		expect(ids).toHaveLength(UNIQUE);
		// Enqueued by the receiving process (never by another), run by exactly one worker each.
		const enqueued = (p: Any) => new Set([...p.log().matchAll(/Enqueued execution (\d+)/g)].map((m: Any) => m[1]));
		const byReceiver = enqueued(receiver);
		for (const other of [n8n, ...stack.webhookProcesses].filter((p: Any) => p !== receiver))
			expect(ids.filter((id) => enqueued(other).has(id))).toEqual([]);
		expect(ids.filter((id) => !byReceiver.has(id))).toEqual([]);
		const ranOn = executionsByWorker(stack.workers);
		expect(ids.filter((id) => (ranOn.get(id) || []).length !== 1)).toEqual([]);
		const perWorker = stack.workers.map((_: Any, i: number) => ids.filter((id) => ranOn.get(id)![0] === i).length);
		log(`${label}: executions per worker ${perWorker.join(' / ')}`);
		expect(perWorker.every((n: number) => n > 0)).toBe(true);
		const executions = (await n8n.allExecutions(REFERRAL)).filter((e: Any) => ids.includes(String(e.id)));
		expect(executions.every((e: Any) => e.status === 'success')).toBe(true);
	}, 300000);

	/*
	 * Measured, not exact: each webhook process keeps its own memory, and workflow static data is
	 * saved per request with the last write winning. The assertions hold for any outcome that loses
	 * nothing; the numbers are printed for the README.
	 */
	test('copies of an event reaching two webhook processes: none lost; how many land twice (printed)', async () => {
		const [first, second] = stack.webhookProcesses.map((p: Any) => p.webhookUrl(webhookId));
		const measure = async (name: string, send: (batch: SentEvent[]) => Promise<void>) => {
			const batch = events(`q-${name}`, MEASURED);
			const before = await settledExecutions();
			await send(batch);
			await waitFor(`${name} copies in Braze`, async () => (await landedCounts(batch.map((e) => e.externalId))).every((c) => c >= 1), {
				timeoutMs: 240000,
				intervalMs: 1000,
			});
			// Count until n8n's executions account for every event Braze holds (an execution can
			// show in the list a moment after its write reached Braze).
			let ids: string[] = [];
			let perEvent: number[] = [];
			let inBraze: number[] = [];
			const accounted = async () => {
				ids = newIds(await settledExecutions(), before);
				perEvent = await executionsPerEvent(ids, batch);
				inBraze = await landedCounts(batch.map((e) => e.externalId));
				return inBraze.every((c, i) => c === perEvent[i]);
			};
			const deadline = Date.now() + 30000;
			while (!(await accounted()) && Date.now() < deadline) await sleep(2000);
			// Braze is the truth of what landed; n8n's execution list in queue mode can miss an
			// execution a worker finished (seen with 2.41: kept as active on the receiving process),
			// so a mismatch is printed, not asserted.
			const twice = inBraze.filter((c) => c === 2).length;
			log(
				`dedup across 2 webhook processes, ${name} copies: ${twice} of ${MEASURED} events landed twice ` +
					`(${ids.length} executions listed; ${inBraze.reduce((a, b) => a + b, 0)} events in Braze)`,
			);
			// Nothing lost, nothing beyond the two copies sent.
			expect(inBraze.every((c) => c === 1 || c === 2)).toBe(true);
			const mismatched = batch.filter((e, i) => inBraze[i] !== perEvent[i]);
			if (mismatched.length) {
				const requests = await brazeRequests(stack.brazeUrl);
				log(`  ${mismatched.length} event(s) whose executions n8n did not list as Braze holds them:`);
				for (const e of mismatched)
					log(`  ${e.externalId}: ${JSON.stringify(requests.filter((r: Any) => JSON.stringify(r.body || {}).includes(e.externalId)).map((r: Any) => [r.path, r.status]))}`);
			}
			return twice;
		};
		const simultaneous = await measure('simultaneous', async (batch) => {
			await inParallel(batch, CONCURRENCY / 2, async (e) => {
				expect(await Promise.all([post(first, e.bytes), post(second, e.bytes)])).toEqual([200, 200]);
			});
		});
		const later = await measure('later', async (batch) => {
			await inParallel(batch, CONCURRENCY, async (e) => expect(await post(first, e.bytes)).toBe(200));
			// The first copies are all processed and saved before any second copy is sent.
			await waitFor('first copies in Braze', async () => (await landedCounts(batch.map((e) => e.externalId))).every((c) => c >= 1), {
				timeoutMs: 180000,
				intervalMs: 1000,
			});
			await settledExecutions();
			await sleep(1000);
			await inParallel(batch, CONCURRENCY, async (e) => expect(await post(second, e.bytes)).toBe(200));
		});
		log(`SUMMARY queue-mode dedup across two webhook processes: simultaneous copies ${simultaneous}/${MEASURED} ran twice, later copies ${later}/${MEASURED} ran twice`);
	}, 600000);
});
