/**
 * The properties of the custom event an Extole event becomes: each value once. Reward fields of
 * Extole's "Reward Webhooks" page are top-level properties, not repeated in `data`; the person
 * fields the node writes to the user are not repeated either.
 */
import { eventProperties } from '../../../../../nodes/Braze/resources/referral/eventProperties';
import { options, extoleItem } from './fixtures';

const properties = (item: Record<string, unknown>, overrides = {}) => eventProperties(extoleItem(item), String(item.event ?? 'shared'), options(overrides), []);

describe('eventProperties', () => {
	it('carries the Extole event id as extole_event_id and the funnel', () => {
		expect(properties({ data: {} })).toEqual({ extole_event_id: 'evt-1', funnel: 'advocate' });
	});

	it('does not repeat the share link it writes to the user', () => {
		expect(properties({ data: { share_link: 'https://refer.example.com/ada', shareable_link: 'https://refer.example.com/ada' } })).not.toHaveProperty('data');
	});

	// Extole's names for the person fields (shared/reference/extole-webhooks.md): partner_user_id, email_address, recipient_email ...
	it('leaves the person fields the item carries out of data, under any of their Extole names', () => {
		const data = {
			partner_user_id: 'user-1',
			email_address: 'ADA@example.com',
			recipient_email: 'ada@example.com',
			phone: '+1 (415) 555-0100',
			firstName: 'Ada',
			family_name: 'Lovelace',
			person: { email: 'ada@example.com', city: 'London' },
			channel: 'EMAIL',
		};
		expect(properties({ data }).data).toEqual({ person: { city: 'London' }, channel: 'EMAIL' });
	});

	it('keeps a person field whose value is not the one written to the user', () => {
		expect(properties({ data: { email_address: 'friend@example.com' } }).data).toEqual({ email_address: 'friend@example.com' });
	});

	it('puts reward fields once, as top-level properties, and not again in data', () => {
		const data = { reward_id: 'r-9', face_value: '10', face_value_type: 'USD', reward_supplier_type: 'CUSTOM_REWARD', campaign: 'spring' };
		expect(properties({ event: 'earned_reward', data })).toEqual({
			extole_event_id: 'evt-1',
			funnel: 'advocate',
			reward_id: 'r-9',
			reward_state: 'EARNED',
			face_value: '10',
			face_value_type: 'USD',
			reward_supplier_type: 'CUSTOM_REWARD',
			data: { campaign: 'spring' },
		});
	});

	// Extole's "Reward Webhooks" page: {"reward_id": "...", "data": {"earned_event_value": "100.00", "journey_name": "ADVOCATE", ...}}, the state set by the webhook's filter.
	it.each([
		['earned_reward', 'EARNED'],
		['reward_fulfilled', 'FULFILLED'],
		['reward_sent', 'SENT'],
		['reward_canceled', 'CANCELED'],
	])('gives the nameless reward body of %s the state of its webhook (%s)', (event, state) => {
		const result = properties({ event, event_id: `b600f6fdd06c83f8ffdd6309:${event}`, data: { reward_id: 'b600f6fdd06c83f8ffdd6309', earned_event_value: '100.00', custom_key: 'custom_value' } });
		expect(result).toMatchObject({ reward_id: 'b600f6fdd06c83f8ffdd6309', reward_state: state, earned_event_value: '100.00', data: { custom_key: 'custom_value' } });
	});

	it('keeps a reward state Extole sent', () => {
		expect(properties({ event: 'earned_reward', data: { reward_state: 'earned' } }).reward_state).toBe('earned');
	});

	it('leaves reward fields in data when Include Reward Properties is off', () => {
		const result = properties({ event: 'earned_reward', data: { reward_id: 'r-9' } }, { includeRewardProperties: false });
		expect(result).not.toHaveProperty('reward_id');
		expect(result.data).toEqual({ reward_id: 'r-9' });
	});

	it('does not treat the reward fields of person events as reward properties', () => {
		expect(properties({ event: 'shared', data: { reward_id: 'r-9' } })).toMatchObject({ data: { reward_id: 'r-9' } });
	});
});
