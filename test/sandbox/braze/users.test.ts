/**
 * Conformance: /users/alias/new, /users/identify, /users/delete.
 * Braze docs: api/endpoints/user_data/post_user_alias, post_user_identify, post_user_delete.
 * Each write here waits until Braze would have processed it (`write`).
 */
import { PAST, Sandbox, exportUser, post, start, write } from './helpers';

const alias = { alias_name: 'visitor-1', alias_label: 'extole_id' };

describe('Braze sandbox: alias, identify and delete', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.reset());
	const users = () => sb.users('production');
	const byExternalId = (id: string) => users().find((u: any) => u.external_id === id);

	describe('/users/alias/new', () => {
		it('creates an alias-only user when no external_id is given', async () => {
			const r = await write(sb, '/users/alias/new', { user_aliases: [alias] });
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ aliases_processed: 1, message: 'success' });
			expect(users()).toEqual([expect.objectContaining({ user_aliases: [alias] })]);
			expect(users()[0].external_id).toBeUndefined();
		});

		it('adds the alias to an existing user, and does nothing for an unknown external_id', async () => {
			await write(sb, '/users/track', { attributes: [{ external_id: 'u1', first_name: 'A' }] });
			const r = await write(sb, '/users/alias/new', {
				user_aliases: [
					{ ...alias, external_id: 'u1' },
					{ alias_name: 'x', alias_label: 'y', external_id: 'ghost' },
				],
			});
			expect(r.body.aliases_processed).toBe(2);
			expect(users()).toHaveLength(1);
			expect((await exportUser(sb, 'u1')).user_aliases).toEqual([alias]);
			const byAlias = await post(sb, '/users/export/ids', { user_aliases: [alias], fields_to_export: ['external_id'] });
			expect(byAlias.body.users[0].external_id).toBe('u1');
		});

		it('does not create a second profile for an alias that exists', async () => {
			await write(sb, '/users/alias/new', { user_aliases: [alias] });
			const r = await write(sb, '/users/alias/new', { user_aliases: [alias] });
			expect(r.body.aliases_processed).toBe(1);
			expect(users()).toHaveLength(1);
		});

		it('requires alias_name and alias_label', async () => {
			const r = await write(sb, '/users/alias/new', { user_aliases: [alias, { alias_name: 'only-name' }] });
			expect(r.status).toBe(201);
			expect(r.body.aliases_processed).toBe(1);
			expect(r.body.errors).toEqual([expect.objectContaining({ index: 1 })]);
			expect((await post(sb, '/users/alias/new', { user_aliases: [{ alias_label: 'l' }] })).status).toBe(400);
		});

		it('accepts at most 50 aliases per request', async () => {
			const many = (n: number) => Array.from({ length: n }, (_, i) => ({ alias_name: `a${i}`, alias_label: 'l' }));
			expect((await write(sb, '/users/alias/new', { user_aliases: many(51) })).status).toBe(400);
			expect(users()).toHaveLength(0);
			expect((await write(sb, '/users/alias/new', { user_aliases: many(50) })).status).toBe(201);
			expect(users()).toHaveLength(50);
		});

		it('makes new aliases findable only after the configured extra alias delay', async () => {
			const slow = await start({ processingDelayMs: 10, aliasDelayMs: 300 });
			const processed = () => new Promise((r) => setTimeout(r, 30));
			try {
				await post(slow, '/users/alias/new', { user_aliases: [alias] });
				await processed();
				const early = await post(slow, '/users/track', { attributes: [{ user_alias: alias, x: 1 }] });
				expect(early.status).toBe(201);
				await processed();
				expect(slow.users('production')[0].custom_attributes).toEqual({});
				await new Promise((r) => setTimeout(r, 350));
				await post(slow, '/users/track', { attributes: [{ user_alias: alias, x: 2 }] });
				await processed();
				expect(slow.users('production')[0].custom_attributes).toEqual({ x: 2 });
			} finally {
				await slow.stop();
			}
		});
	});

	describe('/users/identify', () => {
		it('merges an alias-only profile into the identified user', async () => {
			await write(sb, '/users/track', {
				attributes: [
					{ external_id: 'u1', first_name: 'Known', tier: 'gold' },
					{ user_alias: alias, _update_existing_only: false, first_name: 'Anon', last_name: 'Visitor', tier: 'silver', visits: 3 },
				],
				events: [
					{ user_alias: alias, name: 'clicked', time: '2024-01-01T00:00:00Z' },
					{ external_id: 'u1', name: 'clicked', time: '2024-02-01T00:00:00Z' },
				],
				purchases: [{ user_alias: alias, product_id: 'p', currency: 'USD', price: 1, time: PAST }],
			});
			const r = await write(sb, '/users/identify', { aliases_to_identify: [{ external_id: 'u1', user_alias: alias }] });
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ aliases_processed: 1, message: 'success' });
			expect(users()).toHaveLength(1);
			const u = await exportUser(sb, 'u1');
			expect(u.first_name).toBe('Known'); // the identified profile keeps its values
			expect(u.last_name).toBe('Visitor'); // fields it lacked are carried over
			expect(u.custom_attributes).toEqual({ tier: 'gold', visits: 3 });
			expect(u.custom_events).toEqual([{ name: 'clicked', first: '2024-01-01T00:00:00.000Z', last: '2024-02-01T00:00:00.000Z', count: 2 }]);
			expect(u.purchases).toEqual([expect.objectContaining({ name: 'p', count: 1 })]);
			expect(u.user_aliases).toEqual([alias]);
			expect(users()[0].events).toHaveLength(2);
		});

		// "Merging behavior" lists the fields carried over; subscription states are not among them.
		it('does not carry subscription states of the merged profile over', async () => {
			await write(sb, '/users/track', {
				attributes: [
					{ external_id: 'u1', first_name: 'Known' },
					{ user_alias: alias, _update_existing_only: false, email_subscribe: 'opted_in', subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'subscribed' }] },
				],
			});
			await write(sb, '/users/identify', { aliases_to_identify: [{ external_id: 'u1', user_alias: alias }] });
			expect(byExternalId('u1').attributes.email_subscribe).toBe('subscribed');
			expect(byExternalId('u1').subscription_groups).toEqual({});
		});

		it('gives the external_id to the alias-only profile when no user has it', async () => {
			await write(sb, '/users/alias/new', { user_aliases: [alias] });
			const brazeId = users()[0].braze_id;
			await write(sb, '/users/identify', { aliases_to_identify: [{ external_id: 'fresh', user_alias: alias }] });
			expect(users()).toHaveLength(1);
			expect(users()[0]).toMatchObject({ external_id: 'fresh', braze_id: brazeId });
		});

		it('does not combine profiles when the identified user already has an alias with that label', async () => {
			await write(sb, '/users/alias/new', { user_aliases: [alias, { alias_name: 'other', alias_label: 'extole_id' }] });
			await write(sb, '/users/identify', { aliases_to_identify: [{ external_id: 'u1', user_alias: { alias_name: 'other', alias_label: 'extole_id' } }] });
			await write(sb, '/users/identify', { aliases_to_identify: [{ external_id: 'u1', user_alias: alias }] });
			expect(users()).toHaveLength(2);
		});

		it('requires external_id and a full user_alias, and at most 50 per request', async () => {
			const r = await post(sb, '/users/identify', { aliases_to_identify: [{ user_alias: alias }, { external_id: 'u', user_alias: { alias_name: 'n' } }] });
			expect(r.status).toBe(400);
			expect(r.body.errors).toHaveLength(2);
			const many = Array.from({ length: 51 }, (_, i) => ({ external_id: `u${i}`, user_alias: alias }));
			expect((await post(sb, '/users/identify', { aliases_to_identify: many })).status).toBe(400);
		});

		// "you can use this endpoint to identify users by email by using emails_to_identify"
		it('identifies an email-only profile with emails_to_identify and its prioritization', async () => {
			await write(sb, '/users/track', { attributes: [{ email: 'friend@example.com', first_name: 'Friend' }] });
			const r = await write(sb, '/users/identify', {
				emails_to_identify: [{ external_id: 'friend-1', email: 'friend@example.com', prioritization: ['unidentified', 'most_recently_updated'] }],
			});
			expect(r.body).toEqual({ aliases_processed: 1, message: 'success' });
			expect(users()).toEqual([expect.objectContaining({ external_id: 'friend-1', attributes: expect.objectContaining({ first_name: 'Friend' }) })]);
		});

		it('merges the email-only profile into the user that already has the external_id', async () => {
			await write(sb, '/users/track', { attributes: [{ external_id: 'friend-1', first_name: 'Known' }, { email: 'friend@example.com', last_name: 'Anon', visits: 2 }] });
			await write(sb, '/users/identify', { emails_to_identify: [{ external_id: 'friend-1', email: 'friend@example.com', prioritization: ['unidentified'] }] });
			expect(users()).toHaveLength(1);
			expect(byExternalId('friend-1')).toMatchObject({ attributes: expect.objectContaining({ first_name: 'Known', last_name: 'Anon', email: 'friend@example.com' }), custom_attributes: { visits: 2 } });
		});

		// "prioritization is an ordered array, meaning if more than one user matches from a prioritization, then merging does not occur"
		it('identifies nobody when the prioritization leaves more than one profile', async () => {
			await write(sb, '/users/track', { attributes: [{ email: 'twin@example.com', first_name: 'A' }] });
			await write(sb, '/users/track', { attributes: [{ email: 'twin@example.com', _update_existing_only: true, x: 1 }] });
			// two unidentified profiles with the address: alias-only ones get it through attributes
			await write(sb, '/users/track', { attributes: [{ user_alias: alias, _update_existing_only: false, email: 'twin@example.com' }] });
			expect(users()).toHaveLength(2);
			await write(sb, '/users/identify', { emails_to_identify: [{ external_id: 'x', email: 'twin@example.com', prioritization: ['unidentified'] }] });
			expect(users().every((u: any) => u.external_id === undefined)).toBe(true);
			await write(sb, '/users/identify', { emails_to_identify: [{ external_id: 'x', email: 'twin@example.com', prioritization: ['unidentified', 'least_recently_updated'] }] });
			expect(users().filter((u: any) => u.external_id === 'x')).toEqual([expect.objectContaining({ attributes: expect.objectContaining({ first_name: 'A' }) })]);
		});

		it('identifies a phone-only profile with phone_numbers_to_identify', async () => {
			await write(sb, '/users/track', { attributes: [{ phone: '+15550001111', first_name: 'Phone' }] });
			await write(sb, '/users/identify', { phone_numbers_to_identify: [{ external_id: 'p1', phone: '+15550001111', prioritization: ['most_recently_updated'] }] });
			expect(byExternalId('p1')).toMatchObject({ attributes: expect.objectContaining({ phone: '+15550001111' }) });
		});

		it('reports an email or phone identification without a valid prioritization', async () => {
			const r = await post(sb, '/users/identify', {
				emails_to_identify: [
					{ external_id: 'a', email: 'a@example.com' },
					{ external_id: 'b', email: 'b@example.com', prioritization: ['identified', 'unidentified'] },
					{ external_id: 'c', email: 'c@example.com', prioritization: ['newest'] },
					{ external_id: 'd', email: 'd@example.com', prioritization: ['unidentified'] },
				],
			});
			expect(r.status).toBe(201);
			expect(r.body.aliases_processed).toBe(1);
			expect(r.body.errors.map((e: any) => [e.input_array, e.index])).toEqual([0, 1, 2].map((i) => ['emails_to_identify', i]));
		});

		it('answers 400 when none of aliases_to_identify, emails_to_identify or phone_numbers_to_identify is given', async () => {
			expect((await post(sb, '/users/identify', {})).status).toBe(400);
			expect((await post(sb, '/users/identify', { emails_to_identify: [] })).status).toBe(400);
		});
	});

	describe('/users/delete', () => {
		it('deletes users by external_id, alias or braze_id (one kind per request)', async () => {
			await write(sb, '/users/track', {
				attributes: [
					{ external_id: 'a', x: 1 },
					{ external_id: 'b', x: 1 },
					{ external_id: 'keep', x: 1 },
					{ user_alias: alias, _update_existing_only: false, x: 1 },
				],
			});
			const b = byExternalId('b');
			expect((await write(sb, '/users/delete', { external_ids: ['a'] })).status).toBe(201);
			expect((await write(sb, '/users/delete', { user_aliases: [alias] })).status).toBe(201);
			expect((await write(sb, '/users/delete', { braze_ids: [b.braze_id] })).status).toBe(201);
			expect(users().map((u: any) => u.external_id)).toEqual(['keep']);
			const gone = await post(sb, '/users/export/ids', { external_ids: ['a'], fields_to_export: ['external_id'] });
			expect(gone.body.users).toEqual([]);
		});

		// "deleted: number of user IDs queued for deletion"
		it('answers the number of ids queued for deletion, found or not', async () => {
			await write(sb, '/users/track', { attributes: [{ external_id: 'a', x: 1 }] });
			const r = await write(sb, '/users/delete', { external_ids: ['a', 'nobody', 'nobody-else'] });
			expect(r.body).toEqual({ deleted: 3, message: 'success' });
			expect(users()).toEqual([]);
		});

		// "Only one of external_ids, user_aliases, braze_ids, email_addresses, or phone_numbers can be included in a single request"
		it('answers 400 to a request mixing kinds of identifiers', async () => {
			const r = await post(sb, '/users/delete', { external_ids: ['a'], user_aliases: [alias] });
			expect(r.status).toBe(400);
			expect(r.body.message).toMatch(/Only one of/);
		});

		it('deletes by email_addresses with a prioritization, and nothing when it is ambiguous', async () => {
			await write(sb, '/users/track', { attributes: [{ external_id: 'known', email: 'x@example.com' }, { email: 'solo@example.com' }] });
			await write(sb, '/users/track', { attributes: [{ user_alias: alias, _update_existing_only: false, email: 'x@example.com' }] });
			const r = await write(sb, '/users/delete', {
				email_addresses: [
					{ email: 'x@example.com', prioritization: ['identified'] },
					{ email: 'solo@example.com', prioritization: ['unidentified', 'most_recently_updated'] },
				],
			});
			expect(r.body).toEqual({ deleted: 2, message: 'success' });
			expect(users()).toEqual([expect.objectContaining({ user_aliases: [alias] })]);
			await write(sb, '/users/track', { attributes: [{ email: 'x@example.com', _update_existing_only: false, user_alias: { alias_name: 'b', alias_label: 'l' } }] });
			await write(sb, '/users/delete', { email_addresses: [{ email: 'x@example.com', prioritization: ['unidentified'] }] });
			expect(users()).toHaveLength(2);
		});

		it('deletes by phone_numbers with a prioritization', async () => {
			await write(sb, '/users/track', { attributes: [{ phone: '+15550002222', x: 1 }] });
			await write(sb, '/users/delete', { phone_numbers: [{ phone: '+15550002222', prioritization: ['most_recently_updated'] }] });
			expect(users()).toEqual([]);
		});

		it('requires a prioritization (identified, unidentified, most_recently_updated) with an email or phone', async () => {
			expect((await post(sb, '/users/delete', { email_addresses: [{ email: 'x@example.com' }] })).status).toBe(400);
			expect((await post(sb, '/users/delete', { email_addresses: ['x@example.com'] })).status).toBe(400);
			expect((await post(sb, '/users/delete', { phone_numbers: [{ phone: '+15550002222', prioritization: ['least_recently_updated'] }] })).status).toBe(400);
		});

		it('accepts at most 50 ids per request', async () => {
			const ids = Array.from({ length: 51 }, (_, i) => `u${i}`);
			const r = await post(sb, '/users/delete', { external_ids: ids });
			expect(r.status).toBe(400);
			expect(r.body.message).toBe('The max number of ids per request was exceeded');
		});
	});
});
