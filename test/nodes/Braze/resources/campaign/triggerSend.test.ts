/**
 * Campaign › Trigger Send against the sandbox (Braze docs: api/endpoints/messaging/send_messages/
 * post_send_triggered_campaigns; api/objects_filters/recipient_object, trigger_properties_object).
 */
import type { Json } from '../../helpers';
import { PRODUCTION_KEY, TEST_KEY } from '../../helpers';
import {
	CAMPAIGN,
	FAST_OPTIONS,
	STAGING_CAMPAIGN,
	VIP_CAMPAIGN,
	byId,
	requestsTo,
	runBraze,
	seedUsers,
	useMessagingSandbox,
	userById,
} from '../message/sandbox';

const PATH = '/campaigns/trigger/send';
const s = useMessagingSandbox();

const send = (extra: Json = {}): Json => ({
	resource: 'campaign',
	operation: 'triggerSend',
	campaignId: byId(CAMPAIGN),
	externalId: '={{ $json.id }}',
	triggerProperties: '={{ { coupon_code: $json.coupon } }}',
	...extra,
});

const people = (count: number, prefix = 'u') => Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, coupon: `C-${i}` }));
const seedPeople = async (count: number, prefix = 'u') =>
	await seedUsers(s.sb, people(count, prefix).map((p) => ({ external_id: p.id, email: `${p.id}@example.com` })));
const messagesOf = (id: string, workspace = 'production'): Json[] => userById(s.sb, id, workspace)?.messages ?? [];

describe('Campaign > Trigger Send: recipients', () => {
	it("sends each item's user the campaign with the item's trigger properties, three items in one request", async () => {
		await seedPeople(3);
		const result = await runBraze(s.sb, send(), people(3));
		expect(result.error).toBeUndefined();
		const [request] = requestsTo(s.sb, PATH);
		expect(requestsTo(s.sb, PATH)).toHaveLength(1);
		expect(request.body).toEqual({
			campaign_id: CAMPAIGN,
			recipients: [0, 1, 2].map((i) => ({ external_user_id: `u${i}`, trigger_properties: { coupon_code: `C-${i}` } })),
		});
		expect(result.json[2]).toMatchObject({
			success: true,
			operation: 'campaign.triggerSend',
			environment: 'production',
			delivery: 'written',
			campaign_id: CAMPAIGN,
			recipient: { external_id: 'u2' },
			dispatch_id: request.response.dispatch_id,
		});
		expect(messagesOf('u1')).toEqual([expect.objectContaining({ campaign_id: CAMPAIGN, trigger_properties: { coupon_code: 'C-1' } })]);
	});

	it("cuts the items into requests of Braze's 50 recipients", async () => {
		await seedPeople(120);
		const result = await runBraze(s.sb, send(), people(120));
		expect(result.json.every((j) => j.success && j.delivery === 'written')).toBe(true);
		expect(requestsTo(s.sb, PATH).map((r) => r.body.recipients.length)).toEqual([50, 50, 20]);
	});

	// recipient_object: a user listed twice in one request gets one message ("Braze dedupes the user").
	it('sends a user named by two items twice, in two requests, so that no item is dropped as a duplicate', async () => {
		await seedPeople(2);
		const result = await runBraze(s.sb, send(), [{ id: 'u0', coupon: 'A' }, { id: 'u1', coupon: 'B' }, { id: 'u0', coupon: 'C' }]);
		expect(result.json.map((j) => j.delivery)).toEqual(['written', 'written', 'written']);
		expect(requestsTo(s.sb, PATH).map((r) => r.body.recipients.map((x: Json) => x.external_user_id))).toEqual([['u0', 'u1'], ['u0']]);
		expect(messagesOf('u0').map((m) => m.trigger_properties.coupon_code).sort()).toEqual(['A', 'C']);
	});

	it('names recipients by user alias, Braze ID, email with its prioritization, or the user object of the item', async () => {
		await seedUsers(s.sb, [
			{ user_alias: { alias_name: 'ada@example.com', alias_label: 'email' }, email: 'ada@example.com', _update_existing_only: false },
			{ external_id: 'grace', email: 'grace@example.com' },
			{ external_id: 'linus', email: 'linus@example.com' },
		]);
		const brazeId = userById(s.sb, 'linus')?.braze_id;
		const items = [
			{ braze_user: { user_alias: { alias_name: 'ada@example.com', alias_label: 'email' } } },
			{ braze_user: { email: 'Grace@Example.com' } },
			{ braze_user: { braze_id: brazeId } },
		];
		const result = await runBraze(s.sb, send({ recipientType: 'userObject', triggerProperties: '{"reward": "10 USD"}' }), items);
		expect(result.json.map((j) => j.recipient)).toEqual([
			{ user_alias: { alias_name: 'ada@example.com', alias_label: 'email' } },
			{ email: 'Grace@Example.com', prioritization: ['most_recently_updated'] },
			{ braze_id: brazeId },
		]);
		const recipients = requestsTo(s.sb, PATH)[0].body.recipients;
		expect(recipients[1]).toEqual({ email: 'Grace@Example.com', prioritization: ['most_recently_updated'], trigger_properties: { reward: '10 USD' } });
		const dispatch = s.sb.dispatches('production').at(-1);
		expect(dispatch.recipients.map((r: Json) => r.status)).toEqual(['sent', 'sent', 'sent']);
	});

	it('sends by email with the chosen prioritization', async () => {
		await seedUsers(s.sb, [{ external_id: 'grace', email: 'grace@example.com' }]);
		await runBraze(s.sb, send({ recipientType: 'email', recipientEmail: 'grace@example.com', prioritization: 'identified,most_recently_updated' }), [{ coupon: 'G' }]);
		expect(requestsTo(s.sb, PATH)[0].body.recipients[0]).toMatchObject({ email: 'grace@example.com', prioritization: ['identified', 'most_recently_updated'] });
		expect(messagesOf('grace')).toHaveLength(1);
	});

	// race_conditions / recipient_object: send_to_existing_only false with attributes creates the user before the send.
	it('creates a user Braze does not have yet, with its attributes, when Send to Existing Users Only is off', async () => {
		const result = await runBraze(s.sb, send({ sendToExistingOnly: false, recipientAttributes: '={{ { email: $json.id + "@example.com" } }}' }), [{ id: 'new-1', coupon: 'N' }]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written' });
		expect(requestsTo(s.sb, PATH)[0].body.recipients[0]).toEqual({
			external_user_id: 'new-1',
			trigger_properties: { coupon_code: 'N' },
			attributes: { email: 'new-1@example.com' },
			send_to_existing_only: false,
		});
		expect(userById(s.sb, 'new-1')).toMatchObject({ attributes: expect.objectContaining({ email: 'new-1@example.com' }) });
		expect(messagesOf('new-1')).toHaveLength(1);
	});

	it('sends nothing to a user Braze does not have, and says only that Braze took the send', async () => {
		const result = await runBraze(s.sb, send(), [{ id: 'nobody', coupon: 'X' }]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written' });
		expect(s.sb.dispatches('production').at(-1).recipients[0]).toMatchObject({ status: 'not_sent', reason: 'no such user' });
	});
});

describe('Campaign > Trigger Send: bad input and refusals', () => {
	it('fails an item with a bad recipient or bad trigger properties alone, naming the field; the others are sent', async () => {
		await seedPeople(2);
		const items = [{ id: 'u0', coupon: 'A' }, { id: '', coupon: 'B' }, { id: 'u1', coupon: 'C' }];
		const result = await runBraze(s.sb, send(), items, { continueOnFail: true });
		expect(result.json[1]).toMatchObject({ success: false, delivery: 'not written', errorField: 'external_id' });
		expect(result.json[0].success && result.json[2].success).toBe(true);
		expect(requestsTo(s.sb, PATH)[0].body.recipients).toHaveLength(2);
		const big = await runBraze(s.sb, send({ triggerProperties: `={{ { text: "x".repeat(60000) } }}` }), [{ id: 'u0' }], { continueOnFail: true });
		expect(big.json[0]).toMatchObject({ success: false, errorField: 'trigger_properties', delivery: 'not written' });
		expect(big.json[0].error).toMatch(/51200 bytes/);
	});

	// A 400 refuses the whole request and sends nothing: the node sends each recipient alone to find the one Braze refuses.
	it("sends the recipients of a request Braze refused one by one, so that one bad recipient fails alone", async () => {
		await seedPeople(3);
		const result = await runBraze(
			s.sb,
			send({ recipientAttributes: '={{ $json.id === "u1" ? { visits: { inc: "lots" } } : {} }}' }),
			people(3),
			{ continueOnFail: true },
		);
		expect(result.json.map((j) => j.success)).toEqual([true, false, true]);
		expect(result.json[1]).toMatchObject({ delivery: 'not written', httpCode: 400 });
		expect(requestsTo(s.sb, PATH).map((r) => [r.status, r.body.recipients.length])).toEqual([[400, 3], [201, 1], [400, 1], [201, 1]]);
		expect(messagesOf('u0')).toHaveLength(1);
		expect(messagesOf('u1')).toHaveLength(0);
	});

	it('does not resend recipient by recipient what Braze refuses for all of them (an unknown campaign)', async () => {
		await seedPeople(3);
		const result = await runBraze(s.sb, send({ campaignId: byId('no-such-campaign') }), people(3), { continueOnFail: true });
		expect(result.json.every((j) => !j.success && j.delivery === 'not written' && /Invalid Campaign ID/.test(j.error))).toBe(true);
		expect(requestsTo(s.sb, PATH)).toHaveLength(1);
	});

	it('refuses a dashboard address or the template placeholder in By ID, saying where the API identifier is', async () => {
		const url = await runBraze(s.sb, send({ campaignId: byId('https://dashboard-01.braze.com/engagement/campaigns/5b44b00ffbe76a7024f242e6/51804f26dd365acfa700026a') }), [{ id: 'u0' }], { continueOnFail: true });
		expect(url.json[0]).toMatchObject({ success: false, errorField: 'campaign_id' });
		expect(url.json[0].error).toMatch(/not an API identifier.*Campaign API Identifier, at the bottom of the campaign page/);
		const placeholder = await runBraze(s.sb, send({ campaignId: byId('REPLACE_CAMPAIGN_ID') }), [{ id: 'u0' }], { continueOnFail: true });
		expect(placeholder.json[0].error).toMatch(/placeholder REPLACE_CAMPAIGN_ID/);
		expect(requestsTo(s.sb, PATH)).toHaveLength(0);
	});
});

describe('Campaign > Trigger Send: uncertain failures (Braze does not deduplicate sends)', () => {
	it('sends again by default after Braze applied the request and failed: nothing lost, the item says it may be duplicated', async () => {
		await seedPeople(2);
		s.sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: PATH });
		const result = await runBraze(s.sb, send({ options: FAST_OPTIONS }), people(2));
		expect(result.json.map((j) => j.delivery)).toEqual(['written, may be duplicated', 'written, may be duplicated']);
		expect(messagesOf('u0')).toHaveLength(2);
	});

	it('at most once, does not send again: the user has the one message Braze applied, the item says Braze may have sent it', async () => {
		await seedPeople(1);
		s.sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: PATH });
		const result = await runBraze(s.sb, send({ options: { ...FAST_OPTIONS, uncertainSend: 'atMostOnce' } }), people(1), { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: false, delivery: 'unknown: Braze may have applied it' });
		expect(result.json[0].error).toMatch(/Not sent again.*Braze may have sent this message/);
		expect(requestsTo(s.sb, PATH)).toHaveLength(1);
		expect(messagesOf('u0')).toHaveLength(1);
	});

	it('waits out a 429 without counting it as an attempt, and sends once', async () => {
		await seedPeople(1);
		s.sb.setFaults({ status: 429, count: 1, path: PATH });
		const result = await runBraze(s.sb, send({ options: { ...FAST_OPTIONS, maxAttempts: 1 } }), people(1));
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written' });
		expect(result.json[0].braze).toMatchObject({ rateLimited: 1, attempts: 1 });
		expect(messagesOf('u0')).toHaveLength(1);
	});
});

describe('Campaign > Trigger Send: broadcast, send ID, environment', () => {
	it("broadcasts to the campaign's segment only when chosen, as a request of its own with the item's trigger properties", async () => {
		await seedUsers(s.sb, [{ external_id: 'vip-1', email: 'v1@example.com' }, { external_id: 'vip-2', email: 'v2@example.com' }, { external_id: 'other', email: 'o@example.com' }]);
		const result = await runBraze(s.sb, send({ campaignId: byId(VIP_CAMPAIGN), audience: 'broadcast', externalId: undefined, triggerProperties: '{"season": "spring"}' }), [{}]);
		expect(result.json[0]).toMatchObject({ success: true, broadcast: true, campaign_id: VIP_CAMPAIGN, send_id: expect.any(String) });
		expect(requestsTo(s.sb, PATH)[0].body).toEqual({ campaign_id: VIP_CAMPAIGN, broadcast: true, trigger_properties: { season: 'spring' } });
		expect(messagesOf('vip-2')).toHaveLength(1);
		// VIP_CAMPAIGN targets SEGMENT_VIP, which holds vip-1 and vip-2.
		expect(messagesOf('other')).toHaveLength(0);
	});

	it('refuses a second broadcast of the same campaign in one execution', async () => {
		await seedUsers(s.sb, [{ external_id: 'vip-1', email: 'v1@example.com' }]);
		const result = await runBraze(s.sb, send({ campaignId: byId(VIP_CAMPAIGN), audience: 'broadcast', externalId: undefined }), [{}, {}], { continueOnFail: true });
		expect(result.json[0].success).toBe(true);
		expect(result.json[1]).toMatchObject({ success: false, errorField: 'audience', delivery: 'not written' });
		expect(result.json[1].error).toMatch(/item 0 already broadcasts this campaign/);
		expect(messagesOf('vip-1')).toHaveLength(1);
	});

	// post_send_triggered_campaigns: "If broadcast is set to true, a recipients list cannot be included."
	it('never sends recipients with a broadcast: n8n drops the recipient fields a broadcast hides, even when workflow JSON holds them', async () => {
		await seedUsers(s.sb, [{ external_id: 'vip-1', email: 'v1@example.com' }]);
		const result = await runBraze(s.sb, send({ campaignId: byId(VIP_CAMPAIGN), audience: 'broadcast', externalId: 'vip-1' }), [{}]);
		expect(result.json[0]).toMatchObject({ success: true, broadcast: true });
		expect(result.json[0]).not.toHaveProperty('recipient');
		expect(requestsTo(s.sb, PATH)[0].body).not.toHaveProperty('recipients');
	});

	it('groups the sends under a send ID made with /sends/id/create', async () => {
		await seedPeople(2);
		const made = await fetch(`${s.sb.url}/sends/id/create`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${PRODUCTION_KEY}` },
			body: JSON.stringify({ campaign_id: CAMPAIGN, send_id: 'reward-2026-11' }),
		});
		expect(made.status).toBe(201);
		const result = await runBraze(s.sb, send({ options: { sendId: 'reward-2026-11' } }), people(2));
		expect(requestsTo(s.sb, PATH)[0].body.send_id).toBe('reward-2026-11');
		expect(result.json[1]).toMatchObject({ success: true, send_id: 'reward-2026-11' });
		expect(messagesOf('u1')[0].send_id).toBe('reward-2026-11');
	});

	it("sends test items with the credential's test key to the staging workspace's campaign", async () => {
		await seedUsers(s.sb, [{ external_id: 'st-1', email: 's@example.com' }], TEST_KEY);
		const result = await runBraze(s.sb, send({ environment: 'test', campaignId: byId(STAGING_CAMPAIGN) }), [{ id: 'st-1' }]);
		expect(result.json[0]).toMatchObject({ success: true, environment: 'test' });
		expect(messagesOf('st-1', 'staging')).toHaveLength(1);
	});
});
