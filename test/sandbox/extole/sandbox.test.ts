/** The Extole sandbox: REST API, auth, and webhook delivery (signing, retries, duplicates, filters). */
import { createHmac } from 'crypto';
import { spawn } from 'child_process';
import * as http from 'http';
import * as path from 'path';

const { startExtoleSandbox, rewardStateOf } = require('../../../sandbox/extole');

const TOKEN = 'sb-token';
type Sandbox = Awaited<ReturnType<typeof startExtoleSandbox>>;

interface Received {
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

/** A receiver that records requests and answers with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks) });
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

describe('REST API', () => {
	it.each([
		['GET', '/v4/tokens'],
		['GET', '/v6/webhooks'],
		['POST', '/v6/webhooks'],
		['DELETE', '/v6/webhooks/1'],
		['POST', '/v2/settings/security/keys'],
		['POST', '/v4/webhooks/reward/1/filters/state'],
	])('%s %s needs the Bearer token', async (method, p) => {
		expect((await api(method, p, method === 'POST' ? {} : undefined, null)).status).toBe(401);
		expect((await api(method, p, method === 'POST' ? {} : undefined, 'wrong')).status).toBe(401);
	});

	it('describes the token', async () => {
		const res = await api('GET', '/v4/tokens');
		expect(res.status).toBe(200);
		expect(res.body.client_id).toEqual(expect.any(String));
		expect(JSON.stringify(res.body)).not.toContain(TOKEN);
	});

	it('creates, gets, lists (with filters), updates and archives webhooks', async () => {
		const a = await createWebhook('https://example.com/a');
		const b = await createWebhook('https://example.com/b', { type: 'REWARD', enabled: false });
		expect(a).toMatchObject({ id: expect.any(String), url: 'https://example.com/a', type: 'GENERIC', enabled: true });
		expect(a.created_at).toEqual(expect.any(String));
		expect((await api('GET', `/v6/webhooks/${a.id}`)).body.id).toBe(a.id);
		expect((await api('GET', '/v6/webhooks')).body).toHaveLength(2);
		expect((await api('GET', '/v6/webhooks?type=REWARD')).body.map((w: { id: string }) => w.id)).toEqual([b.id]);
		expect((await api('GET', '/v6/webhooks?enabled=true')).body.map((w: { id: string }) => w.id)).toEqual([a.id]);
		expect((await api('PUT', `/v6/webhooks/${a.id}`, { enabled: false })).body.enabled).toBe(false);
		expect((await api('DELETE', `/v6/webhooks/${a.id}`)).status).toBe(200);
		expect((await api('GET', `/v6/webhooks/${a.id}`)).status).toBe(404);
		expect((await api('DELETE', `/v6/webhooks/${a.id}`)).status).toBe(404);
		expect(ex.webhooks().map((w: { id: string }) => w.id)).toEqual([b.id]);
		expect(ex.webhooks({ archived: true })).toHaveLength(2);
	});

	it.each([
		[{ url: 'https://x.example', type: 'GENERIC' }, 'name'],
		[{ name: 'n', url: 'not a url', type: 'GENERIC' }, 'url'],
		[{ name: 'n', url: 'https://x.example', type: 'OTHER' }, 'type'],
		[{ name: 'n', url: 'https://x.example', type: 'GENERIC', client_key_id: '42' }, 'client_key'],
	])('rejects an invalid webhook %j', async (payload, what) => {
		const res = await api('POST', '/v6/webhooks', payload);
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toContain(what);
	});

	it('refuses to delete a webhook a campaign uses', async () => {
		const w = await createWebhook('https://example.com/c');
		ex.attachCampaign(w.id);
		const res = await api('DELETE', `/v6/webhooks/${w.id}`);
		expect(res.status).toBe(400);
		expect(res.body.code).toBe('webhook_associated_with_webhook_controller_action');
	});

	it('creates and archives client keys without ever returning the secret', async () => {
		const k = await createKey('PASSWORD', 'top-secret-value');
		expect(k).toMatchObject({ id: expect.any(String), type: 'WEBHOOK', algorithm: 'PASSWORD' });
		expect(JSON.stringify(k)).not.toContain('top-secret-value');
		expect(JSON.stringify((await api('GET', '/v2/settings/security/keys')).body)).not.toContain('top-secret-value');
		// Not even a prefix of it.
		expect(JSON.stringify((await api('GET', `/v2/settings/security/keys/${k.id}`)).body)).not.toContain('"to');
		expect(JSON.stringify(await (await fetch(`${ex.url}/_sandbox/keys`)).json())).not.toContain('"to');
		expect(ex.keys({ secrets: true })[0].key).toBe('top-secret-value');
		expect((await api('POST', '/v2/settings/security/keys', { type: 'WEBHOOK', algorithm: 'RS256', name: 'x', key: 'y' })).status).toBe(400);
		expect((await api('DELETE', `/v2/settings/security/keys/${k.id}`)).status).toBe(200);
		expect(ex.keys()).toEqual([]);
	});

	it('sets reward state filters on REWARD webhooks only', async () => {
		const r = await createWebhook('https://example.com/r', { type: 'REWARD' });
		const g = await createWebhook('https://example.com/g');
		const f = await api('POST', `/v4/webhooks/reward/${r.id}/filters/state`, { states: ['EARNED', 'sent'] });
		expect(f.status).toBe(200);
		expect(f.body.states).toEqual(['EARNED', 'SENT']);
		expect((await api('GET', `/v4/webhooks/reward/${r.id}/filters`)).body).toHaveLength(1);
		expect((await api('POST', `/v4/webhooks/reward/${r.id}/filters/state`, { states: ['NOPE'] })).status).toBe(400);
		// Extole's Reward Webhooks page: a failed fulfilment is an event of state FULFILLED, not a state.
		expect((await api('POST', `/v4/webhooks/reward/${r.id}/filters/state`, { states: ['FULFILLMENT_FAILED'] })).status).toBe(400);
		expect((await api('POST', `/v4/webhooks/reward/${g.id}/filters/state`, { states: ['EARNED'] })).status).toBe(400);
	});

	it('records API requests', async () => {
		await api('GET', '/v4/tokens');
		await api('GET', '/v6/webhooks?type=GENERIC');
		expect(ex.requests().map((r: { method: string; path: string; status: number }) => [r.method, r.path, r.status])).toEqual([
			['GET', '/v4/tokens', 200],
			['GET', '/v6/webhooks', 200],
		]);
	});
});

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

describe('cli', () => {
	it('starts, prints its URL and answers', async () => {
		const child = spawn(process.execPath, [path.resolve(__dirname, '../../../sandbox/extole/cli.js'), '--port', '0', '--token', 'cli-secret-token'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const output = await new Promise<string>((resolve, reject) => {
				let text = '';
				child.stdout.on('data', (d: Buffer) => {
					text += d.toString();
					if (text.includes('\n')) resolve(text);
				});
				child.on('exit', (code) => reject(new Error(`exited ${code}`)));
			});
			const url = /listening on (\S+)/.exec(output)?.[1];
			expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(output).not.toContain('cli-secret-token');
			const res = await fetch(`${url}/v4/tokens`, { headers: { Authorization: 'Bearer cli-secret-token' } });
			expect(res.status).toBe(200);
		} finally {
			child.kill('SIGTERM');
		}
	});
});
