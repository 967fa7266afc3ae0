/**
 * Subscription > Set Group Status against the sandbox.
 */
import { apiRequests, run, seed, useSandbox } from '../../helpers';

const sb = useSandbox();

describe('Subscription > Set Group Status', () => {
	it('groups users by group, state and identifier kind (chosen per item), 50 per list', async () => {
		await seed(sb, 2);
		const items = [
			{ id: 'u0', state: 'subscribed' },
			{ id: 'u1', state: 'unsubscribed' },
			{ email: 'new@example.com', state: 'subscribed' },
		];
		const result = await run(
			sb,
			{
				resource: 'subscription',
				operation: 'setGroupStatus',
				subscriptionGroupId: 'grp-1',
				subscriptionState: '={{ $json.state }}',
				identifierType: 'perItem',
				perItemIdentifierType: '={{ $json.email ? "email" : "external_id" }}',
				externalId: '={{ $json.id }}',
				identifierEmail: '={{ $json.email }}',
			},
			items,
		);
		expect(result.error).toBeUndefined();
		expect(result.json[2]).toMatchObject({ success: true, operation: 'subscription.setGroupStatus', subscription_group_id: 'grp-1', subscription_state: 'subscribed', identifier: { email: 'new@example.com' } });
		const groups = apiRequests(sb, '/v2/subscription/status/set').map((c) => c.body.subscription_groups[0]);
		expect(groups).toEqual([
			{ subscription_group_id: 'grp-1', subscription_state: 'subscribed', external_ids: ['u0'] },
			{ subscription_group_id: 'grp-1', subscription_state: 'unsubscribed', external_ids: ['u1'] },
			{ subscription_group_id: 'grp-1', subscription_state: 'subscribed', emails: ['new@example.com'] },
		]);
	});
});
