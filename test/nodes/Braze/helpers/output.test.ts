/**
 * Output items: one per input, paired, failed items as error items (Continue On Fail, regular or
 * error output) or the node's error naming the first failed item after the others were sent;
 * every item of a writing operation says what became of its write (`delivery`).
 */
import type { Json } from '../helpers';
import { credentials, FAST, harness, jsonItems, jsonTrack, people, run, trackParams, useSandbox } from '../helpers';

const sb = useSandbox();

describe('Continue On Fail', () => {
	it('without Continue On Fail, the node fails naming the first bad item after the others were sent', async () => {
		const result = await run(sb, jsonTrack(), jsonItems(5, [2, 4]));
		expect(result.error?.message).toMatch(/^Item 2: .*'inc' needs a number: visits/);
		expect(result.error?.description).toMatch(/1 more item\(s\) failed too \(items 4\)/);
		sb.settle();
		expect((sb.users('production') as Json[]).length).toBe(3);
	});

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
		expect(String(errors[0].json.error)).toMatch(/^Item 1: .*'inc' needs a number: visits/);
		expect(errors[0].json.details).toMatchObject({ success: false, operation: 'user.track', environment: 'production', errorKind: 'partial', delivery: 'not written' });
		expect(main.map((i) => i.json.delivery)).toEqual(['written', 'written']);
	});

	it('"Continue (regular output)" keeps one item per input, failed ones with success: false and the reason', async () => {
		const result = await run(sb, jsonTrack(), jsonItems(3, [1]), { continueOnFail: true });
		expect(result.json.map((j) => j.success)).toEqual([true, false, true]);
		expect(result.json[1]).toMatchObject({ operation: 'user.track', environment: 'production', errorKind: 'partial', delivery: 'not written' });
		expect(result.json.map((j) => j.delivery)).toEqual(['written', 'not written', 'written']);
	});
});

describe('delivery in the node error (Continue On Fail off)', () => {
	const event = { event: [{ name: 'shared', time: '2026-01-01T00:00:00Z', properties: '{}' }] };

	it('counts every item by delivery, lists the items that may already be in Braze, and keeps it all in the context', async () => {
		// item 2 has a bad phone (not written); the request of the others is applied, then fails,
		// and at most once is not sent again with its events: unknown
		sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: '/users/track' });
		const params = trackParams({
			standardAttributes: { first_name: '={{ $json.name }}', phone: '={{ $json.id === "u2" ? "12" : "" }}' },
			events: event,
			options: { ...FAST, uncertainRetry: 'atMostOnce' },
		});
		const result = await run(sb, params, people(4));
		const error = result.error as any;
		expect(error.message).toMatch(/^Item 0: .*Braze may have applied this item/);
		expect(error.description).toMatch(/Delivery of the 4 items: 3 unknown: Braze may have applied it \(items 0, 1, 3\); 1 not written \(items 2\)\./);
		expect(error.description).toMatch(/may already be in Braze: check them before sending them again/);
		expect(error.context).toMatchObject({
			delivery: { 'unknown: Braze may have applied it': 3, 'not written': 1 },
			itemsByDelivery: { 'unknown: Braze may have applied it': [0, 1, 3], 'not written': [2] },
		});
	});

	it('a run where every item is written says nothing but success, duplicates flagged on their items', async () => {
		sb.setFaults({ status: 502, count: 1, path: '/users/track' });
		const result = await run(sb, trackParams({ events: event, options: FAST }), people(2));
		expect(result.error).toBeUndefined();
		expect(result.json.map((j) => j.delivery)).toEqual(['written, may be duplicated', 'written, may be duplicated']);
	});
});
