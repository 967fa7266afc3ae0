/** Webhook delivery by the Extole sandbox (sandbox/extole/delivery.js): signing, GET, retries, duplicates, routing by state. */
import { createHmac } from 'crypto';
import * as http from 'http';

const { startExtoleSandbox, rewardStateOf } = require('../../../sandbox/extole');

const TOKEN = 'sb-token';
type Sandbox = Awaited<ReturnType<typeof startExtoleSandbox>>;

interface Received {
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	url: string;
}

/** A receiver that records requests and answers with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks), url: req.url ?? "" });
			res.statusCode = statuses.length ? (statuses.shift() as number) : 200;
			res.end('{}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}

let ex: Sandbox;
beforeAll(async () => {
	ex = await startExtoleSandbox({ host: '127.0.0.1', port: 0, accessToken: TOKEN, retrySchedule: [10, 20, 30] });
});
afterAll(async () => {
	await ex.stop();
});
beforeEach(() => ex.reset());

async function api(method: string, p: string, body?: unknown, token: string | null = TOKEN) {
	const res = await fetch(`${ex.url}${p}`, {
		method,
		headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function createKey(algorithm = 'HS256', key = 'secret-1', name = `k-${Math.random()}`) {
	return (await api('POST', '/v2/settings/security/keys', { type: 'WEBHOOK', algorithm, name, key })).body;
}
async function createWebhook(url: string, extra: object = {}) {
	return (await api('POST', '/v6/webhooks', { name: 'n8n', url, type: 'GENERIC', default_method: 'POST', enabled: true, ...extra })).body;
}

describe('delivery', () => {
	it.each([
		['HS256', (b: Buffer, h: http.IncomingHttpHeaders) => h['x-extole-signature'] === createHmac('sha256', 'kk').update(b).digest('hex')],
		['PASSWORD', (_b: Buffer, h: http.IncomingHttpHeaders) => h.authorization === 'Bearer kk'],
		['HTTP_BASIC', (_b: Buffer, h: http.IncomingHttpHeaders) => h.authorization === `Basic ${Buffer.from('kk').toString('base64')}`],
	])('authenticates with the key algorithm %s', async (algorithm, check) => {
		const r = await receiver();
		const key = await createKey(algorithm, 'kk');
		await createWebhook(r.url, { client_key_id: key.id });
		const [record] = await ex.deliver('shared');
		expect(record.status).toBe('DELIVERED');
		expect(r.received).toHaveLength(1);
		expect(check(r.received[0].body, r.received[0].headers)).toBe(true);
		expect(JSON.parse(r.received[0].body.toString())).toMatchObject({ event_name: 'extole_shared' });
		await r.close();
	});

	it('sends a GET webhook\'s delivery as query parameters, authenticated over the empty body it sends', async () => {
		// Extole's Webhook Creation page: the payload URL is GET or POSTed to.
		const r = await receiver();
		const key = await createKey('HS256', 'kk');
		await createWebhook(`${r.url}?reward_state=EARNED`, { client_key_id: key.id, default_method: 'GET' });
		await ex.deliver({ event_name: 'shared', event_id: 'g-1', data: { email: 'g@example.com' } }, { type: 'GENERIC' });
		expect(r.received).toHaveLength(1);
		expect(r.received[0].body.length).toBe(0);
		expect(r.received[0].headers['x-extole-signature']).toBe(createHmac('sha256', 'kk').update('').digest('hex'));
		expect(r.received[0].url).toBe('/hook?reward_state=EARNED&event_name=shared&event_id=g-1&data%5Bemail%5D=g%40example.com');
		await r.close();
	});

	it('sends raw strings byte for byte', async () => {
		const r = await receiver();
		await createWebhook(r.url);
		const raw = '{"event_name":"shared", "x":1.0,"s":"\\u00e9"}';
		await ex.deliver(raw);
		expect(r.received[0].body.toString()).toBe(raw);
		await r.close();
	});

	it('retries non-2xx answers on the schedule, then marks the delivery', async () => {
		const r = await receiver([500, 503]);
		await createWebhook(r.url);
		const [ok] = await ex.deliver('shared');
		expect(ok.status).toBe('DELIVERED');
		expect(ok.attempts.map((a: { status: number }) => a.status)).toEqual([500, 503, 200]);
		// Waits between attempts follow the configured (shortened) schedule: 10 ms, then 20 ms.
		const at = ok.attempts.map((a: { at: string }) => Date.parse(a.at));
		expect(at[1] - at[0]).toBeGreaterThanOrEqual(10);
		expect(at[2] - at[1]).toBeGreaterThanOrEqual(20);
		expect(at[2] - at[0]).toBeLessThan(2000);

		const r2 = await receiver([500, 500, 500, 500, 500]);
		await api('PUT', `/v6/webhooks/${ex.webhooks()[0].id}`, { url: r2.url });
		const [failed] = await ex.deliver('shared');
		expect(failed.status).toBe('FAILED');
		expect(failed.attempts).toHaveLength(4); // first try + 3 retries
		expect(ex.deliveries().map((d: { status: string }) => d.status)).toEqual(['DELIVERED', 'FAILED']);
		await r.close();
		await r2.close();
	});

	it("uses a webhook's own retry_intervals instead of the default schedule", async () => {
		const r = await receiver([500, 500, 500, 500, 500]);
		await createWebhook(r.url, { retry_intervals: [5] });
		const [record] = await ex.deliver('shared');
		expect(record.status).toBe('FAILED');
		expect(record.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500]); // first try + 1 retry
		await r.close();
	});

	it('retries when the receiver cannot be reached', async () => {
		const r = await receiver();
		const url = r.url;
		await r.close();
		await createWebhook(url);
		const [record] = await ex.deliver('shared');
		expect(record.status).toBe('FAILED');
		expect(record.attempts.every((a: { status: number | null; error?: string }) => a.status === null && a.error)).toBe(true);
	});

	it('sends duplicates on demand, one after the other or all at once', async () => {
		const r = await receiver();
		await createWebhook(r.url);
		await ex.deliver('referred_converted', { duplicates: 2, overrides: { event_id: 'same' } });
		await ex.deliver('referred_converted', { duplicates: 3, concurrent: true, overrides: { event_id: 'same2' } });
		expect(r.received).toHaveLength(7);
		const bodies = r.received.map((x) => x.body.toString());
		expect(new Set(bodies.slice(0, 3)).size).toBe(1);
		expect(new Set(bodies.slice(3)).size).toBe(1);
		await r.close();
	});

	it('routes person events to GENERIC and reward events to REWARD webhooks by state filter', async () => {
		const generic = await receiver();
		const earned = await receiver();
		const all = await receiver();
		const disabled = await receiver();
		await createWebhook(generic.url);
		const e = await createWebhook(earned.url, { type: 'REWARD' });
		await api('POST', `/v4/webhooks/reward/${e.id}/filters/state`, { states: ['EARNED'] });
		await createWebhook(all.url, { type: 'REWARD' });
		await createWebhook(disabled.url, { enabled: false });
		await ex.deliver('shared');
		await ex.deliver('earned_reward');
		await ex.deliver('reward_sent');
		// A body given as is is routed by the event it says it is, as Extole knows what it sends.
		await ex.deliver({ type: 'extole_advocate_reward_earned', event_id: 'x' }, { event: 'earned_reward' });
		await ex.deliver({ reward_id: 'r-1', data: {} }, { rewardState: 'SENT' });
		expect(generic.received).toHaveLength(1);
		expect(earned.received).toHaveLength(2);
		expect(all.received).toHaveLength(4);
		expect(disabled.received).toHaveLength(0);
		await Promise.all([generic.close(), earned.close(), all.close(), disabled.close()]);
	});

	it("knows each catalogue event's reward state, FULFILLED for a failed fulfilment (Extole's Reward Webhooks page)", () => {
		expect(rewardStateOf('earned_reward')).toBe('EARNED');
		expect(rewardStateOf('reward_fulfillment_failed')).toBe('FULFILLED');
		expect(rewardStateOf('shared')).toBeNull();
		expect(rewardStateOf('not_in_the_catalogue')).toBeNull();
	});

	it('can be driven over the admin API', async () => {
		const r = await receiver();
		const w = await createWebhook(r.url);
		const res = await fetch(`${ex.url}/_sandbox/deliver`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ event: 'subscribed', style: 'braze', duplicates: 1, webhookId: w.id }),
		});
		const records = await res.json();
		expect(records).toHaveLength(2);
		expect(JSON.parse(r.received[0].body.toString())).toMatchObject({ event_name: 'Subscribed' });
		const deliveries = await (await fetch(`${ex.url}/_sandbox/deliveries`)).json();
		expect(deliveries).toHaveLength(2);
		await r.close();
	});
});

