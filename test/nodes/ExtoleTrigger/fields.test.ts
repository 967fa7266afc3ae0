/**
 * Person fields, funnel, sandbox flag and `data` of the item (compiled events.js / fields.js):
 * where Extole puts them, which wins, and that what became an item field is not repeated in
 * `data` (it would become a Braze event property).
 */
import { normaliseEvent } from '../../../dist/nodes/ExtoleTrigger/events';

const { buildEvent, STYLES } = require('../../../sandbox/extole/payloads');

describe('person fields', () => {
	it("maps Extole's names: partner_user_id, email_address, phone, shareable_link", () => {
		const item = normaliseEvent({
			event_name: 'shared',
			data: { partner_user_id: 'p-1', email_address: 'a@example.com', phone: '+1', shareable_link: 'https://x.example/a' },
		});
		expect(item).toMatchObject({ external_id: 'p-1', email: 'a@example.com', phone_number: '+1', share_link: 'https://x.example/a' });
	});

	it('finds fields under person, data and data.person', () => {
		expect(normaliseEvent({ type: 'reward_sent', person: { email: 'p@example.com', first_name: 'P' } })).toMatchObject({ email: 'p@example.com', first_name: 'P' });
		expect(normaliseEvent({ type: 'reward_sent', data: { person: { last_name: 'Q' } } })).toMatchObject({ last_name: 'Q' });
	});

	it('prefers top-level values over person and data', () => {
		const item = normaliseEvent({ event_name: 'shared', email: 'top@example.com', person: { email: 'person@example.com' }, data: { email: 'data@example.com' } });
		expect(item.email).toBe('top@example.com');
	});

	it('turns numeric ids into strings and ignores empty strings', () => {
		expect(normaliseEvent({ event_name: 'shared', partner_user_id: 12345, event_id: 987, email: '' })).toMatchObject({
			external_id: '12345',
			event_id: '987',
			email: null,
		});
	});

	it("fills email from the reward's recipient_email only when no person email is present", () => {
		// Extole's webhooks page, account-credit example: data.recipient_email.
		expect(normaliseEvent({ type: 'reward_earned', data: { recipient_email: 'r@example.com' } }).email).toBe('r@example.com');
		expect(normaliseEvent({ type: 'reward_earned', email: 'e@example.com', data: { recipient_email: 'r@example.com' } }).email).toBe('e@example.com');
	});
});

describe('funnel', () => {
	it.each(STYLES.filter((s: string) => s !== 'reward-payload') as string[])('advocate and friend come out lower-case in style %s', (style) => {
		for (const funnel of ['advocate', 'friend']) {
			expect(normaliseEvent(buildEvent('subscribed', style, { funnel })).funnel).toBe(funnel);
		}
	});

	it.each([
		['ADVOCATE', 'advocate'],
		['Friend', 'friend'],
		['referrer', 'advocate'],
		['referee', 'friend'],
		['both', null],
	])('funnel %s -> %s', (value, expected) => {
		expect(normaliseEvent({ event_name: 'subscribed', funnel: value }).funnel).toBe(expected);
	});

	it.each([
		[{ funnel: 'friend' }, 'friend'],
		[{ data: { rewardee_role: 'advocate' } }, 'advocate'],
		[{ data: { journey_name: 'FRIEND' } }, 'friend'],
		[{ person: { role: 'ADVOCATE' } }, 'advocate'],
		[{ person_role: 'friend' }, 'friend'],
	])('is read from %j', (fields, expected) => {
		expect(normaliseEvent({ type: 'reward_earned', ...fields }).funnel).toBe(expected);
	});

	it('skips a field that names no side and reads the next one', () => {
		expect(normaliseEvent({ type: 'reward_earned', role: 'customer', data: { rewardee_role: 'friend' } }).funnel).toBe('friend');
	});

	it('comes from an advocate_ / friend_ event name when no field says it', () => {
		expect(normaliseEvent({ event_name: 'extole_advocate_reward_earned' }).funnel).toBe('advocate');
		expect(normaliseEvent({ event_name: 'friend_reward_earned' }).funnel).toBe('friend');
		expect(normaliseEvent({ event_name: 'extole_advocate_reward_earned', funnel: 'friend' }).funnel).toBe('friend');
	});

	it("is the event's fixed side only when nothing explicit is present (Referred Signed Up is a friend's)", () => {
		expect(normaliseEvent({ event_name: 'Referred Signed Up' }).funnel).toBe('friend');
		expect(normaliseEvent({ event_name: 'Referred Converted' }).funnel).toBe('friend');
		expect(normaliseEvent({ event_name: 'Shared' }).funnel).toBe('advocate');
		expect(normaliseEvent({ event_name: 'Referred Signed Up', funnel: 'advocate' }).funnel).toBe('advocate');
		expect(normaliseEvent({ event_name: 'Referred Signed Up', data: { rewardee_role: 'advocate' } }).funnel).toBe('advocate');
	});

	it('stays null for events whose side Extole does not fix', () => {
		for (const name of ['Created Share Link', 'Subscribed', 'Unsubscribed', 'Earned Reward']) {
			expect(normaliseEvent({ event_name: name }).funnel).toBeNull();
		}
	});
});

describe('data', () => {
	it('holds the data map and top-level extras (the map wins a clash), without the fields that became item fields', () => {
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

	it('does not repeat person fields consumed from data (email_address, partner_user_id ...)', () => {
		const item = normaliseEvent({
			event_name: 'shared',
			data: { partner_user_id: 'p-1', email_address: 'a@example.com', phone: '+1', first_name: 'A', last_name: 'B', shareable_link: 'https://x.example/a', channel: 'EMAIL' },
		});
		expect(item.data).toEqual({ channel: 'EMAIL' });
	});

	it('does not repeat a consumed value held under another name of the same field', () => {
		const item = normaliseEvent({ event_name: 'shared', email: 'a@example.com', data: { email_address: 'a@example.com', recipient_email: 'a@example.com' } });
		expect(item.data).toEqual({});
	});

	it('keeps a different value under another name of a field (it is not a repeat)', () => {
		const item = normaliseEvent({ event_name: 'shared', email: 'a@example.com', data: { email_address: 'b@example.com' } });
		expect(item.email).toBe('a@example.com');
		expect(item.data).toEqual({ email_address: 'b@example.com' });
	});

	it('keeps what a person object holds besides the consumed fields', () => {
		const item = normaliseEvent({ event_name: 'shared', person: { email: 'a@example.com', city: 'Lyon' }, data: { person: { first_name: 'A', country: 'FR' } } });
		expect(item.data).toEqual({ person: { city: 'Lyon', country: 'FR' } });
	});

	it('does not repeat the event name, id, time, funnel or sandbox flag read from data', () => {
		const item = normaliseEvent({ data: { event_name: 'shared', event_id: 'e', event_time: '2026-01-01T00:00:00Z', funnel: 'advocate', sandbox: true, x: 1 } });
		expect(item).toMatchObject({ event: 'shared', event_id: 'e', event_time: '2026-01-01T00:00:00Z', funnel: 'advocate', sandbox: true });
		expect(item.data).toEqual({ x: 1 });
	});

	it.each(STYLES.filter((s: string) => s !== 'reward-payload') as string[])('holds no person field of the sender\'s %s bodies', (style) => {
		const item = normaliseEvent(buildEvent('shared', style, { email: 'p@example.com', external_id: 'u-9', phone_number: '+15555550100', first_name: 'F', last_name: 'L' }));
		const text = JSON.stringify(item.data);
		for (const value of ['p@example.com', 'u-9', '+15555550100', '"F"', '"L"']) expect(text).not.toContain(value);
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
		expect(normaliseEvent({ event_name: 'shared', ...extra }).sandbox).toBe(expected);
	});
});
