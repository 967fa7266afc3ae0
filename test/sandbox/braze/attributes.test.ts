/**
 * Conformance: what Braze stores for the user attributes object: defaults of new profiles,
 * standard fields mapped to accepted values or dropped, array attributes de-duplicated and capped.
 * Braze docs: api/objects_filters/user_attributes_object; user_guide/audience/subscription_preferences/
 * subscription_status; user_guide/data/activation/custom_data/custom_attributes ("Arrays");
 * user_guide/data/user_data_collection/language_codes.
 */
import { Sandbox, exportUser, start, write } from './helpers';

describe('Braze sandbox: user attributes as Braze stores them', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.reset());
	const set = (attrs: Record<string, unknown>) => write(sb, '/users/track', { attributes: [{ external_id: 'u', ...attrs }] });

	describe('new profiles', () => {
		// "Subscribed ... This is the default subscription state when a user profile is created."
		it('start subscribed to email and push', async () => {
			await set({ first_name: 'New' });
			expect(await exportUser(sb, 'u')).toMatchObject({ email_subscribe: 'subscribed', push_subscribe: 'subscribed' });
		});

		it('start subscribed also when created by alias, email or phone', async () => {
			await write(sb, '/users/track', {
				attributes: [
					{ user_alias: { alias_name: 'a', alias_label: 'l' }, _update_existing_only: false, x: 1 },
					{ email: 'e@example.com', x: 1 },
					{ phone: '+15550001111', x: 1 },
				],
			});
			expect(sb.users('production').map((u: any) => [u.attributes.email_subscribe, u.attributes.push_subscribe])).toEqual([
				['subscribed', 'subscribed'],
				['subscribed', 'subscribed'],
				['subscribed', 'subscribed'],
			]);
		});

		it('start without subscription states only when configured so (subscribeNewProfiles: false, unlike Braze)', async () => {
			const bare = await start({ subscribeNewProfiles: false, instant: true }); // instant: about the profile, not timing
			try {
				await write(bare, '/users/track', { attributes: [{ external_id: 'u', first_name: 'New' }] });
				expect(bare.users('production')[0].attributes).toEqual({ first_name: 'New' });
			} finally {
				await bare.stop();
			}
		});

		it('keep an email state set for the address before the profile existed', async () => {
			await write(sb, '/email/status', { email: 'late@example.com', subscription_state: 'unsubscribed' });
			await set({ email: 'late@example.com' });
			expect((await exportUser(sb, 'u')).email_subscribe).toBe('unsubscribed');
		});
	});

	describe('country', () => {
		it('stores ISO-3166-1 alpha-2 codes, in upper case', async () => {
			await set({ country: 'fr' });
			expect((await exportUser(sb, 'u')).country).toBe('FR');
		});

		// "Our API makes a best effort to map countries received in different formats. For example, "Australia" may map to "AU"."
		it('maps country names to their code', async () => {
			await set({ country: 'Australia' });
			expect((await exportUser(sb, 'u')).country).toBe('AU');
			await set({ country: 'united kingdom' });
			expect((await exportUser(sb, 'u')).country).toBe('GB');
		});

		// "if the input doesn't match a given ISO-3166-1 alpha-2 standard, the country value is set to NULL"
		it('sets the country to null when the value matches no country', async () => {
			await set({ country: 'US' });
			await set({ country: 'Atlantis' });
			expect((await exportUser(sb, 'u')).country).toBeUndefined();
		});
	});

	describe('gender, language and time_zone', () => {
		// "gender: M, F, O (other), N (not applicable), P (prefer not to say) or nil (unknown)"
		it('stores gender as one of M, F, O, N, P and does not store other values', async () => {
			await set({ gender: 'f' });
			expect((await exportUser(sb, 'u')).gender).toBe('F');
			await set({ gender: 'female' });
			expect((await exportUser(sb, 'u')).gender).toBe('F');
			await set({ gender: null });
			expect((await exportUser(sb, 'u')).gender).toBeUndefined();
		});

		it('stores a language Braze supports and not other values', async () => {
			await set({ language: 'DE' });
			expect((await exportUser(sb, 'u')).language).toBe('de');
			await set({ language: 'german' });
			expect((await exportUser(sb, 'u')).language).toBe('de');
			await set({ language: 'fil' });
			expect((await exportUser(sb, 'u')).language).toBe('fil');
		});

		// "Only valid time zone values are set."
		it('stores valid IANA time zones (canonical spelling) and ignores invalid ones', async () => {
			await set({ time_zone: 'america/new_york' });
			expect((await exportUser(sb, 'u')).time_zone).toBe('America/New_York');
			await set({ time_zone: 'Mars/Olympus_Mons' });
			expect((await exportUser(sb, 'u')).time_zone).toBe('America/New_York');
		});
	});

	describe('array attributes', () => {
		// "['hotdog','hotdog','hotdog','pizza'] ... shows in the array attribute as ['hotdog', 'pizza'] because only unique values are supported"
		it('keep unique values', async () => {
			await set({ food: ['hotdog', 'hotdog', 'hotdog', 'pizza'] });
			expect((await exportUser(sb, 'u')).custom_attributes.food).toEqual(['hotdog', 'pizza']);
		});

		// "Adding an element ... appends the element to the end of the array, unless it's already present, in which case it gets moved ... to the end"
		it('move an added value that is present to the end', async () => {
			await set({ food: ['pizza', 'wings', 'pasta'] });
			await set({ food: { add: ['pizza'] } });
			expect((await exportUser(sb, 'u')).custom_attributes.food).toEqual(['wings', 'pasta', 'pizza']);
		});

		// "By default, the length of an array for an attribute is up to 500 items ... the first movie will be removed"
		it('keep at most 500 elements by default: a set is truncated, an add drops the oldest', async () => {
			const movies = Array.from({ length: 501 }, (_, i) => `m${i}`);
			await set({ movies });
			const stored = (await exportUser(sb, 'u')).custom_attributes.movies;
			expect(stored).toHaveLength(500);
			expect(stored[0]).toBe('m0');
			await set({ movies: { add: ['newest'] } });
			const after = (await exportUser(sb, 'u')).custom_attributes.movies;
			expect(after).toHaveLength(500);
			expect(after[0]).toBe('m1');
			expect(after.at(-1)).toBe('newest');
		});

		it('use the configured maximum (arrayAttributeMaxLength)', async () => {
			const small = await start({ arrayAttributeMaxLength: 3, instant: true }); // instant: about storage, not timing
			try {
				await write(small, '/users/track', { attributes: [{ external_id: 'u', tags: ['a', 'b', 'c', 'd'] }] });
				expect((await exportUser(small, 'u')).custom_attributes.tags).toEqual(['a', 'b', 'c']);
			} finally {
				await small.stop();
			}
		});

		it('keep arrays of objects as sent', async () => {
			const stays = [{ hotel: 'A', nights: 2 }, { hotel: 'A', nights: 2 }];
			await set({ stays });
			expect((await exportUser(sb, 'u')).custom_attributes.stays).toEqual(stays);
		});
	});
});
