/** The Extole sandbox's REST API (sandbox/extole/api.js): auth, webhooks, reward state filters, client keys. */

const { startExtoleSandbox } = require('../../../sandbox/extole');

const TOKEN = 'sb-token';
type Sandbox = Awaited<ReturnType<typeof startExtoleSandbox>>;

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


export {};
