/**
 * The identifier checks: external_id, user_alias, braze_id, email and phone, chosen by type or
 * found inside a Braze object.
 */
import { buildAlias, buildIdentifier, checkIdentifiedObject, identifierOf, identifierType } from '../../../../nodes/shared/braze/identifiers';

describe('buildIdentifier', () => {
	it('normalises each kind', () => {
		expect(buildIdentifier({ type: 'external_id', external_id: 'u1' })).toEqual({ external_id: 'u1' });
		expect(buildIdentifier({ type: 'user_alias', alias_name: 'n', alias_label: 'l' })).toEqual({ user_alias: { alias_name: 'n', alias_label: 'l' } });
		expect(buildIdentifier({ type: 'braze_id', braze_id: ' b1 ' })).toEqual({ braze_id: 'b1' });
		expect(buildIdentifier({ type: 'email', email: ' A@Example.com ' })).toEqual({ email: 'A@Example.com' });
		expect(buildIdentifier({ type: 'phone', phone: 'tel:+1 (415) 555-0100' })).toEqual({ phone: '+14155550100' });
	});

	it('says which identifier is empty', () => {
		expect(() => buildIdentifier({ type: 'external_id', external_id: ' ' })).toThrow('external_id: no identifier: External ID is empty');
		expect(() => buildIdentifier({ type: 'braze_id', braze_id: '' })).toThrow('braze_id: no identifier: Braze ID is empty');
		expect(() => buildIdentifier({ type: 'email', email: 'a@b' })).toThrow(/^email: "a@b" is not a valid email/);
		expect(() => buildIdentifier({ type: 'nope' as never })).toThrow('identifierType: unknown identifier type "nope"');
	});

	it('refuses identifiers over 255 characters', () => {
		expect(() => buildIdentifier({ type: 'external_id', external_id: 'x'.repeat(256) })).toThrow(/^external_id: is 256 characters long/);
	});
});

describe('buildAlias', () => {
	it('names the missing half of an alias', () => {
		expect(() => buildAlias('n', '')).toThrow('alias_label: a user alias needs a label as well as a name');
		expect(() => buildAlias('', 'l')).toThrow('alias_name: a user alias needs a name as well as a label');
		expect(() => buildAlias('', '')).toThrow('alias_name: no identifier: alias name and label are empty');
		expect(() => buildAlias('n', '', 'events[0].user_alias.')).toThrow(/^events\[0\]\.user_alias\.alias_label:/);
	});
});

describe('checkIdentifiedObject', () => {
	it('normalises the identifier of an object given as is', () => {
		expect(checkIdentifiedObject({ email: ' a@example.com ', x: 1 }, 'attributes[0]')).toEqual({ email: 'a@example.com', x: 1 });
		expect(checkIdentifiedObject({ phone: '0044 20 7946 0958' }, 'events[0]')).toEqual({ phone: '+442079460958' });
	});

	it('names the object without an identifier and the bad part of one', () => {
		expect(() => checkIdentifiedObject({ first_name: 'x' }, 'attributes[1]')).toThrow('attributes[1]: no identifier: set one of external_id, user_alias, braze_id, email or phone');
		expect(() => checkIdentifiedObject({ user_alias: 'x' }, 'events[0]')).toThrow('events[0].user_alias: must be {alias_name, alias_label}');
		expect(() => checkIdentifiedObject({ user_alias: { alias_name: 'n' } }, 'events[0]')).toThrow(/^events\[0\]\.user_alias\.alias_label:/);
		expect(() => checkIdentifiedObject({ phone: '555' }, 'purchases[2]')).toThrow(/^purchases\[2\]\.phone:/);
	});
});

describe('identifierType / identifierOf', () => {
	it('follow Braze\'s order of precedence', () => {
		expect(identifierType({ user_alias: { alias_name: 'n', alias_label: 'l' } })).toBe('user_alias');
		expect(identifierType({ phone: '+1' })).toBe('phone');
		expect(identifierOf({ email: 'a@example.com', external_id: 'u1', name: 'e' })).toEqual({ external_id: 'u1' });
		expect(identifierOf(undefined)).toEqual({});
	});
});
