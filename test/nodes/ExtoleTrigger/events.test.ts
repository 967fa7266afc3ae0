/**
 * Normalisation of Extole webhook bodies (compiled code): every payload style of the sender for
 * every event gives the item shape of issue 4, and every name variant of the reference maps to
 * its event.
 */
import { normaliseEvent, normaliseTime } from '../../../dist/nodes/ExtoleTrigger/events';
import {
	EXTOLE_EVENTS as EVENT_DEFINITIONS,
	lookupEvent,
	PARTNER_EVENT_KEYS as PARTNER_EVENTS,
} from '../../../dist/nodes/shared/extole/catalogue';

const { buildEvent, STYLES, EVENTS } = require('../../../sandbox/extole/payloads');

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

const DISPLAY: Record<string, string> = {
	created_share_link: 'Created Share Link',
	shared: 'Shared',
	referred_signed_up: 'Referred Signed Up',
	referred_converted: 'Referred Converted',
	subscribed: 'Subscribed',
	unsubscribed: 'Unsubscribed',
	earned_reward: 'Earned Reward',
};

const cases: Array<[string, string]> = [];
for (const event of EVENTS as string[]) for (const style of STYLES as string[]) cases.push([event, style]);

describe('every style of every event normalises to the item shape', () => {
	it('covers the seven partner events and all five styles', () => {
		expect(PARTNER_EVENTS).toEqual(Object.keys(DISPLAY));
		for (const e of PARTNER_EVENTS) expect(EVENTS).toContain(e);
		expect(STYLES).toEqual(['braze', 'data-map', 'envelope', 'reward', 'person']);
	});

	it.each(cases)('%s in style %s', (event, style) => {
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
		const item = normaliseEvent(JSON.parse(JSON.stringify(body)));
		expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
		expect(item.event).toBe(event);
		expect(item.event_name).toBe(DISPLAY[event] ?? EVENT_DEFINITIONS.find((d) => d.key === event)?.label);
		expect(typeof item.event_name_raw).toBe('string');
		expect(item).toMatchObject({
			event_id: overrides.event_id,
			event_time: overrides.event_time,
			external_id: 'user-42',
			email: 'jane@example.com',
			first_name: 'Jane',
			last_name: 'Doe',
			funnel: 'friend',
			sandbox: true,
		});
		// The reward webhook carries no phone/share link; every other style does.
		if (style !== 'reward') {
			expect(item.phone_number).toBe('+15555550100');
			expect(item.share_link).toBe('https://refer.example.com/jane42');
		} else {
			expect(item.phone_number).toBeNull();
			expect(item.share_link).toBeNull();
		}
		expect(typeof item.data).toBe('object');
		expect(Array.isArray(item.data)).toBe(false);
		expect(item.data.campaign).toBe('Refer a Friend');
		expect(item.raw).toEqual(body);
	});

	it('fills missing values with null, never leaves them out', () => {
		const item = normaliseEvent({ event_name: 'shared' });
		expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
		expect(item).toEqual({
			event: 'shared',
			event_name: 'Shared',
			event_name_raw: 'shared',
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
			raw: { event_name: 'shared' },
		});
	});

	it('gives "other" and the name as sent for unknown names, null when there is none', () => {
		expect(normaliseEvent({ event_name: 'loyalty_tier_changed' })).toMatchObject({
			event: 'other',
			event_name: 'loyalty_tier_changed',
			event_name_raw: 'loyalty_tier_changed',
		});
		expect(normaliseEvent({ email: 'x@example.com' })).toMatchObject({ event: 'other', event_name: null, event_name_raw: null });
	});
});

describe('event names', () => {
	const reference: Array<[string, string]> = [
		['extole_created_share_link', 'created_share_link'],
		['extole_share_link_created', 'created_share_link'],
		['created_share_link', 'created_share_link'],
		['share_link_created', 'created_share_link'],
		['Created Share Link', 'created_share_link'],
		['extole_shared', 'shared'],
		['shared', 'shared'],
		['Shared', 'shared'],
		['extole_signed_up', 'referred_signed_up'],
		['referral_registered', 'referred_signed_up'],
		['registered', 'referred_signed_up'],
		['Referred Signed Up', 'referred_signed_up'],
		['extole_converted', 'referred_converted'],
		['converted', 'referred_converted'],
		['purchased', 'referred_converted'],
		['Referred Converted', 'referred_converted'],
		['subscribed', 'subscribed'],
		['unsubscribed', 'unsubscribed'],
		['Unsubscribed', 'unsubscribed'],
		['reward_earned', 'earned_reward'],
		['extole_reward_earned', 'earned_reward'],
		['extole_advocate_reward_earned', 'earned_reward'],
		['Earned Reward', 'earned_reward'],
		['reward_fulfilled', 'reward_fulfilled'],
		['reward_fulfillment_failed', 'reward_fulfillment_failed'],
		['reward_sent', 'reward_sent'],
		['reward_redeemed', 'reward_redeemed'],
		['reward_revoked', 'reward_revoked'],
		['reward_failed', 'reward_failed'],
		['reward_canceled', 'reward_canceled'],
		['reward_cancelled', 'reward_canceled'],
		// Case, spacing and separators.
		['EXTOLE_CREATED_SHARE_LINK', 'created_share_link'],
		['  Extole Share Link Created ', 'created_share_link'],
		['extole-referral-registered', 'referred_signed_up'],
		['createdShareLink', 'created_share_link'],
		['Extole.Reward.Earned', 'earned_reward'],
		['extole_extole_shared', 'shared'],
	];
	it.each(reference)('%s -> %s', (name, key) => {
		expect(lookupEvent(name)?.key).toBe(key);
		expect(normaliseEvent({ event_name: name }).event).toBe(key);
	});

	it.each([['event_name'], ['type'], ['event'], ['name']])('is read from %s', (field) => {
		expect(normaliseEvent({ [field]: 'referral_registered' }).event).toBe('referred_signed_up');
	});

	it('prefers a recognised name over an unrecognised one in an earlier field', () => {
		// `type` can hold something else; `name` can be a person's name.
		expect(normaliseEvent({ event_name: 'custom_x', type: 'reward_earned' }).event).toBe('earned_reward');
		expect(normaliseEvent({ name: 'Jane Doe', event: 'shared' }).event).toBe('shared');
	});

	it('reads the name from an object in `event`', () => {
		expect(normaliseEvent({ event: { name: 'extole_converted', email: 'e@example.com' } })).toMatchObject({
			event: 'referred_converted',
			email: 'e@example.com',
		});
	});

	it('uses a configured field path first', () => {
		const body = { event_name: 'shared', meta: { events: [{ code: 'purchased' }] } };
		expect(normaliseEvent(body, { eventNameField: 'meta.events[0].code' }).event).toBe('referred_converted');
		expect(normaliseEvent(body, { eventNameField: 'meta.missing' }).event).toBe('shared');
	});

	it('has no alias that belongs to two events', () => {
		const seen = new Map<string, string>();
		for (const d of EVENT_DEFINITIONS) {
			for (const a of d.names) {
				expect(seen.get(a) ?? d.key).toBe(d.key);
				seen.set(a, d.key);
			}
		}
	});
});

describe('person fields', () => {
	it('maps Extole names: partner_user_id, email_address, phone, ADVOCATE/FRIEND', () => {
		const item = normaliseEvent({
			event_name: 'shared',
			data: { partner_user_id: 'p-1', email_address: 'a@example.com', phone: '+1', funnel: 'ADVOCATE' },
		});
		expect(item).toMatchObject({ external_id: 'p-1', email: 'a@example.com', phone_number: '+1', funnel: 'advocate' });
	});

	it('finds fields under person', () => {
		const item = normaliseEvent({ type: 'reward_sent', person: { email: 'p@example.com', first_name: 'P', role: 'FRIEND' } });
		expect(item).toMatchObject({ email: 'p@example.com', first_name: 'P', funnel: 'friend' });
	});

	it('prefers top-level values over person and data', () => {
		const item = normaliseEvent({
			event_name: 'shared',
			email: 'top@example.com',
			person: { email: 'person@example.com' },
			data: { email: 'data@example.com' },
		});
		expect(item.email).toBe('top@example.com');
	});

	it('takes the funnel from names such as extole_advocate_reward_earned when none is sent', () => {
		expect(normaliseEvent({ event_name: 'extole_advocate_reward_earned' }).funnel).toBe('advocate');
		expect(normaliseEvent({ event_name: 'friend_reward_earned' }).funnel).toBe('friend');
		expect(normaliseEvent({ event_name: 'extole_advocate_reward_earned', funnel: 'friend' }).funnel).toBe('friend');
	});

	it('turns numeric ids into strings and ignores empty strings', () => {
		expect(normaliseEvent({ event_name: 'shared', partner_user_id: 12345, event_id: 987, email: '' })).toMatchObject({
			external_id: '12345',
			event_id: '987',
			email: null,
		});
	});

	it('keeps the data map and top-level extras in data, without the fields that became item fields', () => {
		const item = normaliseEvent({
			type: 'reward_earned',
			event_id: '1',
			reward_id: 'r-1',
			face_value: '10',
			partner_user_id: 'u',
			data: { value: '50', face_value: '20' },
		});
		expect(item.data).toEqual({ reward_id: 'r-1', face_value: '20', value: '50' });
	});
});

describe('times', () => {
	it.each([
		['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
		['2024-05-01T12:00:00+02:00', '2024-05-01T10:00:00.000Z'],
		[1714557600, '2024-05-01T10:00:00.000Z'],
		[1714557600000, '2024-05-01T10:00:00.000Z'],
		['1714557600000', '2024-05-01T10:00:00.000Z'],
		['not a date', null],
		[null, null],
	])('%p -> %p', (input, expected) => {
		expect(normaliseTime(input)).toBe(expected);
	});
});

describe("the reference's own example bodies", () => {
	it('data map with reward_earned: name, id, email and the data values', () => {
		const item = normaliseEvent({ event_name: 'reward_earned', event_id: '7001', data: { email: 'adv@example.com', value: '50' } });
		expect(item).toMatchObject({ event: 'earned_reward', event_name: 'Earned Reward', event_name_raw: 'reward_earned', event_id: '7001', email: 'adv@example.com' });
		expect(item.data).toEqual({ email: 'adv@example.com', value: '50' });
	});

	it('data map with referral_registered: the friend, no id, and the advocate kept in data', () => {
		const item = normaliseEvent({ event_name: 'referral_registered', data: { email: 'friend@example.com', advocate: 'adv@example.com' } });
		expect(item).toMatchObject({ event: 'referred_signed_up', email: 'friend@example.com', event_id: null, external_id: null });
		expect(item.data.advocate).toBe('adv@example.com');
	});

	it('REWARD webhook body: partner_user_id as external_id, time, reward fields in data', () => {
		const body = {
			type: 'reward_earned',
			event_id: '8123',
			event_time: '2024-06-01T12:00:00Z',
			reward_id: 'r-9',
			person_id: 'p-9',
			partner_user_id: 'cust-9',
			face_value: '10',
			face_value_type: 'USD',
			reward_supplier_type: 'CUSTOM_REWARD',
			data: { coupon_code: 'ABC' },
			schema_version: 1,
		};
		const item = normaliseEvent(body);
		expect(item).toMatchObject({ event: 'earned_reward', event_id: '8123', event_time: '2024-06-01T12:00:00.000Z', external_id: 'cust-9', sandbox: false });
		expect(item.data).toEqual({
			reward_id: 'r-9',
			person_id: 'p-9',
			face_value: '10',
			face_value_type: 'USD',
			reward_supplier_type: 'CUSTOM_REWARD',
			coupon_code: 'ABC',
			schema_version: 1,
		});
		expect(item.raw).toEqual(body);
	});

	it('internal envelope: sandbox flag, envelope ids in data', () => {
		const item = normaliseEvent({
			event_id: '1',
			client_id: '2',
			event_time: '2024-06-01T12:00:00.123Z',
			webhook_id: '3',
			cause_event_id: '4',
			root_event_id: '5',
			campaign_id: '6',
			program_label: 'refer-a-friend',
			sandbox: true,
			event_name: 'extole_shared',
			data: { email_address: 'e@example.com' },
		});
		expect(item).toMatchObject({ event: 'shared', event_id: '1', event_time: '2024-06-01T12:00:00.123Z', email: 'e@example.com', sandbox: true });
		expect(item.data).toMatchObject({ client_id: '2', webhook_id: '3', cause_event_id: '4', root_event_id: '5', campaign_id: '6', program_label: 'refer-a-friend' });
	});
});

describe('sandbox flag', () => {
	it.each([
		[{ sandbox: true }, true],
		[{ sandbox: 'true' }, true],
		[{ sandbox: 'TRUE' }, true],
		[{ data: { sandbox: true } }, true],
		[{ sandbox: false }, false],
		[{ sandbox: 'false' }, false],
		[{ sandbox: null }, false],
		[{}, false],
	])('%j -> %s (always a boolean)', (extra, expected) => {
		const item = normaliseEvent({ event_name: 'shared', ...extra });
		expect(item.sandbox).toBe(expected);
	});
});

describe('funnel in every style', () => {
	it.each(STYLES as string[])('advocate and friend come out lower-case in style %s', (style) => {
		for (const funnel of ['advocate', 'friend']) {
			const item = normaliseEvent(buildEvent('shared', style, { funnel }));
			expect(item.funnel).toBe(funnel);
		}
	});

	it.each([
		['ADVOCATE', 'advocate'],
		['Friend', 'friend'],
		['referrer', 'advocate'],
		['referee', 'friend'],
		['both', null],
	])('funnel %s -> %s', (value, expected) => {
		expect(normaliseEvent({ event_name: 'shared', funnel: value }).funnel).toBe(expected);
	});
});

describe('event_time is always ISO-8601 or null', () => {
	it.each(STYLES as string[])('style %s', (style) => {
		for (const event of EVENTS as string[]) {
			const item = normaliseEvent(buildEvent(event, style, { event_time: '2025-12-31T23:59:59.000Z' }));
			expect(item.event_time).toBe('2025-12-31T23:59:59.000Z');
		}
	});
});
