/**
 * Braze custom event names of Extole events: the names of Extole's own Braze integration by
 * default (Braze docs: partners/extole, shared/reference/seed-braze-extole-partner-page.md),
 * extole_ names with Braze Names: Prefixed, the user mapping, events outside the catalogue.
 */
import { brazeEventName, eventNamesFromMapping, slugEventName } from '../../../../../nodes/Braze/resources/referral/eventNames';
import { EXTOLE_EVENTS } from '../../../../../nodes/shared/extole/catalogue';
import { options } from './fixtures';

const prefixed = (overrides = {}) => options({ brazeNames: 'prefixed', ...overrides });

describe('brazeEventName', () => {
	it.each([
		['created_share_link', 'Created Share Link'],
		['shared', 'Shared'],
		['referred_signed_up', 'Referred Signed Up'],
		['referred_converted', 'Referred Converted'],
		['subscribed', 'Subscribed'],
		['unsubscribed', 'Unsubscribed'],
		['earned_reward', 'Earned Reward'],
	])('names %s "%s", as Braze\'s Extole page does', (event, name) => {
		expect(brazeEventName({ event }, options())).toBe(name);
	});

	it.each(EXTOLE_EVENTS.filter((d) => !d.partnerPage).map((d) => [d.key, d.label]))('names %s by its catalogue label "%s"', (event, label) => {
		expect(brazeEventName({ event }, options())).toBe(label);
	});

	it.each(EXTOLE_EVENTS.map((d) => [d.key]))('names %s extole_<key> with Braze Names: Prefixed', (event) => {
		expect(brazeEventName({ event }, prefixed())).toBe(`extole_${event}`);
	});

	it('uses the user mapping before the defaults', () => {
		expect(brazeEventName({ event: 'shared' }, options({ eventNames: { shared: 'advocate_shared' } }))).toBe('advocate_shared');
		expect(brazeEventName({ event: 'shared' }, prefixed({ eventNames: { shared: 'Shared' } }))).toBe('Shared');
	});

	it('disables the event when the mapped name is empty', () => {
		expect(brazeEventName({ event: 'shared' }, options({ eventNames: { shared: '' } }))).toBeNull();
	});

	it('matches a mapping entry by the raw Extole name for other events', () => {
		const item = { event: 'other', event_name_raw: 'coupon_issued' };
		expect(brazeEventName(item, options({ eventNames: { coupon_issued: 'Coupon Issued' } }))).toBe('Coupon Issued');
	});

	it('sends other events under the name Extole gave them', () => {
		expect(brazeEventName({ event: 'other', event_name_raw: 'Coupon Issued' }, options())).toBe('Coupon Issued');
		expect(brazeEventName({ event: 'other', event_name_raw: null }, options())).toBe('Other');
	});

	it('derives extole_<snake_case name> for other events with Braze Names: Prefixed', () => {
		expect(brazeEventName({ event: 'other', event_name_raw: 'Coupon Issued' }, prefixed())).toBe('extole_coupon_issued');
		expect(brazeEventName({ event: 'other', event_name_raw: 'extole_poll_answered' }, prefixed())).toBe('extole_poll_answered');
		expect(brazeEventName({ event: 'other', event_name_raw: null }, prefixed())).toBe('extole_other');
	});

	it('sends no event for other events when set to skip', () => {
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
