/**
 * Output items: one per input, paired, failed items as error items (Continue On Fail, regular or
 * error output) or the node's error naming the first failed item after the others were sent.
 */
import type { Json } from '../helpers';
import { credentials, harness, jsonItems, jsonTrack, run, useSandbox } from '../helpers';

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
		expect(errors[0].json.details).toMatchObject({ success: false, operation: 'user.track', environment: 'production', errorKind: 'partial' });
	});

	it('"Continue (regular output)" keeps one item per input, failed ones with success: false and the reason', async () => {
		const result = await run(sb, jsonTrack(), jsonItems(3, [1]), { continueOnFail: true });
		expect(result.json.map((j) => j.success)).toEqual([true, false, true]);
		expect(result.json[1]).toMatchObject({ operation: 'user.track', environment: 'production', errorKind: 'partial' });
	});
});
