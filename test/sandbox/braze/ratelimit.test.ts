/**
 * Conformance: rate limits per endpoint family and their headers.
 * Braze docs: api/api_limits ("Rate limits by request type", "Monitoring your rate limits").
 */
import * as http from 'http';
import { PAST, Sandbox, TEST_KEY, get, post, request, start } from './helpers';

const CAMPAIGN = 'ca3b1c00-0000-4000-8000-0000000000c1';

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
			expect(await limitOf('/users/merge', { merge_updates: [{ identifier_to_merge: { external_id: 'a' }, identifier_to_keep: { external_id: 'b' } }] })).toBe(20000);
			expect(await limitOf('/users/external_ids/rename', { external_id_renames: [{ current_external_id: 'a', new_external_id: 'b' }] })).toBe(1000);
			expect(await limitOf('/users/external_ids/remove', { external_ids: ['a'] })).toBe(1000);
			expect(await limitOf('/campaigns/trigger/send', { campaign_id: CAMPAIGN, recipients: [{ external_user_id: 'u' }] })).toBe(250000);
			expect(await limitOf('/campaigns/trigger/send', { campaign_id: CAMPAIGN, broadcast: true })).toBe(250);
			expect(await limitOf('/sends/id/create', { campaign_id: CAMPAIGN })).toBe(100);
			expect(Number((await get(d, '/campaigns/list')).headers.get('x-ratelimit-limit'))).toBe(250000);
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
		sb.settle();
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

	// "HTTP headers will be returned in all lowercase characters" (api_limits, "Monitoring your rate limits")
	it('names the rate-limit headers in lower case on the wire', async () => {
		const raw = await new Promise<string[]>((resolve, reject) => {
			const req = http.request(`${sb.url}/users/track`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer prod-key' } }, (res) => {
				res.resume();
				res.on('end', () => resolve(res.rawHeaders.filter((_, i) => i % 2 === 0)));
			});
			req.on('error', reject);
			req.end(JSON.stringify(ev));
		});
		expect(raw).toEqual(expect.arrayContaining(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']));
		expect(raw.filter((h) => /ratelimit/i.test(h) && h !== h.toLowerCase())).toEqual([]);
	});

	// Braze documents no order between its body checks and its limit; the sandbox counts every
	// authenticated request ("the number of requests the API can receive in a given time period").
	it('answers 429 to an over-limit request whatever its body, and counts refused bodies', async () => {
		const a = { user_aliases: [{ alias_name: 'a', alias_label: 'l' }] };
		expect((await post(sb, '/users/alias/new', { user_aliases: [] })).status).toBe(400);
		expect((await post(sb, '/users/alias/new', a)).status).toBe(201);
		const over = await post(sb, '/users/alias/new', { user_aliases: Array.from({ length: 51 }, () => a.user_aliases[0]) });
		expect(over.status).toBe(429);
	});

	it('counts broadcast sends in their own 250-per-minute family, apart from sends to given users', async () => {
		const d = await start({ rateLimits: { 'messages.broadcast': { limit: 1, windowMs: 60000 } } });
		try {
			expect((await post(d, '/campaigns/trigger/send', { campaign_id: CAMPAIGN, broadcast: true })).status).toBe(201);
			expect((await post(d, '/campaigns/trigger/send', { campaign_id: CAMPAIGN, broadcast: true })).status).toBe(429);
			expect((await post(d, '/campaigns/trigger/send', { campaign_id: CAMPAIGN, recipients: [{ external_user_id: 'u' }] })).status).toBe(201);
		} finally {
			await d.stop();
		}
	});

	// "250,000 requests per hour is shared between all endpoints that don't have their own rate limit"
	it('shares the default family between the lists, /email/status and sends to given users', async () => {
		const d = await start({ rateLimits: { default: { limit: 2, windowMs: 60000 } } });
		try {
			expect((await get(d, '/campaigns/list')).status).toBe(200);
			expect((await post(d, '/email/status', { email: 'a@example.com', subscription_state: 'subscribed' })).status).toBe(201);
			expect((await post(d, '/campaigns/trigger/send', { campaign_id: CAMPAIGN, recipients: [{ external_user_id: 'u' }] })).status).toBe(429);
			expect((await get(d, '/segments/list')).status).toBe(429);
		} finally {
			await d.stop();
		}
	});
});
