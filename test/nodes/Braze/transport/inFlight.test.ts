/**
 * Requests in Flight, through the compiled node against the sandbox: at most that many requests
 * wait for Braze at once, output items keep the input order whatever order the answers come in,
 * and all requests in flight keep to one rate-limit budget per key and endpoint.
 */
import type { Json } from '../helpers';
import { apiRequests, credentials, FAST, people, run, startSandbox, trackParams, useSandbox } from '../helpers';

const sb = useSandbox();

/** Most requests of `path` the sandbox was handling at the same time, from its request log. */
function mostAtOnce(requests: Json[]): number {
	const edges = requests.flatMap((r) => {
		const start = Date.parse(r.time);
		return [
			{ at: start, step: 1 },
			{ at: start + r.durationMs, step: -1 },
		];
	});
	edges.sort((a, b) => a.at - b.at || a.step - b.step);
	let now = 0;
	let most = 0;
	for (const edge of edges) {
		now += edge.step;
		most = Math.max(most, now);
	}
	return most;
}

describe('Requests in Flight', () => {
	// What this saves in wall time is measured in `npm run bench` (node vs raw client at 100 ms);
	// here only the shape: how many requests overlap.
	it('keeps at most that many requests waiting for Braze at once, and uses them', async () => {
		sb.setFaults({ latencyMs: 150, path: '/users/track' });
		const result = await run(sb, trackParams({ options: { ...FAST, batchSize: 1, requestsInFlight: 4 } }), people(13));
		expect(result.error).toBeUndefined();
		const calls = apiRequests(sb, '/users/track');
		expect(calls).toHaveLength(13);
		expect(mostAtOnce(calls)).toBe(4);
	});

	it('one request in flight sends them one after another', async () => {
		sb.setFaults({ latencyMs: 30, path: '/users/track' });
		await run(sb, trackParams({ options: { ...FAST, batchSize: 1, requestsInFlight: 1 } }), people(5));
		expect(mostAtOnce(apiRequests(sb, '/users/track'))).toBe(1);
	});

	it('keeps the output in input order when answers come back in another order', async () => {
		// seed 1: the first request passes at once, the second (the first of the next 4) is held
		// 300 ms, so the requests that arrive after it are answered before it
		sb.setFaults({ latencyMs: 300, rate: 0.5, seed: 1, path: '/users/track' });
		const result = await run(sb, trackParams({ options: { ...FAST, batchSize: 2, requestsInFlight: 4 } }), people(16));
		const answered = apiRequests(sb, '/users/track').map((c) => c.body.attributes[0].external_id);
		const sentOrder = [...apiRequests(sb, '/users/track')]
			.sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
			.map((c) => c.body.attributes[0].external_id);
		expect(answered).not.toEqual(sentOrder); // the log is in answer order: they did cross
		expect(result.items.map((i) => i.pairedItem)).toEqual(people(16).map((_p, i) => ({ item: i })));
		expect(result.json.map((j) => j.identifier.external_id)).toEqual(people(16).map((p) => p.id));
		expect(result.json.every((j) => j.delivery === 'written')).toBe(true);
	});

	it('requests in flight keep to one rate-limit budget: no window is overrun, no 429', async () => {
		const limited = await startSandbox({ rateLimits: { 'users.track': { limit: 5, windowMs: 1000 } } });
		try {
			limited.setFaults({ latencyMs: 40, path: '/users/track' });
			const options = { ...FAST, batchSize: 1, requestsInFlight: 4 };
			const result = await run(limited, trackParams({ options }), people(16), { credentials: credentials(limited) });
			expect(result.error).toBeUndefined();
			const calls = apiRequests(limited, '/users/track');
			expect(calls.map((c) => c.status).filter((s) => s !== 201)).toEqual([]);
			const perWindow = new Map<number, number>();
			for (const c of calls) {
				const window = Math.floor(Date.parse(c.time) / 1000);
				perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
			}
			expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(5);
		} finally {
			await limited.stop();
		}
	});

	it("Sync Extole Event's email lookups count toward the same limit", async () => {
		sb.setFaults({ latencyMs: 100, path: '/users/export/ids' });
		const items = Array.from({ length: 8 }, (_, i) => ({ event: 'shared', event_id: `e${i}`, email: `p${i}@example.com` }));
		const params = {
			resource: 'referral',
			operation: 'syncExtoleEvent',
			syncOptions: { lookupConcurrency: 8 },
			options: { ...FAST, requestsInFlight: 2 },
		};
		const result = await run(sb, params, items);
		expect(result.error).toBeUndefined();
		const lookups = apiRequests(sb, '/users/export/ids');
		expect(lookups).toHaveLength(8);
		expect(mostAtOnce(lookups)).toBeLessThanOrEqual(2);
	});
});
