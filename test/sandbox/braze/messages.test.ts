/**
 * Conformance: POST /messages/send and /sends/id/create.
 * Braze docs: api/endpoints/messaging/send_messages/post_send_messages, post_create_send_ids;
 * api/objects_filters/messaging/email_object, sms_object; api/errors (fatal errors);
 * api/identifier_types ("Send identifier"); api/api_limits (/sends/id/create: 100 per day).
 */
import { Sandbox, exportUser, post, start, write } from './helpers';

const dashboard = {
	production: {
		segments: [{ id: 'seg-a', name: 'A' , external_ids: ['a1', 'a2'] }, { id: 'seg-old', name: 'Old', archived: true }],
		campaigns: [
			{ id: 'api-campaign', name: 'Transactional', delivery: 'api', channels: ['email', 'sms'], variations: [{ id: 'var-email', channel: 'email' }, { id: 'var-sms', channel: 'sms' }] },
			{ id: 'triggered', name: 'Triggered', delivery: 'api_triggered' },
			{ id: 'scheduled', name: 'Newsletter', delivery: 'scheduled' },
		],
	},
};
const email = { app_id: 'app', from: 'Rewards <rewards@example.com>', subject: 'Your reward', body: '<p>Hi</p>' };

describe('Braze sandbox: /messages/send and /sends/id/create', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start({ dashboard });
	});
	afterAll(() => sb.stop());
	beforeEach(async () => {
		sb.reset();
		await write(sb, '/users/track', {
			attributes: [
				{ external_id: 'a1', email: 'a1@example.com', email_subscribe: 'opted_in', phone: '+15550000001' },
				{ external_id: 'a2', email: 'a2@example.com' },
				{ external_id: 'b1', email: 'b1@example.com', email_subscribe: 'unsubscribed' },
			],
		});
	});
	const send = (body: Record<string, unknown>) => post(sb, '/messages/send', body);
	const received = () => sb.users('production').filter((u: any) => u.messages.length).map((u: any) => u.external_id);

	describe('/messages/send', () => {
		it('sends to external_user_ids and records the message content on each user', async () => {
			const r = await send({ external_user_ids: ['a1', 'a2'], messages: { email } });
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ dispatch_id: expect.any(String), message: 'success' });
			expect(received()).toEqual(['a1', 'a2']);
			expect(sb.users('production')[0].messages[0]).toMatchObject({ source: 'messages/send', channels: ['email'], messages: { email } });
		});

		// "recipient_subscription_state ... Defaults to 'subscribed'"; 'opted_in' only opted-in users; 'all' includes unsubscribed
		it('follows recipient_subscription_state for email', async () => {
			await send({ external_user_ids: ['a1', 'a2', 'b1'], messages: { email } });
			expect(received()).toEqual(['a1', 'a2']);
			sb.reset();
			await write(sb, '/users/track', { attributes: [{ external_id: 'a1', email: 'a1@example.com', email_subscribe: 'opted_in' }, { external_id: 'a2', email: 'a2@example.com' }, { external_id: 'b1', email: 'b@example.com', email_subscribe: 'unsubscribed' }] });
			await send({ external_user_ids: ['a1', 'a2', 'b1'], recipient_subscription_state: 'opted_in', messages: { email } });
			expect(received()).toEqual(['a1']);
			await send({ external_user_ids: ['b1'], recipient_subscription_state: 'all', messages: { email } });
			expect(received()).toEqual(['a1', 'b1']);
		});

		// "400 No Recipients"; "broadcast ... must be set to true if no external_user_ids or aliases are provided"
		it('needs recipients, and broadcast: true to send to a segment alone', async () => {
			expect((await send({ messages: { email } })).body).toEqual({ message: 'No Recipients' });
			expect((await send({ segment_id: 'seg-a', messages: { email } })).status).toBe(400);
			const r = await send({ segment_id: 'seg-a', broadcast: true, messages: { email } });
			expect(r.body).toEqual({ dispatch_id: expect.any(String), send_id: expect.any(String), message: 'success' });
			expect(received()).toEqual(['a1', 'a2']);
		});

		// "Including both will send to the provided users if they are in the segment"
		it('sends to given users only if they are in the segment', async () => {
			await send({ segment_id: 'seg-a', external_user_ids: ['a1', 'b1'], messages: { email } });
			expect(received()).toEqual(['a1']);
		});

		it('answers 400 to an unknown or archived segment and to more than 50 users', async () => {
			expect((await send({ segment_id: 'nope', broadcast: true, messages: { email } })).status).toBe(400);
			expect((await send({ segment_id: 'seg-old', broadcast: true, messages: { email } })).status).toBe(400);
			const r = await send({ external_user_ids: Array.from({ length: 51 }, (_, i) => `u${i}`), messages: { email } });
			expect(r.body).toEqual({ message: 'The max number of ids per request was exceeded' });
		});

		// "400 No message to send"
		it('needs a message', async () => {
			expect((await send({ external_user_ids: ['a1'] })).body).toEqual({ message: 'No message to send' });
			expect((await send({ external_user_ids: ['a1'], messages: {} })).body).toEqual({ message: 'No message to send' });
		});

		it('checks the email object (app_id, from, body) and the sms object (subscription_group_id, body, app_id)', async () => {
			expect((await send({ external_user_ids: ['a1'], messages: { email: { ...email, app_id: undefined } } })).status).toBe(400);
			expect((await send({ external_user_ids: ['a1'], messages: { email: { ...email, from: 'not an address' } } })).status).toBe(400);
			expect((await send({ external_user_ids: ['a1'], messages: { email: { ...email, body: undefined } } })).status).toBe(400);
			expect((await send({ external_user_ids: ['a1'], messages: { email: { ...email, body: undefined, email_template_id: 't1' } } })).status).toBe(201);
			expect((await send({ external_user_ids: ['a1'], messages: { sms: { body: 'Hi', app_id: 'app' } } })).status).toBe(400);
			expect((await send({ external_user_ids: ['a1'], messages: { sms: { body: 'Hi', app_id: 'app', subscription_group_id: 'g' } } })).status).toBe(201);
		});

		// api/errors: Message Variant Unspecified, Invalid Message Variant, Mismatched Message Type, Invalid Campaign ID
		it('checks the campaign and message variations of a tracked send', async () => {
			const withCampaign = (campaign_id: string, messages: unknown) => send({ external_user_ids: ['a1'], campaign_id, messages });
			expect((await withCampaign('triggered', { email })).body).toEqual({ message: 'Invalid Campaign ID' });
			expect((await withCampaign('api-campaign', { email })).body).toEqual({ message: 'Message Variant Unspecified' });
			expect((await withCampaign('api-campaign', { email: { ...email, message_variation_id: 'other' } })).body).toEqual({ message: 'Invalid Message Variant' });
			expect((await withCampaign('api-campaign', { email: { ...email, message_variation_id: 'var-sms' } })).body).toEqual({ message: 'Mismatched Message Type' });
			expect((await withCampaign('api-campaign', { email: { ...email, message_variation_id: 'var-email' } })).status).toBe(201);
			expect((await exportUser(sb, 'a1')).campaigns_received).toEqual([expect.objectContaining({ name: 'Transactional', api_campaign_id: 'api-campaign' })]);
		});

		it('checks push payloads: extra must be an object, sizes within Apple 1,912 and Android 4,000 bytes', async () => {
			expect((await send({ external_user_ids: ['a1'], messages: { apple_push: { alert: 'x', extra: 'nope' } } })).body).toEqual({ message: 'Invalid Extra Push Payload' });
			expect((await send({ external_user_ids: ['a1'], messages: { apple_push: { alert: 'x'.repeat(2000) } } })).body).toEqual({ message: 'Apple Push Length Exceeded' });
			expect((await send({ external_user_ids: ['a1'], messages: { android_push: { alert: 'x'.repeat(4100) } } })).body).toEqual({ message: 'Android Push Length Exceeded' });
		});

		it('sends nothing by push: sandbox users have no push token', async () => {
			await send({ external_user_ids: ['a1'], messages: { apple_push: { alert: 'hi' } } });
			expect(received()).toEqual([]);
			expect(sb.dispatches()[0].recipients[0]).toMatchObject({ status: 'not_sent', reason: 'push: no push token' });
		});
	});

	describe('/sends/id/create', () => {
		it('creates a send id for a campaign and answers it', async () => {
			const r = await post(sb, '/sends/id/create', { campaign_id: 'api-campaign', send_id: 'march-rewards' });
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ message: 'success', send_id: 'march-rewards' });
			const tracked = await send({ external_user_ids: ['a1'], campaign_id: 'api-campaign', send_id: 'march-rewards', messages: { email: { ...email, message_variation_id: 'var-email' } } });
			expect(tracked.status).toBe(201);
		});

		it('makes up a send id when none is given', async () => {
			const r = await post(sb, '/sends/id/create', { campaign_id: 'api-campaign' });
			expect(r.body.send_id).toEqual(expect.any(String));
		});

		// "The identifier must be all ASCII characters and at most 64 characters long."
		it('refuses send ids that are not ASCII or longer than 64 characters, and unknown campaigns', async () => {
			expect((await post(sb, '/sends/id/create', { campaign_id: 'api-campaign', send_id: 'x'.repeat(65) })).status).toBe(400);
			expect((await post(sb, '/sends/id/create', { campaign_id: 'api-campaign', send_id: 'prämie' })).status).toBe(400);
			expect((await post(sb, '/sends/id/create', { campaign_id: 'nope' })).body).toEqual({ message: 'Invalid Campaign ID' });
		});

		// "The daily maximum number of custom send identifiers that can be created via this endpoint is 100 for a given workspace."
		it('allows 100 requests a day', async () => {
			const statuses: number[] = [];
			for (let i = 0; i < 101; i++) statuses.push((await post(sb, '/sends/id/create', { campaign_id: 'api-campaign', send_id: `s${i}` })).status);
			expect(statuses.filter((s) => s === 201)).toHaveLength(100);
			expect(statuses.at(-1)).toBe(429);
		});
	});
});
