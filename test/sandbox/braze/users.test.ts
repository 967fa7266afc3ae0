/** Conformance: /users/alias/new, /users/identify, /users/delete. */
import { PAST, Sandbox, exportUser, post, start } from './helpers';

const alias = { alias_name: 'visitor-1', alias_label: 'extole_id' };

describe('Braze sandbox: alias, identify and delete', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.reset());
	const users = () => sb.users('production');

	describe('/users/alias/new', () => {
		it('creates an alias-only user when no external_id is given', async () => {
			const r = await post(sb, '/users/alias/new', { user_aliases: [alias] });
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ aliases_processed: 1, message: 'success' });
			expect(users()).toEqual([expect.objectContaining({ user_aliases: [alias] })]);
			expect(users()[0].external_id).toBeUndefined();
		});

		it('adds the alias to an existing user, and does nothing for an unknown external_id', async () => {
			await post(sb, '/users/track', { attributes: [{ external_id: 'u1', first_name: 'A' }] });
			const r = await post(sb, '/users/alias/new', {
				user_aliases: [
					{ ...alias, external_id: 'u1' },
					{ alias_name: 'x', alias_label: 'y', external_id: 'ghost' },
				],
			});
			expect(r.body.aliases_processed).toBe(2);
			expect(users()).toHaveLength(1);
			expect((await exportUser(sb, 'u1')).user_aliases).toEqual([alias]);
			const byAlias = await post(sb, '/users/export/ids', { user_aliases: [alias] });
			expect(byAlias.body.users[0].external_id).toBe('u1');
		});

		it('does not create a second profile for an alias that exists', async () => {
			await post(sb, '/users/alias/new', { user_aliases: [alias] });
			const r = await post(sb, '/users/alias/new', { user_aliases: [alias] });
			expect(r.body.aliases_processed).toBe(1);
			expect(users()).toHaveLength(1);
		});

		it('requires alias_name and alias_label', async () => {
			const r = await post(sb, '/users/alias/new', { user_aliases: [alias, { alias_name: 'only-name' }] });
			expect(r.status).toBe(201);
			expect(r.body.aliases_processed).toBe(1);
			expect(r.body.errors).toEqual([expect.objectContaining({ index: 1 })]);
			expect((await post(sb, '/users/alias/new', { user_aliases: [{ alias_label: 'l' }] })).status).toBe(400);
		});

		it('accepts at most 50 aliases per request', async () => {
			const many = (n: number) => Array.from({ length: n }, (_, i) => ({ alias_name: `a${i}`, alias_label: 'l' }));
			expect((await post(sb, '/users/alias/new', { user_aliases: many(51) })).status).toBe(400);
			expect(users()).toHaveLength(0);
			expect((await post(sb, '/users/alias/new', { user_aliases: many(50) })).status).toBe(201);
			expect(users()).toHaveLength(50);
		});

		it('makes new aliases findable only after the configured eventual-consistency delay', async () => {
			const slow = await start({ aliasDelayMs: 300 });
			try {
				await post(slow, '/users/alias/new', { user_aliases: [alias] });
				const early = await post(slow, '/users/track', { attributes: [{ user_alias: alias, x: 1 }] });
				expect(early.status).toBe(201);
				expect(slow.users('production')[0].custom_attributes).toEqual({});
				await new Promise((r) => setTimeout(r, 350));
				await post(slow, '/users/track', { attributes: [{ user_alias: alias, x: 2 }] });
				expect(slow.users('production')[0].custom_attributes).toEqual({ x: 2 });
			} finally {
				await slow.stop();
			}
		});
	});

	describe('/users/identify', () => {
		it('merges an alias-only profile into the identified user', async () => {
			await post(sb, '/users/track', {
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
			const r = await post(sb, '/users/identify', { aliases_to_identify: [{ external_id: 'u1', user_alias: alias }] });
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

		it('gives the external_id to the alias-only profile when no user has it', async () => {
			await post(sb, '/users/alias/new', { user_aliases: [alias] });
			const brazeId = users()[0].braze_id;
			await post(sb, '/users/identify', { aliases_to_identify: [{ external_id: 'fresh', user_alias: alias }] });
			expect(users()).toHaveLength(1);
			expect(users()[0]).toMatchObject({ external_id: 'fresh', braze_id: brazeId });
		});

		it('requires external_id and a full user_alias, and at most 50 per request', async () => {
			const r = await post(sb, '/users/identify', { aliases_to_identify: [{ user_alias: alias }, { external_id: 'u', user_alias: { alias_name: 'n' } }] });
			expect(r.status).toBe(400);
			expect(r.body.errors).toHaveLength(2);
			const many = Array.from({ length: 51 }, (_, i) => ({ external_id: `u${i}`, user_alias: alias }));
			expect((await post(sb, '/users/identify', { aliases_to_identify: many })).status).toBe(400);
		});
	});

	describe('/users/delete', () => {
		it('deletes users by external_id, alias and braze_id and counts them', async () => {
			await post(sb, '/users/track', {
				attributes: [
					{ external_id: 'a', x: 1 },
					{ external_id: 'b', x: 1 },
					{ external_id: 'keep', x: 1 },
					{ user_alias: alias, _update_existing_only: false, x: 1 },
				],
			});
			const b = users().find((u: any) => u.external_id === 'b');
			const r = await post(sb, '/users/delete', { external_ids: ['a', 'nobody'], user_aliases: [alias], braze_ids: [b.braze_id] });
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ deleted: 3, message: 'success' });
			expect(users().map((u: any) => u.external_id)).toEqual(['keep']);
			const gone = await post(sb, '/users/export/ids', { external_ids: ['a'] });
			expect(gone.body.users).toEqual([]);
		});

		it('accepts at most 50 ids per request', async () => {
			const ids = Array.from({ length: 51 }, (_, i) => `u${i}`);
			const r = await post(sb, '/users/delete', { external_ids: ids });
			expect(r.status).toBe(400);
			expect(typeof r.body.message).toBe('string');
		});
	});
});
