/**
 * Message › Send against the sandbox (Braze docs: api/endpoints/messaging/send_messages/
 * post_send_messages; api/objects_filters/messaging/email_object, sms_object).
 */
import type { Json } from '../../helpers';
import { API_CAMPAIGN, SEGMENT_VIP, byId, requestsTo, runBraze, seedUsers, useMessagingSandbox, userById } from './sandbox';

const PATH = '/messages/send';
const s = useMessagingSandbox();

const email = (extra: Json = {}): Json => ({
	resource: 'message',
	operation: 'send',
	externalId: '={{ $json.id }}',
	channel: 'email',
	emailAppId: 'app-web',
	emailFrom: 'Rewards <rewards@example.com>',
	emailSubject: 'You earned a reward',
	emailBody: '<p>Thanks!</p>',
	...extra,
});

const seedPeople = async (ids: string[]) => await seedUsers(s.sb, ids.map((id) => ({ external_id: id, email: `${id}@example.com`, phone: '+14155550100' })));
const messagesOf = (id: string): Json[] => userById(s.sb, id)?.messages ?? [];

describe('Message > Send', () => {
	it('sends one email written in the node to the user of each item, items with the same message in one request', async () => {
		await seedPeople(['u0', 'u1', 'u2']);
		const result = await runBraze(s.sb, email(), [{ id: 'u0' }, { id: 'u1' }, { id: 'u2' }]);
		expect(result.json[1]).toMatchObject({ success: true, operation: 'message.send', delivery: 'written', recipient: { external_id: 'u1' }, channels: ['email'], dispatch_id: expect.any(String) });
		expect(requestsTo(s.sb, PATH)).toHaveLength(1);
		expect(requestsTo(s.sb, PATH)[0].body).toEqual({
			messages: { email: { app_id: 'app-web', from: 'Rewards <rewards@example.com>', subject: 'You earned a reward', body: '<p>Thanks!</p>' } },
			external_user_ids: ['u0', 'u1', 'u2'],
		});
		expect(messagesOf('u2')).toEqual([expect.objectContaining({ source: 'messages/send', channels: ['email'] })]);
	});

	it('sends items whose messages differ in requests of their own', async () => {
		await seedPeople(['u0', 'u1']);
		await runBraze(s.sb, email({ emailSubject: '={{ "Hello " + $json.id }}' }), [{ id: 'u0' }, { id: 'u1' }]);
		expect(requestsTo(s.sb, PATH).map((r) => [r.body.messages.email.subject, r.body.external_user_ids])).toEqual([
			['Hello u0', ['u0']],
			['Hello u1', ['u1']],
		]);
	});

	it('sends an SMS, and messaging objects given as JSON, to users by alias', async () => {
		await seedUsers(s.sb, [{ user_alias: { alias_name: 'a1', alias_label: 'crm' }, phone: '+14155550101', _update_existing_only: false }]);
		const sms = await runBraze(
			s.sb,
			{ ...email(), recipientType: 'user_alias', aliasName: 'a1', aliasLabel: 'crm', channel: 'sms', smsSubscriptionGroupId: 'sg-sms', smsAppId: 'app-sms', smsBody: 'Your code: X1' },
			[{}],
		);
		expect(sms.json[0]).toMatchObject({ success: true, recipient: { user_alias: { alias_name: 'a1', alias_label: 'crm' } }, channels: ['sms'] });
		expect(requestsTo(s.sb, PATH)[0].body).toEqual({
			messages: { sms: { subscription_group_id: 'sg-sms', app_id: 'app-sms', body: 'Your code: X1' } },
			user_aliases: [{ alias_name: 'a1', alias_label: 'crm' }],
		});
		const hook = await runBraze(s.sb, { ...email(), recipientType: 'user_alias', aliasName: 'a1', aliasLabel: 'crm', channel: 'json', messagesJson: '{"webhook": {"url": "https://example.com/h"}}' }, [{}]);
		expect(hook.json[0]).toMatchObject({ success: true, channels: ['webhook'] });
	});

	it('sends to the users of the items who are in the segment, when chosen', async () => {
		await seedPeople(['vip-1', 'plain']);
		const result = await runBraze(s.sb, email({ audience: 'segmentUsers', segmentId: byId(SEGMENT_VIP) }), [{ id: 'vip-1' }, { id: 'plain' }]);
		expect(result.json.map((j) => j.segment_id)).toEqual([SEGMENT_VIP, SEGMENT_VIP]);
		expect(requestsTo(s.sb, PATH)[0].body).toMatchObject({ segment_id: SEGMENT_VIP, external_user_ids: ['vip-1', 'plain'] });
		expect(messagesOf('vip-1')).toHaveLength(1);
		expect(messagesOf('plain')).toHaveLength(0);
	});

	it('broadcasts to a segment only when chosen, once per segment and execution', async () => {
		await seedPeople(['vip-1', 'vip-2', 'plain']);
		const result = await runBraze(s.sb, email({ audience: 'broadcast', segmentId: byId(SEGMENT_VIP) }), [{}, {}], { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: true, broadcast: true, segment_id: SEGMENT_VIP, send_id: expect.any(String) });
		expect(result.json[1]).toMatchObject({ success: false, errorField: 'audience', delivery: 'not written' });
		expect(requestsTo(s.sb, PATH)[0].body).toMatchObject({ segment_id: SEGMENT_VIP, broadcast: true });
		expect(requestsTo(s.sb, PATH)[0].body).not.toHaveProperty('external_user_ids');
		expect(messagesOf('vip-2')).toHaveLength(1);
		expect(messagesOf('plain')).toHaveLength(0);
	});

	it("reports under an API campaign with the channel's message variation, and asks for the variation when it is missing", async () => {
		await seedPeople(['u0']);
		const result = await runBraze(s.sb, email({ campaignId: byId(API_CAMPAIGN), emailFields: { messageVariationId: 'var-email' } }), [{ id: 'u0' }]);
		expect(result.json[0]).toMatchObject({ success: true, campaign_id: API_CAMPAIGN });
		expect(messagesOf('u0')[0]).toMatchObject({ campaign_id: API_CAMPAIGN, name: 'Transactional' });
		const missing = await runBraze(s.sb, email({ campaignId: byId(API_CAMPAIGN) }), [{ id: 'u0' }], { continueOnFail: true });
		expect(missing.json[0]).toMatchObject({ success: false, errorField: 'messages.email.message_variation_id' });
	});

	it('refuses bad messages per item, naming the field, before sending anything', async () => {
		const cases: Array<[Json, string]> = [
			[{ emailFrom: 'rewards at example.com' }, 'email.from'],
			[{ emailBody: '' }, 'email.body'],
			[{ emailAppId: '={{ $json.noAppId }}' }, 'email.app_id'],
			[{ channel: 'json', messagesJson: '{"pigeon": {}}' }, 'messages.pigeon'],
			[{ recipientType: 'userObject', userObject: '{"braze_id": "b1"}' }, 'userObject'],
		];
		for (const [extra, field] of cases) {
			const result = await runBraze(s.sb, email(extra), [{ id: 'u0' }], { continueOnFail: true });
			expect({ field, json: result.json[0] }).toMatchObject({ field, json: { success: false, errorField: field, delivery: 'not written' } });
		}
		expect(requestsTo(s.sb, PATH)).toHaveLength(0);
	});

	it('fails every item of a message Braze refuses, in one request (the users share the message)', async () => {
		await seedPeople(['u0', 'u1']);
		const result = await runBraze(s.sb, email({ channel: 'json', messagesJson: '{"apple_push": {"alert": "' + 'x'.repeat(2000) + '"}}' }), [{ id: 'u0' }, { id: 'u1' }], {
			continueOnFail: true,
		});
		expect(result.json.map((j) => [j.success, j.httpCode, j.delivery])).toEqual([
			[false, 400, 'not written'],
			[false, 400, 'not written'],
		]);
		expect(result.json[0].error).toMatch(/Apple Push Length Exceeded/);
		expect(requestsTo(s.sb, PATH)).toHaveLength(1);
	});
});
