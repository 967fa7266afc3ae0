/**
 * Partial errors, fatal answers, rate limits and faults, over real HTTP against the sandbox.
 */
import type { Json, Sandbox } from './helpers';
import { apiRequests, credentials, EU_KEY, FAST, harness, people, run, startSandbox, TRACK_ONLY_KEY, trackParams } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ rateLimits: { 'users.track': { limit: 3, windowMs: 1000 } } });
});
afterAll(async () => await sb.stop());
beforeEach(() => sb.reset());

/** JSON-mode items; `bad` ones carry an email_subscribe value Braze rejects (not checked client-side). */
function jsonItems(count: number, bad: number[]): Json[] {
	return Array.from({ length: count }, (_, i) => ({
		attributes: { external_id: `p${i}`, email_subscribe: bad.includes(i) ? 'sometimes' : 'subscribed' },
	}));
}
const jsonTrack = (options: Json = {}) => ({ resource: 'user', operation: 'track', inputMode: 'json', options });

/** Waits (at most 3 s) until the sandbox logged `count` calls of `path`: slow calls land late. */
async function settled(path: string, count: number): Promise<Json[]> {
	const until = Date.now() + 3000;
	while (apiRequests(sb, path).length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
	return apiRequests(sb, path);
}

describe('partial errors (errors[].index in a 2xx answer)', () => {
	it('fail exactly the items Braze names; the others succeed (Continue On Fail)', async () => {
		const result = await run(sb, jsonTrack(), jsonItems(80, [3, 76]), { continueOnFail: true });
		expect(apiRequests(sb, '/users/track')).toHaveLength(2);
		expect(result.items).toHaveLength(80);
		const failed = result.json.map((j, i) => (j.success ? -1 : i)).filter((i) => i >= 0);
		expect(failed).toEqual([3, 76]);
		expect(result.json[3]).toMatchObject({ success: false, operation: 'user.track', environment: 'production', errorKind: 'partial' });
		expect(result.json[3].error).toMatch(/^Item 3: .*email_subscribe must be one of/);
		expect(result.json[3].brazeError).toMatch(/email_subscribe/);
		expect(result.items[76].pairedItem).toEqual({ item: 76 });
		expect(result.json[4]).toMatchObject({ success: true, braze: { errorCount: 1 } });
		expect((sb.users('production') as Json[]).map((u) => u.external_id).sort()).toHaveLength(78);
	});

	it('map an error on a purchase through the purchases array to the item that sent it', async () => {
		// item 0 sends no purchase, so purchases[1] is item 2's; its currency has three letters
		// (passes the node's check) but is no ISO 4217 code, so Braze refuses that object only
		const purchase = (id: string, currency: string) => ({ external_id: id, product_id: 'plan', currency, price: 5, time: '2026-01-01T00:00:00Z' });
		const items = [
			{ attributes: { external_id: 'q0', plan: 'none' } },
			{ attributes: { external_id: 'q1', plan: 'gold' }, purchases: purchase('q1', 'USD') },
			{ attributes: { external_id: 'q2', plan: 'gold' }, purchases: purchase('q2', 'XYZ') },
		];
		const result = await run(sb, jsonTrack(), items, { continueOnFail: true });
		expect(apiRequests(sb, '/users/track')).toHaveLength(1);
		expect(result.json.map((j) => j.success)).toEqual([true, true, false]);
		expect(result.json[2]).toMatchObject({ errorKind: 'partial', brazeError: expect.stringMatching(/XYZ is not an ISO 4217 currency code/) });
		expect(result.json[2].error).toMatch(/^Item 2: Braze did not process this object in purchases\[1\]/);
		expect(result.json[1].braze).toMatchObject({ response: { attributes_processed: 3, purchases_processed: 1 }, errorCount: 1 });
	});

	it('without Continue On Fail, the node fails naming the first bad item after the others were sent', async () => {
		const result = await run(sb, jsonTrack(), jsonItems(5, [2, 4]));
		expect(result.error?.message).toMatch(/^Item 2: .*email_subscribe/);
		expect(result.error?.description).toMatch(/1 more item\(s\) failed too \(items 4\)/);
		expect((sb.users('production') as Json[]).length).toBe(3);
	});

	it('a 400 whose every object was invalid fails those items with Braze\'s reason, once (no retry)', async () => {
		const result = await run(sb, jsonTrack(FAST), jsonItems(2, [0, 1]), { continueOnFail: true });
		expect(apiRequests(sb, '/users/track')).toHaveLength(1);
		expect(result.json[0]).toMatchObject({ success: false, httpCode: 400 });
		expect(result.json[0].error).toMatch(/HTTP 400.*Valid data must be provided.*attributes\[0\]: email_subscribe/);
		expect(result.json[1].error).toMatch(/attributes\[1\]/);
	});
});

describe('rate limits', () => {
	it('on 429 waits until X-RateLimit-Reset and retries, then succeeds', async () => {
		sb.setFaults({ status: 429, count: 1, path: '/users/track' });
		const started = Date.now();
		const result = await run(sb, trackParams({ options: FAST }), people(3));
		expect(result.error).toBeUndefined();
		const calls = apiRequests(sb, '/users/track');
		expect(calls.map((c) => c.status)).toEqual([429, 201]);
		// the injected 429 says X-RateLimit-Reset = (the next whole second + 1 s): at least 1 s after
		// the first call. The retry waited for it instead of going out at once.
		expect(Date.parse(calls[1].time) - Date.parse(calls[0].time)).toBeGreaterThanOrEqual(995);
		expect(Date.parse(calls[1].time)).toBeGreaterThanOrEqual((Math.floor(Date.parse(calls[0].time) / 1000) + 1) * 1000);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(result.json.every((j) => j.success && j.braze.attempts === 2)).toBe(true);
	});

	it('never waits longer than Max Rate-Limit Wait for a reset', async () => {
		// the injected 429 resets 1-2 s ahead; the node may wait 0.2 s at most
		sb.setFaults({ status: 429, count: 1, path: '/users/track' });
		const result = await run(sb, trackParams({ options: { ...FAST, maxRateLimitWaitSeconds: 0.2 } }), people(1));
		expect(result.error).toBeUndefined();
		const [first, retry] = apiRequests(sb, '/users/track');
		expect([first.status, retry.status]).toEqual([429, 201]);
		const gap = Date.parse(retry.time) - Date.parse(first.time);
		expect(gap).toBeGreaterThanOrEqual(190);
		expect(gap).toBeLessThan(900);
	});

	it('slows down before sending when X-RateLimit-Remaining reaches 0 (no 429 at all)', async () => {
		// limit 3 per second; 5 requests of 1 item each
		const result = await run(sb, trackParams({ options: { ...FAST, batchSize: 1 } }), people(5));
		expect(result.error).toBeUndefined();
		const calls = apiRequests(sb, '/users/track');
		expect(calls).toHaveLength(5);
		expect(calls.every((c) => c.status === 201)).toBe(true);
	});

	it('gives up after Max Attempts of 429 with a clear message', async () => {
		sb.setFaults({ status: 429, path: '/users/track' });
		const result = await run(sb, trackParams({ options: { ...FAST, maxAttempts: 2 } }), people(2), { continueOnFail: true });
		expect(apiRequests(sb, '/users/track')).toHaveLength(2);
		expect(result.json[0]).toMatchObject({ success: false, httpCode: 429, errorKind: 'rateLimit' });
		expect(result.json[0].error).toMatch(/rate limit.*gave up after 2 attempts/);
	});
});

describe('server and network errors', () => {
	it('retries 5xx with backoff until attempts run out, then fails the items of that request', async () => {
		sb.setFaults({ status: 503, path: '/users/track' });
		const result = await run(sb, trackParams({ options: FAST }), people(2), { continueOnFail: true });
		expect(apiRequests(sb, '/users/track')).toHaveLength(3);
		expect(result.json).toHaveLength(2);
		expect(result.json[1]).toMatchObject({ success: false, httpCode: 503 });
		expect(result.json[1].error).toMatch(/^Item 1: Braze failed on \/users\/track with HTTP 503.*gave up after 3 attempts/);
	});

	it('backs off exponentially between 5xx retries (Initial Retry Delay, then double, with jitter)', async () => {
		sb.setFaults({ status: 503, count: 2, path: '/users/track' });
		const result = await run(sb, trackParams({ options: { ...FAST, initialRetryDelayMs: 200 } }), people(1));
		expect(result.error).toBeUndefined();
		const times = apiRequests(sb, '/users/track').map((c) => Date.parse(c.time));
		expect(times).toHaveLength(3);
		// jitter keeps each wait within [delay/2, delay]: 100..200 ms, then 200..400 ms
		const [first, second] = [times[1] - times[0], times[2] - times[1]];
		expect(first).toBeGreaterThanOrEqual(95);
		expect(first).toBeLessThan(300);
		expect(second).toBeGreaterThanOrEqual(195);
		expect(second).toBeLessThan(500);
	});

	it('recovers from 502 (HTML body) and 500 answers', async () => {
		sb.setFaults([{ status: 502, count: 1 }, { status: 500, count: 1 }]);
		const result = await run(sb, trackParams({ options: FAST }), people(2));
		expect(result.error).toBeUndefined();
		expect(apiRequests(sb, '/users/track').map((c) => c.status)).toEqual([502, 500, 201]);
	});

	it('retries a dropped connection', async () => {
		sb.setFaults({ drop: true, count: 1 });
		const result = await run(sb, trackParams({ options: FAST }), people(2));
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({ success: true, braze: { attempts: 2 } });
	});

	it('treats an answer slower than the Timeout option as a network error and retries it', async () => {
		// the first call is held 1.6 s by the sandbox; the node gives up on it after 1 s
		sb.setFaults({ latencyMs: 1600, count: 1, path: '/users/track' });
		const started = Date.now();
		const result = await run(sb, trackParams({ options: { ...FAST, timeoutMs: 1000 } }), people(2));
		expect(result.error).toBeUndefined();
		expect(result.json.map((j) => [j.success, j.braze.attempts])).toEqual([[true, 2], [true, 2]]);
		// the retry left after the timeout, not after the slow answer
		const retry = apiRequests(sb, '/users/track')[0];
		expect(retry).toMatchObject({ status: 201 });
		expect(Date.parse(retry.time) - started).toBeGreaterThanOrEqual(990);
		expect(Date.parse(retry.time) - started).toBeLessThan(1600);
		// the slow call was applied all the same once its latency was over: Braze has no
		// idempotency key, so a timed-out request can count twice
		const calls = await settled('/users/track', 2);
		expect(calls.map((c) => c.status)).toEqual([201, 201]);
	});

	it('fails with a timeout (network error) when every attempt is too slow', async () => {
		sb.setFaults({ latencyMs: 1300, path: '/users/track' });
		const result = await run(sb, trackParams({ options: { ...FAST, maxAttempts: 2, timeoutMs: 1000 } }), people(1), { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: false, errorKind: 'network' });
		expect(result.json[0].error).toMatch(/^Item 0: Network error calling Braze \/users\/track.*gave up after 2 attempts/);
		await settled('/users/track', 2);
	});

	it('resends a request whose answer was lost after Braze applied it, so an event can count twice (no idempotency key)', async () => {
		sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: '/users/track' });
		const params = trackParams({ standardAttributes: {}, events: { event: [{ name: 'shared', time: '2026-01-01T00:00:00Z', properties: '{}' }] }, options: FAST });
		const result = await run(sb, params, people(1));
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({ success: true, braze: { attempts: 2 } });
		expect(apiRequests(sb, '/users/track').map((c) => [c.status, c.applied ?? false])).toEqual([[500, true], [201, false]]);
		const u0 = (sb.users('production') as Json[]).find((u) => u.external_id === 'u0');
		expect(u0?.custom_events).toEqual([expect.objectContaining({ name: 'shared', count: 2 })]);
	});

	it('fails with a network error message after retries run out', async () => {
		sb.setFaults({ drop: true });
		const result = await run(sb, trackParams({ options: FAST }), people(1), { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: false, errorKind: 'network' });
		expect(result.json[0].error).toMatch(/Network error calling Braze \/users\/track.*gave up after 3 attempts/);
	});

	it('never retries another 4xx: 403 names the missing permission', async () => {
		const result = await run(
			sb,
			{ resource: 'user', operation: 'exportByIdentifier', identifierType: 'external_id', externalId: 'x', options: FAST },
			[{}],
			{ continueOnFail: true, credentials: credentials(sb, { apiKey: TRACK_ONLY_KEY }) },
		);
		expect(apiRequests(sb, '/users/export/ids')).toHaveLength(1);
		expect(result.json[0]).toMatchObject({ success: false, httpCode: 403 });
		expect(result.json[0].error).toMatch(/lacks the permission/);
	});

	it('a fatal 400 fails exactly the items of that request with Braze\'s message (plan capped at 50 objects)', async () => {
		const capped = await startSandbox({ trackMaxCombined: 50 });
		try {
			// 60 items: request 1 carries 60 objects (over the plan's cap), nothing else is sent
			const result = await run(capped, trackParams({ options: FAST }), people(60), { continueOnFail: true, credentials: credentials(capped) });
			expect(apiRequests(capped, '/users/track').map((c) => c.status)).toEqual([400]);
			expect(result.json.every((j) => j.success === false && j.httpCode === 400)).toBe(true);
			expect(result.json[59].error).toMatch(/^Item 59: Braze rejected \/users\/track with HTTP 400: Max Input Length Exceeded/);
		} finally {
			await capped.stop();
		}
	});

	it('a key of another instance gets a 401 message naming the usual causes', async () => {
		const result = await run(sb, trackParams({ options: FAST }), people(1), {
			credentials: credentials(sb, { apiKey: EU_KEY }),
		});
		expect(apiRequests(sb, '/users/track')).toHaveLength(1);
		expect(result.error?.message).toMatch(/401/);
		expect(result.error?.message).toMatch(/another Braze instance/);
		expect(result.error?.message).toMatch(/quotes or spaces/);
	});
});

describe('Continue On Fail', () => {
	it('"Continue (using error output)" routes exactly the failed items to the error output', async () => {
		const result = await harness.runNode({
			type: 'braze',
			onError: 'continueErrorOutput',
			parameters: jsonTrack(),
			items: jsonItems(4, [1, 2]),
			credentials: credentials(sb),
		});
		expect(result.error).toBeUndefined();
		const [main, errors] = result.outputs;
		expect(main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 3 }]);
		expect(errors.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(String(errors[0].json.error)).toMatch(/^Item 1: .*email_subscribe/);
		expect(errors[0].json.details).toMatchObject({ success: false, operation: 'user.track', environment: 'production', errorKind: 'partial' });
	});

	it('"Continue (regular output)" keeps one item per input, failed ones with success: false and the reason', async () => {
		const result = await run(sb, jsonTrack(), jsonItems(3, [1]), { continueOnFail: true });
		expect(result.json.map((j) => j.success)).toEqual([true, false, true]);
		expect(result.json[1]).toMatchObject({ operation: 'user.track', environment: 'production', errorKind: 'partial' });
	});
});
