/** Conformance: /v2/subscription/status/set and /email/status. */
import { Sandbox, exportUser, post, start } from './helpers';

describe('Braze sandbox: subscriptions', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(async () => {
		sb.reset();
		await post(sb, '/users/track', {
			attributes: [
				{ external_id: 'u1', email: 'one@example.com', phone: '+15550000001' },
				{ external_id: 'u2', email: 'two@example.com' },
			],
		});
	});
	const set = (groups: unknown[]) => post(sb, '/v2/subscription/status/set', { subscription_groups: groups });
	const groupsOf = async (id: string) => (await exportUser(sb, id)).subscription_groups;

	describe('/v2/subscription/status/set', () => {
		it('sets a group state by external_ids, emails and phones', async () => {
			const r = await set([
				{ subscription_group_id: 'g-news', subscription_state: 'subscribed', external_ids: ['u1'] },
				{ subscription_group_id: 'g-promo', subscription_state: 'unsubscribed', emails: ['two@example.com'] },
				{ subscription_group_id: 'g-sms', subscription_state: 'subscribed', phones: ['+15550000001'] },
			]);
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ message: 'success' });
			expect(await groupsOf('u1')).toEqual([
				{ subscription_group_id: 'g-news', subscription_state: 'subscribed' },
				{ subscription_group_id: 'g-sms', subscription_state: 'subscribed' },
			]);
			expect(await groupsOf('u2')).toEqual([{ subscription_group_id: 'g-promo', subscription_state: 'unsubscribed' }]);
		});

		it('rejects emails and phones in the same group with 400 and applies nothing', async () => {
			const r = await set([
				{ subscription_group_id: 'g1', subscription_state: 'subscribed', external_ids: ['u1'] },
				{ subscription_group_id: 'g2', subscription_state: 'subscribed', emails: ['one@example.com'], phones: ['+15550000001'] },
			]);
			expect(r.status).toBe(400);
			expect(typeof r.body.message).toBe('string');
			expect(await groupsOf('u1')).toBeUndefined();
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
			await post(sb, '/users/track', { attributes: [{ external_id: 'late', email: 'later@example.com' }] });
			expect(await groupsOf('late')).toEqual([{ subscription_group_id: 'g-late', subscription_state: 'subscribed' }]);
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
			await post(sb, '/users/track', { attributes: [{ email: 'future@example.com', first_name: 'F' }] });
			const r = await post(sb, '/users/export/ids', { email_address: 'future@example.com' });
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
