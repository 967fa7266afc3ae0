/**
 * /users/track through the node: batching within Braze's limits (75 per array, the combined cap),
 * and `errors[]` of an answer mapped back through input_array and index to the item that sent the object.
 */
import type { Json } from '../helpers';
import { apiRequests, credentials, FAST, jsonItems, jsonTrack, people, run, startSandbox, trackParams, useSandbox } from '../helpers';

const sb = useSandbox();

describe('User > Track batching', () => {
	it.each([
		[1, 1],
		[75, 1],
		[76, 2],
		[150, 2],
		[1000, 14],
	])('%i items go out in %i request(s), in input order, each output paired', async (count, requests) => {
		const result = await run(sb, trackParams(), people(count));
		expect(result.error).toBeUndefined();
		const calls = apiRequests(sb, '/users/track');
		expect(calls).toHaveLength(requests);
		expect(calls.every((c) => c.body.attributes.length <= 75)).toBe(true);
		const sentIds = calls.flatMap((c) => c.body.attributes.map((a: Json) => a.external_id));
		expect(sentIds).toEqual(people(count).map((p) => p.id));
		expect(result.items).toHaveLength(count);
		result.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.identifier).toEqual({ external_id: `u${i}` });
		});
		sb.settle();
		expect((sb.users('production') as Json[]).length).toBe(count);
	});

	it('keeps attributes, events and purchases each at 75 per request', async () => {
		const params = trackParams({ events: { event: [{ name: 'e', time: '', properties: '{}' }] } });
		await run(sb, params, people(100));
		const calls = apiRequests(sb, '/users/track');
		expect(calls).toHaveLength(2);
		expect(calls.map((c) => [c.body.attributes.length, c.body.events.length])).toEqual([[75, 75], [25, 25]]);
	});

	it('honours a combined cap of 50 objects per request (plans limited to 50)', async () => {
		const capped = await startSandbox({ trackMaxCombined: 50 });
		try {
			const params = trackParams({ events: { event: [{ name: 'e', time: '', properties: '{}' }] }, options: { trackMaxObjectsPerRequest: 50 } });
			const result = await run(capped, params, people(60), { credentials: credentials(capped) });
			expect(result.error).toBeUndefined();
			const calls = apiRequests(capped, '/users/track');
			expect(calls).toHaveLength(3);
			expect(calls.every((c) => c.status === 201 && c.body.attributes.length + c.body.events.length <= 50)).toBe(true);
			// an item's attribute and event travel together
			expect(calls.every((c) => c.body.attributes.length === c.body.events.length)).toBe(true);
		} finally {
			await capped.stop();
		}
	});

	it('honours a smaller batch size', async () => {
		await run(sb, trackParams({ options: { batchSize: 10 } }), people(25));
		expect(apiRequests(sb, '/users/track').map((c) => c.body.attributes.length)).toEqual([10, 10, 5]);
	});
});

describe('partial errors (errors[].index in a 2xx answer)', () => {
	it('fail exactly the items Braze names; the others succeed (Continue On Fail)', async () => {
		const result = await run(sb, jsonTrack(), jsonItems(80, [3, 76]), { continueOnFail: true });
		expect(apiRequests(sb, '/users/track')).toHaveLength(2);
		expect(result.items).toHaveLength(80);
		const failed = result.json.map((j, i) => (j.success ? -1 : i)).filter((i) => i >= 0);
		expect(failed).toEqual([3, 76]);
		expect(result.json[3]).toMatchObject({ success: false, operation: 'user.track', environment: 'production', errorKind: 'partial' });
		expect(result.json[3].error).toMatch(/^Item 3: Braze did not process this object in attributes\[3\] \(\/users\/track\): 'inc' needs a number: visits/);
		expect(result.json[3].brazeError).toBe("'inc' needs a number: visits");
		expect(result.items[76].pairedItem).toEqual({ item: 76 });
		expect(result.json[4]).toMatchObject({ success: true, braze: { errorCount: 1 } });
		sb.settle();
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


	it('a 400 whose every object was invalid fails those items with Braze\'s reason, once (no retry)', async () => {
		const result = await run(sb, jsonTrack(FAST), jsonItems(2, [0, 1]), { continueOnFail: true });
		expect(apiRequests(sb, '/users/track')).toHaveLength(1);
		expect(result.json[0]).toMatchObject({ success: false, httpCode: 400 });
		expect(result.json[0].error).toMatch(/HTTP 400.*Valid data must be provided.*attributes\[0\]: 'inc' needs a number/);
		expect(result.json[1].error).toMatch(/attributes\[1\]/);
	});
});
