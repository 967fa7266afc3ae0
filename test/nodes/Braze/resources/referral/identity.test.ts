/**
 * Which Braze user an Extole event updates: profiles exported for an email, alias-only users, the objects sent.
 */
import { aliasIdentifier, chooseProfile, emailKey, trackObjects } from '../../../../../nodes/Braze/resources/referral/identity';
import { planItem } from '../../../../../nodes/Braze/resources/referral/plan';
import { options, extoleItem } from './fixtures';

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
		expect(objects.event).toMatchObject({ user_alias: { alias_name: 'ada@example.com', alias_label: 'email' }, name: 'Shared' });
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
