/**
 * Registration lifecycle of the compiled Extole Trigger (webhookMethods, run through n8n-core's
 * HookContext and httpRequestWithAuthentication) against the Extole sandbox, and deliveries from
 * the sandbox, signed with the generated key, to the node.
 */
const { createHarness, post } = require('./harness');
const { startExtoleSandbox } = require('../../../sandbox/extole');
const { planWebhooks } = require('../../../dist/nodes/ExtoleTrigger/registration');

const TOKEN = 'sandbox-access-token-123';

type Sandbox = Awaited<ReturnType<typeof startExtoleSandbox>>;
type Harness = Awaited<ReturnType<typeof createHarness>>;

let ex: Sandbox;
const harnesses: Harness[] = [];

beforeAll(async () => {
	ex = await startExtoleSandbox({ host: '127.0.0.1', port: 0, accessToken: TOKEN, retrySchedule: [20, 40] });
});
afterAll(async () => {
	await Promise.all(harnesses.map((h) => h.stop()));
	await ex.stop();
});
beforeEach(() => ex.reset());

async function harness(events: string[], token = TOKEN) {
	const h = await createHarness({
		parameters: { events, registerWebhook: true, authentication: 'none' },
		credentials: { extoleApi: { accessToken: token, baseUrl: `${ex.url}/` } },
	});
	harnesses.push(h);
	return h;
}

describe('planWebhooks', () => {
	it.each([
		[['*'], ['GENERIC', 'REWARD'], ['EARNED', 'FULFILLED', 'FAILED', 'SENT', 'REDEEMED', 'CANCELED', 'REVOKED']],
		[['shared'], ['GENERIC'], []],
		[['other'], ['GENERIC'], []],
		[['earned_reward'], ['REWARD'], ['EARNED']],
		[['reward_sent', 'shared', 'earned_reward'], ['GENERIC', 'REWARD'], ['EARNED', 'SENT']],
		// Extole's Reward Webhooks page: a failed fulfilment comes with state FULFILLED.
		[['reward_fulfillment_failed', 'reward_fulfilled'], ['REWARD'], ['FULFILLED']],
	])('%j -> %j, one REWARD webhook for each of %j', (events, kinds, states) => {
		expect(planWebhooks(events)).toEqual({ kinds, rewardStates: states });
	});
});

describe('publish / unpublish', () => {
	it('creates an HS256 key, a GENERIC webhook at the production URL and one REWARD webhook per state, its URL saying the state', async () => {
		const h = await harness(['shared', 'referred_converted', 'earned_reward', 'reward_sent']);
		expect(await h.publish()).toEqual({ exists: false, created: true });

		const keys = ex.keys({ secrets: true });
		expect(keys).toHaveLength(1);
		expect(keys[0]).toMatchObject({ type: 'WEBHOOK', algorithm: 'HS256' });
		expect(keys[0].key).toMatch(/^[0-9a-f]{64}$/);

		const hooks = ex.webhooks();
		const shape = (w: { type: string; url: string; filters: Array<{ states: string[] }> }) => [w.type, w.url, w.filters.map((f) => f.states)];
		expect(hooks.map(shape)).toEqual([
			['GENERIC', h.productionUrl, []],
			['REWARD', `${h.productionUrl}?reward_state=EARNED`, [['EARNED']]],
			['REWARD', `${h.productionUrl}?reward_state=SENT`, [['SENT']]],
		]);
		for (const w of hooks) {
			expect(w).toMatchObject({ client_key_id: keys[0].id, enabled: true, default_method: 'POST' });
		}

		// The generated secret is in the node's static data, never in the API responses kept by the sandbox.
		const saved = JSON.stringify(h.staticData);
		expect(saved).toContain(keys[0].key);
		// Every API call carried the token from the credential.
		expect(ex.requests().every((r: { status: number }) => r.status !== 401)).toBe(true);
	});

	it('finds the registration on the next publish and creates nothing more', async () => {
		const h = await harness(['*']);
		await h.publish();
		const before = { hooks: ex.webhooks(), keys: ex.keys() };
		expect(await h.checkExists()).toBe(true);
		expect(await h.publish()).toEqual({ exists: true, created: false });
		expect(ex.webhooks()).toEqual(before.hooks);
		expect(ex.keys()).toEqual(before.keys);
		// All events: a REWARD webhook for each of Extole's seven reward states.
		expect(ex.webhooks().filter((w: { type: string }) => w.type === 'REWARD')).toHaveLength(7);
	});

	it('unpublish deletes the webhooks and the key; publishing again leaves exactly one set', async () => {
		const h = await harness(['shared', 'earned_reward']);
		await h.publish();
		expect(await h.unpublish()).toBe(true);
		expect(ex.webhooks()).toEqual([]);
		expect(ex.keys()).toEqual([]);
		expect(await h.checkExists()).toBe(false);
		expect(JSON.stringify(h.staticData)).not.toContain('extoleRegistration');

		await h.publish();
		await h.publish();
		expect(ex.webhooks()).toHaveLength(2);
		expect(ex.keys()).toHaveLength(1);
	});

	it('re-publishing after the static data was lost reuses the webhooks at the URL instead of duplicating them', async () => {
		const h = await harness(['shared']);
		await h.publish();
		const firstId = ex.webhooks()[0].id;
		h.staticData = {}; // e.g. workflow re-imported
		expect(await h.checkExists()).toBe(false);
		await h.publish();
		const hooks = ex.webhooks();
		expect(hooks).toHaveLength(1);
		expect(hooks[0].id).toBe(firstId);
		expect(hooks[0].client_key_id).toBe(ex.keys().slice(-1)[0].id);
	});

	it('changing the events re-plans on the next publish, keeping the GENERIC webhook id (campaigns use it)', async () => {
		const h = await harness(['shared', 'earned_reward']);
		await h.publish();
		const genericId = ex.webhooks().find((w: { type: string }) => w.type === 'GENERIC').id;
		const oldKey = ex.keys()[0].id;

		h.parameters.events = ['shared'];
		expect(await h.checkExists()).toBe(false);
		await h.publish();
		expect(ex.webhooks().map((w: { id: string; type: string }) => [w.type, w.id])).toEqual([['GENERIC', genericId]]);
		expect(ex.keys()).toHaveLength(1);
		expect(ex.keys()[0].id).not.toBe(oldKey);

		h.parameters.events = ['shared', 'earned_reward', 'reward_redeemed'];
		expect(await h.checkExists()).toBe(false);
		await h.publish();
		const hooks = ex.webhooks();
		expect(hooks.find((w: { type: string }) => w.type === 'GENERIC').id).toBe(genericId);
		const states = (list: Array<{ type: string; filters: Array<{ states: string[] }> }>) =>
			list.filter((w) => w.type === 'REWARD').map((w) => w.filters.map((f) => f.states));
		expect(states(hooks)).toEqual([[['EARNED']], [['REDEEMED']]]);

		h.parameters.events = ['shared', 'earned_reward'];
		expect(await h.checkExists()).toBe(false);
		await h.publish();
		expect(states(ex.webhooks())).toEqual([[['EARNED']]]);
		expect(await h.checkExists()).toBe(true);
	});

	it('a webhook removed in Extole by hand is noticed by checkExists and recreated', async () => {
		const h = await harness(['earned_reward']);
		await h.publish();
		const id = ex.webhooks()[0].id;
		await fetch(`${ex.url}/v6/webhooks/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${TOKEN}` } });
		expect(await h.checkExists()).toBe(false);
		await h.publish();
		expect(ex.webhooks()).toHaveLength(1);
		expect(ex.keys()).toHaveLength(1);
	});

	it('when a campaign still uses the webhook, unpublish disables it, and publish re-enables it', async () => {
		const h = await harness(['shared']);
		await h.publish();
		const id = ex.webhooks()[0].id;
		ex.attachCampaign(id);
		expect(await h.unpublish()).toBe(true);
		expect(ex.webhooks()).toEqual([expect.objectContaining({ id, enabled: false })]);
		expect(ex.keys()).toEqual([]);
		await h.publish();
		expect(ex.webhooks()).toEqual([expect.objectContaining({ id, enabled: true })]);
	});

	it('fails publishing with a clear error when the token is wrong, and leaves nothing behind', async () => {
		const h = await harness(['shared'], 'wrong-token');
		await expect(h.publish()).rejects.toThrow(/Extole API: creating the webhook client key failed \(HTTP 401\)/);
		expect(ex.webhooks()).toEqual([]);
		expect(ex.keys()).toEqual([]);
	});

	it('does nothing in Extole when registration is off', async () => {
		const h = await createHarness({ parameters: { events: ['*'], registerWebhook: false, authentication: 'none' } });
		harnesses.push(h);
		expect(await h.publish()).toEqual({ exists: true, created: false });
		expect(await h.unpublish()).toBe(true);
		expect(ex.requests()).toEqual([]);
	});
});

describe('deliveries from the sandbox to a registered trigger', () => {
	it('accepts events signed with the generated key and deduplicates Extole duplicates', async () => {
		const h = await harness(['*']);
		await h.publish();
		const person = await ex.deliver('shared', { duplicates: 2, overrides: { event_id: 'deliv-1' } });
		expect(person.map((d: { status: string }) => d.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
		const reward = await ex.deliver('earned_reward', { overrides: { event_id: 'deliv-2' } });
		expect(reward).toHaveLength(1);
		expect(h.executions.map((e: { items: Array<{ event: string }> }) => e.items[0].event)).toEqual(['shared', 'earned_reward']);
	});

	it("turns Extole's documented reward body (no name, no state, no id) into the registered state's event, once per retry", async () => {
		// Reward Webhooks page, "Reward Event Payload": the REWARD webhook of each state calls its own URL.
		const h = await harness(['earned_reward', 'reward_sent']);
		await h.publish();
		const earned = await ex.deliver('earned_reward', { style: 'reward-payload', duplicates: 1, overrides: { email: 'ada@example.com' } });
		expect(earned.map((d: { url: string; status: string }) => [d.url, d.status])).toEqual([
			[`${h.productionUrl}?reward_state=EARNED`, 'DELIVERED'],
			[`${h.productionUrl}?reward_state=EARNED`, 'DELIVERED'],
		]);
		await ex.deliver('reward_sent', { style: 'reward-payload', overrides: { email: 'ada@example.com' } });
		const items = h.executions.map((e: { items: Array<Record<string, unknown>> }) => e.items[0]);
		expect(items.map((i: Record<string, unknown>) => [i.event, i.email])).toEqual([
			['earned_reward', 'ada@example.com'],
			['reward_sent', 'ada@example.com'],
		]);
		expect(items[0].event_id).toMatch(/^[0-9a-f]{24}:earned_reward$/);
	});

	it('delivers concurrent duplicates and still starts one execution', async () => {
		const h = await harness(['referred_converted']);
		await h.publish();
		const records = await ex.deliver('referred_converted', { duplicates: 9, concurrent: true, overrides: { event_id: 'deliv-c' } });
		expect(records).toHaveLength(10);
		expect(records.every((d: { status: string }) => d.status === 'DELIVERED')).toBe(true);
		expect(h.executions).toHaveLength(1);
	});

	it('a webhook signed with another key is rejected (401) and retried by the sandbox, starting nothing', async () => {
		const h = await harness(['shared']);
		await h.publish();
		// Point the webhook at a key the node does not know.
		const res = await fetch(`${ex.url}/v2/settings/security/keys`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ type: 'WEBHOOK', algorithm: 'HS256', name: 'foreign', key: 'not-the-generated-one' }),
		});
		const foreign = (await res.json()) as { id: string };
		const hook = ex.webhooks()[0];
		await fetch(`${ex.url}/v6/webhooks/${hook.id}`, {
			method: 'PUT',
			headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ client_key_id: foreign.id }),
		});
		const [record] = await ex.deliver('shared', { overrides: { event_id: 'deliv-bad' } });
		expect(record.status).toBe('FAILED');
		expect(record.attempts.map((a: { status: number }) => a.status)).toEqual([401, 401, 401]);
		expect(h.executions).toHaveLength(0);
	});

	it('after unpublish the old secret no longer verifies anything', async () => {
		const h = await harness(['shared']);
		await h.publish();
		const secret = ex.keys({ secrets: true })[0].key;
		await h.unpublish();
		const { createHmac } = require('crypto');
		const body = JSON.stringify({ event_name: 'shared', event_id: 'after-unpublish' });
		const res = await post(h.productionUrl, body, { 'X-Extole-Signature': createHmac('sha256', secret).update(body).digest('hex') });
		expect(res.status).toBe(401);
		expect(h.executions).toHaveLength(0);
	});
});

describe('failed registration', () => {
	it('deletes the new key when the webhook cannot be created, and reports Extole\'s error', async () => {
		const h = await createHarness({
			parameters: { events: ['shared'], registerWebhook: true },
			credentials: { extoleApi: { accessToken: TOKEN, baseUrl: ex.url } },
			webhookBaseUrl: 'ftp://n8n.invalid/webhook',
		});
		harnesses.push(h);
		await expect(h.publish()).rejects.toThrow(/creating the GENERIC webhook failed \(HTTP 400\)/);
		expect(ex.keys()).toEqual([]);
		expect(ex.webhooks()).toEqual([]);
		expect(JSON.stringify(h.staticData)).not.toContain('extoleRegistration');
	});
});

export {};
