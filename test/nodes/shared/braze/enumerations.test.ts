/**
 * The enumerated Braze values: one table for the field options and for validation.
 */
import { ENUMERATED_ATTRIBUTES, GENDERS, GROUP_SUBSCRIPTION_STATES, SUBSCRIBE_STATES, checkChoice, enumeratedAttribute } from '../../../../nodes/shared/braze/enumerations';

describe('enumerations', () => {
	it('lists Braze\'s documented values', () => {
		expect(SUBSCRIBE_STATES.map((c) => c.value)).toEqual(['opted_in', 'subscribed', 'unsubscribed']);
		expect(GROUP_SUBSCRIPTION_STATES.map((c) => c.value)).toEqual(['subscribed', 'unsubscribed']);
		expect(GENDERS.map((c) => c.value)).toEqual(['F', 'M', 'N', 'O', 'P', 'U']);
		expect(Object.keys(ENUMERATED_ATTRIBUTES)).toEqual(['email_subscribe', 'push_subscribe', 'gender']);
	});

	it('keeps options in display (name) order', () => {
		for (const list of [SUBSCRIBE_STATES, GROUP_SUBSCRIPTION_STATES, GENDERS]) {
			expect(list.map((c) => c.name)).toEqual([...list.map((c) => c.name)].sort());
		}
	});

	it('refuses a value off the list, naming the field and the allowed values', () => {
		expect(checkChoice('subscribed', GROUP_SUBSCRIPTION_STATES, 's')).toBe('subscribed');
		expect(() => checkChoice('opted_in', GROUP_SUBSCRIPTION_STATES, 'subscription_state')).toThrow(
			'subscription_state: must be one of subscribed, unsubscribed (got "opted_in")',
		);
		expect(() => enumeratedAttribute('email_subscribe', 'sometimes', 'attributes[0].email_subscribe')).toThrow(
			'attributes[0].email_subscribe: must be one of opted_in, subscribed, unsubscribed (got "sometimes")',
		);
	});

	it('takes gender letters in any case and sends unknown (U) as null', () => {
		expect(enumeratedAttribute('gender', 'f', 'gender')).toBe('F');
		expect(enumeratedAttribute('gender', 'U', 'gender')).toBeNull();
		expect(() => enumeratedAttribute('gender', 'X', 'gender')).toThrow(/^gender: must be one of F, M, N, O, P, U/);
	});
});
