/**
 * Subscription › Get Status against the sandbox (Braze docs: api/endpoints/subscription_groups/
 * get_list_user_subscription_group_status).
 */
import type { Json } from '../../helpers';
import { PRODUCTION_KEY } from '../../helpers';
import { REQUEST_ENTRIES, offeredOptions } from '../message/editor';
import { SEND_ONLY_KEY, requestsTo, runBraze, seedUsers, useMessagingSandbox } from '../message/sandbox';

const s = useMessagingSandbox();
const GROUP = 'sg-newsletter';

async function setStatus(group: Json): Promise<void> {
	const response = await fetch(`${s.sb.url}/v2/subscription/status/set`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${PRODUCTION_KEY}` },
		body: JSON.stringify({ subscription_groups: [{ subscription_group_id: GROUP, ...group }] }),
	});
	expect(response.status).toBe(201);
}

const get = (extra: Json = {}): Json => ({ resource: 'subscription', operation: 'getStatus', subscriptionGroupId: GROUP, externalId: '={{ $json.id }}', ...extra });

describe('Subscription > Get Status', () => {
	it("reads each item's state, up to 50 users in one GET, as Braze spells it", async () => {
		await seedUsers(s.sb, [{ external_id: 'in' }, { external_id: 'out' }, { external_id: 'never' }]);
		await setStatus({ subscription_state: 'subscribed', external_ids: ['in'] });
		await setStatus({ subscription_state: 'unsubscribed', external_ids: ['out'] });
		const result = await runBraze(s.sb, get(), [{ id: 'in' }, { id: 'out' }, { id: 'never' }]);
		expect(result.json.map((j) => [j.status, j.subscribed])).toEqual([
			['Subscribed', true],
			['Unsubscribed', false],
			['Unknown', false],
		]);
		expect(result.json[0]).toMatchObject({ success: true, operation: 'subscription.getStatus', subscription_group_id: GROUP, identifier: { external_id: 'in' } });
		// A read: no delivery.
		expect(result.json[0]).not.toHaveProperty('delivery');
		const [request] = requestsTo(s.sb, '/subscription/status/get');
		expect(requestsTo(s.sb, '/subscription/status/get')).toHaveLength(1);
		// Braze's example writes the list as external_id[]=1&external_id[]=2.
		expect([request.method, request.query]).toEqual(['GET', '?subscription_group_id=sg-newsletter&external_id%5B%5D=in&external_id%5B%5D=out&external_id%5B%5D=never']);
	});

	it('reads by email, in a request of its own (Braze takes one kind of identifier at a time)', async () => {
		await seedUsers(s.sb, [{ external_id: 'ann', email: 'ann@example.com' }]);
		await setStatus({ subscription_state: 'subscribed', emails: ['ann@example.com'] });
		const result = await runBraze(s.sb, get({ identifierType: 'perItem', perItemIdentifierType: '={{ $json.email ? "email" : "external_id" }}', identifierEmail: '={{ $json.email }}' }), [
			{ email: 'ann@example.com' },
			{ id: 'ann' },
		]);
		expect(result.json.map((j) => j.status)).toEqual(['Subscribed', 'Subscribed']);
		expect(requestsTo(s.sb, '/subscription/status/get')).toHaveLength(2);
	});

	it('fails every item of a request Braze refuses, with its answer, and sends no write', async () => {
		const result = await runBraze(s.sb, get({ identifierType: 'phone', identifierPhone: '={{ $json.phone }}' }), [{ phone: '+14155550100' }], {
			continueOnFail: true,
			brazeApi: { apiKey: SEND_ONLY_KEY },
		});
		expect(result.json[0]).toMatchObject({ success: false, httpCode: 403 });
		expect(result.json[0]).not.toHaveProperty('delivery');
	});
});

describe('Subscription > Get Status: Options', () => {
	it("offers Batch Size up to Braze's 50 users per request, beside the entries every request has", () => {
		const options = offeredOptions('subscription', 'getStatus');
		expect(options.map((o) => o.name).sort()).toEqual([...REQUEST_ENTRIES, 'batchSize'].sort());
		expect(options.find((o) => o.name === 'batchSize')).toMatchObject({ default: 50, typeOptions: { minValue: 1, maxValue: 50 } });
	});

	it('reads in requests of the Batch Size set', async () => {
		await seedUsers(s.sb, [{ external_id: 'a' }, { external_id: 'b' }, { external_id: 'c' }]);
		const result = await runBraze(s.sb, get({ options: { batchSize: 2 } }), [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
		expect(result.json.map((j) => j.status)).toEqual(['Unknown', 'Unknown', 'Unknown']);
		expect(requestsTo(s.sb, '/subscription/status/get').map((r) => r.query.match(/external_id%5B%5D/g).length)).toEqual([2, 1]);
	});
});
