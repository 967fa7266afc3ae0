/**
 * Every failure class of a /users/track request, through the compiled node against the sandbox's
 * fault injection: what is sent again, what Braze ends up holding, and what each item's
 * `delivery` says about it (Braze docs: api/errors; Braze does not deduplicate events,
 * api/endpoints/user_data/post_user_track).
 */
import type { Json } from '../helpers';
import { apiRequests, credentials, FAST, run, startSandbox, trackParams, useSandbox } from '../helpers';

const sb = useSandbox();

const EVENT = { name: 'shared', time: '2026-01-01T00:00:00Z', properties: '{}' };
const withEvent = (options: Json = {}, extra: Json = {}) =>
	trackParams({ events: { event: [EVENT] }, options: { ...FAST, ...options }, ...extra });
const eventOnly = (options: Json = {}) => withEvent(options, { standardAttributes: {} });
const atMostOnce = { uncertainRetry: 'atMostOnce' };

/** What Braze holds once it has processed every queued write (the sandbox queues like Braze). */
function user(id: string): Json | undefined {
	sb.settle();
	return (sb.users('production') as Json[]).find((u) => u.external_id === id);
}
const eventCount = (id: string) => user(id)?.events.length ?? 0;
const trackBodies = () => apiRequests(sb, '/users/track').map((c) => c.body);

async function until(condition: () => boolean, ms = 3000): Promise<void> {
	const end = Date.now() + ms;
	while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
	expect(condition()).toBe(true);
}

describe('uncertain failures, at least once (the default)', () => {
	it('applied, then answered 500: the event is sent again and counts twice; the item says it may be duplicated', async () => {
		sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: '/users/track' });
		const result = await run(sb, withEvent(), [{ id: 'a', name: 'A' }]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written, may be duplicated', braze: { attempts: 2 } });
		expect(eventCount('a')).toBe(2);
	});

	it('a 5xx that applied nothing is just as uncertain to the node: the event lands once, the item still may be duplicated', async () => {
		sb.setFaults({ status: 503, count: 1, path: '/users/track' });
		const result = await run(sb, withEvent(), [{ id: 'a', name: 'A' }]);
		expect(result.json[0].delivery).toBe('written, may be duplicated');
		expect(eventCount('a')).toBe(1);
	});

	it('applied, then the answer held past the timeout: sent again, flagged', async () => {
		sb.setFaults({ answerLatencyMs: 1500, count: 1, path: '/users/track' });
		const result = await run(sb, withEvent({ timeoutMs: 1000 }), [{ id: 'a', name: 'A' }]);
		expect(result.json[0].delivery).toBe('written, may be duplicated');
		expect(eventCount('a')).toBe(2);
		// the held answer is logged when it leaves: wait for it, so that it is not the next test's
		await until(() => apiRequests(sb, '/users/track').length === 2);
	});

	it('attributes alone are safe to write twice: after an uncertain failure the item is plainly written', async () => {
		sb.setFaults({ drop: true, applyThenFail: true, count: 1, path: '/users/track' });
		const result = await run(sb, trackParams({ options: FAST }), [{ id: 'a', name: 'A' }]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written', braze: { attempts: 2 } });
		expect(user('a')?.attributes.first_name).toBe('A');
	});

	it('an increment counts twice when sent again: its item may be duplicated', async () => {
		sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: '/users/track' });
		const params = { resource: 'user', operation: 'track', inputMode: 'json', options: FAST };
		const result = await run(sb, params, [{ attributes: { external_id: 'a', visits: { inc: 1 } } }]);
		expect(result.json[0].delivery).toBe('written, may be duplicated');
		expect(user('a')?.custom_attributes.visits).toBe(2);
	});

	it('when attempts run out after an uncertain failure the item is unknown, and its error says Braze may have it', async () => {
		sb.setFaults({ status: 500, applyThenFail: true, path: '/users/track' });
		const result = await run(sb, withEvent({ maxAttempts: 2 }), [{ id: 'a', name: 'A' }], { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: false, delivery: 'unknown: Braze may have applied it' });
		expect(result.json[0].error).toMatch(/gave up after 2 attempts\) Braze may have applied this item before the failure/);
		expect(result.json[0].errorDescription).toMatch(/check the user in Braze before sending the item again/);
		expect(eventCount('a')).toBe(2);
	});
});

describe('uncertain failures, at most once', () => {
	it('applied, then answered 500: only the attributes go out again; the event counts once and the item is unknown', async () => {
		sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: '/users/track' });
		const result = await run(sb, withEvent(atMostOnce), [{ id: 'a', name: 'A' }], { continueOnFail: true });
		expect(trackBodies().map((b) => Object.keys(b).sort())).toEqual([['attributes', 'events'], ['attributes']]);
		expect(eventCount('a')).toBe(1);
		expect(user('a')?.attributes.first_name).toBe('A');
		expect(result.json[0]).toMatchObject({ success: false, delivery: 'unknown: Braze may have applied it', errorKind: 'http' });
		expect(result.json[0].error).toMatch(/^Item 0: Braze failed on \/users\/track with HTTP 500 \(Internal Server Error\)\. Its custom events, purchases and increments were not sent again/);
		expect(result.json[0].error).toMatch(/Braze may have applied this item/);
	});

	it('a 5xx that applied nothing loses the event, and the item says it may or may not be there', async () => {
		sb.setFaults({ status: 502, count: 1, path: '/users/track' });
		const result = await run(sb, withEvent(atMostOnce), [{ id: 'a', name: 'A' }], { continueOnFail: true });
		expect(eventCount('a')).toBe(0);
		expect(result.json[0].delivery).toBe('unknown: Braze may have applied it');
	});

	it('a request of events only is not sent again at all', async () => {
		sb.setFaults({ drop: true, applyThenFail: true, count: 1, path: '/users/track' });
		const result = await run(sb, eventOnly(atMostOnce), [{ id: 'a' }], { continueOnFail: true });
		expect(apiRequests(sb, '/users/track')).toHaveLength(1);
		expect(eventCount('a')).toBe(1);
		expect(result.json[0].delivery).toBe('unknown: Braze may have applied it');
	});

	it('attributes alone are still sent again and written', async () => {
		sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: '/users/track' });
		const result = await run(sb, trackParams({ options: { ...FAST, ...atMostOnce } }), [{ id: 'a', name: 'A' }]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written' });
	});

	it('an increment is taken out of the attributes sent again; the other attributes land', async () => {
		sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: '/users/track' });
		const params = { resource: 'user', operation: 'track', inputMode: 'json', options: { ...FAST, ...atMostOnce } };
		const result = await run(sb, params, [{ attributes: { external_id: 'a', visits: { inc: 1 }, plan: 'gold' } }], { continueOnFail: true });
		expect(trackBodies()[1]).toEqual({ attributes: [{ external_id: 'a', plan: 'gold' }] });
		expect(user('a')?.custom_attributes).toMatchObject({ visits: 1, plan: 'gold' });
		expect(result.json[0].delivery).toBe('unknown: Braze may have applied it');
	});

	it('without any uncertain failure nothing changes: written once', async () => {
		const result = await run(sb, withEvent(atMostOnce), [{ id: 'a', name: 'A' }]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written' });
		expect(eventCount('a')).toBe(1);
	});
});

describe('failures that prove nothing was applied', () => {
	it('a refused connection is retried and, attempts spent, the item is not written (safe to send again)', async () => {
		const closed = { brazeApi: { ...credentials(sb).brazeApi, customUrl: 'http://127.0.0.1:1' } };
		const result = await run(sb, withEvent({ maxAttempts: 2 }), [{ id: 'a', name: 'A' }], { continueOnFail: true, credentials: closed });
		expect(result.json[0]).toMatchObject({ success: false, errorKind: 'network', delivery: 'not written' });
		expect(result.json[0].error).toMatch(/ECONNREFUSED.*gave up after 2 attempts/);
		expect(result.json[0].errorDescription).toMatch(/Nothing of this item was written to Braze: it is safe to send it again/);
	});

	it('a 400 for the whole request is never sent again; its items are not written', async () => {
		const capped = await startSandbox({ trackMaxCombined: 1 });
		try {
			const result = await run(capped, withEvent(), [{ id: 'a', name: 'A' }], { continueOnFail: true, credentials: credentials(capped) });
			expect(apiRequests(capped, '/users/track').map((c) => c.status)).toEqual([400]);
			expect(result.json[0]).toMatchObject({ success: false, httpCode: 400, delivery: 'not written' });
		} finally {
			await capped.stop();
		}
	});

	it('an uncertain attempt before a refusal keeps the item unknown', async () => {
		const capped = await startSandbox({ trackMaxCombined: 1, faults: [{ status: 500, applyThenFail: true, count: 1 }] });
		try {
			// the first attempt gets a 500 (behind it the sandbox refused the body, which the node cannot
			// know), the retry the 400: the first attempt may have been applied
			const result = await run(capped, withEvent(), [{ id: 'a', name: 'A' }], { continueOnFail: true, credentials: credentials(capped) });
			expect(apiRequests(capped, '/users/track').map((c) => c.status)).toEqual([500, 400]);
			expect(result.json[0].delivery).toBe('unknown: Braze may have applied it');
		} finally {
			await capped.stop();
		}
	});
});

describe('an item is as written as its least written object', () => {
	it('Braze refuses its attributes and writes its event: partly written, failed, told not to re-run it whole', async () => {
		const params = { resource: 'user', operation: 'track', inputMode: 'json', options: FAST };
		const items = [{ attributes: { external_id: 'a', visits: { inc: 'lots' } }, events: { external_id: 'a', ...EVENT } }];
		const result = await run(sb, params, items, { continueOnFail: true });
		expect(eventCount('a')).toBe(1);
		expect(result.json[0]).toMatchObject({ success: false, errorKind: 'partial', delivery: 'partly written' });
		expect(result.json[0].error).toMatch(/Braze applied the other objects of this item: send only the refused part again/);
	});

	it('an item split over two requests, the second failing uncertainly: unknown', async () => {
		// seed 1: the first request passes, the second gets the 500
		sb.setFaults({ status: 500, rate: 0.5, seed: 1, path: '/users/track' });
		const options = { maxAttempts: 1, trackMaxObjectsPerRequest: 1, requestsInFlight: 1 };
		const result = await run(sb, withEvent(options), [{ id: 'a', name: 'A' }], { continueOnFail: true });
		expect(apiRequests(sb, '/users/track').map((c) => c.status)).toEqual([201, 500]);
		expect(result.json[0].delivery).toBe('unknown: Braze may have applied it');
	});

	it('an item split over two requests, the second written after an applied-then-failed attempt: may be duplicated', async () => {
		// seed 1 again: request 1 passes, request 2 is applied and answered 500, its retry passes
		sb.setFaults({ status: 500, applyThenFail: true, rate: 0.5, seed: 1, path: '/users/track' });
		const options = { maxAttempts: 3, trackMaxObjectsPerRequest: 1, requestsInFlight: 1 };
		const result = await run(sb, withEvent(options), [{ id: 'a', name: 'A' }]);
		expect(apiRequests(sb, '/users/track').map((c) => c.status)).toEqual([201, 500, 201]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written, may be duplicated' });
		expect(eventCount('a')).toBe(2);
	});
});
