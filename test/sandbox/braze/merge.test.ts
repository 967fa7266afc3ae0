/**
 * Conformance: POST /users/merge.
 * Braze docs: api/endpoints/user_data/post_users_merge.
 */
import { PAST, Sandbox, exportUser, post, start, write } from './helpers';

const alias = { alias_name: 'old@example.com', alias_label: 'email' };

describe('Braze sandbox: /users/merge', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.reset());
	const users = () => sb.users('production');
	const merge = (updates: unknown) => write(sb, '/users/merge', { merge_updates: updates });

	// "There are two status code responses for this endpoint: 202 and 400."
	it('answers 202 {"message": "success"} and merges one user into another', async () => {
		await write(sb, '/users/track', {
			attributes: [
				{ external_id: 'old', first_name: 'Old', last_name: 'Name', plan: 'basic', visits: 4 },
				{ external_id: 'current', first_name: 'Current', plan: 'pro' },
			],
			events: [
				{ external_id: 'old', name: 'shared', time: '2024-01-01T00:00:00Z' },
				{ external_id: 'current', name: 'shared', time: '2024-03-01T00:00:00Z' },
			],
		});
		const r = await merge([{ identifier_to_merge: { external_id: 'old' }, identifier_to_keep: { external_id: 'current' } }]);
		expect(r.status).toBe(202);
		expect(r.body).toEqual({ message: 'success' });
		expect(users().map((u: any) => u.external_id)).toEqual(['current']);
		const u = await exportUser(sb, 'current');
		// "merge the following fields if they're not found on the target user"
		expect(u).toMatchObject({ first_name: 'Current', last_name: 'Name', custom_attributes: { plan: 'pro', visits: 4 } });
		expect(u.custom_events).toEqual([{ name: 'shared', first: '2024-01-01T00:00:00.000Z', last: '2024-03-01T00:00:00.000Z', count: 2 }]);
	});

	it('finds users by user_alias, and by email or phone with a prioritization', async () => {
		await write(sb, '/users/track', {
			attributes: [
				{ user_alias: alias, _update_existing_only: false, first_name: 'Alias' },
				{ external_id: 'john', email: 'john@example.com' },
				{ email: 'john@example.com', _update_existing_only: true, x: 1 },
			],
		});
		await write(sb, '/users/track', { attributes: [{ email: 'anon@example.com', last_name: 'Anon' }] });
		await merge([
			{ identifier_to_merge: { user_alias: alias }, identifier_to_keep: { external_id: 'john' } },
			{ identifier_to_merge: { email: 'anon@example.com', prioritization: ['unidentified', 'most_recently_updated'] }, identifier_to_keep: { email: 'john@example.com', prioritization: ['identified', 'most_recently_updated'] } },
		]);
		expect(users()).toHaveLength(1);
		expect(await exportUser(sb, 'john')).toMatchObject({ first_name: 'Alias', last_name: 'Anon' });
	});

	// "if more than one user matches from a prioritization, then merging will not occur"
	it('merges nothing when a prioritization leaves more than one user', async () => {
		await write(sb, '/users/track', { attributes: [{ external_id: 'john', x: 1 }, { email: 'twin@example.com', x: 1 }] });
		await write(sb, '/users/track', { attributes: [{ user_alias: alias, _update_existing_only: false, email: 'twin@example.com' }] });
		await merge([{ identifier_to_merge: { email: 'twin@example.com', prioritization: ['unidentified'] }, identifier_to_keep: { external_id: 'john' } }]);
		expect(users()).toHaveLength(3);
	});

	it('does nothing for users it cannot find', async () => {
		await write(sb, '/users/track', { events: [{ external_id: 'only', name: 'e', time: PAST }] });
		const r = await merge([{ identifier_to_merge: { external_id: 'ghost' }, identifier_to_keep: { external_id: 'only' } }]);
		expect(r.status).toBe(202);
		expect(users()).toHaveLength(1);
	});

	describe('troubleshooting messages (400)', () => {
		const problem = async (body: unknown) => {
			const r = await post(sb, '/users/merge', body);
			expect(r.status).toBe(400);
			return r.body.message;
		};

		it("'merge_updates' must be an array of objects", async () => {
			expect(await problem({ merge_updates: 'x' })).toBe("'merge_updates' must be an array of objects");
			expect(await problem({})).toBe("'merge_updates' must be an array of objects");
		});

		it('a single request may not contain more than 50 merge updates', async () => {
			const one = { identifier_to_merge: { external_id: 'a' }, identifier_to_keep: { external_id: 'b' } };
			expect(await problem({ merge_updates: Array.from({ length: 51 }, () => one) })).toBe('a single request may not contain more than 50 merge updates');
		});

		it("'merge_updates' must only have 'identifier_to_merge' and 'identifier_to_keep'", async () => {
			expect(await problem({ merge_updates: [{ identifier_to_merge: { external_id: 'a' }, identifier_to_keep: { external_id: 'b' }, extra: 1 }] })).toBe(
				"'merge_updates' must only have 'identifier_to_merge' and 'identifier_to_keep'",
			);
		});

		it('identifiers must be objects with an external_id, user_alias, email or phone', async () => {
			expect(await problem({ merge_updates: [{ identifier_to_merge: { braze_id: 'x' }, identifier_to_keep: { external_id: 'b' } }] })).toMatch(/^identifiers must be objects/);
		});

		it('an email or phone identifier needs a prioritization', async () => {
			expect(await problem({ merge_updates: [{ identifier_to_merge: { email: 'a@example.com' }, identifier_to_keep: { external_id: 'b' } }] })).toMatch(/prioritization/);
		});
	});
});
