/**
 * Extole's documented reward body (Reward Webhooks page, "Reward Event Payload": `reward_id`
 * and `data`, no event name, no state, no event id) through the compiled Extole Trigger over
 * HTTP (see harness.js): the state comes from the URL of its REWARD webhook or from the node's
 * Reward State, the event id from the reward, so Extole's retries deduplicate.
 */
const { createHarness, post } = require('./harness');

const DOCUMENTED = JSON.stringify({
	reward_id: 'b600f6fdd06c83f8ffdd6309',
	data: { earned_event_value: '100.00', journey_name: 'ADVOCATE', rewardee_role: 'advocate', custom_key: 'custom_value', recipient_email: 'ada@example.com' },
});

type Harness = Awaited<ReturnType<typeof createHarness>>;
const harnesses: Harness[] = [];
async function harness(parameters: object) {
	const h = await createHarness({ parameters: { authentication: 'none', ...parameters }, credentials: {} });
	harnesses.push(h);
	return h;
}
afterAll(async () => {
	await Promise.all(harnesses.map((h) => h.stop()));
});

describe('the documented reward body', () => {
	it('at a URL with ?reward_state=EARNED is an Earned Reward on its recipient, with an id from the reward', async () => {
		const h = await harness({ events: ['earned_reward'] });
		const res = await post(`${h.productionUrl}?reward_state=EARNED`, DOCUMENTED);
		expect(res.body).toEqual({ status: 'accepted', event: 'earned_reward', event_id: 'b600f6fdd06c83f8ffdd6309:earned_reward' });
		expect(h.executions[0].items[0]).toMatchObject({ event: 'earned_reward', event_name: 'Earned Reward', email: 'ada@example.com', funnel: 'advocate' });
	});

	it("is deduplicated on Extole's retry (the same reward and state)", async () => {
		const h = await harness({});
		await post(`${h.productionUrl}?reward_state=EARNED`, DOCUMENTED);
		const retry = await post(`${h.productionUrl}?reward_state=EARNED`, DOCUMENTED);
		expect(retry.body).toEqual({ status: 'duplicate', event_id: 'b600f6fdd06c83f8ffdd6309:earned_reward' });
		await post(`${h.productionUrl}?reward_state=SENT`, DOCUMENTED); // the same reward, later state
		expect(h.executions.map((e: { items: Array<{ event: string }> }) => e.items[0].event)).toEqual(['earned_reward', 'reward_sent']);
	});

	it("takes the node's Reward State (manual set-up) over the URL's", async () => {
		const h = await harness({ rewardState: 'FULFILLED' });
		await post(h.productionUrl, DOCUMENTED);
		await post(`${h.productionUrl}?reward_state=EARNED`, DOCUMENTED.replace('b600', 'c700'));
		expect(h.executions.map((e: { items: Array<{ event: string }> }) => e.items[0].event)).toEqual(['reward_fulfilled', 'reward_fulfilled']);
	});

	it('without any state is Other: answered 200 and ignored by a workflow that selects Earned Reward', async () => {
		const h = await harness({ events: ['earned_reward'] });
		const res = await post(h.productionUrl, DOCUMENTED);
		expect(res.body).toEqual({ status: 'ignored', reason: 'event not selected', event: 'other' });
		const unknown = await post(`${h.productionUrl}?reward_state=EXPIRED`, DOCUMENTED);
		expect(unknown.body).toMatchObject({ status: 'ignored', event: 'other' });
		expect(h.executions).toHaveLength(0);
	});

	it('that names its event keeps it, whatever the URL says', async () => {
		const h = await harness({});
		await post(`${h.productionUrl}?reward_state=EARNED`, JSON.stringify({ type: 'reward_redeemed', reward_id: 'r-2' }));
		expect(h.executions[0].items[0]).toMatchObject({ event: 'reward_redeemed', event_id: 'r-2:reward_redeemed' });
	});
});

export {};
