/**
 * An attributes object checked by Braze's rules, the same in field mode and in JSON mode.
 */
import { checkAttributes } from '../../../../nodes/shared/braze/attributes';

describe('checkAttributes', () => {
	it('normalises email and phone and keeps control keys and nulls', () => {
		const out = checkAttributes(
			{ external_id: 'u1', email: ' a@example.com ', phone: 'tel:+1 415 555 0100', _update_existing_only: false, home_city: null },
			'attributes[0]',
		);
		expect(out).toEqual({ external_id: 'u1', email: 'a@example.com', phone: '+14155550100', _update_existing_only: false, home_city: null });
	});

	it('checks the enumerated attributes, naming the object and the attribute', () => {
		expect(checkAttributes({ email_subscribe: 'opted_in', push_subscribe: 'unsubscribed', gender: 'm' }, 'a')).toEqual({
			email_subscribe: 'opted_in',
			push_subscribe: 'unsubscribed',
			gender: 'M',
		});
		expect(() => checkAttributes({ push_subscribe: 'yes' }, 'attributes[2]')).toThrow(/^attributes\[2\]\.push_subscribe: must be one of opted_in, subscribed, unsubscribed/);
	});

	it('checks subscription groups', () => {
		const groups = [{ subscription_group_id: 'g1', subscription_state: 'subscribed' }];
		expect(checkAttributes({ subscription_groups: groups }, 'a')).toEqual({ subscription_groups: groups });
		expect(() => checkAttributes({ subscription_groups: [{ subscription_group_id: 'g1', subscription_state: 'opted_in' }] }, 'a')).toThrow(
			/^a\.subscription_groups\[0\]\.subscription_state: must be one of subscribed, unsubscribed/,
		);
		expect(() => checkAttributes({ subscription_groups: [{ subscription_state: 'subscribed' }] }, 'a')).toThrow('a.subscription_groups[0].subscription_group_id: is required');
		expect(() => checkAttributes({ subscription_groups: 'g1' }, 'a')).toThrow(/^a\.subscription_groups: must be an array/);
	});

	it('requires YYYY-MM-DD for the date of birth', () => {
		expect(checkAttributes({ dob: '1990-12-31' }, 'a')).toEqual({ dob: '1990-12-31' });
		expect(() => checkAttributes({ dob: '31/12/1990' }, 'attributes')).toThrow('attributes.dob: must be YYYY-MM-DD (got "31/12/1990")');
	});

	it('applies the naming and string rules to custom attributes, nested ones too', () => {
		expect(checkAttributes({ visits: { inc: 1 }, tags: ['a'] }, 'a')).toEqual({ visits: { inc: 1 }, tags: ['a'] });
		expect(() => checkAttributes({ $plan: 'gold' }, 'attributes')).toThrow('attributes.$plan: attribute names must not start with "$" (reserved by Braze)');
		expect(() => checkAttributes({ first_name: 'x'.repeat(256) }, 'attributes')).toThrow('attributes.first_name: is 256 characters long; Braze accepts at most 255');
		expect(() => checkAttributes({ prefs: { $x: 1 } }, 'attributes')).toThrow(/^attributes\.prefs\.\$x:/);
	});
});
