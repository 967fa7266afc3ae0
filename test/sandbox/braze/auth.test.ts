/** Conformance: authentication, permissions, routing and request parsing. */
import { EU_KEY, PROD_KEY, Sandbox, TRACK_ONLY_KEY, PAST, post, request, start } from './helpers';

const okTrack = { attributes: [{ external_id: 'u1', first_name: 'Ann' }] };

describe('Braze sandbox: authentication and routing', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.reset());

	it('accepts a configured key sent as Authorization: Bearer', async () => {
		const r = await post(sb, '/users/track', okTrack, PROD_KEY);
		expect(r.status).toBe(201);
	});

	it('rejects a request without a key with 401 and a message', async () => {
		const r = await post(sb, '/users/track', okTrack, null);
		expect(r.status).toBe(401);
		expect(typeof r.body.message).toBe('string');
		expect(sb.users('production')).toHaveLength(0);
	});

	it('rejects an unknown key with 401', async () => {
		const r = await post(sb, '/users/track', okTrack, 'not-a-key');
		expect(r.status).toBe(401);
		expect(r.body.message).toMatch(/invalid api key/i);
	});

	it('rejects a key pasted with quotes or spaces with 401', async () => {
		expect((await post(sb, '/users/track', okTrack, `"${PROD_KEY}"`)).status).toBe(401);
		expect((await post(sb, '/users/track', okTrack, ` ${PROD_KEY}`)).status).toBe(401);
	});

	it('rejects a key of another instance with 401', async () => {
		const r = await post(sb, '/users/track', okTrack, EU_KEY);
		expect(r.status).toBe(401);
		expect(sb.users('production')).toHaveLength(0);
	});

	it('answers 403 Access Denied to a key without the endpoint permission', async () => {
		const r = await post(sb, '/users/export/ids', { external_ids: ['u1'] }, TRACK_ONLY_KEY);
		expect(r.status).toBe(403);
		expect(r.body).toEqual({ message: 'Access Denied' });
		expect((await post(sb, '/users/track', okTrack, TRACK_ONLY_KEY)).status).toBe(201);
	});

	it.each([
		['/users/track', 'users.track', okTrack],
		['/users/export/ids', 'users.export.ids', { external_ids: ['u1'] }],
		['/users/alias/new', 'users.alias.new', { user_aliases: [{ alias_name: 'a', alias_label: 'l' }] }],
		['/users/identify', 'users.identify', { aliases_to_identify: [{ external_id: 'u1', user_alias: { alias_name: 'a', alias_label: 'l' } }] }],
		['/users/delete', 'users.delete', { external_ids: ['u1'] }],
		['/v2/subscription/status/set', 'subscription.status.set', { subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'subscribed', external_ids: ['u1'] }] }],
		['/email/status', 'email.status', { email: 'a@example.com', subscription_state: 'subscribed' }],
	])('checks the permission of %s (%s)', async (path, permission, body) => {
		const only = await start({ keys: [{ key: 'k', workspace: 'production', permissions: [permission] }, { key: 'none', workspace: 'production', permissions: ['other.permission'] }] });
		try {
			expect((await post(only, path, body, 'none')).status).toBe(403);
			expect((await post(only, path, body, 'k')).status).toBe(201);
		} finally {
			await only.stop();
		}
	});

	it('answers 404 to an unknown path', async () => {
		const r = await post(sb, '/users/unknown', okTrack);
		expect(r.status).toBe(404);
		expect(typeof r.body.message).toBe('string');
	});

	it('answers 405 to a wrong method', async () => {
		const r = await request(sb, 'GET', '/users/track');
		expect(r.status).toBe(405);
		expect(r.headers.get('allow')).toBe('POST');
	});

	it('answers 400 to a body that is not JSON', async () => {
		const r = await post(sb, '/users/track', '{"attributes": [', PROD_KEY);
		expect(r.status).toBe(400);
		expect(typeof r.body.message).toBe('string');
	});

	it('keeps the users of each workspace apart', async () => {
		await post(sb, '/users/track', { events: [{ external_id: 'same', name: 'e', time: PAST }] }, PROD_KEY);
		const staging = await post(sb, '/users/export/ids', { external_ids: ['same'] }, 'test-key');
		expect(staging.body.users).toEqual([]);
		expect(staging.body.invalid_user_ids).toEqual(['same']);
		expect(sb.users('production')).toHaveLength(1);
		expect(sb.users('staging')).toHaveLength(0);
	});

	it('uses documented default keys when none are configured', async () => {
		const d = await start({ keys: undefined });
		try {
			const names = d.keys.map((k) => k.key);
			expect(names).toEqual(expect.arrayContaining(['sandbox-production-key', 'sandbox-test-key']));
			expect((await post(d, '/users/track', okTrack, 'sandbox-production-key')).status).toBe(201);
			expect((await post(d, '/users/track', okTrack, 'sandbox-test-key')).status).toBe(201);
			expect(d.users('staging')).toHaveLength(1);
			expect((await post(d, '/users/track', okTrack, 'sandbox-other-instance-key')).status).toBe(401);
			expect((await post(d, '/users/export/ids', { external_ids: ['u1'] }, 'sandbox-track-only-key')).status).toBe(403);
		} finally {
			await d.stop();
		}
	});
});
