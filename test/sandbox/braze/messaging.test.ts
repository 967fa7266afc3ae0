/**
 * Conformance: API-triggered delivery, POST /campaigns/trigger/send and /canvas/trigger/send.
 * Braze docs: api/endpoints/messaging/send_messages/post_send_triggered_campaigns,
 * post_send_triggered_canvases; api/objects_filters/recipient_object, trigger_properties_object,
 * context_object; api/identifier_types ("Send identifier"); help/best_practices/race_conditions.
 */
import { Sandbox, exportUser, post, start, write } from './helpers';

const SEGMENT = 'seg-vip';
const dashboard = {
	production: {
		segments: [{ id: SEGMENT, name: 'VIPs', external_ids: ['vip-1', 'vip-2'] }],
		campaigns: [
			{ id: 'reward-email', name: 'Reward email', delivery: 'api_triggered', channels: ['email'] },
			{ id: 'vip-only', name: 'VIP email', delivery: 'api_triggered', channels: ['email'], segment_id: SEGMENT },
			{ id: 'scheduled', name: 'Newsletter', delivery: 'scheduled' },
		],
		canvases: [
			{ id: 'reward-journey', name: 'Reward journey', channels: ['email'] },
			{ id: 'paused-journey', name: 'Paused journey', status: 'paused' },
			{ id: 'archived-journey', name: 'Archived journey', status: 'archived' },
		],
	},
};

describe('Braze sandbox: API-triggered campaigns and Canvases', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start({ dashboard });
	});
	afterAll(() => sb.stop());
	beforeEach(async () => {
		sb.reset();
		await write(sb, '/users/track', {
			attributes: [
				{ external_id: 'ann', email: 'ann@example.com' },
				{ external_id: 'bob', email: 'bob@example.com', email_subscribe: 'unsubscribed' },
				{ external_id: 'no-email', first_name: 'N' },
				{ external_id: 'vip-1', email: 'vip1@example.com' },
				{ external_id: 'vip-2', email: 'vip2@example.com' },
			],
		});
	});
	const campaign = (body: Record<string, unknown>) => post(sb, '/campaigns/trigger/send', { campaign_id: 'reward-email', ...body });
	const canvas = (body: Record<string, unknown>) => post(sb, '/canvas/trigger/send', { canvas_id: 'reward-journey', ...body });
	const user = (id: string) => sb.users('production').find((u: any) => u.external_id === id);

	describe('/campaigns/trigger/send', () => {
		it('answers 201 with a dispatch_id and records the message, with its trigger properties, on the user', async () => {
			const r = await campaign({ trigger_properties: { reward: '10 USD', code: 'X' }, recipients: [{ external_user_id: 'ann', trigger_properties: { code: 'ANN10' } }] });
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ dispatch_id: expect.stringMatching(/^[0-9a-f]{32}$/), message: 'success' });
			// a recipient's trigger_properties "override any keys that conflict with the parent trigger_properties"
			expect(user('ann').messages).toEqual([
				expect.objectContaining({ dispatch_id: r.body.dispatch_id, source: 'campaign', campaign_id: 'reward-email', name: 'Reward email', channels: ['email'], trigger_properties: { reward: '10 USD', code: 'ANN10' } }),
			]);
		});

		it('shows the campaign in the export’s campaigns_received', async () => {
			await campaign({ recipients: [{ external_user_id: 'ann' }] });
			const u = await exportUser(sb, 'ann');
			expect(u.campaigns_received).toEqual([expect.objectContaining({ name: 'Reward email', api_campaign_id: 'reward-email', last_received: expect.any(String) })]);
		});

		// "400 Invalid Campaign ID: No messaging API campaign was found for your provided campaign ID" (api/errors)
		it('answers 400 Invalid Campaign ID to an unknown campaign or one not delivered by API trigger', async () => {
			expect((await campaign({ campaign_id: 'nope', recipients: [{ external_user_id: 'ann' }] })).body).toEqual({ message: 'Invalid Campaign ID' });
			expect((await campaign({ campaign_id: 'scheduled', recipients: [{ external_user_id: 'ann' }] })).status).toBe(400);
		});

		// "broadcast ... defaults to false ... must be set to true if recipients is omitted"; "If broadcast is set to true, a recipients list cannot be included"
		it('requires broadcast: true without recipients, and refuses recipients with it', async () => {
			expect((await campaign({})).status).toBe(400);
			expect((await campaign({ broadcast: false })).status).toBe(400);
			expect((await campaign({ broadcast: true, recipients: [{ external_user_id: 'ann' }] })).status).toBe(400);
			expect(user('ann').messages).toEqual([]);
		});

		it('sends a broadcast to everyone in the campaign’s target segment and answers a send_id', async () => {
			const r = await campaign({ campaign_id: 'vip-only', broadcast: true });
			expect(r.body).toEqual({ dispatch_id: expect.any(String), send_id: expect.any(String), message: 'success' });
			expect(sb.users('production').filter((u: any) => u.messages.length).map((u: any) => u.external_id)).toEqual(['vip-1', 'vip-2']);
		});

		// "If you include both specific users in your API call and a target segment ... the user profiles that are both in the API call and qualify for the segment"
		it('sends to recipients only when they are in the target segment', async () => {
			await campaign({ campaign_id: 'vip-only', recipients: [{ external_user_id: 'ann' }, { external_user_id: 'vip-1' }] });
			expect(user('ann').messages).toEqual([]);
			expect(user('vip-1').messages).toHaveLength(1);
			expect(sb.dispatches()[0].recipients[0]).toMatchObject({ status: 'not_sent', reason: 'not in the target segment' });
		});

		it('accepts up to 50 recipients', async () => {
			const many = (n: number) => Array.from({ length: n }, (_, i) => ({ external_user_id: `u${i}` }));
			expect((await campaign({ recipients: many(50) })).status).toBe(201);
			const r = await campaign({ recipients: many(51) });
			expect(r.status).toBe(400);
			expect(r.body.message).toBe('The max number of ids per request was exceeded');
		});

		// "You must include one of external_user_id, user_alias, braze_id, or email ... Requests must specify only one."
		it('requires exactly one identifier per recipient, and a prioritization with an email', async () => {
			expect((await campaign({ recipients: [{ trigger_properties: {} }] })).status).toBe(400);
			expect((await campaign({ recipients: [{ external_user_id: 'ann', email: 'ann@example.com' }] })).status).toBe(400);
			expect((await campaign({ recipients: [{ email: 'ann@example.com' }] })).status).toBe(400);
			const r = await campaign({ recipients: [{ email: 'ann@example.com', prioritization: ['identified', 'most_recently_updated'] }] });
			expect(r.status).toBe(201);
			expect(user('ann').messages).toHaveLength(1);
		});

		it('sends to a user alias and a braze_id', async () => {
			await write(sb, '/users/track', { attributes: [{ user_alias: { alias_name: 'f@example.com', alias_label: 'email' }, _update_existing_only: false, email: 'f@example.com' }] });
			await campaign({ recipients: [{ user_alias: { alias_name: 'f@example.com', alias_label: 'email' } }, { braze_id: user('ann').braze_id }] });
			expect(sb.dispatches()[0].recipients.map((x: any) => x.status)).toEqual(['sent', 'sent']);
		});

		// "send_to_existing_only ... defaults to true"
		it('sends nothing to, and creates no, unknown users by default', async () => {
			await campaign({ recipients: [{ external_user_id: 'stranger' }] });
			expect(user('stranger')).toBeUndefined();
			expect(sb.dispatches()[0].recipients).toEqual([expect.objectContaining({ status: 'not_sent', reason: 'no such user' })]);
		});

		// "When set to false and an attributes object is provided, Braze creates a new user if one doesn't exist."
		it('creates the user from its attributes with send_to_existing_only: false, then sends', async () => {
			await campaign({ recipients: [{ external_user_id: 'newbie', send_to_existing_only: false, attributes: { email: 'newbie@example.com', first_name: 'New' } }] });
			expect(user('newbie')).toMatchObject({ attributes: expect.objectContaining({ email: 'newbie@example.com', first_name: 'New' }), messages: [expect.objectContaining({ name: 'Reward email' })] });
		});

		it('refuses send_to_existing_only: false without attributes or with a user alias', async () => {
			expect((await campaign({ recipients: [{ external_user_id: 'x', send_to_existing_only: false }] })).status).toBe(400);
			expect((await campaign({ recipients: [{ user_alias: { alias_name: 'a', alias_label: 'l' }, send_to_existing_only: false, attributes: { x: 1 } }] })).status).toBe(400);
		});

		// "This API call processes the user attributes object before it processes and sends the campaign."
		it('applies a recipient’s attributes before the send', async () => {
			await campaign({ recipients: [{ external_user_id: 'no-email', attributes: { email: 'late@example.com', tier: 'gold' } }] });
			expect(user('no-email')).toMatchObject({ custom_attributes: { tier: 'gold' }, messages: [expect.objectContaining({ channels: ['email'] })] });
		});

		// "when requests are made to the users/track and messaging endpoints at the same time, there is no guarantee that the user information will be updated before a message is sent"
		it('misses a user whose /users/track is still queued (the race Braze documents)', async () => {
			await post(sb, '/users/track', { attributes: [{ external_id: 'just-signed-up', email: 'j@example.com' }] });
			await campaign({ recipients: [{ external_user_id: 'just-signed-up' }] });
			sb.settle();
			expect(user('just-signed-up').messages).toEqual([]);
			await campaign({ recipients: [{ external_user_id: 'just-signed-up' }] });
			expect(user('just-signed-up').messages).toHaveLength(1);
		});

		it('delivers email only to users with an address who did not unsubscribe, and records why others got nothing', async () => {
			await campaign({ recipients: [{ external_user_id: 'ann' }, { external_user_id: 'bob' }, { external_user_id: 'no-email' }] });
			expect(sb.dispatches()[0].recipients.map((x: any) => [x.external_id, x.status, x.reason])).toEqual([
				['ann', 'sent', undefined],
				['bob', 'not_sent', 'email: email_subscribe is unsubscribed'],
				['no-email', 'not_sent', 'email: no email address'],
			]);
		});

		// "if there exists a duplicated recipient targeting the same address ... Braze dedupes the user"
		it('sends once to a recipient listed twice', async () => {
			await campaign({ recipients: [{ external_user_id: 'ann', trigger_properties: { n: 1 } }, { external_user_id: 'ann', trigger_properties: { n: 2 } }] });
			expect(user('ann').messages.map((m: any) => m.trigger_properties)).toEqual([{ n: 1 }]);
		});

		// "The trigger_properties object has a maximum size limit of 50 KB."
		it('refuses trigger_properties over 50 KB', async () => {
			const big = { blob: Array.from({ length: 260 }, () => 'x'.repeat(200)) };
			expect((await campaign({ trigger_properties: big, recipients: [{ external_user_id: 'ann' }] })).status).toBe(400);
			expect((await campaign({ recipients: [{ external_user_id: 'ann', trigger_properties: big }] })).status).toBe(400);
		});

		// "If you want to specify your own send identifier, you will have to first create one through the /sends/id/create endpoint."
		it('accepts a send_id only after /sends/id/create made it for the campaign', async () => {
			expect((await campaign({ send_id: 'spring', recipients: [{ external_user_id: 'ann' }] })).status).toBe(400);
			await post(sb, '/sends/id/create', { campaign_id: 'reward-email', send_id: 'spring' });
			expect((await campaign({ send_id: 'spring', recipients: [{ external_user_id: 'ann' }] })).status).toBe(201);
			expect(user('ann').messages[0].send_id).toBe('spring');
		});

		it('refuses Connected Audience filters, which the sandbox does not model', async () => {
			const r = await campaign({ broadcast: true, audience: { AND: [] } });
			expect(r.status).toBe(400);
			expect(r.body.message).toMatch(/does not model/);
		});
	});

	describe('/canvas/trigger/send', () => {
		it('answers 201 with a dispatch_id and records the Canvas entry with its context', async () => {
			const r = await canvas({ context: { reward: '10 USD' }, recipients: [{ external_user_id: 'ann', context: { code: 'A' } }] });
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ dispatch_id: expect.any(String), message: 'success' });
			expect(user('ann').messages).toEqual([expect.objectContaining({ source: 'canvas', canvas_id: 'reward-journey', name: 'Reward journey', context: { reward: '10 USD', code: 'A' } })]);
			expect((await exportUser(sb, 'ann')).canvases_received).toEqual([expect.objectContaining({ name: 'Reward journey', api_canvas_id: 'reward-journey', last_entered: expect.any(String) })]);
		});

		it('accepts the former name canvas_entry_properties, not both', async () => {
			await canvas({ canvas_entry_properties: { reward: 'x' }, recipients: [{ external_user_id: 'ann' }] });
			expect(user('ann').messages[0].context).toEqual({ reward: 'x' });
			expect((await canvas({ context: {}, canvas_entry_properties: {}, recipients: [{ external_user_id: 'ann' }] })).status).toBe(400);
		});

		// "If the Canvas is archived, stopped, or paused, the Canvas is not sent through this endpoint."
		it('sends nothing for a paused or archived Canvas and says so in a notice', async () => {
			const paused = await canvas({ canvas_id: 'paused-journey', recipients: [{ external_user_id: 'ann' }] });
			expect(paused.body).toEqual({ dispatch_id: expect.any(String), notice: 'The Canvas is paused. Resume the Canvas to ensure trigger requests will take effect.', message: 'success' });
			const archived = await canvas({ canvas_id: 'archived-journey', recipients: [{ external_user_id: 'ann' }] });
			expect(archived.body.notice).toBe('The Canvas is archived. Unarchive the Canvas to ensure trigger requests will take effect.');
			expect(user('ann').messages).toEqual([]);
		});

		// "by default, subscription groups cannot be updated this way"
		it('applies a recipient’s attributes but not its subscription groups', async () => {
			await canvas({ recipients: [{ external_user_id: 'ann', attributes: { tier: 'gold', subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'subscribed' }] } }] });
			expect(user('ann')).toMatchObject({ custom_attributes: { tier: 'gold' }, subscription_groups: {} });
		});

		it('answers 400 to an unknown Canvas, and applies the same recipient rules as campaigns', async () => {
			expect((await canvas({ canvas_id: 'nope', recipients: [{ external_user_id: 'ann' }] })).status).toBe(400);
			expect((await canvas({})).status).toBe(400);
			expect((await canvas({ recipients: Array.from({ length: 51 }, (_, i) => ({ external_user_id: `u${i}` })) })).status).toBe(400);
		});

		it('records every send under /_sandbox/dispatches', async () => {
			await canvas({ recipients: [{ external_user_id: 'ann' }, { external_user_id: 'ghost' }] });
			const r: any = await fetch(`${sb.url}/_sandbox/dispatches?workspace=production`).then((x) => x.json());
			expect(r.dispatches).toEqual([
				expect.objectContaining({ source: 'canvas', canvas_id: 'reward-journey', recipients: [expect.objectContaining({ external_id: 'ann', status: 'sent' }), expect.objectContaining({ asked: { external_user_id: 'ghost' }, status: 'not_sent' })] }),
			]);
		});
	});
});
