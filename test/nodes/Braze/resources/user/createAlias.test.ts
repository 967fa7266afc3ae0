/**
 * User > Create Alias against the sandbox.
 */
import type { Json } from '../../helpers';
import { apiRequests, people, run, seed, useSandbox } from '../../helpers';

const sb = useSandbox();

describe('User > Create Alias', () => {
	it('creates alias-only users and adds aliases to identified users, 50 per request', async () => {
		await seed(sb, 1);
		const items = [{ name: 'p-1' }, { name: 'p-2', ext: 'u0' }, ...people(60).map((p) => ({ name: `x-${p.id}` }))];
		const result = await run(sb, { resource: 'user', operation: 'createAlias', aliasName: '={{ $json.name }}', aliasLabel: 'extole', externalId: '={{ $json.ext ?? "" }}' }, items);
		expect(result.error).toBeUndefined();
		// queued: Braze accepted the aliases and applies them asynchronously (post_user_alias)
		expect(result.json[0]).toMatchObject({ success: true, operation: 'user.createAlias', user_alias: { alias_name: 'p-1', alias_label: 'extole' }, queued: true });
		expect(result.json[1]).toMatchObject({ external_id: 'u0' });
		const calls = apiRequests(sb, '/users/alias/new');
		expect(calls.map((c) => c.body.user_aliases.length)).toEqual([50, 12]);
		expect(calls[0].body.user_aliases[1]).toEqual({ alias_name: 'p-2', alias_label: 'extole', external_id: 'u0' });
		sb.settle();
		const u0 = (sb.users('production') as Json[]).find((u) => u.external_id === 'u0');
		expect(JSON.stringify(u0)).toContain('p-2');
	});
	it('Create Alias without label', async () => {
		const result = await run(sb, { resource: 'user', operation: 'createAlias', aliasName: 'n', aliasLabel: '={{ $json.label }}' }, [{ label: '' }], { continueOnFail: true });
		expect(result.json[0].error).toMatch(/^Item 0: alias_label:/);
		expect(apiRequests(sb)).toHaveLength(0);
	});
});
