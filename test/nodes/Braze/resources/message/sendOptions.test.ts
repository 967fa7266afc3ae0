/**
 * The send operations' one Options collection (Campaign and Canvas Trigger Send, Message Send):
 * their own entries (Message Delivery Guarantee, Wait for Recipient, Send ID, Message Send's
 * delivery switches) beside Batch Size and the entries every request has, as the n8n editor
 * shows them; and what each entry does to the requests Braze receives (Braze docs:
 * api/endpoints/messaging/send_messages/post_send_triggered_campaigns, post_send_messages).
 */
import type { Json } from '../../helpers';
import { PRODUCTION_KEY } from '../../helpers';
import { REQUEST_ENTRIES, description, offeredOptions, optionCollections } from './editor';
import { API_CAMPAIGN, CAMPAIGN, byId, requestsTo, runBraze, seedUsers, useMessagingSandbox, userById } from './sandbox';

const s = useMessagingSandbox();

const SENDS: Array<[string, string]> = [
	['campaign', 'triggerSend'],
	['canvas', 'triggerSend'],
	['message', 'send'],
];

const names = (resource: string, operation: string) => offeredOptions(resource, operation).map((o) => o.name).sort();
const entry = (resource: string, operation: string, name: string): Json => offeredOptions(resource, operation).find((o) => o.name === name) as Json;

describe('the send operations: one Options collection', () => {
	it.each(SENDS)('%s > %s shows one collection, "Options", placeholder "Add option", entries sorted by name', (resource, operation) => {
		const collections = optionCollections(resource, operation);
		expect(collections.map((c) => [c.name, c.displayName, c.placeholder])).toEqual([['options', 'Options', 'Add option']]);
		const displayNames = offeredOptions(resource, operation).map((o) => o.displayName);
		expect(displayNames).toEqual([...displayNames].sort((a, b) => a.localeCompare(b)));
	});

	it('the node has no second collection "Send Options" for any operation', () => {
		expect(description().properties.filter((p) => p.name === 'sendOptions' || p.displayName === 'Send Options')).toEqual([]);
	});

	it('holds, for each send, its own entries beside Batch Size and the entries every request has', () => {
		const common = [...REQUEST_ENTRIES, 'batchSize', 'uncertainSend', 'waitForUserSeconds'];
		expect(names('campaign', 'triggerSend')).toEqual([...common, 'sendId'].sort());
		// Canvases take no send ID (post_send_triggered_canvases).
		expect(names('canvas', 'triggerSend')).toEqual([...common].sort());
		expect(names('message', 'send')).toEqual([...common, 'sendId', 'overrideFrequencyCapping', 'recipientSubscriptionState'].sort());
	});

	it.each(SENDS)("%s > %s offers Batch Size up to Braze's 50 recipients per request", (resource, operation) => {
		expect(entry(resource, operation, 'batchSize')).toMatchObject({ default: 50, typeOptions: { minValue: 1, maxValue: 50 } });
	});

	it('names every entry in full, at most 30 characters, in human units, and says what it does', () => {
		for (const [resource, operation] of SENDS) {
			for (const option of offeredOptions(resource, operation)) {
				expect(option.displayName.length).toBeLessThanOrEqual(30);
				expect(typeof option.description).toBe('string');
			}
		}
		expect(entry('campaign', 'triggerSend', 'waitForUserSeconds')).toMatchObject({
			displayName: 'Wait for Recipient (Seconds)',
			default: 0,
			typeOptions: { minValue: 0, maxValue: 300 },
		});
	});

	it('names the uncertain-failure choice as Track names its own, a delivery guarantee, at least once by default', () => {
		const guarantee = entry('campaign', 'triggerSend', 'uncertainSend');
		expect(guarantee).toMatchObject({ displayName: 'Message Delivery Guarantee', type: 'options', default: 'atLeastOnce' });
		expect(guarantee.options.map((o: Json) => [o.value, o.name])).toEqual([
			['atLeastOnce', 'At Least Once (May Send Twice)'],
			['atMostOnce', 'At Most Once (May Lose)'],
		]);
		// Next to Max Attempts, it says how the two meet, and that Braze does not deduplicate sends.
		expect(guarantee.options[0].description).toMatch(/up to Max Attempts/);
		expect(guarantee.description).toMatch(/Braze does not deduplicate sends/);
		expect(entry('canvas', 'triggerSend', 'uncertainSend').options[0].description).toMatch(/no Canvas entry is lost/);
	});

	it('mentions Send to Existing Users Only only where the operation has it', () => {
		expect(entry('campaign', 'triggerSend', 'waitForUserSeconds').description).toMatch(/Send to Existing Users Only/);
		expect(entry('message', 'send', 'waitForUserSeconds').description).not.toMatch(/Send to Existing Users Only/);
	});
});

describe('the send operations: what the Options do', () => {
	const seed = async (ids: string[]) => await seedUsers(s.sb, ids.map((id) => ({ external_id: id, email: `${id}@example.com` })));

	it('Batch Size cuts the recipients into requests of that size', async () => {
		await seed(['u0', 'u1', 'u2']);
		const params = { resource: 'campaign', operation: 'triggerSend', campaignId: byId(CAMPAIGN), externalId: '={{ $json.id }}', options: { batchSize: 2 } };
		const result = await runBraze(s.sb, params, [{ id: 'u0' }, { id: 'u1' }, { id: 'u2' }]);
		expect(result.json.map((j) => j.delivery)).toEqual(['written', 'written', 'written']);
		expect(requestsTo(s.sb, '/campaigns/trigger/send').map((r) => r.body.recipients.length)).toEqual([2, 1]);
	});

	const email = (options: Json): Json => ({
		resource: 'message',
		operation: 'send',
		externalId: '={{ $json.id }}',
		channel: 'email',
		emailAppId: 'app-web',
		emailFrom: 'Rewards <rewards@example.com>',
		emailSubject: 'Receipt',
		emailBody: '<p>Thanks</p>',
		options,
	});

	it("Message Send's Recipient Subscription State and Override Frequency Capping go in the request as Braze names them", async () => {
		await seed(['u0']);
		const result = await runBraze(s.sb, email({ recipientSubscriptionState: 'all', overrideFrequencyCapping: true }), [{ id: 'u0' }]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written' });
		expect(requestsTo(s.sb, '/messages/send')[0].body).toMatchObject({ recipient_subscription_state: 'all', override_frequency_capping: true });
	});

	it("leaves Braze's defaults out of the request: subscribed or opted in, frequency capping applied", async () => {
		await seed(['u0']);
		await runBraze(s.sb, email({}), [{ id: 'u0' }]);
		const [request] = requestsTo(s.sb, '/messages/send');
		expect(request.body).not.toHaveProperty('recipient_subscription_state');
		expect(request.body).not.toHaveProperty('override_frequency_capping');
	});

	it("Message Send's Send ID goes with its API campaign", async () => {
		await seed(['u0']);
		const made = await fetch(`${s.sb.url}/sends/id/create`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${PRODUCTION_KEY}` },
			body: JSON.stringify({ campaign_id: API_CAMPAIGN, send_id: 'receipts-2026' }),
		});
		expect(made.status).toBe(201);
		const params = { ...email({ sendId: 'receipts-2026' }), campaignId: byId(API_CAMPAIGN), emailFields: { messageVariationId: 'var-email' } };
		const result = await runBraze(s.sb, params, [{ id: 'u0' }]);
		expect(result.json[0]).toMatchObject({ success: true, campaign_id: API_CAMPAIGN, send_id: 'receipts-2026' });
		expect(requestsTo(s.sb, '/messages/send')[0].body).toMatchObject({ campaign_id: API_CAMPAIGN, send_id: 'receipts-2026' });
	});

	it('a Send ID without a campaign, or not ASCII, fails its item naming options.sendId, and sends nothing', async () => {
		await seed(['u0']);
		const result = await runBraze(s.sb, email({ sendId: '={{ $json.sendId }}' }), [{ id: 'u0', sendId: 'receipts' }], { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: false, errorField: 'options.sendId', delivery: 'not written' });
		expect(result.json[0].error).toMatch(/needs a Campaign/);
		const trigger = { resource: 'campaign', operation: 'triggerSend', campaignId: byId(CAMPAIGN), externalId: '={{ $json.id }}', options: { sendId: 'réduction' } };
		const bad = await runBraze(s.sb, trigger, [{ id: 'u0' }], { continueOnFail: true });
		expect(bad.json[0]).toMatchObject({ success: false, errorField: 'options.sendId' });
		expect(s.sb.requests()).toEqual([]);
		expect(userById(s.sb, 'u0')?.messages ?? []).toEqual([]);
	});
});
