/**
 * Conformance: authentication, permissions, routing and request parsing.
 * Braze docs: api/errors (401, 403 Access Denied, 404), api/api_key (permissions per endpoint).
 */
import { EU_KEY, PROD_KEY, Sandbox, TRACK_ONLY_KEY, PAST, get, post, request, start, write } from './helpers';

/** Ids of the example dashboard every workspace starts with. */
const CAMPAIGN = 'ca3b1c00-0000-4000-8000-0000000000c1';
const API_CAMPAIGN = 'ca3b1c00-0000-4000-8000-0000000000c3';
const CANVAS = 'c4a7a500-0000-4000-8000-0000000000d1';

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
		const r = await post(sb, '/users/export/ids', { external_ids: ['u1'], fields_to_export: ['email'] }, TRACK_ONLY_KEY);
		expect(r.status).toBe(403);
		expect(r.body).toEqual({ message: 'Access Denied' });
		expect((await post(sb, '/users/track', okTrack, TRACK_ONLY_KEY)).status).toBe(201);
	});

	it.each([
		['/users/track', 'users.track', okTrack],
		['/users/export/ids', 'users.export.ids', { external_ids: ['u1'], fields_to_export: ['email'] }],
		['/users/alias/new', 'users.alias.new', { user_aliases: [{ alias_name: 'a', alias_label: 'l' }] }],
		['/users/identify', 'users.identify', { aliases_to_identify: [{ external_id: 'u1', user_alias: { alias_name: 'a', alias_label: 'l' } }] }],
		['/users/delete', 'users.delete', { external_ids: ['u1'] }],
		['/users/merge', 'users.merge', { merge_updates: [{ identifier_to_merge: { external_id: 'a' }, identifier_to_keep: { external_id: 'b' } }] }],
		['/users/external_ids/rename', 'users.external_ids.rename', { external_id_renames: [{ current_external_id: 'a', new_external_id: 'b' }] }],
		['/users/external_ids/remove', 'users.external_ids.remove', { external_ids: ['a'] }],
		['/v2/subscription/status/set', 'subscription.status.set', { subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'subscribed', external_ids: ['u1'] }] }],
		['/email/status', 'email.status', { email: 'a@example.com', subscription_state: 'subscribed' }],
		['/campaigns/trigger/send', 'campaigns.trigger.send', { campaign_id: CAMPAIGN, recipients: [{ external_user_id: 'u1' }] }],
		['/canvas/trigger/send', 'canvas.trigger.send', { canvas_id: CANVAS, recipients: [{ external_user_id: 'u1' }] }],
		['/messages/send', 'messages.send', { external_user_ids: ['u1'], messages: { webhook: { url: 'https://example.com/hook' } } }],
		['/sends/id/create', 'sends.id.create', { campaign_id: API_CAMPAIGN, send_id: 'march' }],
	])('checks the permission of POST %s (%s)', async (path, permission, body) => {
		const only = await start({ keys: [{ key: 'k', workspace: 'production', permissions: [permission] }, { key: 'none', workspace: 'production', permissions: ['other.permission'] }] });
		try {
			expect((await post(only, path, body, 'none')).status).toBe(403);
			expect([201, 202]).toContain((await post(only, path, body, 'k')).status);
		} finally {
			await only.stop();
		}
	});

	it.each([
		['/campaigns/list', 'campaigns.list'],
		['/canvas/list', 'canvas.list'],
		['/segments/list', 'segments.list'],
		['/subscription/status/get?subscription_group_id=g&external_id=u1', 'subscription.status.get'],
	])('checks the permission of GET %s (%s)', async (path, permission) => {
		const only = await start({ keys: [{ key: 'k', workspace: 'production', permissions: [permission] }, { key: 'none', workspace: 'production', permissions: ['other.permission'] }] });
		try {
			expect((await get(only, path, 'none')).status).toBe(403);
			expect((await get(only, path, 'k')).status).toBe(200);
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
		await write(sb, '/users/track', { events: [{ external_id: 'same', name: 'e', time: PAST }] }, PROD_KEY);
		const staging = await post(sb, '/users/export/ids', { external_ids: ['same'], fields_to_export: ['external_id'] }, 'test-key');
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
			d.settle();
			expect(d.users('staging')).toHaveLength(1);
			expect((await post(d, '/users/track', okTrack, 'sandbox-other-instance-key')).status).toBe(401);
			expect((await post(d, '/users/export/ids', { external_ids: ['u1'], fields_to_export: ['email'] }, 'sandbox-track-only-key')).status).toBe(403);
		} finally {
			await d.stop();
		}
	});
});
