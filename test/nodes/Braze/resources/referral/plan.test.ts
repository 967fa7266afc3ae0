/**
 * What one Extole Trigger item sends to Braze (attributes, custom event, subscription change), decided without I/O.
 */
import { BrazeItemError } from '../../../../../nodes/shared/braze/errors';
import { planItem } from '../../../../../nodes/Braze/resources/referral/plan';
import { NOW, options, extoleItem } from './fixtures';

/** The BrazeItemError `fn` throws. */
const itemError = (fn: () => unknown): BrazeItemError => {
	try {
		fn();
	} catch (error) {
		if (error instanceof BrazeItemError) return error;
		throw error;
	}
	throw new Error('expected a BrazeItemError');
};

describe('planItem', () => {
	it('maps the person fields to standard and custom attributes', () => {
		const plan = planItem(extoleItem(), options());
		expect(plan.attributes).toEqual({
			email: 'ada@example.com',
			phone: '+14155550100',
			first_name: 'Ada',
			last_name: 'Lovelace',
			share_link: 'https://refer.example.com/ada',
			funnel: 'advocate',
		});
		expect(plan.externalId).toBe('user-1');
		expect(plan.environment).toBe('production');
	});

	it('builds the custom event under its Braze partner-page name, at event_time, with the properties', () => {
		const plan = planItem(extoleItem(), options());
		expect(plan.event).toEqual({
			name: 'Shared',
			time: '2026-11-28T10:00:00Z',
			properties: { extole_event_id: 'evt-1', funnel: 'advocate', data: { channel: 'EMAIL' } },
		});
	});

	it('writes extole_ names for the share link, the funnel and the event with Braze Names: Prefixed', () => {
		const plan = planItem(extoleItem(), options({ brazeNames: 'prefixed', shareLinkAttribute: 'extole_share_link', funnelAttribute: 'extole_funnel' }));
		expect(plan.attributes).toMatchObject({ extole_share_link: 'https://refer.example.com/ada', extole_funnel: 'advocate' });
		expect(plan.event?.name).toBe('extole_shared');
	});

	it.each(['2026-11-01T10:00:00Z', '2026-11-01T12:00:00.5+02:00', '2026-11-01T10:00Z'])('passes the valid ISO 8601 event_time %s on unchanged', (time) => {
		expect(planItem(extoleItem({ event_time: time }), options()).event?.time).toBe(time);
	});

	it.each([
		[1793527200, '2026-11-01T10:00:00.000Z'],
		['1793527200000', '2026-11-01T10:00:00.000Z'],
		['2026-11-01 10:00:00', '2026-11-01T10:00:00.000Z'],
	])('reads the event_time %s as the Extole Trigger does (%s)', (time, expected) => {
		expect(planItem(extoleItem({ event_time: time }), options()).event?.time).toBe(expected);
	});

	it('names event_time when it is not a time', () => {
		const error = itemError(() => planItem(extoleItem({ event_time: 'next tuesday-ish' }), options()));
		expect(error.fields).toEqual(['event_time']);
		expect(error.message).toMatch(/^event_time: /);
	});

	it('leaves null fields out instead of erasing Braze values', () => {
		const plan = planItem(extoleItem({ phone_number: null, first_name: null, last_name: '', share_link: null, funnel: null, data: {} }), options());
		expect(plan.attributes).toEqual({ email: 'ada@example.com' });
		expect(plan.event?.properties).toEqual({ extole_event_id: 'evt-1' });
	});

	it('uses configurable attribute names and skips empty ones', () => {
		const plan = planItem(extoleItem(), options({ shareLinkAttribute: 'ref_link', funnelAttribute: '' }));
		expect(plan.attributes.ref_link).toBe('https://refer.example.com/ada');
		expect(plan.attributes).not.toHaveProperty('funnel');
	});

	it('lower-cases ADVOCATE/FRIEND funnels', () => {
		expect(planItem(extoleItem({ funnel: 'FRIEND' }), options()).attributes.funnel).toBe('friend');
	});

	it('names phone_number when the phone cannot be made E.164', () => {
		const error = itemError(() => planItem(extoleItem({ phone_number: '555-0100' }), options()));
		expect(error.fields).toEqual(['phone_number']);
		expect(error.message).toContain('phone_number');
	});

	it('names both identity fields when neither external_id nor email is present', () => {
		const error = itemError(() => planItem(extoleItem({ external_id: null, email: null }), options()));
		expect(error.fields).toEqual(['external_id', 'email']);
	});

	it('names email when it is not an address', () => {
		expect(itemError(() => planItem(extoleItem({ email: 'not an email' }), options())).fields).toEqual(['email']);
	});

	it.each([
		['subscribed', 'subscribed'],
		['unsubscribed', 'unsubscribed'],
	])('%s sets email_subscribe by default', (event, state) => {
		expect(planItem(extoleItem({ event }), options()).attributes.email_subscribe).toBe(state);
	});

	it('can subscribe as opted_in', () => {
		expect(planItem(extoleItem({ event: 'subscribed' }), options({ subscribedState: 'opted_in' })).attributes.email_subscribe).toBe('opted_in');
	});

	it('sets the subscription group instead of email_subscribe when chosen', () => {
		const plan = planItem(extoleItem({ event: 'unsubscribed' }), options({ subscriptionHandling: 'subscriptionGroup', subscriptionGroupId: 'grp-1' }));
		expect(plan.attributes.subscription_groups).toEqual([{ subscription_group_id: 'grp-1', subscription_state: 'unsubscribed' }]);
		expect(plan.attributes).not.toHaveProperty('email_subscribe');
	});

	it('uses the test group id for sandbox events when one is set', () => {
		const opts = options({ subscriptionHandling: 'subscriptionGroup', subscriptionGroupId: 'prod-grp', testSubscriptionGroupId: 'test-grp' });
		const groups = (sandbox: boolean) => planItem(extoleItem({ event: 'subscribed', sandbox }), opts).attributes.subscription_groups;
		expect(groups(true)).toEqual([{ subscription_group_id: 'test-grp', subscription_state: 'subscribed' }]);
		expect(groups(false)).toEqual([{ subscription_group_id: 'prod-grp', subscription_state: 'subscribed' }]);
	});

	it('refuses the template placeholder as group id', () => {
		const error = itemError(() =>
			planItem(extoleItem({ event: 'subscribed' }), options({ subscriptionHandling: 'subscriptionGroup', subscriptionGroupId: 'REPLACE_SUBSCRIPTION_GROUP_ID' })),
		);
		expect(error.fields).toEqual(['subscriptionGroupId']);
		expect(error.message).toContain('placeholder');
	});

	it('requires a group id in subscription group mode', () => {
		const error = itemError(() => planItem(extoleItem({ event: 'subscribed' }), options({ subscriptionHandling: 'subscriptionGroup' })));
		expect(error.fields).toEqual(['subscriptionGroupId']);
	});

	it('does not touch subscriptions for other events', () => {
		expect(planItem(extoleItem({ event: 'shared' }), options()).attributes).not.toHaveProperty('email_subscribe');
	});

	it('increments the reward counter on earned_reward only', () => {
		const opts = options({ rewardCounterAttribute: 'extole_rewards_earned' });
		expect(planItem(extoleItem({ event: 'earned_reward' }), opts).attributes.extole_rewards_earned).toEqual({ inc: 1 });
		expect(planItem(extoleItem({ event: 'shared' }), opts).attributes).not.toHaveProperty('extole_rewards_earned');
	});

	it('omits data that would exceed the properties size limit and says so', () => {
		const big: Record<string, string> = {};
		for (let i = 0; i < 500; i++) big[`k${i}`] = 'v'.repeat(250);
		const plan = planItem(extoleItem({ data: big }), options());
		expect(plan.event?.properties).not.toHaveProperty('data');
		expect(plan.dataAdjustments[0]).toMatch(/^data: omitted/);
	});

	it('can leave data out of the properties', () => {
		expect(planItem(extoleItem(), options({ includeData: false })).event?.properties).not.toHaveProperty('data');
	});

	it('uses now when event_time is missing', () => {
		expect(planItem(extoleItem({ event_time: null }), options()).event?.time).toBe(NOW);
	});

	it('routes sandbox events to the test environment', () => {
		expect(planItem(extoleItem({ sandbox: true }), options()).environment).toBe('test');
	});
});
