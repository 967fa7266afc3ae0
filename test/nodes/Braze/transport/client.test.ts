/**
 * The Braze client over real HTTP against the sandbox: rate-limit windows and 429s, retries of
 * 5xx and network errors with backoff, timeouts, and the 4xx that are never retried.
 */
import type { Json } from '../helpers';
import { apiRequests, credentials, EU_KEY, FAST, people, run, startSandbox, TRACK_ONLY_KEY, trackParams, useSandbox } from '../helpers';

const sb = useSandbox({ rateLimits: { 'users.track': { limit: 3, windowMs: 1000 } } });
/** Waits (at most 3 s) until the sandbox logged `count` calls of `path`: slow calls land late. */
async function settled(path: string, count: number): Promise<Json[]> {
	const until = Date.now() + 3000;
	while (apiRequests(sb, path).length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
	return apiRequests(sb, path);
}


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
		// a 429 is not an attempt: the request was applied on its first counted attempt
		expect(result.json.every((j) => j.success && j.braze.attempts === 1 && j.braze.rateLimited === 1)).toBe(true);
		expect(result.json.every((j) => j.delivery === 'written')).toBe(true);
	});

	it('does not wait beyond Max Rate-Limit Wait: the request is not sent again and its items say "not written"', async () => {
		// the injected 429 resets 1-2 s ahead; the node may wait 0.2 s in all
		sb.setFaults({ status: 429, count: 1, path: '/users/track' });
		const started = Date.now();
		const result = await run(sb, trackParams({ options: { ...FAST, maxRateLimitWaitSeconds: 0.2 } }), people(1), { continueOnFail: true });
		expect(apiRequests(sb, '/users/track').map((c) => c.status)).toEqual([429]);
		expect(Date.now() - started).toBeLessThan(900);
		expect(result.json[0]).toMatchObject({ success: false, errorKind: 'rateLimit', httpCode: 429, delivery: 'not written' });
		expect(result.json[0].error).toMatch(/beyond Max Rate-Limit Wait \(0\.2 s in all\), so the request was not sent again/);
		expect(result.json[0].errorDescription).toMatch(/Nothing of this item was written to Braze/);
	});

	it('Max Rate-Limit Wait is a total for the execution: waits of several requests add up', async () => {
		// one 429 for the production request, one for the test request, each resetting 1.05-2.05 s
		// ahead (with the margin): 2.1 s pays for one wait, never for two
		sb.setFaults([
			{ status: 429, count: 1, path: '/users/track', workspace: 'production' },
			{ status: 429, count: 1, path: '/users/track', workspace: 'staging' },
		]);
		const options = { ...FAST, requestsInFlight: 1, maxRateLimitWaitSeconds: 2.1 };
		const params = trackParams({ environment: '={{ $json.id === "u1" ? "test" : "production" }}', options });
		const result = await run(sb, params, people(2), { continueOnFail: true });
		expect(apiRequests(sb, '/users/track').map((c) => [c.workspace, c.status])).toEqual([
			['production', 429],
			['production', 201],
			['staging', 429],
		]);
		expect(result.json.map((j) => j.delivery)).toEqual(['written', 'not written']);
	});

	it('slows down before sending when X-RateLimit-Remaining reaches 0 (no 429 at all)', async () => {
		// limit 3 per second; 5 requests of 1 item each
		const result = await run(sb, trackParams({ options: { ...FAST, batchSize: 1 } }), people(5));
		expect(result.error).toBeUndefined();
		const calls = apiRequests(sb, '/users/track');
		expect(calls).toHaveLength(5);
		expect(calls.every((c) => c.status === 201)).toBe(true);
	});

	it('429s never use up Max Attempts: more 429s than attempts are waited out', async () => {
		sb.setFaults({ status: 429, count: 2, path: '/users/track' });
		const result = await run(sb, trackParams({ options: { ...FAST, maxAttempts: 1, maxRateLimitWaitSeconds: 10 } }), people(2));
		expect(result.error).toBeUndefined();
		expect(apiRequests(sb, '/users/track').map((c) => c.status)).toEqual([429, 429, 201]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written', braze: { attempts: 1, rateLimited: 2 } });
	}, 15000);
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
		const result = await run(sb, trackParams({ options: { ...FAST, initialRetryDelaySeconds: 0.2 } }), people(1));
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
		sb.settle();
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
