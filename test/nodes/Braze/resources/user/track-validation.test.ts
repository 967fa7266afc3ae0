/**
 * User > Track validation before sending: each bad item gets an error naming its index and the
 * field; the valid items of the same execution are still sent.
 */
import type { Json } from '../../helpers';
import { apiRequests, run, trackParams, useSandbox } from '../../helpers';

const sb = useSandbox();

const LONG = 'x'.repeat(256);

/** Runs track with a valid item 0 and the given item 1; returns item 1's output. */
async function badSecond(params: Json, bad: Json) {
	const result = await run(sb, trackParams(params), [{ id: 'ok', name: 'Fine' }, { id: 'bad', name: 'Bad', ...bad }], { continueOnFail: true });
	expect(result.json[0].success).toBe(true);
	expect(apiRequests(sb, '/users/track')).toHaveLength(1);
	const sent = JSON.stringify(apiRequests(sb, '/users/track')[0].body);
	expect(sent).toContain('"ok"');
	expect(sent).not.toContain('"bad"');
	expect(result.json[1]).toMatchObject({ success: false, errorKind: 'validation' });
	expect(result.items[1].pairedItem).toEqual({ item: 1 });
	return result.json[1];
}

describe('validation (User > Track)', () => {
	it('no identifier', async () => {
		const out = await badSecond({ externalId: '={{ $json.id === "bad" ? "" : $json.id }}' }, {});
		expect(out.error).toBe('Item 1: external_id: no identifier: External ID is empty');
		expect(out.errorField).toBe('external_id');
	});

	it('alias name without label', async () => {
		const out = await badSecond({ identifierType: 'user_alias', aliasName: '={{ $json.id }}', aliasLabel: '={{ $json.id === "bad" ? "" : "ext" }}' }, {});
		expect(out.error).toMatch(/^Item 1: alias_label: a user alias needs a label/);
	});

	it('invalid email', async () => {
		const out = await badSecond({ standardAttributes: { first_name: '={{ $json.name }}', email: '={{ $json.id === "bad" ? "not-an-email" : "ok@example.com" }}' } }, {});
		expect(out.error).toMatch(/^Item 1: attributes\.email: "not-an-email" is not a valid email address/);
	});

	it('phone that cannot be made E.164', async () => {
		const out = await badSecond({ standardAttributes: { first_name: '={{ $json.name }}', phone: '={{ $json.id === "bad" ? "555-0100" : "+1 415 555 0100" }}' } }, {});
		expect(out.error).toMatch(/^Item 1: attributes\.phone: "555-0100" cannot be made an E\.164 phone number/);
	});

	it('strings over 255 characters', async () => {
		const out = await badSecond({ standardAttributes: { first_name: '={{ $json.name }}' } }, { name: LONG });
		expect(out.error).toMatch(/^Item 1: attributes\.first_name: is 256 characters long; Braze accepts at most 255/);
	});

	it('property names starting with $', async () => {
		const out = await badSecond(
			{ events: { event: [{ name: 'e', time: '', properties: '={{ $json.id === "bad" ? {"$price": 1} : {"price": 1} }}' }] } },
			{},
		);
		expect(out.error).toMatch(/^Item 1: events\[0\]\.properties\.\$price: property names must not start with "\$"/);
	});

	it('unparsable event time', async () => {
		const out = await badSecond({ events: { event: [{ name: 'e', time: '={{ $json.id === "bad" ? "yesterday-ish" : "" }}', properties: '{}' }] } }, {});
		expect(out.error).toMatch(/^Item 1: events\[0\]\.time: "yesterday-ish" is not a valid ISO-8601 time/);
	});

	it('purchase quantity outside 1..100', async () => {
		const out = await badSecond(
			{ purchases: { purchase: [{ productId: 'p', currency: 'USD', price: 1, quantity: '={{ $json.id === "bad" ? 101 : 1 }}', time: '' }] } },
			{},
		);
		expect(out.error).toMatch(/^Item 1: purchases\[0\]\.quantity: must be a whole number from 1 to 100 \(got 101\)/);
	});

	it('currency not a 3-letter code', async () => {
		const out = await badSecond(
			{ purchases: { purchase: [{ productId: 'p', currency: '={{ $json.id === "bad" ? "DOLLARS" : "EUR" }}', price: 1, quantity: 1, time: '' }] } },
			{},
		);
		expect(out.error).toMatch(/^Item 1: purchases\[0\]\.currency: must be a 3-letter ISO 4217 currency code/);
	});

	it('JSON mode: an object without identifier', async () => {
		const result = await run(sb, { resource: 'user', operation: 'track', inputMode: 'json' }, [
			{ attributes: { external_id: 'a', x: 1 } },
			{ attributes: { first_name: 'nobody' } },
		], { continueOnFail: true });
		expect(result.json[0].success).toBe(true);
		expect(result.json[1].error).toMatch(/^Item 1: attributes\[0\]: no identifier/);
	});

	it('an enumerated attribute off Braze\'s list (field mode, by expression)', async () => {
		const out = await badSecond({ standardAttributes: { first_name: '={{ $json.name }}', email_subscribe: '={{ $json.id === "bad" ? "sometimes" : "subscribed" }}' } }, {});
		expect(out.error).toBe('Item 1: attributes.email_subscribe: must be one of opted_in, subscribed, unsubscribed (got "sometimes")');
		expect(out.errorField).toBe('attributes.email_subscribe');
	});

	it('JSON mode: enumerated attributes are checked like in field mode, naming the item and the object', async () => {
		const result = await run(sb, { resource: 'user', operation: 'track', inputMode: 'json' }, [
			{ attributes: { external_id: 'a', email_subscribe: 'opted_in', gender: 'f' } },
			{ attributes: { external_id: 'b', push_subscribe: 'sometimes' } },
			{ attributes: { external_id: 'c', subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'opted_in' }] } },
		], { continueOnFail: true });
		expect(result.json.map((j) => j.success)).toEqual([true, false, false]);
		expect(result.json[1]).toMatchObject({
			errorKind: 'validation',
			errorField: 'attributes[0].push_subscribe',
			error: 'Item 1: attributes[0].push_subscribe: must be one of opted_in, subscribed, unsubscribed (got "sometimes")',
		});
		expect(result.json[2].error).toMatch(/^Item 2: attributes\[0\]\.subscription_groups\[0\]\.subscription_state: must be one of subscribed, unsubscribed/);
		const sent = apiRequests(sb, '/users/track');
		expect(sent).toHaveLength(1);
		expect(sent[0].body.attributes).toEqual([{ external_id: 'a', email_subscribe: 'opted_in', gender: 'F' }]);
	});

	it('Unknown gender is sent as null, as Braze stores an unknown gender', async () => {
		await run(sb, trackParams({ standardAttributes: { gender: 'U' } }), [{ id: 'g' }]);
		expect(apiRequests(sb, '/users/track')[0].body.attributes[0]).toMatchObject({ external_id: 'g', gender: null });
	});

	it('without Continue On Fail the node fails after sending the valid items', async () => {
		const result = await run(sb, trackParams({ externalId: '={{ $json.id }}' }), [{ id: 'a', name: 'A' }, { id: '', name: 'B' }]);
		expect(result.error?.message).toBe('Item 1: external_id: no identifier: External ID is empty');
		sb.settle();
		expect((sb.users('production') as Json[]).map((u) => u.external_id)).toEqual(['a']);
	});
});
