/**
 * Conformance: /v2/subscription/status/set, /subscription/status/get and /email/status.
 * Braze docs: api/endpoints/subscription_groups/post_update_user_subscription_group_status_v2,
 * get_list_user_subscription_group_status; api/endpoints/email/post_email_subscription_status.
 */
import { ALL_FIELDS, Sandbox, exportUser, get, post, start, write } from './helpers';

describe('Braze sandbox: subscriptions', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(async () => {
		sb.reset();
		await write(sb, '/users/track', {
			attributes: [
				{ external_id: 'u1', email: 'one@example.com', phone: '+15550000001' },
				{ external_id: 'u2', email: 'two@example.com' },
			],
		});
	});
	const set = (groups: unknown[]) => post(sb, '/v2/subscription/status/set', { subscription_groups: groups });
	/** Group states are not an export field: read them from the sandbox's inspection. */
	const groupsOf = (id: string) => sb.users('production').find((u: any) => u.external_id === id).subscription_groups;

	describe('/v2/subscription/status/set', () => {
		it('sets a group state by external_ids, emails and phones', async () => {
			const r = await set([
				{ subscription_group_id: 'g-news', subscription_state: 'subscribed', external_ids: ['u1'] },
				{ subscription_group_id: 'g-promo', subscription_state: 'unsubscribed', emails: ['two@example.com'] },
				{ subscription_group_id: 'g-sms', subscription_state: 'subscribed', phones: ['+15550000001'] },
			]);
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ message: 'success' });
			expect(groupsOf('u1')).toEqual({ 'g-news': 'subscribed', 'g-sms': 'subscribed' });
			expect(groupsOf('u2')).toEqual({ 'g-promo': 'unsubscribed' });
		});

		// "emails: String or array of strings"
		it('takes emails (and phones) as a single string too', async () => {
			expect((await set([{ subscription_group_id: 'g', subscription_state: 'subscribed', emails: 'two@example.com' }])).status).toBe(201);
			expect((await set([{ subscription_group_id: 'h', subscription_state: 'subscribed', phones: '+15550000001' }])).status).toBe(201);
			expect(groupsOf('u2')).toEqual({ g: 'subscribed' });
			expect(groupsOf('u1')).toEqual({ h: 'subscribed' });
		});

		// "phones: String in E.164 format"
		it('requires phones in E.164 form', async () => {
			const r = await set([{ subscription_group_id: 'g', subscription_state: 'subscribed', phones: ['555 000 0001'] }]);
			expect(r.status).toBe(400);
			expect(r.body.message).toMatch(/E\.164/);
		});

		it('rejects emails and phones in the same group with 400 and applies nothing', async () => {
			const r = await set([
				{ subscription_group_id: 'g1', subscription_state: 'subscribed', external_ids: ['u1'] },
				{ subscription_group_id: 'g2', subscription_state: 'subscribed', emails: ['one@example.com'], phones: ['+15550000001'] },
			]);
			expect(r.status).toBe(400);
			expect(typeof r.body.message).toBe('string');
			expect(groupsOf('u1')).toEqual({});
		});

		it('accepts at most 50 ids per list', async () => {
			const ids = Array.from({ length: 51 }, (_, i) => `u${i}`);
			expect((await set([{ subscription_group_id: 'g', subscription_state: 'subscribed', external_ids: ids }])).status).toBe(400);
			expect((await set([{ subscription_group_id: 'g', subscription_state: 'subscribed', external_ids: ids.slice(1) }])).status).toBe(201);
		});

		it('requires a group id and a subscribed/unsubscribed state', async () => {
			expect((await set([{ subscription_state: 'subscribed', external_ids: ['u1'] }])).status).toBe(400);
			expect((await set([{ subscription_group_id: 'g', subscription_state: 'opted_in', external_ids: ['u1'] }])).status).toBe(400);
			expect((await set([{ subscription_group_id: 'g', subscription_state: 'subscribed' }])).status).toBe(400);
		});

		it('remembers a state for an email on no profile and applies it when a profile gets the email', async () => {
			await set([{ subscription_group_id: 'g-late', subscription_state: 'subscribed', emails: ['later@example.com'] }]);
			await write(sb, '/users/track', { attributes: [{ external_id: 'late', email: 'later@example.com' }] });
			expect(groupsOf('late')).toEqual({ 'g-late': 'subscribed' });
		});

		// Braze does not document this endpoint as queued: it applies to the profiles that exist now.
		it('does not reach a user whose /users/track is still queued', async () => {
			await post(sb, '/users/track', { attributes: [{ external_id: 'new-user', first_name: 'N' }] });
			await set([{ subscription_group_id: 'g', subscription_state: 'subscribed', external_ids: ['new-user'] }]);
			sb.settle();
			expect(groupsOf('new-user')).toEqual({});
		});
	});

	describe('GET /subscription/status/get', () => {
		const status = (query: string) => get(sb, `/subscription/status/get?${query}`);
		beforeEach(async () => {
			await set([
				{ subscription_group_id: 'g', subscription_state: 'subscribed', external_ids: ['u1'] },
				{ subscription_group_id: 'g', subscription_state: 'unsubscribed', external_ids: ['u2'] },
			]);
		});

		it('answers Subscribed, Unsubscribed or Unknown per external_id', async () => {
			const r = await status('subscription_group_id=g&external_id[]=u1&external_id[]=u2&external_id[]=nobody');
			expect(r.status).toBe(200);
			expect(r.body).toEqual({ status: { u1: 'Subscribed', u2: 'Unsubscribed', nobody: 'Unknown' }, message: 'success' });
		});

		it('answers by email, also for an address whose state is remembered without a profile', async () => {
			await set([{ subscription_group_id: 'g', subscription_state: 'subscribed', emails: ['later@example.com'] }]);
			const r = await status('subscription_group_id=g&email=two@example.com&email=later@example.com');
			expect(r.body.status).toEqual({ 'two@example.com': 'Unsubscribed', 'later@example.com': 'Subscribed' });
		});

		it('answers by phone (E.164)', async () => {
			await set([{ subscription_group_id: 'sms', subscription_state: 'subscribed', phones: ['+15550000001'] }]);
			expect((await status('subscription_group_id=sms&phone=%2B15550000001')).body.status).toEqual({ '+15550000001': 'Subscribed' });
		});

		// "When both an external_id and email/phone are submitted, only the external_id(s) provided will be applied"
		it('uses only the external_ids when emails are given too', async () => {
			expect((await status('subscription_group_id=g&external_id=u1&email=two@example.com')).body.status).toEqual({ u1: 'Subscribed' });
		});

		// "Submitting both an email address and phone number (with no external_id) will result in an error"
		it('answers 400 to an email and a phone without external_id, or no identifier, or no group', async () => {
			expect((await status('subscription_group_id=g&email=two@example.com&phone=%2B15550000001')).status).toBe(400);
			expect((await status('subscription_group_id=g')).status).toBe(400);
			expect((await status('external_id=u1')).status).toBe(400);
		});

		it('needs the subscription.status.get permission and answers only GET', async () => {
			const limited = await start({ keys: [{ key: 'k', workspace: 'production', permissions: ['subscription.status.set'] }] });
			try {
				expect((await get(limited, '/subscription/status/get?subscription_group_id=g&external_id=u1', 'k')).status).toBe(403);
			} finally {
				await limited.stop();
			}
			expect((await post(sb, '/subscription/status/get', {})).status).toBe(405);
		});
	});

	describe('/email/status', () => {
		it('sets email_subscribe of every profile with the address (string or array)', async () => {
			const r = await post(sb, '/email/status', { email: 'one@example.com', subscription_state: 'opted_in' });
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ message: 'success' });
			expect((await exportUser(sb, 'u1')).email_subscribe).toBe('opted_in');
			await post(sb, '/email/status', { email: ['one@example.com', 'two@example.com'], subscription_state: 'unsubscribed' });
			expect((await exportUser(sb, 'u1')).email_subscribe).toBe('unsubscribed');
			expect((await exportUser(sb, 'u2')).email_subscribe).toBe('unsubscribed');
		});

		it('works for an address not yet on a profile and applies it when one gets it', async () => {
			expect((await post(sb, '/email/status', { email: 'future@example.com', subscription_state: 'unsubscribed' })).status).toBe(201);
			await write(sb, '/users/track', { attributes: [{ email: 'future@example.com', first_name: 'F' }] });
			const r = await post(sb, '/users/export/ids', { email_address: 'future@example.com', fields_to_export: ALL_FIELDS });
			expect(r.body.users[0].email_subscribe).toBe('unsubscribed');
		});

		it('validates the state, the addresses and the 50-address cap', async () => {
			expect((await post(sb, '/email/status', { email: 'one@example.com', subscription_state: 'maybe' })).status).toBe(400);
			expect((await post(sb, '/email/status', { email: 'not an email', subscription_state: 'subscribed' })).status).toBe(400);
			const many = Array.from({ length: 51 }, (_, i) => `a${i}@example.com`);
			expect((await post(sb, '/email/status', { email: many, subscription_state: 'subscribed' })).status).toBe(400);
			expect((await post(sb, '/email/status', { email: many.slice(1), subscription_state: 'subscribed' })).status).toBe(201);
		});
	});
});
