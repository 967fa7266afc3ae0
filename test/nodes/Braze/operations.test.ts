/**
 * Export by Identifier, Create Alias, Identify, Delete, Subscription > Set Group Status and
 * Email > Set Global Subscription Status against the sandbox.
 */
import type { Json, Sandbox } from './helpers';
import { apiRequests, people, run, startSandbox, trackParams } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox();
});
afterAll(async () => await sb.stop());
beforeEach(() => sb.reset());

async function seed(count: number, extra: Json = {}) {
	await run(sb, trackParams(extra), people(count));
	sb.clearRequests();
}
const exportParams = (extra: Json) => ({ resource: 'user', operation: 'exportByIdentifier', ...extra });

describe('User > Export by Identifier', () => {
	it('by external_id: one output per input with found and users; unknown users are found: false', async () => {
		await seed(3);
		const items = [{ id: 'u0' }, { id: 'nobody' }, { id: 'u2' }];
		const result = await run(sb, exportParams({ identifierType: 'external_id', externalId: '={{ $json.id }}' }), items);
		expect(result.error).toBeUndefined();
		expect(result.json.map((j) => [j.found, j.count])).toEqual([[true, 1], [false, 0], [true, 1]]);
		expect(result.json[0]).toMatchObject({ success: true, operation: 'user.exportByIdentifier', identifier: { external_id: 'u0' } });
		expect(result.json[0].users[0]).toMatchObject({ external_id: 'u0', first_name: 'Person 0' });
		expect(result.json[1].users).toEqual([]);
		const calls = apiRequests(sb, '/users/export/ids');
		expect(calls).toHaveLength(1);
		expect(calls[0].body.external_ids).toEqual(['u0', 'nobody', 'u2']);
		expect(calls[0].body.fields_to_export).toEqual(expect.arrayContaining(['external_id', 'first_name', 'email']));
	});

	it('batches external_ids 50 per request (120 items -> 3 requests)', async () => {
		const result = await run(sb, exportParams({ identifierType: 'external_id', externalId: '={{ $json.id }}' }), people(120));
		expect(apiRequests(sb, '/users/export/ids').map((c) => c.body.external_ids.length)).toEqual([50, 50, 20]);
		expect(result.json.every((j) => j.found === false)).toBe(true);
		expect(result.items[119].pairedItem).toEqual({ item: 119 });
	});

	it('by user alias, returning only the requested fields', async () => {
		await run(sb, trackParams({ identifierType: 'user_alias', aliasName: '={{ $json.id }}', aliasLabel: 'ext' }), people(2));
		sb.clearRequests();
		const result = await run(
			sb,
			exportParams({ identifierType: 'user_alias', aliasName: '={{ $json.id }}', aliasLabel: 'ext', fieldsToExport: ['first_name'] }),
			[{ id: 'u1' }, { id: 'u0' }],
		);
		expect(result.json.map((j) => j.users)).toEqual([[{ first_name: 'Person 1' }], [{ first_name: 'Person 0' }]]);
		expect(apiRequests(sb, '/users/export/ids')).toHaveLength(1);
	});

	it('by email sends one request per address and may return several users', async () => {
		await run(sb, trackParams({ standardAttributes: { email: 'shared@example.com' } }), people(2));
		sb.clearRequests();
		const result = await run(sb, exportParams({ identifierType: 'email', identifierEmail: '={{ $json.email }}' }), [
			{ email: 'shared@example.com' },
			{ email: 'none@example.com' },
		]);
		expect(result.json.map((j) => j.count)).toEqual([2, 0]);
		expect(apiRequests(sb, '/users/export/ids').map((c) => c.body.email_address)).toEqual(['shared@example.com', 'none@example.com']);
	});

	it('by phone and braze_id, one request each', async () => {
		await seed(1, { standardAttributes: { first_name: 'P', phone: '+14155550100' } });
		const exported = await run(sb, exportParams({ identifierType: 'external_id', externalId: 'u0', fieldsToExport: ['braze_id'] }), [{}]);
		const brazeId = exported.json[0].users[0].braze_id;
		sb.clearRequests();
		const byPhone = await run(sb, exportParams({ identifierType: 'phone', identifierPhone: '+1 (415) 555-0100' }), [{}]);
		const byId = await run(sb, exportParams({ identifierType: 'braze_id', brazeId }), [{}]);
		expect(byPhone.json[0]).toMatchObject({ found: true });
		expect(byId.json[0]).toMatchObject({ found: true });
		expect(apiRequests(sb, '/users/export/ids').map((c) => c.body.phone ?? c.body.braze_id)).toEqual(['+14155550100', brazeId]);
	});
});

describe('User > Create Alias', () => {
	it('creates alias-only users and adds aliases to identified users, 50 per request', async () => {
		await seed(1);
		const items = [{ name: 'p-1' }, { name: 'p-2', ext: 'u0' }, ...people(60).map((p) => ({ name: `x-${p.id}` }))];
		const result = await run(sb, { resource: 'user', operation: 'createAlias', aliasName: '={{ $json.name }}', aliasLabel: 'extole', externalId: '={{ $json.ext ?? "" }}' }, items);
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({ success: true, operation: 'user.createAlias', user_alias: { alias_name: 'p-1', alias_label: 'extole' } });
		expect(result.json[1]).toMatchObject({ external_id: 'u0' });
		const calls = apiRequests(sb, '/users/alias/new');
		expect(calls.map((c) => c.body.user_aliases.length)).toEqual([50, 12]);
		expect(calls[0].body.user_aliases[1]).toEqual({ alias_name: 'p-2', alias_label: 'extole', external_id: 'u0' });
		const u0 = (sb.users('production') as Json[]).find((u) => u.external_id === 'u0');
		expect(JSON.stringify(u0)).toContain('p-2');
	});
});

describe('User > Identify', () => {
	it('merges alias-only users into external ids in one request', async () => {
		await run(sb, { resource: 'user', operation: 'createAlias', aliasName: '={{ $json.id }}', aliasLabel: 'extole' }, people(2));
		const result = await run(sb, { resource: 'user', operation: 'identify', externalId: '={{ "known-" + $json.id }}', aliasName: '={{ $json.id }}', aliasLabel: 'extole' }, people(2));
		expect(result.json[1]).toMatchObject({ success: true, operation: 'user.identify', external_id: 'known-u1', user_alias: { alias_name: 'u1', alias_label: 'extole' } });
		expect(apiRequests(sb, '/users/identify')).toHaveLength(1);
		expect((sb.users('production') as Json[]).map((u) => u.external_id).sort()).toEqual(['known-u0', 'known-u1']);
	});
});

describe('User > Delete', () => {
	it('deletes users by external_id and by alias, one identifier kind per request', async () => {
		await seed(3);
		await run(sb, { resource: 'user', operation: 'createAlias', aliasName: 'lonely', aliasLabel: 'extole' }, [{}]);
		sb.clearRequests();
		const result = await run(
			sb,
			{ resource: 'user', operation: 'delete', identifierType: '={{ $json.type }}', externalId: '={{ $json.id }}', aliasName: '={{ $json.id }}', aliasLabel: 'extole' },
			[{ type: 'external_id', id: 'u0' }, { type: 'user_alias', id: 'lonely' }, { type: 'external_id', id: 'u2' }],
		);
		expect(result.json.map((j) => j.success)).toEqual([true, true, true]);
		const calls = apiRequests(sb, '/users/delete');
		expect(calls.map((c) => Object.keys(c.body))).toEqual([['external_ids'], ['user_aliases']]);
		expect((sb.users('production') as Json[]).map((u) => u.external_id)).toEqual(['u1']);
	});
});

describe('Subscription > Set Group Status', () => {
	it('groups users by group, state and identifier kind, 50 per list', async () => {
		await seed(2);
		const items = [
			{ id: 'u0', state: 'subscribed' },
			{ id: 'u1', state: 'unsubscribed' },
			{ email: 'new@example.com', state: 'subscribed' },
		];
		const result = await run(
			sb,
			{
				resource: 'subscription',
				operation: 'setGroupStatus',
				subscriptionGroupId: 'grp-1',
				subscriptionState: '={{ $json.state }}',
				identifierType: '={{ $json.email ? "email" : "external_id" }}',
				externalId: '={{ $json.id }}',
				identifierEmail: '={{ $json.email }}',
			},
			items,
		);
		expect(result.error).toBeUndefined();
		expect(result.json[2]).toMatchObject({ success: true, operation: 'subscription.setGroupStatus', subscription_group_id: 'grp-1', subscription_state: 'subscribed', identifier: { email: 'new@example.com' } });
		const groups = apiRequests(sb, '/v2/subscription/status/set').map((c) => c.body.subscription_groups[0]);
		expect(groups).toEqual([
			{ subscription_group_id: 'grp-1', subscription_state: 'subscribed', external_ids: ['u0'] },
			{ subscription_group_id: 'grp-1', subscription_state: 'unsubscribed', external_ids: ['u1'] },
			{ subscription_group_id: 'grp-1', subscription_state: 'subscribed', emails: ['new@example.com'] },
		]);
	});
});

describe('Email > Set Global Subscription Status', () => {
	it('sends up to 50 addresses per request per state', async () => {
		const items = Array.from({ length: 55 }, (_, i) => ({ email: `p${i}@example.com` }));
		const result = await run(sb, { resource: 'email', operation: 'setGlobalSubscriptionStatus', email: '={{ $json.email }}', subscriptionState: 'opted_in' }, items);
		expect(result.json[54]).toMatchObject({ success: true, operation: 'email.setGlobalSubscriptionStatus', email: 'p54@example.com', subscription_state: 'opted_in' });
		const calls = apiRequests(sb, '/email/status');
		expect(calls.map((c) => [c.body.email.length, c.body.subscription_state])).toEqual([[50, 'opted_in'], [5, 'opted_in']]);
	});
});
