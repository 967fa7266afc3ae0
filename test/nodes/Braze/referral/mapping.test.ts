import {
	DEFAULT_SYNC_OPTIONS,
	ItemMappingError,
	SyncOptions,
	aliasIdentifier,
	brazeEventName,
	chooseProfile,
	emailKey,
	eventNamesFromMapping,
	eventTime,
	normalizePhoneE164,
	planItem,
	resolveEnvironment,
	sanitizeProperties,
	slugEventName,
	trackObjects,
} from '../../../../nodes/Braze/resources/referral/mapping';

const NOW = '2026-11-28T11:00:00.000Z';
const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
	...DEFAULT_SYNC_OPTIONS,
	now: NOW,
	...overrides,
});

/** An item exactly as the Extole Trigger emits it. */
const extoleItem = (overrides: Record<string, unknown> = {}) => ({
	event: 'shared',
	event_name: 'Shared',
	event_name_raw: 'extole_shared',
	event_id: 'evt-1',
	event_time: '2026-11-28T10:00:00Z',
	external_id: 'user-1',
	email: 'ada@example.com',
	phone_number: '+1 (415) 555-0100',
	share_link: 'https://refer.example.com/ada',
	first_name: 'Ada',
	last_name: 'Lovelace',
	funnel: 'advocate',
	sandbox: false,
	data: { channel: 'EMAIL' },
	raw: {},
	...overrides,
});

const mappingError = (fn: () => unknown): ItemMappingError => {
	try {
		fn();
	} catch (error) {
		if (error instanceof ItemMappingError) return error;
		throw error;
	}
	throw new Error('expected an ItemMappingError');
};

describe('brazeEventName', () => {
	it.each([
		['created_share_link', 'extole_created_share_link'],
		['shared', 'extole_shared'],
		['referred_signed_up', 'extole_referred_signed_up'],
		['referred_converted', 'extole_referred_converted'],
		['subscribed', 'extole_subscribed'],
		['unsubscribed', 'extole_unsubscribed'],
		['earned_reward', 'extole_earned_reward'],
	])('maps %s to %s by default', (event, name) => {
		expect(brazeEventName({ event }, options())).toBe(name);
	});

	it.each(['fulfilled', 'fulfillment_failed', 'redeemed', 'canceled'])('maps reward_%s to extole_reward_<state>', (state) => {
		expect(brazeEventName({ event: `reward_${state}` }, options())).toBe(`extole_reward_${state}`);
	});

	it('uses the user mapping before the defaults', () => {
		expect(brazeEventName({ event: 'shared' }, options({ eventNames: { shared: 'advocate_shared' } }))).toBe('advocate_shared');
	});

	it('disables the event when the mapped name is empty', () => {
		expect(brazeEventName({ event: 'shared' }, options({ eventNames: { shared: '' } }))).toBeNull();
	});

	it('matches a mapping entry by the raw Extole name for other events', () => {
		const item = { event: 'other', event_name_raw: 'coupon_issued' };
		expect(brazeEventName(item, options({ eventNames: { coupon_issued: 'extole_coupon' } }))).toBe('extole_coupon');
	});

	it('derives extole_<raw name> for unmapped other events', () => {
		expect(brazeEventName({ event: 'other', event_name_raw: 'Coupon Issued' }, options())).toBe('extole_coupon_issued');
		expect(brazeEventName({ event: 'other', event_name_raw: 'extole_poll_answered' }, options())).toBe('extole_poll_answered');
		expect(brazeEventName({ event: 'other', event_name_raw: null }, options())).toBe('extole_other');
	});

	it('sends no event for unmapped other events when set to skip', () => {
		expect(brazeEventName({ event: 'other', event_name_raw: 'x' }, options({ unmappedEvents: 'skip' }))).toBeNull();
	});

	it('reads mapping rows including custom Extole names', () => {
		expect(
			eventNamesFromMapping([
				{ extoleEvent: 'shared', brazeEvent: ' my_shared ' },
				{ extoleEvent: 'custom', customEvent: 'poll', brazeEvent: 'extole_poll' },
				{ extoleEvent: 'custom', customEvent: '', brazeEvent: 'ignored' },
				{ extoleEvent: 'subscribed', brazeEvent: '' },
			]),
		).toEqual({ shared: 'my_shared', poll: 'extole_poll', subscribed: '' });
	});

	it('slugs camel case and punctuation', () => {
		expect(slugEventName('RewardEarned!')).toBe('reward_earned');
	});
});

describe('resolveEnvironment', () => {
	it('sends sandbox events to test and others to production in fromEvent mode', () => {
		expect(resolveEnvironment('fromEvent', true)).toBe('test');
		expect(resolveEnvironment('fromEvent', false)).toBe('production');
		expect(resolveEnvironment('fromEvent', null)).toBe('production');
	});

	it('keeps a fixed environment whatever the flag', () => {
		expect(resolveEnvironment('production', true)).toBe('production');
		expect(resolveEnvironment('test', false)).toBe('test');
	});
});

describe('normalizePhoneE164', () => {
	it.each([
		['+1 (415) 555-0100', '+14155550100'],
		['+44 20 7946 0958', '+442079460958'],
		['0044 20 7946 0958', '+442079460958'],
		['tel:+33-1-23-45-67-89', '+33123456789'],
		['+49.30.1234567', '+49301234567'],
	])('normalises %s', (raw, expected) => {
		expect(normalizePhoneE164(raw)).toBe(expected);
	});

	it('uses the default country code for national numbers', () => {
		expect(normalizePhoneE164('(415) 555-0100', '1')).toBe('+14155550100');
		expect(normalizePhoneE164('1 415 555 0100', '+1')).toBe('+14155550100');
		expect(normalizePhoneE164('020 7946 0958', '44')).toBe('+442079460958');
	});

	it.each(['415 555 0100', 'call me', '+12', '+1234567890123456', '++1 415', '+0 415 555 0100'])('rejects %s', (raw) => {
		expect(normalizePhoneE164(raw)).toBeNull();
	});
});

describe('sanitizeProperties', () => {
	it('renames $ keys, cuts long strings and keeps nested values', () => {
		const long = 'x'.repeat(300);
		const result = sanitizeProperties({ $price: 5, note: long, nested: { $a: [1, { b: long }] }, ok: true });
		expect(result.value).toEqual({
			_price: 5,
			note: 'x'.repeat(255),
			nested: { _a: [1, { b: 'x'.repeat(255) }] },
			ok: true,
		});
		expect(result.adjustments).toEqual([
			'data.$price: renamed to _price',
			'data.note: string cut to 255 characters',
			'data.nested.$a: renamed to _a',
			'data.nested._a[1].b: string cut to 255 characters',
		]);
	});

	it('drops empty names and leaves clean data untouched', () => {
		expect(sanitizeProperties({ '': 1, a: 'b' })).toEqual({ value: { a: 'b' }, adjustments: ['data: property with an empty name dropped'] });
		expect(sanitizeProperties({ a: 1, b: [true, null] })).toEqual({ value: { a: 1, b: [true, null] }, adjustments: [] });
	});
});

describe('eventTime', () => {
	it('keeps ISO times, converts epoch seconds and defaults to now', () => {
		expect(eventTime('2026-11-28T10:00:00Z', NOW)).toBe('2026-11-28T10:00:00.000Z');
		expect(eventTime(1764324000, NOW)).toBe('2025-11-28T10:00:00.000Z');
		expect(eventTime(null, NOW)).toBe(NOW);
	});

	it('names event_time when unparsable', () => {
		expect(mappingError(() => eventTime('yesterday-ish', NOW)).fields).toEqual(['event_time']);
	});
});

describe('planItem', () => {
	it('maps the person fields to standard and custom attributes', () => {
		const plan = planItem(extoleItem(), options());
		expect(plan.attributes).toEqual({
			email: 'ada@example.com',
			phone: '+14155550100',
			first_name: 'Ada',
			last_name: 'Lovelace',
			extole_share_link: 'https://refer.example.com/ada',
			extole_funnel: 'advocate',
		});
		expect(plan.externalId).toBe('user-1');
		expect(plan.environment).toBe('production');
	});

	it('builds the custom event with event_time and the properties', () => {
		const plan = planItem(extoleItem(), options());
		expect(plan.event).toEqual({
			name: 'extole_shared',
			time: '2026-11-28T10:00:00.000Z',
			properties: {
				event_id: 'evt-1',
				share_link: 'https://refer.example.com/ada',
				funnel: 'advocate',
				data: { channel: 'EMAIL' },
			},
		});
	});

	it('leaves null fields out instead of erasing Braze values', () => {
		const plan = planItem(extoleItem({ phone_number: null, first_name: null, last_name: '', share_link: null, funnel: null, data: {} }), options());
		expect(plan.attributes).toEqual({ email: 'ada@example.com' });
		expect(plan.event?.properties).toEqual({ event_id: 'evt-1' });
	});

	it('uses configurable attribute names and skips empty ones', () => {
		const plan = planItem(extoleItem(), options({ shareLinkAttribute: 'ref_link', funnelAttribute: '' }));
		expect(plan.attributes.ref_link).toBe('https://refer.example.com/ada');
		expect(plan.attributes).not.toHaveProperty('extole_funnel');
	});

	it('lower-cases ADVOCATE/FRIEND funnels', () => {
		expect(planItem(extoleItem({ funnel: 'FRIEND' }), options()).attributes.extole_funnel).toBe('friend');
	});

	it('names phone_number when the phone cannot be made E.164', () => {
		const error = mappingError(() => planItem(extoleItem({ phone_number: '555-0100' }), options()));
		expect(error.fields).toEqual(['phone_number']);
		expect(error.message).toContain('phone_number');
	});

	it('names both identity fields when neither external_id nor email is present', () => {
		const error = mappingError(() => planItem(extoleItem({ external_id: null, email: null }), options()));
		expect(error.fields).toEqual(['external_id', 'email']);
	});

	it('names email when it is not an address', () => {
		expect(mappingError(() => planItem(extoleItem({ email: 'not an email' }), options())).fields).toEqual(['email']);
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
		const error = mappingError(() =>
			planItem(extoleItem({ event: 'subscribed' }), options({ subscriptionHandling: 'subscriptionGroup', subscriptionGroupId: 'REPLACE_SUBSCRIPTION_GROUP_ID' })),
		);
		expect(error.fields).toEqual(['subscriptionGroupId']);
		expect(error.message).toContain('placeholder');
	});

	it('requires a group id in subscription group mode', () => {
		const error = mappingError(() => planItem(extoleItem({ event: 'subscribed' }), options({ subscriptionHandling: 'subscriptionGroup' })));
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

	it('adds reward fields from the raw body to reward events', () => {
		const plan = planItem(
			extoleItem({
				event: 'earned_reward',
				data: { campaign: 'spring' },
				raw: { type: 'reward_earned', reward_id: 'r-9', face_value: '10', face_value_type: 'USD' },
			}),
			options(),
		);
		expect(plan.event?.properties).toMatchObject({ reward_id: 'r-9', face_value: '10', face_value_type: 'USD', data: { campaign: 'spring' } });
	});

	it('omits data that would exceed the properties size limit and says so', () => {
		const big: Record<string, string> = {};
		for (let i = 0; i < 300; i++) big[`k${i}`] = 'v'.repeat(250);
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

describe('identity', () => {
	it('prefers an identified profile among several sharing an email', () => {
		const chosen = chooseProfile([{ braze_id: 'b1' }, { braze_id: 'b2', external_id: 'u2' }]);
		expect(chosen?.identifier).toEqual({ external_id: 'u2' });
	});

	it('takes the most recently created profile among equals', () => {
		const chosen = chooseProfile([
			{ braze_id: 'b1', external_id: 'old', created_at: '2024-01-01T00:00:00Z' },
			{ braze_id: 'b2', external_id: 'new', created_at: '2025-01-01T00:00:00Z' },
		]);
		expect(chosen?.identifier).toEqual({ external_id: 'new' });
	});

	it('falls back to the braze_id of an anonymous profile', () => {
		expect(chooseProfile([{ braze_id: 'b1' }, { braze_id: 'b2' }])?.identifier).toEqual({ braze_id: 'b1' });
		expect(chooseProfile([])).toBeNull();
	});

	it('creates alias-only users through users/track with the email alias', () => {
		const plan = planItem(extoleItem({ external_id: null }), options());
		const objects = trackObjects(plan, aliasIdentifier('ada@example.com', 'email'));
		expect(objects.attributes).toMatchObject({
			user_alias: { alias_name: 'ada@example.com', alias_label: 'email' },
			_update_existing_only: false,
			email: 'ada@example.com',
		});
		expect(objects.event).toMatchObject({ user_alias: { alias_name: 'ada@example.com', alias_label: 'email' }, name: 'extole_shared' });
	});

	it('lower-cases the email in the alias name', () => {
		expect(aliasIdentifier(' Ada@Example.COM ', 'email')).toEqual({
			user_alias: { alias_name: 'ada@example.com', alias_label: 'email' },
			_update_existing_only: false,
		});
	});

	it('de-duplicates email lookups case-insensitively per environment', () => {
		expect(emailKey('production', 'Ada@Example.com')).toBe(emailKey('production', 'ada@example.com'));
		expect(emailKey('production', 'ada@example.com')).not.toBe(emailKey('test', 'ada@example.com'));
	});
});
