/**
 * From an Extole body to the item (compiled events.js): every documented body shape, every
 * sender style of every catalogue event, event names, and which event a reward body is.
 */
import { normaliseEvent } from '../../../dist/nodes/ExtoleTrigger/events';
import { EXTOLE_EVENTS, lookupEvent } from '../../../dist/nodes/shared/extole/catalogue';
import { DOCUMENTED_BODIES } from './documented-bodies';

const { buildEvent, stylesFor } = require('../../../sandbox/extole/payloads');

const ITEM_KEYS = [
	'event',
	'event_name',
	'event_name_raw',
	'event_id',
	'event_time',
	'external_id',
	'email',
	'phone_number',
	'share_link',
	'first_name',
	'last_name',
	'funnel',
	'sandbox',
	'data',
	'raw',
].sort();

describe('every documented body shape', () => {
	it.each(DOCUMENTED_BODIES.map((d) => [d.name, d.source, d] as const))('%s (%s)', (_name, _source, documented) => {
		const body = JSON.parse(JSON.stringify(documented.body));
		const item = normaliseEvent(body, { rewardState: documented.rewardState });
		expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
		expect(item).toMatchObject(documented.item);
		expect(item.data).toEqual(documented.data);
		expect(item.raw).toEqual(documented.body);
	});
});

describe('every sender style of every catalogue event', () => {
	const cases = EXTOLE_EVENTS.flatMap((d) => (stylesFor(d.key) as string[]).map((style) => [d.key, style, d.rewardState] as const));
	it.each(cases)('%s in style %s', (event, style, rewardState) => {
		const overrides = {
			event_id: `evt-${event}-${style}`,
			event_time: '2026-03-04T05:06:07.000Z',
			external_id: 'user-42',
			email: 'jane@example.com',
			phone_number: '+15555550100',
			share_link: 'https://refer.example.com/jane42',
			first_name: 'Jane',
			last_name: 'Doe',
			funnel: 'friend',
			sandbox: true,
		};
		const body = buildEvent(event, style, overrides);
		// The reward-payload body names no event: the state of its webhook does.
		const item = normaliseEvent(JSON.parse(JSON.stringify(body)), { rewardState });
		expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
		expect(item).toMatchObject({
			event,
			event_name: EXTOLE_EVENTS.find((d) => d.key === event)?.label,
			event_id: overrides.event_id,
			event_time: overrides.event_time,
			external_id: 'user-42',
			email: 'jane@example.com',
			first_name: 'Jane',
			last_name: 'Doe',
			funnel: 'friend',
			sandbox: true,
		});
		// Reward bodies carry no phone or share link; every other style does.
		const reward = style === 'reward' || style === 'reward-payload';
		expect(item.phone_number).toBe(reward ? null : '+15555550100');
		expect(item.share_link).toBe(reward ? null : 'https://refer.example.com/jane42');
		expect(item.data.campaign).toBe('Refer a Friend');
		expect(item.raw).toEqual(body);
	});
});

describe('the item', () => {
	it('has every field, null where the body says nothing', () => {
		expect(normaliseEvent({ event_name: 'subscribed' })).toEqual({
			event: 'subscribed',
			event_name: 'Subscribed',
			event_name_raw: 'subscribed',
			event_id: null,
			event_time: null,
			external_id: null,
			email: null,
			phone_number: null,
			share_link: null,
			first_name: null,
			last_name: null,
			funnel: null,
			sandbox: false,
			data: {},
			raw: { event_name: 'subscribed' },
		});
	});

	it('is "other" with the name as sent for unknown names, and null names when there is none', () => {
		expect(normaliseEvent({ event_name: 'loyalty_tier_changed' })).toMatchObject({
			event: 'other',
			event_name: 'loyalty_tier_changed',
			event_name_raw: 'loyalty_tier_changed',
		});
		expect(normaliseEvent({ email: 'x@example.com' })).toMatchObject({ event: 'other', event_name: null, event_name_raw: null });
	});

	it('leaves the body untouched in raw', () => {
		const body = { event_name: 'shared', email: 'a@example.com', data: { email_address: 'a@example.com', person: { email: 'a@example.com' } } };
		const copy = JSON.parse(JSON.stringify(body));
		const item = normaliseEvent(body);
		expect(item.raw).toBe(body);
		expect(body).toEqual(copy);
	});
});

describe('event names', () => {
	// The spellings of shared/reference/extole-webhooks.md ("Event names vary ...", "Reward states").
	const reference: Array<[string, string]> = [
		['extole_created_share_link', 'created_share_link'],
		['extole_share_link_created', 'created_share_link'],
		['created_share_link', 'created_share_link'],
		['extole_shared', 'shared'],
		['shared', 'shared'],
		['extole_signed_up', 'referred_signed_up'],
		['referral_registered', 'referred_signed_up'],
		['registered', 'referred_signed_up'],
		['extole_converted', 'referred_converted'],
		['converted', 'referred_converted'],
		['purchased', 'referred_converted'],
		['subscribed', 'subscribed'],
		['unsubscribed', 'unsubscribed'],
		['reward_earned', 'earned_reward'],
		['extole_reward_earned', 'earned_reward'],
		['extole_advocate_reward_earned', 'earned_reward'],
		['reward_fulfilled', 'reward_fulfilled'],
		['reward_fulfillment_failed', 'reward_fulfillment_failed'],
		['reward_sent', 'reward_sent'],
		['reward_redeemed', 'reward_redeemed'],
		['reward_revoked', 'reward_revoked'],
		['reward_failed', 'reward_failed'],
		['reward_canceled', 'reward_canceled'],
		// Case, spacing and separators.
		['EXTOLE_CREATED_SHARE_LINK', 'created_share_link'],
		['  Extole Share Link Created ', 'created_share_link'],
		['extole-referral-registered', 'referred_signed_up'],
		['createdShareLink', 'created_share_link'],
		['Extole.Reward.Earned', 'earned_reward'],
		['extole_extole_shared', 'shared'],
		['reward_cancelled', 'reward_canceled'],
	];
	it.each(reference)('%s -> %s', (name, key) => {
		expect(lookupEvent(name)?.key).toBe(key);
		expect(normaliseEvent({ event_name: name }).event).toBe(key);
	});

	it.each([['event_name'], ['eventName'], ['type'], ['event'], ['name']])('is read from %s', (field) => {
		expect(normaliseEvent({ [field]: 'referral_registered' }).event).toBe('referred_signed_up');
	});

	it('prefers a recognised name over an unrecognised one in an earlier field, which stays in data', () => {
		// `type` can hold something else; `name` can be a person's name.
		expect(normaliseEvent({ event_name: 'custom_x', type: 'reward_earned' }).event).toBe('earned_reward');
		const item = normaliseEvent({ name: 'Jane Doe', event: 'shared' });
		expect(item.event).toBe('shared');
		expect(item.data).toEqual({ name: 'Jane Doe' });
	});

	it('reads the name from an object in `event`, keeping what else it holds', () => {
		const item = normaliseEvent({ event: { name: 'extole_converted', email: 'e@example.com', order: 'o-1' } });
		expect(item).toMatchObject({ event: 'referred_converted', email: 'e@example.com' });
		expect(item.data).toEqual({ event: { order: 'o-1' } });
	});

	it('uses a configured field path first, and takes that field out of data', () => {
		const body = { event_name: 'shared', meta: { events: [{ code: 'purchased' }] }, data: { kind: 'extole_subscribed' } };
		expect(normaliseEvent(body, { eventNameField: 'meta.events[0].code' }).event).toBe('referred_converted');
		expect(normaliseEvent(body, { eventNameField: 'meta.missing' }).event).toBe('shared');
		const item = normaliseEvent(body, { eventNameField: 'data.kind' });
		expect(item.event).toBe('subscribed');
		expect(item.data).toEqual({ event_name: 'shared', meta: { events: [{ code: 'purchased' }] } });
	});
});

describe('reward bodies', () => {
	const documented = { reward_id: 'b600f6fdd06c83f8ffdd6309', data: { earned_event_value: '100.00' } };

	it.each(EXTOLE_EVENTS.filter((d) => d.kind === 'reward' && d.rewardState).map((d) => [d.rewardState as string]))(
		'a body without a name from the %s webhook is the state\'s event',
		(state) => {
			const item = normaliseEvent(documented, { rewardState: state });
			const expected = EXTOLE_EVENTS.find((d) => d.rewardState === state && d.kind === 'reward' && item.event === d.key);
			expect(expected).toBeDefined();
			expect(item.event_id).toBe(`b600f6fdd06c83f8ffdd6309:${item.event}`);
		},
	);

	it('read the state in any case', () => {
		expect(normaliseEvent(documented, { rewardState: 'sent' }).event).toBe('reward_sent');
	});

	it('keep the event they name, whatever state the delivery came for', () => {
		expect(normaliseEvent({ ...documented, type: 'reward_redeemed' }, { rewardState: 'EARNED' }).event).toBe('reward_redeemed');
	});

	it('are Other without a reward_id, even with a state', () => {
		expect(normaliseEvent({ data: { earned_event_value: '1' } }, { rewardState: 'EARNED' }).event).toBe('other');
	});

	it('are Other for an unknown state', () => {
		expect(normaliseEvent(documented, { rewardState: 'EXPIRED' }).event).toBe('other');
	});

	it('get the same event id on every retry, one per reward and event', () => {
		const a = normaliseEvent(JSON.parse(JSON.stringify(documented)), { rewardState: 'EARNED' });
		const b = normaliseEvent(JSON.parse(JSON.stringify(documented)), { rewardState: 'EARNED' });
		const c = normaliseEvent(documented, { rewardState: 'FULFILLED' });
		expect(a.event_id).toBe(b.event_id);
		expect(c.event_id).not.toBe(a.event_id);
	});

	it("with a name but no event id get the reward's derived id; their own id wins", () => {
		expect(normaliseEvent({ type: 'reward_sent', reward_id: 'r-1' }).event_id).toBe('r-1:reward_sent');
		expect(normaliseEvent({ type: 'reward_sent', reward_id: 'r-1', event_id: 'e-1' }).event_id).toBe('e-1');
		expect(normaliseEvent({ event_name: 'shared', reward_id: 'r-1' }).event_id).toBeNull();
	});
});
