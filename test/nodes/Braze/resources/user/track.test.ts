/**
 * User > Track against the sandbox: fields mode, JSON mode, what reaches Braze and the output.
 */
import type { Json } from '../../helpers';
import { apiRequests, people, run, trackParams, useSandbox } from '../../helpers';

const sb = useSandbox();

const user = (externalId: string, workspace = 'production') =>
	(sb.users(workspace) as Json[]).find((u) => u.external_id === externalId);

describe('User > Track', () => {
	it('creates users with standard attributes and returns one paired item per input', async () => {
		const result = await run(sb, trackParams(), people(2));
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.json[0]).toMatchObject({
			success: true,
			operation: 'user.track',
			environment: 'production',
			identifier: { external_id: 'u0' },
			sent: { attributes: 1, events: 0, purchases: 0 },
			braze: { statusCode: 201, response: { message: 'success', attributes_processed: 2 } },
		});
		sb.settle();
		expect(user('u1')).toBeDefined();
		expect(JSON.stringify(user('u1'))).toContain('Person 1');
	});

	it('sends email and push subscription states as typed attributes', async () => {
		await run(sb, trackParams({ standardAttributes: { email: 'ann@example.com', email_subscribe: 'opted_in', push_subscribe: 'unsubscribed' } }), people(1));
		const body = apiRequests(sb, '/users/track')[0].body;
		expect(body.attributes[0]).toMatchObject({ external_id: 'u0', email: 'ann@example.com', email_subscribe: 'opted_in', push_subscribe: 'unsubscribed', _update_existing_only: false });
	});

	it('sends custom attributes given as name/value pairs', async () => {
		await run(sb, trackParams({ customAttributesMode: 'keyValue', customAttributes: { attribute: [{ name: 'plan', value: 'gold' }] } }), people(1));
		expect(apiRequests(sb, '/users/track')[0].body.attributes[0]).toMatchObject({ plan: 'gold', first_name: 'Person 0' });
	});

	it('sends custom attributes given as JSON, including Braze operations', async () => {
		await run(sb, trackParams({ customAttributesMode: 'json', customAttributesJson: '{"visits":{"inc":1},"tags":["a"]}' }), people(1));
		expect(apiRequests(sb, '/users/track')[0].body.attributes[0]).toMatchObject({ visits: { inc: 1 }, tags: ['a'] });
	});

	it('sends custom events with time defaulting to now and properties', async () => {
		const before = Date.now();
		await run(sb, trackParams({ standardAttributes: {}, events: { event: [{ name: 'shared', time: '', properties: '{"channel":"EMAIL"}' }] } }), people(1));
		const event = apiRequests(sb, '/users/track')[0].body.events[0];
		expect(event).toMatchObject({ external_id: 'u0', name: 'shared', properties: { channel: 'EMAIL' } });
		expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before - 1000);
		expect(Date.parse(event.time)).toBeLessThanOrEqual(Date.now());
	});

	it('sends purchases with upper-cased currency', async () => {
		await run(sb, trackParams({ standardAttributes: {}, purchases: { purchase: [{ productId: 'sku-1', currency: 'usd', price: 9.5, quantity: 2, time: '2026-01-02T03:04:05Z' }] } }), people(1));
		expect(apiRequests(sb, '/users/track')[0].body.purchases[0]).toMatchObject({ external_id: 'u0', product_id: 'sku-1', currency: 'USD', price: 9.5, quantity: 2, time: '2026-01-02T03:04:05.000Z' });
	});

	it('creates an alias-only user when identified by user alias (update-only sent as false)', async () => {
		await run(sb, trackParams({ identifierType: 'user_alias', aliasName: '={{ $json.id }}', aliasLabel: 'extole_person_id' }), people(1));
		const attrs = apiRequests(sb, '/users/track')[0].body.attributes[0];
		expect(attrs).toMatchObject({ user_alias: { alias_name: 'u0', alias_label: 'extole_person_id' }, _update_existing_only: false });
		sb.settle();
		expect(JSON.stringify(sb.users('production'))).toContain('extole_person_id');
	});

	it('with "Update Existing Users Only" does not create missing users', async () => {
		const result = await run(sb, trackParams({ updateExistingOnly: true }), people(1));
		expect(result.json[0].success).toBe(true);
		expect(apiRequests(sb, '/users/track')[0].body.attributes[0]._update_existing_only).toBe(true);
		sb.settle();
		expect(user('u0')).toBeUndefined();
	});

	it('with "Update Existing Users Only", events and purchases do not create missing users either', async () => {
		await run(sb, trackParams(), [{ id: 'known', name: 'Known' }]);
		sb.settle();
		sb.clearRequests();
		const params = trackParams({
			updateExistingOnly: true,
			standardAttributes: {},
			events: { event: [{ name: 'shared', time: '', properties: '{}' }] },
			purchases: { purchase: [{ productId: 'plan', currency: 'USD', price: 1, quantity: 1, time: '' }] },
		});
		const result = await run(sb, params, [{ id: 'known' }, { id: 'stranger' }]);
		expect(result.json.map((j) => j.success)).toEqual([true, true]);
		const body = apiRequests(sb, '/users/track')[0].body;
		expect([...body.events, ...body.purchases].map((o: Json) => o._update_existing_only)).toEqual([true, true, true, true]);
		sb.settle();
		expect(user('stranger')).toBeUndefined();
		expect(user('known')?.custom_events.map((e: Json) => [e.name, e.count])).toEqual([['shared', 1]]);
		expect(user('known')?.purchases.map((p: Json) => [p.name, p.count])).toEqual([['plan', 1]]);
	});

	it.each([
		['email', { identifierType: 'email', identifierEmail: ' ann@example.com ' }, { email: 'ann@example.com' }],
		['phone', { identifierType: 'phone', identifierPhone: '0044 (20) 7946-0958' }, { phone: '+442079460958' }],
		['braze_id', { identifierType: 'braze_id', brazeId: 'abc123' }, { braze_id: 'abc123' }],
	])('identifies the user by %s (normalised)', async (_name, params, expected) => {
		await run(sb, trackParams(params), people(1));
		expect(apiRequests(sb, '/users/track')[0].body.attributes[0]).toMatchObject(expected);
	});

	it('JSON mode sends each item\'s attributes, events and purchases objects as they are', async () => {
		const items = [
			{
				attributes: [{ external_id: 'j1', first_name: 'Jo', _merge_objects: true, prefs: { a: 1 } }],
				events: { external_id: 'j1', name: 'signed_up', time: '2026-03-01T00:00:00Z' },
				purchases: [],
			},
		];
		const result = await run(sb, { resource: 'user', operation: 'track', inputMode: 'json' }, items);
		expect(result.json[0]).toMatchObject({ success: true, sent: { attributes: 1, events: 1, purchases: 0 }, identifier: { external_id: 'j1' } });
		const body = apiRequests(sb, '/users/track')[0].body;
		expect(body.attributes[0]).toEqual({ external_id: 'j1', first_name: 'Jo', _merge_objects: true, prefs: { a: 1 } });
		expect(body.events[0]).toEqual({ external_id: 'j1', name: 'signed_up', time: '2026-03-01T00:00:00.000Z' });
		expect(body.purchases).toBeUndefined();
	});
});
