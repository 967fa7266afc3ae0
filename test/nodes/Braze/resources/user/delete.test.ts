/**
 * User > Delete against the sandbox.
 */
import type { Json } from '../../helpers';
import { apiRequests, run, seed, useSandbox } from '../../helpers';

const sb = useSandbox();

describe('User > Delete', () => {
	it('deletes users by external_id and by alias, one identifier kind per request', async () => {
		await seed(sb, 3);
		await run(sb, { resource: 'user', operation: 'createAlias', aliasName: 'lonely', aliasLabel: 'extole' }, [{}]);
		// Braze processes the alias before a deletion can find it (api_limits: wait between the calls)
		sb.settle();
		sb.clearRequests();
		const result = await run(
			sb,
			{ resource: 'user', operation: 'delete', identifierType: 'perItem', perItemIdentifierType: '={{ $json.type }}', externalId: '={{ $json.id }}', aliasName: '={{ $json.id }}', aliasLabel: 'extole' },
			[{ type: 'external_id', id: 'u0' }, { type: 'user_alias', id: 'lonely' }, { type: 'external_id', id: 'u2' }],
		);
		expect(result.json.map((j) => [j.success, j.deleted, j.queued])).toEqual([[true, true, true], [true, true, true], [true, true, true]]);
		expect(result.json[1]).toMatchObject({ operation: 'user.delete', identifier: { user_alias: { alias_name: 'lonely', alias_label: 'extole' } } });
		const calls = apiRequests(sb, '/users/delete');
		expect(calls.map((c) => Object.keys(c.body))).toEqual([['external_ids'], ['user_aliases']]);
		sb.settle();
		expect((sb.users('production') as Json[]).map((u) => u.external_id)).toEqual(['u1']);
	});
});
