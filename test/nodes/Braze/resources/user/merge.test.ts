/**
 * User › Merge against the sandbox (Braze docs: api/endpoints/user_data/post_users_merge).
 */
import type { Json } from '../../helpers';
import { REQUEST_ENTRIES, offeredOptions } from '../message/editor';
import { requestsTo, runBraze, seedUsers, useMessagingSandbox, userById } from '../message/sandbox';

const PATH = '/users/merge';
const s = useMessagingSandbox();

const merge = (extra: Json = {}): Json => ({
	resource: 'user',
	operation: 'merge',
	mergeExternalId: '={{ $json.old }}',
	keepExternalId: '={{ $json.current }}',
	...extra,
});

describe('User > Merge', () => {
	it("merges each item's user into the one to keep, in one request; Braze answers 202 and merges later", async () => {
		await seedUsers(s.sb, [
			{ external_id: 'old-1', first_name: 'Old', plan: 'basic' },
			{ external_id: 'new-1', plan: 'pro' },
			{ external_id: 'old-2', last_name: 'Two' },
			{ external_id: 'new-2' },
		]);
		const result = await runBraze(s.sb, merge(), [
			{ old: 'old-1', current: 'new-1' },
			{ old: 'old-2', current: 'new-2' },
		]);
		expect(result.json[0]).toMatchObject({
			success: true,
			operation: 'user.merge',
			delivery: 'written',
			identifier_to_merge: { external_id: 'old-1' },
			identifier_to_keep: { external_id: 'new-1' },
			queued: true,
			braze: { statusCode: 202 },
		});
		expect(requestsTo(s.sb, PATH)).toHaveLength(1);
		s.sb.settle();
		expect(userById(s.sb, 'old-1')).toBeUndefined();
		expect(userById(s.sb, 'new-1')).toMatchObject({ attributes: expect.objectContaining({ first_name: 'Old' }), custom_attributes: { plan: 'pro' } });
		expect(userById(s.sb, 'new-2')?.attributes.last_name).toBe('Two');
	});

	it('merges the anonymous profile of an email into the identified one, by email with a prioritization for each', async () => {
		await seedUsers(s.sb, [{ external_id: 'john', email: 'john@example.com' }, { email: 'john@example.com', _update_existing_only: false, last_name: 'Anon' }]);
		const result = await runBraze(s.sb, { resource: 'user', operation: 'merge', mergeIdentifierType: 'email', mergeEmail: 'john@example.com', keepIdentifierType: 'email', keepEmail: 'john@example.com' }, [{}]);
		expect(requestsTo(s.sb, PATH)[0].body.merge_updates).toEqual([
			{
				identifier_to_merge: { email: 'john@example.com', prioritization: ['unidentified', 'most_recently_updated'] },
				identifier_to_keep: { email: 'john@example.com', prioritization: ['identified', 'most_recently_updated'] },
			},
		]);
		expect(result.json[0].success).toBe(true);
		s.sb.settle();
		expect(s.sb.users('production')).toHaveLength(1);
		expect(userById(s.sb, 'john')?.attributes.last_name).toBe('Anon');
	});

	it('merges a user alias into an external ID', async () => {
		await seedUsers(s.sb, [{ user_alias: { alias_name: 'a@example.com', alias_label: 'email' }, first_name: 'Ada', _update_existing_only: false }, { external_id: 'ada' }]);
		await runBraze(s.sb, { resource: 'user', operation: 'merge', mergeIdentifierType: 'user_alias', mergeAliasName: 'a@example.com', mergeAliasLabel: 'email', keepExternalId: 'ada' }, [{}]);
		s.sb.settle();
		expect(userById(s.sb, 'ada')).toMatchObject({ attributes: expect.objectContaining({ first_name: 'Ada' }) });
	});

	it('refuses an item that names the same user twice, or a bad email, alone', async () => {
		const result = await runBraze(s.sb, merge(), [{ old: 'same', current: 'same' }, { old: 'a', current: 'b' }], { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: false, errorField: 'identifier_to_keep', delivery: 'not written' });
		expect(result.json[1].success).toBe(true);
		const email = await runBraze(s.sb, { ...merge(), mergeIdentifierType: 'email', mergeEmail: 'not an email' }, [{ current: 'b' }], { continueOnFail: true });
		expect(email.json[0]).toMatchObject({ success: false, errorField: 'identifier_to_merge.email' });
	});
});

describe('User > Merge: Options', () => {
	it("offers Batch Size up to Braze's 50 merges per request, beside the entries every request has", () => {
		const options = offeredOptions('user', 'merge');
		expect(options.map((o) => o.name).sort()).toEqual([...REQUEST_ENTRIES, 'batchSize'].sort());
		expect(options.find((o) => o.name === 'batchSize')).toMatchObject({ default: 50, typeOptions: { minValue: 1, maxValue: 50 } });
	});

	it('sends the merges in requests of the Batch Size set', async () => {
		await seedUsers(s.sb, ['a', 'b', 'c', 'x', 'y', 'z'].map((id) => ({ external_id: id })));
		const result = await runBraze(s.sb, merge({ options: { batchSize: 2 } }), [
			{ old: 'a', current: 'x' },
			{ old: 'b', current: 'y' },
			{ old: 'c', current: 'z' },
		]);
		expect(result.json.map((j) => j.delivery)).toEqual(['written', 'written', 'written']);
		expect(requestsTo(s.sb, PATH).map((r) => r.body.merge_updates.length)).toEqual([2, 1]);
	});
});
