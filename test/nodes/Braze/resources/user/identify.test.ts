/**
 * User > Identify against the sandbox.
 */
import type { Json } from '../../helpers';
import { apiRequests, people, run, useSandbox } from '../../helpers';

const sb = useSandbox();

describe('User > Identify', () => {
	it('merges alias-only users into external ids in one request', async () => {
		await run(sb, { resource: 'user', operation: 'createAlias', aliasName: '={{ $json.id }}', aliasLabel: 'extole' }, people(2));
		// Braze processes the aliases before they can be identified (api_limits: wait between the calls)
		sb.settle();
		const result = await run(sb, { resource: 'user', operation: 'identify', externalId: '={{ "known-" + $json.id }}', aliasName: '={{ $json.id }}', aliasLabel: 'extole' }, people(2));
		expect(result.json[1]).toMatchObject({ success: true, operation: 'user.identify', external_id: 'known-u1', user_alias: { alias_name: 'u1', alias_label: 'extole' }, queued: true });
		expect(apiRequests(sb, '/users/identify')).toHaveLength(1);
		sb.settle();
		expect((sb.users('production') as Json[]).map((u) => u.external_id).sort()).toEqual(['known-u0', 'known-u1']);
	});
});
