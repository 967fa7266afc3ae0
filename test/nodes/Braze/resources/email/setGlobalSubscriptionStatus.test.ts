/**
 * Email > Set Global Subscription Status against the sandbox.
 */
import { apiRequests, run, useSandbox } from '../../helpers';

const sb = useSandbox();

describe('Email > Set Global Subscription Status', () => {
	it('sends up to 50 addresses per request per state', async () => {
		const items = Array.from({ length: 55 }, (_, i) => ({ email: `p${i}@example.com` }));
		const result = await run(sb, { resource: 'email', operation: 'setGlobalSubscriptionStatus', email: '={{ $json.email }}', subscriptionState: 'opted_in' }, items);
		expect(result.json[54]).toMatchObject({ success: true, operation: 'email.setGlobalSubscriptionStatus', email: 'p54@example.com', subscription_state: 'opted_in' });
		const calls = apiRequests(sb, '/email/status');
		expect(calls.map((c) => [c.body.email.length, c.body.subscription_state])).toEqual([[50, 'opted_in'], [5, 'opted_in']]);
	});
});
