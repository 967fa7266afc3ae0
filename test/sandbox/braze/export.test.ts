/**
 * Conformance: POST /users/export/ids.
 * Braze docs: api/endpoints/export/user_data/post_users_identifier.
 */
import { ALL_FIELDS, PAST, Sandbox, post, start, write } from './helpers';

const alias = { alias_name: 'visitor-9', alias_label: 'extole_id' };

describe('Braze sandbox: /users/export/ids', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(async () => {
		sb.reset();
		const r = await write(sb, '/users/track', {
			attributes: [
				{ external_id: 'ann', email: 'shared@example.com', first_name: 'Ann', phone: '+15550002222', tier: 'gold' },
				{ external_id: 'bob', email: 'shared@example.com', first_name: 'Bob' },
				{ user_alias: alias, _update_existing_only: false, first_name: 'Anon' },
			],
			events: [{ external_id: 'ann', name: 'shared_link', time: PAST }],
			purchases: [{ external_id: 'ann', product_id: 'plan', currency: 'USD', price: 10, quantity: 2, time: PAST }],
		});
		expect(r.status).toBe(201);
	});
	/** An export with every field unless the test names its fields_to_export. */
	const exp = (body: Record<string, unknown>) => post(sb, '/users/export/ids', { fields_to_export: ALL_FIELDS, ...body });

	it('answers {message: "success", users} with the user objects track wrote', async () => {
		const r = await exp({ external_ids: ['ann'] });
		expect(r.status).toBe(201);
		expect(r.body.message).toBe('success');
		expect(r.body.invalid_user_ids).toBeUndefined();
		const [u] = r.body.users;
		expect(u).toMatchObject({
			external_id: 'ann',
			email: 'shared@example.com',
			phone: '+15550002222',
			first_name: 'Ann',
			custom_attributes: { tier: 'gold' },
			custom_events: [{ name: 'shared_link', first: '2024-05-01T10:00:00.000Z', last: '2024-05-01T10:00:00.000Z', count: 1 }],
			purchases: [{ name: 'plan', first: '2024-05-01T10:00:00.000Z', last: '2024-05-01T10:00:00.000Z', count: 1 }],
			total_revenue: 20,
		});
		expect(u.braze_id).toMatch(/^[0-9a-f]{24}$/);
		expect(Date.parse(u.created_at)).not.toBeNaN();
	});

	it('lists identifiers that match no user in invalid_user_ids', async () => {
		const r = await exp({ external_ids: ['ann', 'nobody'] });
		expect(r.body.users.map((u: any) => u.external_id)).toEqual(['ann']);
		expect(r.body.invalid_user_ids).toEqual(['nobody']);
	});

	it('finds users by every identifier kind', async () => {
		const byAlias = await exp({ user_aliases: [alias] });
		expect(byAlias.body.users).toEqual([expect.objectContaining({ first_name: 'Anon', user_aliases: [alias] })]);
		const brazeId = byAlias.body.users[0].braze_id;
		expect((await exp({ braze_id: brazeId })).body.users[0].first_name).toBe('Anon');
		expect((await exp({ phone: '+15550002222' })).body.users.map((u: any) => u.external_id)).toEqual(['ann']);
		expect((await exp({ external_ids: ['bob'] })).body.users[0].first_name).toBe('Bob');
		expect((await exp({ device_id: 'no-such-device' })).body).toEqual({ message: 'success', users: [], invalid_user_ids: ['no-such-device'] });
	});

	it('returns every profile that has the email', async () => {
		const r = await exp({ email_address: 'shared@example.com' });
		expect(r.body.users.map((u: any) => u.external_id).sort()).toEqual(['ann', 'bob']);
	});

	it('accepts 50 external_ids and aliases together and rejects 51 with 400', async () => {
		const ids = Array.from({ length: 49 }, (_, i) => `id${i}`);
		expect((await exp({ external_ids: ids, user_aliases: [alias] })).status).toBe(201);
		const r = await exp({ external_ids: [...ids, 'one-more'], user_aliases: [alias] });
		expect(r.status).toBe(400);
		expect(r.body.message).toBe('The max number of external_ids and aliases per request was exceeded');
	});

	it('accepts only one of email_address, phone, device_id and braze_id', async () => {
		const r = await exp({ email_address: 'shared@example.com', phone: '+15550002222' });
		expect(r.status).toBe(400);
		expect(typeof r.body.message).toBe('string');
	});

	it('returns only the fields_to_export', async () => {
		const r = await exp({ external_ids: ['ann'], fields_to_export: ['first_name', 'custom_events', 'last_name'] });
		expect(r.body.users).toEqual([{ first_name: 'Ann', custom_events: [expect.objectContaining({ name: 'shared_link' })] }]);
	});

	it('rejects unknown fields_to_export with 400', async () => {
		expect((await exp({ external_ids: ['ann'], fields_to_export: ['shoe_size'] })).status).toBe(400);
	});

	// "For customers who have onboarded with Braze on or after August 22, 2024, the request parameter fields_to_export is required."
	it('requires fields_to_export, like a workspace onboarded since August 22, 2024', async () => {
		const r = await post(sb, '/users/export/ids', { external_ids: ['ann'] });
		expect(r.status).toBe(400);
		expect(r.body.message).toMatch(/fields_to_export/);
		expect((await post(sb, '/users/export/ids', { external_ids: ['ann'], fields_to_export: ['email'] })).status).toBe(201);
	});

	it('returns every field without fields_to_export when playing an older workspace (requireFieldsToExport: false)', async () => {
		const older = await start({ requireFieldsToExport: false, instant: true }); // instant: this test is about the export, not the write
		try {
			await post(older, '/users/track', { attributes: [{ external_id: 'a', first_name: 'A', tier: 1 }] });
			const r = await post(older, '/users/export/ids', { external_ids: ['a'] });
			expect(r.status).toBe(201);
			expect(r.body.users[0]).toMatchObject({ external_id: 'a', first_name: 'A', custom_attributes: { tier: 1 }, email_subscribe: 'subscribed' });
		} finally {
			await older.stop();
		}
	});

	// subscription_groups is not in Braze's list of fields to export (the sandbox shows it under /_sandbox/users)
	it('has no subscription_groups field: asking for it is a 400, and full exports do not carry it', async () => {
		await write(sb, '/users/track', { attributes: [{ external_id: 'ann', subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'subscribed' }] }] });
		expect((await exp({ external_ids: ['ann'], fields_to_export: ['subscription_groups'] })).status).toBe(400);
		expect((await exp({ external_ids: ['ann'] })).body.users[0].subscription_groups).toBeUndefined();
	});

	it('finds a user by an external_id deprecated by a rename, and returns the current one', async () => {
		await post(sb, '/users/external_ids/rename', { external_id_renames: [{ current_external_id: 'ann', new_external_id: 'ann-2' }] });
		const r = await exp({ external_ids: ['ann'], fields_to_export: ['external_id', 'first_name'] });
		expect(r.body.users).toEqual([{ external_id: 'ann-2', first_name: 'Ann' }]);
	});

	it('answers 400 when no identifier is given', async () => {
		expect((await exp({ fields_to_export: ['email'] })).status).toBe(400);
	});
});
