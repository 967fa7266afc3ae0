/**
 * User › Rename External ID and Remove External ID against the sandbox (Braze docs:
 * api/endpoints/user_data/external_id_migration/post_external_ids_rename, post_external_ids_remove).
 */
import { REQUEST_ENTRIES, offeredOptions } from '../message/editor';
import { requestsTo, runBraze, seedUsers, useMessagingSandbox, userById } from '../message/sandbox';

const s = useMessagingSandbox();

const rename = { resource: 'user', operation: 'renameExternalId', currentExternalId: '={{ $json.from }}', newExternalId: '={{ $json.to }}' };
const remove = { resource: 'user', operation: 'removeExternalId', deprecatedExternalId: '={{ $json.id }}' };

describe('User > Rename External ID', () => {
	it('renames in one request; the old ID stays a deprecated ID of the user', async () => {
		await seedUsers(s.sb, [{ external_id: 'legacy-1' }, { external_id: 'legacy-2' }]);
		const result = await runBraze(s.sb, rename, [{ from: 'legacy-1', to: 'crm-1' }, { from: 'legacy-2', to: 'crm-2' }]);
		expect(result.json[1]).toMatchObject({ success: true, operation: 'user.renameExternalId', delivery: 'written', current_external_id: 'legacy-2', new_external_id: 'crm-2' });
		expect(requestsTo(s.sb, '/users/external_ids/rename')).toHaveLength(1);
		expect(userById(s.sb, 'crm-1')).toMatchObject({ deprecated_external_ids: ['legacy-1'] });
	});

	it("fails the item Braze refuses in rename_errors, by its position, and keeps the others' renames", async () => {
		await seedUsers(s.sb, [{ external_id: 'legacy-1' }, { external_id: 'taken' }]);
		const items = [{ from: 'nobody', to: 'x' }, { from: 'legacy-1', to: 'crm-1' }, { from: 'taken', to: 'crm-1' }];
		const result = await runBraze(s.sb, rename, items, { continueOnFail: true });
		expect(result.json.map((j) => j.success)).toEqual([false, true, false]);
		expect(result.json[0]).toMatchObject({ errorKind: 'partial', delivery: 'not written' });
		expect(result.json[0].error).toMatch(/does not exist/);
		expect(result.json[2].error).toMatch(/already in use/);
		expect(userById(s.sb, 'crm-1')).toBeDefined();
	});

	it('refuses an item whose new ID is its current one before sending', async () => {
		const result = await runBraze(s.sb, rename, [{ from: 'a', to: 'a' }], { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: false, errorField: 'new_external_id' });
		expect(requestsTo(s.sb, '/users/external_ids/rename')).toHaveLength(0);
	});
});

describe('User > Remove External ID', () => {
	it('removes a deprecated ID; a primary ID is refused for its item only', async () => {
		await seedUsers(s.sb, [{ external_id: 'legacy-1' }, { external_id: 'primary' }]);
		await runBraze(s.sb, rename, [{ from: 'legacy-1', to: 'crm-1' }]);
		const result = await runBraze(s.sb, remove, [{ id: 'legacy-1' }, { id: 'primary' }], { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: true, operation: 'user.removeExternalId', removed_external_id: 'legacy-1', delivery: 'written' });
		expect(result.json[1]).toMatchObject({ success: false, delivery: 'not written' });
		expect(result.json[1].error).toMatch(/only deprecated external IDs can be removed/);
		expect(userById(s.sb, 'crm-1')?.deprecated_external_ids ?? []).toEqual([]);
	});
});

describe('Rename and Remove External ID: Options', () => {
	it.each(['renameExternalId', 'removeExternalId'])("%s offers Batch Size up to Braze's 50 per request, beside the entries every request has", (operation) => {
		const options = offeredOptions('user', operation);
		expect(options.map((o) => o.name).sort()).toEqual([...REQUEST_ENTRIES, 'batchSize'].sort());
		expect(options.find((o) => o.name === 'batchSize')).toMatchObject({ default: 50, typeOptions: { minValue: 1, maxValue: 50 } });
	});

	it('renames and removes in requests of the Batch Size set', async () => {
		await seedUsers(s.sb, ['a', 'b', 'c'].map((id) => ({ external_id: id })));
		const ids = [{ from: 'a', to: 'a2', id: 'a' }, { from: 'b', to: 'b2', id: 'b' }, { from: 'c', to: 'c2', id: 'c' }];
		const renamed = await runBraze(s.sb, { ...rename, options: { batchSize: 2 } }, ids);
		expect(renamed.json.map((j) => j.success)).toEqual([true, true, true]);
		expect(requestsTo(s.sb, '/users/external_ids/rename').map((r) => r.body.external_id_renames.length)).toEqual([2, 1]);
		const removed = await runBraze(s.sb, { ...remove, options: { batchSize: 1 } }, ids);
		expect(removed.json.map((j) => j.success)).toEqual([true, true, true]);
		expect(requestsTo(s.sb, '/users/external_ids/remove').map((r) => r.body.external_ids)).toEqual([['a'], ['b'], ['c']]);
	});
});
