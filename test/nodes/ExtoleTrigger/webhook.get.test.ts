/**
 * GET deliveries to the compiled Extole Trigger (see harness.js). Extole's "Webhook Creation"
 * page: "The payload URL: The destination URL the webhook will GET or POST to." The event then
 * comes as query parameters (the encoding is not documented: see query.ts), and there is no
 * body, so an HS256 signature covers the empty body.
 */
import { createHmac } from 'crypto';

const { createHarness, get } = require('./harness');
const { startExtoleSandbox } = require('../../../sandbox/extole');
const { sendEvent, buildEvent } = require('../../../sandbox/extole/send');

const KEY = 'whsec_get_0123456789abcdef0123456789';
const sign = (body: string | Buffer, key = KEY) => createHmac('sha256', key).update(body).digest('hex');
const basic = (value: string) => `Basic ${Buffer.from(value, 'utf8').toString('base64')}`;

type Harness = Awaited<ReturnType<typeof createHarness>>;
const harnesses: Harness[] = [];
async function harness(parameters: object, credentials: object = { extoleWebhookKeyApi: { key: KEY } }) {
	const h = await createHarness({ parameters, credentials });
	harnesses.push(h);
	return h;
}
afterAll(async () => {
	await Promise.all(harnesses.map((h) => h.stop()));
});

const query = { event_name: 'referral_registered', event_id: 'get-1', 'data[email]': 'friend@example.com', 'data[advocate]': 'adv@example.com' };

describe('a GET delivery', () => {
	it('starts one execution with the event read from the query parameters', async () => {
		const h = await harness({ authentication: 'none' }, {});
		const res = await get(h.productionUrl, query);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ status: 'accepted', event: 'referred_signed_up', event_id: 'get-1' });
		expect(h.executions).toHaveLength(1);
		expect(h.executions[0].items[0]).toMatchObject({ event: 'referred_signed_up', email: 'friend@example.com', funnel: 'friend', data: { advocate: 'adv@example.com' } });
		expect(h.executions[0].items[0].raw).toEqual({ event_name: 'referral_registered', event_id: 'get-1', data: { email: 'friend@example.com', advocate: 'adv@example.com' } });
	});

	it.each([
		['bearer', { Authorization: `Bearer ${KEY}` }, { Authorization: 'Bearer wrong' }],
		['basic', { Authorization: basic(KEY) }, { Authorization: basic('wrong') }],
		['signature', { 'X-Extole-Signature': sign('') }, { 'X-Extole-Signature': sign('event_name=shared') }],
	])('is verified like a POST in %s mode (HS256: over the empty body)', async (mode, good, bad) => {
		const h = await harness({ authentication: mode });
		expect((await get(h.productionUrl, { ...query, event_id: `get-${mode}` }, bad)).status).toBe(401);
		expect((await get(h.productionUrl, { ...query, event_id: `get-${mode}` }, {})).status).toBe(401);
		expect((await get(h.productionUrl, { ...query, event_id: `get-${mode}` }, good)).status).toBe(200);
		expect(h.executions).toHaveLength(1);
	});

	it('without any query parameter is refused (400) and starts nothing: there is no event', async () => {
		const h = await harness({ authentication: 'none' }, {});
		const res = await get(h.productionUrl);
		expect(res.status).toBe(400);
		expect(h.executions).toHaveLength(0);
	});

	it('is deduplicated by event_id, or by its exact query when it has none', async () => {
		const h = await harness({ authentication: 'none' }, {});
		await get(h.productionUrl, query);
		expect((await get(h.productionUrl, query)).body).toMatchObject({ status: 'duplicate' });
		const noId = { event_name: 'shared', email: 'a@example.com' };
		await get(h.productionUrl, noId);
		await get(h.productionUrl, noId);
		await get(h.productionUrl, { ...noId, email: 'b@example.com' });
		expect(h.executions).toHaveLength(3);
	});

	it("keeps the URL's reward_state out of the item's data and raw", async () => {
		const h = await harness({ authentication: 'none' }, {});
		await get(`${h.productionUrl}?reward_state=EARNED`, { reward_id: 'r-1', 'data[rewardee_role]': 'friend' });
		expect(h.executions[0].items[0]).toMatchObject({ event: 'earned_reward', event_id: 'r-1:earned_reward', funnel: 'friend', data: { reward_id: 'r-1' } });
		expect(h.executions[0].items[0].raw).toEqual({ reward_id: 'r-1', data: { rewardee_role: 'friend' } });
	});
});

describe('GET deliveries from the Extole sandbox and the sender', () => {
	it('a GET webhook of the sandbox, signed with its key, reaches the trigger with every field', async () => {
		const h = await harness({ authentication: 'bearer' });
		const ex = await startExtoleSandbox({ host: '127.0.0.1', port: 0, accessToken: 't', retrySchedule: [] });
		try {
			const headers = { Authorization: 'Bearer t', 'Content-Type': 'application/json' };
			const key = (await (await fetch(`${ex.url}/v2/settings/security/keys`, { method: 'POST', headers, body: JSON.stringify({ type: 'WEBHOOK', algorithm: 'PASSWORD', name: 'k', key: KEY }) })).json()) as { id: string };
			await fetch(`${ex.url}/v6/webhooks`, { method: 'POST', headers, body: JSON.stringify({ name: 'get', url: h.productionUrl, type: 'GENERIC', default_method: 'GET', client_key_id: key.id }) });
			const [record] = await ex.deliver('shared', { style: 'braze', overrides: { event_id: 'sb-get', email: 'sb@example.com', external_id: 'sb-1' } });
			expect(record.attempts.map((a: { method: string; status: number }) => [a.method, a.status])).toEqual([['GET', 200]]);
			expect(h.executions[0].items[0]).toMatchObject({ event: 'shared', event_id: 'sb-get', email: 'sb@example.com', external_id: 'sb-1', sandbox: false });
		} finally {
			await ex.stop();
		}
	});

	it('the sender sends GET with --method GET semantics (HS256 over the empty body)', async () => {
		const h = await harness({ authentication: 'signature' });
		const body = buildEvent('subscribed', 'data-map', { event_id: 'send-get', email: 's@example.com' });
		const res = await sendEvent({ url: h.productionUrl, body, secret: KEY, method: 'GET' });
		expect(res.status).toBe(200);
		expect(h.executions[0].items[0]).toMatchObject({ event: 'subscribed', event_id: 'send-get', email: 's@example.com' });
	});
});
