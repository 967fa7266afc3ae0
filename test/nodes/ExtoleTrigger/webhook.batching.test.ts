/**
 * Batching in the compiled Extole Trigger's webhook() over HTTP (see harness.js, which answers a
 * batch's leader as n8n 2.x does: after the start, 500 when the start throws): what becomes one
 * execution, in which order, what never joins a batch, and what each request is answered.
 */
import { createHmac } from 'crypto';

const { createHarness, post } = require('./harness');
const { buildEvent } = require('../../../sandbox/extole/payloads');
const { resetDedup } = require('../../../dist/nodes/ExtoleTrigger/dedup');

const KEY = 'whsec_0123456789abcdef0123456789abcdef';
const sign = (body: string | Buffer, key = KEY) => createHmac('sha256', key).update(body).digest('hex');

type Harness = Awaited<ReturnType<typeof createHarness>>;
type Answer = { status: number; body: { status?: string; event_id?: string; events?: number; error?: string } };

const harnesses: Harness[] = [];
async function harness(parameters: object, credentials: object = { extoleWebhookKeyApi: { key: KEY } }) {
	const h = await createHarness({ parameters: { authentication: 'signature', batching: true, ...parameters }, credentials });
	harnesses.push(h);
	return h;
}
afterAll(async () => {
	await Promise.all(harnesses.map((h) => h.stop()));
});

function body(id: string, event = 'shared') {
	return JSON.stringify(buildEvent(event, 'braze', { event_id: id }));
}
const send = (h: Harness, id: string, event = 'shared'): Promise<Answer> => {
	const b = body(id, event);
	return post(h.productionUrl, b, { 'X-Extole-Signature': sign(b) });
};
const idsOf = (execution: { items: Array<{ event_id: string }> }) => execution.items.map((i) => i.event_id);

/** Resolves once the harness has seen `n` requests reach the node. */
async function arrived(h: Harness, n: number) {
	while (h.arrivals.length < n) await new Promise((resolve) => setImmediate(resolve));
}

describe('batching', () => {
	it('starts one execution with one item per event, in the order the events reached the node', async () => {
		const h = await harness({ authentication: 'none', maxEventsPerExecution: 75, maxWaitSeconds: 0.2 }, {});
		const ids = Array.from({ length: 20 }, (_, i) => `order-${i}`);
		h.holdUntil(20);
		const answers = await Promise.all(ids.map((id) => post(h.productionUrl, body(id))));
		expect(h.executions).toHaveLength(1);
		expect(idsOf(h.executions[0])).toEqual(h.arrivals);
		expect([...h.arrivals].sort()).toEqual([...ids].sort());
		expect(answers.map((a: Answer) => [a.status, a.body.status])).toEqual(ids.map(() => [200, 'accepted']));
	});

	it('starts a batch as soon as it holds Max Events per Execution; the rest go to the next', async () => {
		const h = await harness({ maxEventsPerExecution: 3, maxWaitSeconds: 0.2 });
		const ids = Array.from({ length: 7 }, (_, i) => `cut-${i}`);
		h.holdUntil(7);
		const answers = await Promise.all(ids.map((id) => send(h, id)));
		expect(h.executions.map((e: { items: unknown[] }) => e.items.length)).toEqual([3, 3, 1]);
		expect(h.executions.flatMap(idsOf).sort()).toEqual([...ids].sort());
		expect(answers.every((a: Answer) => a.status === 200)).toBe(true);
	});

	it('starts a batch that is not full once Max Wait has passed, with the events it has', async () => {
		const h = await harness({ maxEventsPerExecution: 75, maxWaitSeconds: 0.05 });
		const answer = await send(h, 'wait-1');
		expect(answer).toEqual({ status: 200, body: { status: 'accepted', event: 'shared', event_id: 'wait-1', events: 1 } });
		expect(h.executions.map(idsOf)).toEqual([['wait-1']]);
	});

	it('answers rejected, ignored and repeated requests at once while a batch is open, and never adds them to it', async () => {
		const h = await harness({ events: ['shared'], maxEventsPerExecution: 3, maxWaitSeconds: 0.05 });
		await send(h, 'before'); // a first batch, started: 'before' is now a known id
		h.parameters.maxWaitSeconds = 10;
		let firstAnswered = false;
		const first = send(h, 'open-1').then((a) => {
			firstAnswered = true;
			return a;
		});
		await arrived(h, 2);
		const forged = await post(h.productionUrl, body('forged'), { 'X-Extole-Signature': sign(body('forged'), 'not-the-key') });
		const unsigned = await post(h.productionUrl, body('unsigned'));
		const ignored = await send(h, 'ignored-1', 'friend_signed_up');
		const repeat = await send(h, 'before');
		expect([forged.status, unsigned.status, ignored.body.status, repeat.body.status]).toEqual([401, 401, 'ignored', 'duplicate']);
		expect(firstAnswered).toBe(false);
		const rest = await Promise.all([send(h, 'open-2'), send(h, 'open-3')]);
		expect([await first, ...rest].map((a) => a.status)).toEqual([200, 200, 200]);
		expect(h.executions.map(idsOf)).toEqual([['before'], expect.arrayContaining(['open-1', 'open-2', 'open-3'])]);
		expect(h.executions[1].items).toHaveLength(3);
	});

	it('keeps deduplicating across batches', async () => {
		const h = await harness({ maxEventsPerExecution: 2, maxWaitSeconds: 0.2 });
		h.holdUntil(2);
		await Promise.all([send(h, 'across-1'), send(h, 'across-2')]);
		h.holdUntil(4);
		const second = await Promise.all(['across-1', 'across-3', 'across-2', 'across-4'].map((id) => send(h, id)));
		expect(second.map((a: Answer) => a.body.status)).toEqual(['duplicate', 'accepted', 'duplicate', 'accepted']);
		expect(h.executions.map((e: { items: Array<{ event_id: string }> }) => idsOf(e).sort())).toEqual([
			['across-1', 'across-2'],
			['across-3', 'across-4'],
		]);
	});

	it('answers a copy of an event whose batch has not started yet as that batch is answered', async () => {
		const h = await harness({ maxEventsPerExecution: 2, maxWaitSeconds: 10 });
		const original = send(h, 'copy-1');
		await arrived(h, 1);
		const copy = send(h, 'copy-1');
		await arrived(h, 2);
		await send(h, 'copy-2');
		expect([(await original).body.status, (await copy).body.status]).toEqual(['accepted', 'duplicate']);
		expect(h.executions.map(idsOf)).toEqual([['copy-1', 'copy-2']]);
	});

	it('answers every request of a batch that cannot be started with a 5xx, and accepts the retries', async () => {
		const h = await harness({ maxEventsPerExecution: 3, maxWaitSeconds: 0.2 });
		const ids = ['fail-1', 'fail-2', 'fail-3'];
		h.failStart = true;
		h.holdUntil(3);
		const failed = await Promise.all(ids.map((id) => send(h, id)));
		expect(failed.map((a: Answer) => a.status >= 500 && a.status < 600)).toEqual([true, true, true]);
		expect(h.executions).toHaveLength(0);
		h.failStart = false;
		h.holdUntil(3);
		const retried = await Promise.all(ids.map((id) => send(h, id)));
		expect(retried.map((a: Answer) => [a.status, a.body.status])).toEqual(ids.map(() => [200, 'accepted']));
		expect(h.executions.map((e: { items: Array<{ event_id: string }> }) => idsOf(e).sort())).toEqual([ids]);
	});

	it('answers a copy of an event whose batch cannot be started with a 5xx too', async () => {
		const h = await harness({ maxEventsPerExecution: 2, maxWaitSeconds: 10 });
		h.failStart = true;
		const original = send(h, 'copyfail-1');
		await arrived(h, 1);
		const copy = send(h, 'copyfail-1');
		await arrived(h, 2);
		await send(h, 'copyfail-2');
		expect([(await original).status, (await copy).status]).toEqual([500, 503]);
		h.failStart = false;
		h.parameters.maxWaitSeconds = 0.05;
		expect((await send(h, 'copyfail-1')).status).toBe(200);
	});

	it('saves the ids of a started batch in static data, so that a restart still knows them', async () => {
		const h = await harness({ maxEventsPerExecution: 2, maxWaitSeconds: 0.2 });
		h.holdUntil(2);
		await Promise.all([send(h, 'saved-1'), send(h, 'saved-2')]);
		resetDedup(); // a restarted process: only the static data remains
		const again = await Promise.all([send(h, 'saved-2'), send(h, 'saved-1')]);
		expect(again.map((a: Answer) => a.body.status)).toEqual(['duplicate', 'duplicate']);
		expect(h.executions).toHaveLength(1);
	});

	it('saves nothing for a batch that cannot be started, so that a restart accepts the retries', async () => {
		const h = await harness({ maxEventsPerExecution: 2, maxWaitSeconds: 0.2 });
		h.failStart = true;
		h.holdUntil(2);
		await Promise.all([send(h, 'unsaved-1'), send(h, 'unsaved-2')]);
		h.failStart = false;
		resetDedup();
		h.holdUntil(2);
		const retried = await Promise.all([send(h, 'unsaved-1'), send(h, 'unsaved-2')]);
		expect(retried.map((a: Answer) => a.body.status)).toEqual(['accepted', 'accepted']);
	});

	it('starts one execution per request on the test URL (n8n listens there for one request)', async () => {
		const h = await harness({ maxEventsPerExecution: 75, maxWaitSeconds: 10 });
		const b = body('test-url-1');
		const answer = await post(h.testUrl, b, { 'X-Extole-Signature': sign(b) });
		expect(answer.status).toBe(200);
		expect(h.executions).toEqual([expect.objectContaining({ mode: 'manual', items: [expect.objectContaining({ event_id: 'test-url-1' })] })]);
	});

	it('starts one execution per event when turned off, each answered once it has started', async () => {
		const h = await harness({ batching: false });
		h.holdUntil(3);
		const answers = await Promise.all(['off-1', 'off-2', 'off-3'].map((id) => send(h, id)));
		expect(h.executions.map((e: { items: unknown[] }) => e.items.length)).toEqual([1, 1, 1]);
		expect(h.responses.every((r: { status: number; started: boolean }) => r.status === 200 && r.started)).toBe(true);
		expect(answers.map((a: Answer) => a.body)).toEqual(
			['off-1', 'off-2', 'off-3'].map((id) => ({ status: 'accepted', event: 'shared', event_id: id })),
		);
	});
});

describe('without batching, an event n8n cannot start', () => {
	it('is answered 5xx, so that Extole sends it again', async () => {
		const h = await harness({ batching: false });
		h.failStart = true;
		const answer = await send(h, 'off-fail-1');
		expect(answer.status).toBe(500);
		expect(h.executions).toHaveLength(0);
	});

	it('is accepted when Extole sends it again, not taken for a duplicate', async () => {
		const h = await harness({ batching: false });
		h.failStart = true;
		await send(h, 'off-fail-2');
		h.failStart = false;
		const retried = await send(h, 'off-fail-2');
		expect([retried.status, retried.body.status]).toEqual([200, 'accepted']);
		expect(h.executions.map((e: { items: Array<{ event_id: string }> }) => idsOf(e))).toEqual([['off-fail-2']]);
	});

	it('leaves nothing in static data, so that a restart accepts the retry too', async () => {
		const h = await harness({ batching: false });
		h.failStart = true;
		await send(h, 'off-fail-3');
		h.failStart = false;
		resetDedup(); // a restarted process: only the static data remains
		expect((await send(h, 'off-fail-3')).body.status).toBe('accepted');
	});
});
