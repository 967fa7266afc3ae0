/**
 * User > Export by Identifier against the sandbox.
 */
import type { Json } from '../../helpers';
import { apiRequests, people, run, seed, trackParams, useSandbox } from '../../helpers';

const sb = useSandbox();

/** Export with Simplify off: one wrapper item per input item. */
const exportParams = (extra: Json) => ({ resource: 'user', operation: 'exportByIdentifier', simplify: false, ...extra });

describe('User > Export by Identifier (Simplify off)', () => {
	it('by external_id: one output per input with found and users; unknown users are found: false', async () => {
		await seed(sb, 3);
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
		sb.settle();
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
		sb.settle();
		sb.clearRequests();
		const result = await run(sb, exportParams({ identifierType: 'email', identifierEmail: '={{ $json.email }}' }), [
			{ email: 'shared@example.com' },
			{ email: 'none@example.com' },
		]);
		expect(result.json.map((j) => j.count)).toEqual([2, 0]);
		expect(apiRequests(sb, '/users/export/ids').map((c) => c.body.email_address)).toEqual(['shared@example.com', 'none@example.com']);
	});

	it('by phone and braze_id, one request each', async () => {
		await seed(sb, 1, { standardAttributes: { first_name: 'P', phone: '+14155550100' } });
		const exported = await run(sb, exportParams({ identifierType: 'external_id', externalId: 'u0', fieldsToExport: ['braze_id'] }), [{}]);
		const brazeId = exported.json[0].users[0].braze_id;
		sb.clearRequests();
		const byPhone = await run(sb, exportParams({ identifierType: 'phone', identifierPhone: '+1 (415) 555-0100' }), [{}]);
		const byId = await run(sb, exportParams({ identifierType: 'braze_id', brazeId }), [{}]);
		expect(byPhone.json[0]).toMatchObject({ found: true });
		expect(byId.json[0]).toMatchObject({ found: true });
		expect(apiRequests(sb, '/users/export/ids').map((c) => c.body.phone ?? c.body.braze_id)).toEqual(['+14155550100', brazeId]);
	});
	it('Export by email rejects an invalid address for that item only', async () => {
		const result = await run(sb, exportParams({ identifierType: 'email', identifierEmail: '={{ $json.e }}' }), [{ e: 'a@example.com' }, { e: 'a b@example.com' }], { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: true, found: false });
		expect(result.json[1].error).toMatch(/^Item 1: email: "a b@example.com" is not a valid email address/);
	});
});

describe('User > Export by Identifier, Simplify (the default)', () => {
	const simplified = (extra: Json) => ({ resource: 'user', operation: 'exportByIdentifier', ...extra });

	it('is on by default and answers one item per user found, holding only the user\'s fields, paired with its input', async () => {
		await run(sb, trackParams({ standardAttributes: { email: 'shared@example.com' } }), people(2));
		sb.settle();
		sb.clearRequests();
		const result = await run(sb, simplified({ identifierType: 'email', identifierEmail: '={{ $json.email }}', fieldsToExport: ['external_id', 'email'] }), [
			{ email: 'none@example.com' },
			{ email: 'shared@example.com' },
		]);
		expect(result.error).toBeUndefined();
		expect(result.json.map((j) => j.external_id).sort()).toEqual(['u0', 'u1']);
		expect(result.json[0]).toEqual({ external_id: expect.any(String), email: 'shared@example.com' });
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 1 }]);
	});

	it('answers nothing for a user not found (Simplify off answers found: false)', async () => {
		const result = await run(sb, simplified({ identifierType: 'external_id', externalId: 'nobody' }), [{}]);
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
	});

	it('keeps a failed item as it is, with Continue On Fail', async () => {
		await seed(sb, 1);
		const result = await run(sb, simplified({ identifierType: 'email', identifierEmail: '={{ $json.e }}' }), [{ e: 'a b@example.com' }, { e: 'u@example.com' }], {
			continueOnFail: true,
		});
		expect(result.json).toEqual([expect.objectContaining({ success: false, errorField: 'email' })]);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});
});
