/**
 * Braze custom event names of Extole events: the catalogue defaults, the user mapping, derived names.
 */
import { brazeEventName, eventNamesFromMapping, slugEventName } from '../../../../../nodes/Braze/resources/referral/eventNames';
import { options } from './fixtures';

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
