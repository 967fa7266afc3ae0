/**
 * Output items: one per input, paired, failed items as error items (Continue On Fail, regular or
 * error output) or the node's error naming the first failed item and its field after the others
 * were sent, what became of its write and of the other items; every item of a writing operation
 * says what became of its write (`delivery`).
 */
import type { Json } from '../helpers';
import { credentials, everything, FAST, harness, jsonItems, jsonTrack, people, PRODUCTION_KEY, run, trackParams, useSandbox } from '../helpers';

const sb = useSandbox();

describe('Continue On Fail', () => {
	it('without Continue On Fail, the node fails naming the first bad item after the others were sent', async () => {
		const result = await run(sb, jsonTrack(), jsonItems(5, [2, 4]));
		expect(result.error?.message).toMatch(/^Item 2: .*'inc' needs a number: visits/);
		expect(result.error?.description).toMatch(/2 of the 5 items failed \(items 2, 4\)\./);
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
		expect(error.message).toMatch(/^Item 0: Braze failed on \/users\/track with HTTP 500/);
		expect(error.description).toMatch(/^Braze may have applied this item before the failure/);
		expect(error.description).toMatch(/Delivery of the 4 items: 3 unknown: Braze may have applied it \(items 0, 1, 3\); 1 not written \(item 2\)\./);
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

describe('the node error names the item and field and says what became of the others', () => {
	const phone = (bad: string) => trackParams({ standardAttributes: { first_name: '={{ $json.name }}', phone: `={{ $json.id === "${bad}" ? "12" : "" }}` } });

	it('with one item, says what became of it and nothing of other items', async () => {
		const result = await run(sb, phone('u0'), people(1));
		expect(result.error?.message).toBe('Item 0: attributes.phone: "12" cannot be made an E.164 phone number (expected + country code and 7-15 digits, e.g. +14155552671)');
		expect(result.error?.description).toBe('Nothing of this item was sent to Braze (delivery: not written): correct it and run it again.');
	});

	it('with several items and one failed, says it is the only one and what became of each', async () => {
		const result = await run(sb, phone('u1'), people(3));
		expect(result.error?.message).toMatch(/^Item 1: attributes\.phone: "12" cannot be made an E\.164 phone number/);
		expect(result.error?.description).toBe(
			'Nothing of this item was sent to Braze (delivery: not written): correct it and run it again. It is the only one of the 3 items that failed. ' +
				'Delivery of the 3 items: 2 written; 1 not written (item 1). ' +
				'To get one output item per input item, failed ones included, set the node\'s Settings > On Error to "Continue".',
		);
		expect((result.error as any).context).toMatchObject({ failedItems: [1], delivery: { written: 2, 'not written': 1 } });
	});

	it('when every item failed, says so and lists them', async () => {
		const result = await run(sb, jsonTrack(), jsonItems(2, [0, 1]));
		expect(result.error?.description).toMatch(/All 2 items failed \(items 0, 1\)\. Delivery of the 2 items: 2 not written \(items 0, 1\)\./);
	});

	it('for a read, says the other items were looked up, and nothing of a delivery', async () => {
		sb.setFaults({ status: 503, count: 1, path: '/users/export/ids' });
		const parameters = { resource: 'user', operation: 'exportByIdentifier', identifierType: 'braze_id', brazeId: '={{ $json.id }}', options: { ...FAST, maxAttempts: 1 } };
		const result = await run(sb, parameters, [{ id: 'b0' }, { id: 'b1' }]);
		expect(result.error?.message).toMatch(/^Item 0: Braze failed on \/users\/export\/ids with HTTP 503/);
		expect(result.error?.description).toMatch(/^It is the only one of the 2 items that failed\. The other item was looked up\. To get one output item/);
		expect(result.error?.description).not.toMatch(/[Dd]elivery/);
	});

	it('never shows the key, not even when Braze refuses it', async () => {
		const result = await run(sb, trackParams(), people(2), { credentials: credentials(sb, { apiKey: `${PRODUCTION_KEY}-revoked` }) });
		expect(result.error?.message).toMatch(/^Item 0: Braze rejected the production REST API key \(401/);
		expect(result.error?.description).toMatch(/All 2 items failed/);
		expect(everything(result)).not.toContain(PRODUCTION_KEY);
	});
});
