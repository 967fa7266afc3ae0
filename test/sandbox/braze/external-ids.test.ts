/**
 * Conformance: POST /users/external_ids/rename and /users/external_ids/remove.
 * Braze docs: api/endpoints/user_data/external_id_migration/post_external_ids_rename, post_external_ids_remove.
 */
import { Sandbox, post, start, write } from './helpers';

describe('Braze sandbox: external ID migration', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(async () => {
		sb.reset();
		await write(sb, '/users/track', { attributes: [{ external_id: 'legacy-1', first_name: 'A' }, { external_id: 'taken', first_name: 'B' }] });
	});
	const rename = (renames: unknown) => post(sb, '/users/external_ids/rename', { external_id_renames: renames });
	const remove = (ids: unknown) => post(sb, '/users/external_ids/remove', { external_ids: ids });
	const exportIds = async (ids: string[]) => (await post(sb, '/users/export/ids', { external_ids: ids, fields_to_export: ['external_id', 'first_name'] })).body;

	// "sets a new (primary) external_id for the user and deprecates their existing external_id ... the user can be identified by either"
	it('renames: the new id is primary and the old one still identifies the user', async () => {
		const r = await rename([{ current_external_id: 'legacy-1', new_external_id: 'user-1' }]);
		expect(r.status).toBe(201);
		expect(r.body).toEqual({ message: 'success', external_ids: ['legacy-1'], rename_errors: [] });
		expect((await exportIds(['user-1'])).users).toEqual([{ external_id: 'user-1', first_name: 'A' }]);
		expect((await exportIds(['legacy-1'])).users).toEqual([{ external_id: 'user-1', first_name: 'A' }]);
		await write(sb, '/users/track', { attributes: [{ external_id: 'legacy-1', last_name: 'ByOldId' }] });
		expect(sb.users('production')).toHaveLength(2);
	});

	it('reports renames Braze refuses in rename_errors, by index', async () => {
		await rename([{ current_external_id: 'legacy-1', new_external_id: 'user-1' }]);
		const r = await rename([
			{ current_external_id: 'legacy-1', new_external_id: 'again' }, // deprecated, not primary
			{ current_external_id: 'taken', new_external_id: 'user-1' }, // in use
			{ current_external_id: 'taken', new_external_id: 'taken' }, // the same
			{ current_external_id: 'nobody', new_external_id: 'x' },
		]);
		expect(r.body.external_ids).toEqual([]);
		expect(r.body.rename_errors.map((e: any[]) => e[0])).toEqual([0, 1, 2, 3]);
	});

	// "The message field returns an error in the case of: ... Empty array ... more than 50 objects"
	it('answers 400 to an empty list or more than 50', async () => {
		expect((await rename([])).status).toBe(400);
		expect((await rename(Array.from({ length: 51 }, (_, i) => ({ current_external_id: `a${i}`, new_external_id: `b${i}` })))).status).toBe(400);
		expect((await remove([])).status).toBe(400);
	});

	it('removes a deprecated id: it no longer identifies the user', async () => {
		await rename([{ current_external_id: 'legacy-1', new_external_id: 'user-1' }]);
		const r = await remove(['legacy-1']);
		expect(r.body).toEqual({ message: 'success', removed_ids: ['legacy-1'], removal_errors: [] });
		expect((await exportIds(['legacy-1'])).invalid_user_ids).toEqual(['legacy-1']);
		expect((await exportIds(['user-1'])).users).toHaveLength(1);
	});

	// "Only deprecated IDs can be removed; attempting to remove a primary external ID will result in an error."
	it('refuses to remove a primary id', async () => {
		const r = await remove(['taken', 'nobody']);
		expect(r.body.removed_ids).toEqual([]);
		expect(r.body.removal_errors.map((e: any[]) => e[0])).toEqual([0, 1]);
		expect((await exportIds(['taken'])).users).toHaveLength(1);
	});
});
