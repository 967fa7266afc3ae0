/** Conformance: rate limits per endpoint family and their headers. */
import { PAST, Sandbox, TEST_KEY, post, request, start } from './helpers';

const ev = { events: [{ external_id: 'u', name: 'e', time: PAST }] };
const headersOf = (h: Headers) => ({
	limit: Number(h.get('x-ratelimit-limit')),
	remaining: Number(h.get('x-ratelimit-remaining')),
	reset: Number(h.get('x-ratelimit-reset')),
});

describe('Braze sandbox: rate limits', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start({
			rateLimits: {
				'users.track': { limit: 3, windowMs: 1000 },
				'users.identity': { limit: 2, windowMs: 60000 },
			},
		});
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.reset());

	it('uses Braze documented defaults per endpoint family', async () => {
		const d = await start();
		try {
			const limitOf = async (path: string, body: unknown) => Number((await post(d, path, body)).headers.get('x-ratelimit-limit'));
			expect(await limitOf('/users/track', ev)).toBe(3000);
			expect(await limitOf('/users/export/ids', { external_ids: ['u'] })).toBe(250);
			expect(await limitOf('/users/alias/new', { user_aliases: [{ alias_name: 'a', alias_label: 'l' }] })).toBe(20000);
			expect(await limitOf('/v2/subscription/status/set', { subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'subscribed', external_ids: ['u'] }] })).toBe(5000);
			expect(await limitOf('/email/status', { email: 'a@example.com', subscription_state: 'subscribed' })).toBe(250000);
			expect(d.rateLimits['users.track']).toEqual({ limit: 3000, windowMs: 3000 });
			expect(d.rateLimits['users.export.ids']).toEqual({ limit: 250, windowMs: 60000 });
		} finally {
			await d.stop();
		}
	});

	it('sends X-RateLimit-Limit, -Remaining and -Reset (epoch seconds) on every response', async () => {
		const ok = await post(sb, '/users/track', ev);
		const bad = await post(sb, '/users/track', { events: [{ external_id: 'u' }] });
		const notJson = await post(sb, '/users/alias/new', '{oops');
		const denied = await post(sb, '/users/alias/new', { user_aliases: [] }, 'track-only-key');
		expect([notJson.status, denied.status]).toEqual([400, 403]);
		for (const r of [notJson, denied]) expect(headersOf(r.headers).limit).toBe(2);
		for (const r of [ok, bad]) {
			const h = headersOf(r.headers);
			expect(h.limit).toBe(3);
			expect(h.reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
			expect(h.reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 2);
		}
		expect(headersOf(ok.headers).remaining - headersOf(bad.headers).remaining).toBe(1);
	});

	it('sends the rate-limit headers also on 401, 404, 405 and injected 5xx answers', async () => {
		const noKey = await post(sb, '/users/track', ev, null);
		const unknownKey = await post(sb, '/users/track', ev, 'no-such-key');
		const unknownPath = await post(sb, '/users/nothing', ev);
		const wrongMethod = await request(sb, 'GET', '/users/track');
		sb.setFaults([{ status: 503, count: 1 }]);
		const injected = await post(sb, '/users/track', ev);
		expect([noKey.status, unknownKey.status, unknownPath.status, wrongMethod.status, injected.status]).toEqual([401, 401, 404, 405, 503]);
		for (const r of [noKey, unknownKey, wrongMethod, injected]) {
			const h = headersOf(r.headers);
			expect(h.limit).toBe(3);
			expect(h.reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
		}
		expect(headersOf(unknownPath.headers).limit).toBeGreaterThan(0);
		// Answers without a known workspace count against nobody's limit.
		expect(headersOf((await post(sb, '/users/track', ev)).headers).remaining).toBe(2);
	});

	it('answers 429 once the limit is used up, and again 2xx after the reset', async () => {
		// start at the beginning of a window so the three requests share it
		await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await post(sb, '/users/track', ev)).status);
		expect(statuses).toEqual([201, 201, 201, 429]);
		const limited = await post(sb, '/users/track', ev);
		expect(limited.status).toBe(429);
		expect(headersOf(limited.headers).remaining).toBe(0);
		const wait = headersOf(limited.headers).reset * 1000 - Date.now();
		await new Promise((r) => setTimeout(r, Math.max(0, wait) + 20));
		expect((await post(sb, '/users/track', ev)).status).toBe(201);
		expect(sb.users('production')[0].custom_events[0].count).toBe(4);
	});

	it('counts /users/alias/new, /users/identify and /users/delete together, apart from /users/track', async () => {
		const a = { user_aliases: [{ alias_name: 'a', alias_label: 'l' }] };
		expect((await post(sb, '/users/alias/new', a)).status).toBe(201);
		expect((await post(sb, '/users/delete', { external_ids: ['x'] })).status).toBe(201);
		expect((await post(sb, '/users/identify', { aliases_to_identify: [{ external_id: 'x', user_alias: a.user_aliases[0] }] })).status).toBe(429);
		expect((await post(sb, '/users/track', ev)).status).toBe(201);
	});

	it('counts each workspace separately', async () => {
		const a = { user_aliases: [{ alias_name: 'a', alias_label: 'l' }] };
		await post(sb, '/users/alias/new', a);
		await post(sb, '/users/alias/new', a);
		expect((await post(sb, '/users/alias/new', a)).status).toBe(429);
		expect((await post(sb, '/users/alias/new', a, TEST_KEY)).status).toBe(201);
	});
});
