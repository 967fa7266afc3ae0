/**
 * Deduplication of the compiled Extole Trigger's webhook() over HTTP (see harness.js): repeats,
 * concurrent copies, the window and capacity, and what survives a restart.
 */
import { createHmac } from 'crypto';

const { createHarness, post } = require('./harness');
const { buildEvent, STYLES } = require('../../../sandbox/extole/payloads');

const KEY = 'whsec_0123456789abcdef0123456789abcdef';
const sign = (body: string | Buffer, key = KEY) => createHmac('sha256', key).update(body).digest('hex');
const basic = (value: string) => `Basic ${Buffer.from(value, 'utf8').toString('base64')}`;

type Harness = Awaited<ReturnType<typeof createHarness>>;

const harnesses: Harness[] = [];
async function harness(parameters: object, credentials: object = { extoleWebhookKeyApi: { key: KEY } }) {
	const h = await createHarness({ parameters, credentials });
	harnesses.push(h);
	return h;
}
afterAll(async () => {
	await Promise.all(harnesses.map((h) => h.stop()));
});

function body(event = 'shared', overrides: object = {}) {
	return JSON.stringify(buildEvent(event, 'braze', overrides));
}

describe('deduplication', () => {
	it('answers 200 to a repeat and starts no second execution', async () => {
		const h = await harness({ authentication: 'signature' });
		const b = body('shared', { event_id: 'dup-1' });
		const first = await post(h.productionUrl, b, { 'X-Extole-Signature': sign(b) });
		const second = await post(h.productionUrl, b, { 'X-Extole-Signature': sign(b) });
		expect(first.status).toBe(200);
		expect(second.status).toBe(200);
		expect(second.body).toMatchObject({ status: 'duplicate', event_id: 'dup-1' });
		expect(h.executions).toHaveLength(1);
	});

	it('treats the same event_id in a different body as a duplicate (Extole retry with new envelope)', async () => {
		const h = await harness({ authentication: 'none' }, {});
		await post(h.productionUrl, body('shared', { event_id: 'dup-2' }));
		await post(h.productionUrl, JSON.stringify(buildEvent('shared', 'envelope', { event_id: 'dup-2' })));
		expect(h.executions).toHaveLength(1);
	});

	it('lets only one of many identical concurrent requests through', async () => {
		const h = await harness({ authentication: 'signature' });
		const b = body('referred_converted', { event_id: 'dup-concurrent' });
		h.holdUntil(25); // all 25 enter the node together
		const results = await Promise.all(
			Array.from({ length: 25 }, () => post(h.productionUrl, b, { 'X-Extole-Signature': sign(b) })),
		);
		expect(results.every((r: { status: number }) => r.status === 200)).toBe(true);
		expect(h.executions).toHaveLength(1);
	});

	it('deduplicates events without event_id by their exact bytes', async () => {
		const h = await harness({ authentication: 'none' }, {});
		const b = JSON.stringify({ event_name: 'shared', email: 'noid@example.com' });
		await post(h.productionUrl, b);
		await post(h.productionUrl, b);
		await post(h.productionUrl, JSON.stringify({ event_name: 'shared', email: 'other@example.com' }));
		expect(h.executions).toHaveLength(2);
		expect(h.executions[0].items[0].event_id).toBeNull();
	});

	it('does not deduplicate when turned off', async () => {
		const h = await harness({ authentication: 'none', options: { deduplicate: false } }, {});
		const b = body('shared', { event_id: 'dup-off' });
		await post(h.productionUrl, b);
		await post(h.productionUrl, b);
		expect(h.executions).toHaveLength(2);
	});

	it('does not count a rejected (401) or ignored request as seen', async () => {
		const h = await harness({ authentication: 'bearer', events: ['shared'] });
		const b = body('shared', { event_id: 'dup-after-401' });
		expect((await post(h.productionUrl, b, { Authorization: 'Bearer nope' })).status).toBe(401);
		expect((await post(h.productionUrl, b, { Authorization: `Bearer ${KEY}` })).status).toBe(200);
		expect(h.executions).toHaveLength(1);
	});

	it('keeps production and test URLs apart', async () => {
		const h = await harness({ authentication: 'none' }, {});
		const b = body('shared', { event_id: 'dup-modes' });
		await post(h.testUrl, b);
		await post(h.productionUrl, b);
		expect(h.executions.map((e: { mode: string }) => e.mode)).toEqual(['manual', 'webhook']);
	});

	it('remembers ids across a restart through the workflow static data', async () => {
		const h = await harness({ authentication: 'none' }, {});
		const b = body('shared', { event_id: 'dup-restart' });
		await post(h.productionUrl, b);
		expect(JSON.stringify(h.staticData)).toContain('id:dup-restart');

		// A second harness = another process (or a restarted one) with the saved static data.
		const again = await harness({ authentication: 'none' }, {});
		again.workflowId = `${h.workflowId}`;
		again.staticData = JSON.parse(JSON.stringify(h.staticData));
		// The dedup memory is per module instance; simulate a fresh process by resetting it.
		require('../../../dist/nodes/ExtoleTrigger/dedup').resetDedup();
		await post(again.productionUrl, b);
		expect(again.executions).toHaveLength(0);
	});
});

describe('deduplication window and capacity', () => {
	const HOUR = 3600 * 1000;
	const savedExpiry = (h: Harness, eventId: string) => {
		const ring = (h.staticData['node:Extole Trigger'] as { dedupRing: { chunks: string[] } }).dedupRing;
		const slots = ring.chunks.flatMap((c) => JSON.parse(c) as Array<[string, number] | null>);
		return slots.find((slot) => slot?.[0] === `id:${eventId}`)?.[1];
	};

	it('remembers an event_id for 24 hours by default', async () => {
		const h = await harness({ authentication: 'none' }, {});
		const before = Date.now();
		await post(h.productionUrl, body('shared', { event_id: 'win-default' }));
		const expiry = savedExpiry(h, 'win-default');
		expect(expiry).toBeGreaterThanOrEqual(before + 24 * HOUR);
		expect(expiry).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
	});

	it('uses the configured window', async () => {
		const h = await harness({ authentication: 'none', options: { dedupWindowHours: 0.5 } }, {});
		const before = Date.now();
		await post(h.productionUrl, body('shared', { event_id: 'win-half-hour' }));
		const expiry = savedExpiry(h, 'win-half-hour');
		expect(expiry).toBeGreaterThanOrEqual(before + 0.5 * HOUR);
		expect(expiry).toBeLessThanOrEqual(Date.now() + 0.5 * HOUR);
	});

	it('accepts a repeat again once the window has passed', async () => {
		const h = await harness({ authentication: 'none', options: { dedupWindowHours: 0.0005 } }, {}); // 1.8 s
		const b = body('shared', { event_id: 'win-expired' });
		await post(h.productionUrl, b);
		await post(h.productionUrl, b);
		expect(h.executions).toHaveLength(1);
		await new Promise((r) => setTimeout(r, 1900));
		await post(h.productionUrl, b);
		expect(h.executions).toHaveLength(2);
	});

	it('keeps at most Deduplication Capacity ids, forgetting the oldest first', async () => {
		const h = await harness({ authentication: 'none', options: { dedupCapacity: 2, persistDedup: false } }, {});
		for (const id of ['cap-a', 'cap-b', 'cap-c']) await post(h.productionUrl, body('shared', { event_id: id }));
		expect(h.executions).toHaveLength(3);
		await post(h.productionUrl, body('shared', { event_id: 'cap-c' })); // still remembered
		await post(h.productionUrl, body('shared', { event_id: 'cap-a' })); // forgotten: capacity 2
		expect(h.executions.map((e: { items: Array<{ event_id: string }> }) => e.items[0].event_id)).toEqual(['cap-a', 'cap-b', 'cap-c', 'cap-a']);
	});

	it('writes nothing to static data when Remember IDs Across Restarts is off', async () => {
		const h = await harness({ authentication: 'none', options: { persistDedup: false } }, {});
		await post(h.productionUrl, body('shared', { event_id: 'no-persist' }));
		expect(h.executions).toHaveLength(1);
		expect(JSON.stringify(h.staticData)).not.toContain('no-persist');
	});
});

describe('dedup window 0', () => {
	it('turns deduplication off', async () => {
		const h = await harness({ authentication: 'none', options: { dedupWindowHours: 0 } }, {});
		const b = body('shared', { event_id: 'win-0' });
		await post(h.productionUrl, b);
		await post(h.productionUrl, b);
		expect(h.executions).toHaveLength(2);
	});
});

