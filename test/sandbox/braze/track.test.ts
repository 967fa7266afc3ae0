/**
 * Conformance: POST /users/track validation, partial success and state changes.
 * Braze docs: api/endpoints/user_data/post_user_track; api/objects_filters/user_attributes_object,
 * event_object, purchase_object. Each call here waits until Braze would have processed it
 * (`write`); processing.test.ts covers the asynchrony itself.
 */
import { PAST, Sandbox, exportUser, post, propertiesOfSize, start, write } from './helpers';

const alias = { alias_name: 'visitor-1', alias_label: 'extole_id' };

describe('Braze sandbox: /users/track', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.reset());

	const track = (body: unknown) => write(sb, '/users/track', body);
	const users = () => sb.users('production');

	describe('responses', () => {
		it('answers 201 success with the counts of the arrays sent, and only those', async () => {
			const r = await track({ attributes: [{ external_id: 'u1', first_name: 'Ann' }], events: [{ external_id: 'u1', name: 'e', time: PAST }, { external_id: 'u1', name: 'e', time: PAST }] });
			expect(r.status).toBe(201);
			expect(r.body).toEqual({ message: 'success', attributes_processed: 1, events_processed: 2 });
			const p = await track({ purchases: [{ external_id: 'u1', product_id: 'p', currency: 'USD', price: 1, time: PAST }] });
			expect(p.body).toEqual({ message: 'success', purchases_processed: 1 });
		});

		it('accepts 75 objects per array and rejects 76 with 400 "Max Input Length Exceeded"', async () => {
			const many = (n: number) => Array.from({ length: n }, (_, i) => ({ external_id: `u${i}`, name: 'e', time: PAST }));
			expect((await track({ events: many(75), attributes: many(75).map(({ external_id }) => ({ external_id, x: 1 })) })).status).toBe(201);
			const r = await track({ events: many(76) });
			expect(r.status).toBe(400);
			expect(r.body.message).toBe('Max Input Length Exceeded');
		});

		it('applies the configured combined cap across the three arrays (newer plans: 50)', async () => {
			const capped = await start({ trackMaxCombined: 50 });
			try {
				const ev = Array.from({ length: 30 }, (_, i) => ({ external_id: `u${i}`, name: 'e', time: PAST }));
				const at = Array.from({ length: 21 }, (_, i) => ({ external_id: `u${i}`, x: 1 }));
				const r = await post(capped, '/users/track', { events: ev, attributes: at });
				expect(r.status).toBe(400);
				expect(r.body.message).toBe('Max Input Length Exceeded');
				expect(capped.users('production')).toHaveLength(0);
				expect((await post(capped, '/users/track', { events: ev, attributes: at.slice(0, 20) })).status).toBe(201);
			} finally {
				await capped.stop();
			}
		});

		it('reports invalid objects as errors {type, input_array, index} in a 2xx and applies the valid ones', async () => {
			const r = await track({
				attributes: [{ external_id: 'ok', first_name: 'A' }, { first_name: 'no id' }],
				events: [{ external_id: 'ok', time: PAST }, { external_id: 'ok', name: 'valid', time: PAST }],
			});
			expect(r.status).toBe(201);
			expect(r.body.message).toBe('success');
			expect(r.body.errors).toEqual([
				{ type: expect.any(String), input_array: 'attributes', index: 1 },
				{ type: expect.any(String), input_array: 'events', index: 0 },
			]);
			expect(r.body.attributes_processed).toBe(1);
			expect(r.body.events_processed).toBe(1);
			const u = await exportUser(sb, 'ok');
			expect(u.first_name).toBe('A');
			expect(u.custom_events).toEqual([expect.objectContaining({ name: 'valid', count: 1 })]);
		});

		it('answers 400 with the errors when no object is valid, and changes nothing', async () => {
			const r = await track({ attributes: [{ first_name: 'no id' }], events: [{ external_id: 'x', name: 'e' }] });
			expect(r.status).toBe(400);
			expect(typeof r.body.message).toBe('string');
			expect(r.body.message).not.toBe('success');
			expect(r.body.errors).toHaveLength(2);
			expect(users()).toHaveLength(0);
		});

		it('answers 400 to a body with no attributes, events or purchases', async () => {
			expect((await track({})).status).toBe(400);
			expect((await track({ attributes: [] })).status).toBe(400);
			expect((await track({ attributes: 'x' })).status).toBe(400);
		});
	});

	describe('identifiers', () => {
		it('requires an identifier on every object', async () => {
			const r = await track({ attributes: [{ external_id: 'a', x: 1 }, { x: 2 }] });
			expect(r.body.errors).toEqual([expect.objectContaining({ input_array: 'attributes', index: 1 })]);
		});

		it('rejects objects naming more than one of external_id, user_alias and braze_id', async () => {
			const r = await track({
				attributes: [{ external_id: 'a', x: 1 }, { external_id: 'b', user_alias: alias, x: 1 }, { external_id: 'c', braze_id: '0123456789abcdef01234567' }],
			});
			expect(r.body.errors.map((e: any) => e.index)).toEqual([1, 2]);
			expect(users()).toHaveLength(1);
		});

		it('requires alias_name and alias_label on a user_alias', async () => {
			const r = await track({ attributes: [{ external_id: 'ok', x: 1 }, { user_alias: { alias_name: 'n' }, _update_existing_only: false, x: 1 }] });
			expect(r.body.errors).toEqual([expect.objectContaining({ input_array: 'attributes', index: 1 })]);
		});

		it('updates a user by braze_id', async () => {
			await track({ attributes: [{ external_id: 'u1', first_name: 'A' }] });
			const brazeId = users()[0].braze_id;
			expect(brazeId).toMatch(/^[0-9a-f]{24}$/);
			await track({ attributes: [{ braze_id: brazeId, last_name: 'B' }] });
			expect((await exportUser(sb, 'u1')).last_name).toBe('B');
		});

		it('creates an email-only profile when tracking an email no profile has', async () => {
			const r = await track({ attributes: [{ email: 'new@example.com', first_name: 'N' }] });
			expect(r.status).toBe(201);
			const [u] = users();
			expect(u.external_id).toBeUndefined();
			expect(u.user_aliases).toEqual([]);
			expect(u.attributes).toMatchObject({ email: 'new@example.com', first_name: 'N' });
		});

		it('updates, by email, the most recently updated profile with an external_id', async () => {
			await track({ attributes: [{ external_id: 'old', email: 'x@example.com' }] });
			await track({ attributes: [{ email: 'x@example.com' }] }); // updates 'old'
			await track({ attributes: [{ external_id: 'new', email: 'x@example.com' }] });
			await track({ attributes: [{ email: 'x@example.com', first_name: 'Updated' }] });
			expect((await exportUser(sb, 'new')).first_name).toBe('Updated');
			expect((await exportUser(sb, 'old')).first_name).toBeUndefined();
			expect(users()).toHaveLength(2);
		});

		it('prefers, by email, a profile with an external_id over a more recently updated one without', async () => {
			await track({ attributes: [{ email: 'y@example.com', first_name: 'EmailOnly' }] });
			await track({ attributes: [{ external_id: 'ann', email: 'y@example.com' }] });
			const emailOnly = users().find((u: any) => u.external_id === undefined);
			await track({ attributes: [{ braze_id: emailOnly.braze_id, last_name: 'Touched' }] });
			await track({ attributes: [{ email: 'y@example.com', first_name: 'ToAnn' }] });
			expect((await exportUser(sb, 'ann')).first_name).toBe('ToAnn');
			expect(users().find((u: any) => u.external_id === undefined).attributes.first_name).toBe('EmailOnly');
		});

		it('identifies by phone, and by email when both email and phone are given', async () => {
			await track({ attributes: [{ phone: '+15550001111', first_name: 'Phone' }] });
			expect(users()).toHaveLength(1);
			await track({ attributes: [{ phone: '+15550001111', last_name: 'Same' }] });
			expect(users()).toHaveLength(1);
			expect(users()[0].attributes.last_name).toBe('Same');
			// email wins: a new email-only profile is created rather than the phone profile updated
			await track({ attributes: [{ email: 'both@example.com', phone: '+15550001111', first_name: 'Email' }] });
			expect(users()).toHaveLength(2);
			const byEmail = users().find((u: any) => u.attributes.email === 'both@example.com');
			expect(byEmail.attributes.first_name).toBe('Email');
			expect(users().find((u: any) => u.attributes.email === undefined).attributes.first_name).toBe('Phone');
		});
	});

	describe('_update_existing_only', () => {
		it('creates an external_id user by default and not with _update_existing_only: true', async () => {
			await track({ attributes: [{ external_id: 'created', x: 1 }] });
			const r = await track({ attributes: [{ external_id: 'ghost', x: 1, _update_existing_only: true }] });
			expect(r.status).toBe(201);
			expect(r.body.attributes_processed).toBe(1);
			expect(r.body.errors).toBeUndefined();
			expect(users().map((u: any) => u.external_id)).toEqual(['created']);
		});

		it('creates an alias-only user only with _update_existing_only: false', async () => {
			const r = await track({ attributes: [{ user_alias: alias, x: 1 }] });
			expect(r.status).toBe(201);
			expect(users()).toHaveLength(0);
			await track({ attributes: [{ user_alias: alias, x: 1, _update_existing_only: false }] });
			expect(users()).toHaveLength(1);
			expect(users()[0].user_aliases).toEqual([alias]);
			await track({ attributes: [{ user_alias: alias, y: 2 }] }); // existing alias: updated by default
			expect(users()[0].custom_attributes).toEqual({ x: 1, y: 2 });
		});

		it('does not create an email-only user with _update_existing_only: true', async () => {
			await track({ attributes: [{ email: 'nobody@example.com', x: 1, _update_existing_only: true }] });
			expect(users()).toHaveLength(0);
		});

		it('processes attributes, then events, then purchases', async () => {
			const r = await track({
				purchases: [{ user_alias: alias, product_id: 'p', currency: 'EUR', price: 3, time: PAST }],
				events: [{ user_alias: alias, name: 'after_create', time: PAST }],
				attributes: [{ user_alias: alias, _update_existing_only: false, x: 1 }],
			});
			expect(r.status).toBe(201);
			const [u] = users();
			expect(u.custom_events.map((e: any) => e.name)).toEqual(['after_create']);
			expect(u.purchases.map((p: any) => p.name)).toEqual(['p']);
		});
	});

	describe('attribute values', () => {
		it('validates email syntax', async () => {
			const r = await track({ attributes: [{ external_id: 'a', email: 'not an email' }, { external_id: 'b', email: 'b@example.com' }] });
			expect(r.body.errors).toEqual([expect.objectContaining({ index: 0 })]);
			expect(users().map((u: any) => u.external_id)).toEqual(['b']);
		});

		it('rejects string values longer than 255 characters', async () => {
			const r = await track({ attributes: [{ external_id: 'a', note: 'x'.repeat(256) }, { external_id: 'b', note: 'x'.repeat(255) }] });
			expect(r.body.errors).toEqual([expect.objectContaining({ index: 0 })]);
		});

		it('rejects empty attribute names and names starting with $', async () => {
			const r = await track({ attributes: [{ external_id: 'a', '': 1 }, { external_id: 'b', $bad: 1 }, { external_id: 'c', good: 1 }] });
			expect(r.body.errors.map((e: any) => e.index)).toEqual([0, 1]);
		});

		it('sets standard and custom attributes, and null removes them', async () => {
			await track({ attributes: [{ external_id: 'u', first_name: 'A', country: 'FR', dob: '1990-02-03', tier: 'gold', score: 3 }] });
			let u = await exportUser(sb, 'u');
			expect(u).toMatchObject({ first_name: 'A', country: 'FR', dob: '1990-02-03', custom_attributes: { tier: 'gold', score: 3 } });
			await track({ attributes: [{ external_id: 'u', first_name: null, tier: null }] });
			u = await exportUser(sb, 'u');
			expect(u.first_name).toBeUndefined();
			expect(u.custom_attributes).toEqual({ score: 3 });
		});

		it('increments with {"inc": n}', async () => {
			await track({ attributes: [{ external_id: 'u', referrals: { inc: 1 } }] });
			await track({ attributes: [{ external_id: 'u', referrals: { inc: 2 } }] });
			await track({ attributes: [{ external_id: 'u', referrals: { inc: -1 } }] });
			expect((await exportUser(sb, 'u')).custom_attributes.referrals).toBe(2);
		});

		it('adds to and removes from arrays with {"add"} and {"remove"}', async () => {
			await track({ attributes: [{ external_id: 'u', tags: ['a', 'b'] }] });
			await track({ attributes: [{ external_id: 'u', tags: { add: ['c', 'd'] } }] });
			await track({ attributes: [{ external_id: 'u', tags: { remove: ['a', 'c'] } }] });
			expect((await exportUser(sb, 'u')).custom_attributes.tags).toEqual(['b', 'd']);
		});

		it('replaces nested objects, and deep-merges them with _merge_objects: true', async () => {
			await track({ attributes: [{ external_id: 'u', profile: { a: 1, inner: { x: 1, y: 2 } } }] });
			await track({ attributes: [{ external_id: 'u', _merge_objects: true, profile: { b: 2, inner: { y: 3 } } }] });
			expect((await exportUser(sb, 'u')).custom_attributes.profile).toEqual({ a: 1, b: 2, inner: { x: 1, y: 3 } });
			await track({ attributes: [{ external_id: 'u', profile: { c: 3 } }] });
			expect((await exportUser(sb, 'u')).custom_attributes.profile).toEqual({ c: 3 });
		});

		it('stores email_subscribe, push_subscribe and subscription groups (the groups are not an export field: inspected here)', async () => {
			const r = await track({
				attributes: [
					{
						external_id: 'u',
						email: 'u@example.com',
						email_subscribe: 'opted_in',
						push_subscribe: 'unsubscribed',
						subscription_groups: [{ subscription_group_id: 'g1', subscription_state: 'subscribed' }],
					},
					{ external_id: 'v', email_subscribe: 'maybe' },
				],
			});
			expect(r.body.errors).toEqual([expect.objectContaining({ index: 1 })]);
			const u = await exportUser(sb, 'u');
			expect(u).toMatchObject({ email_subscribe: 'opted_in', push_subscribe: 'unsubscribed' });
			expect(users().find((x: any) => x.external_id === 'u').subscription_groups).toEqual({ g1: 'subscribed' });
		});
		it('applies subscription_groups also to the other profiles with the same email', async () => {
			await track({ attributes: [{ external_id: 'twin-a', email: 'twin@example.com' }, { external_id: 'twin-b', email: 'twin@example.com' }, { external_id: 'other', email: 'other@example.com' }] });
			await track({ attributes: [{ external_id: 'twin-a', subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'unsubscribed' }] }] });
			const groups = (id: string) => users().find((u: any) => u.external_id === id).subscription_groups;
			expect(groups('twin-b')).toEqual({ g: 'unsubscribed' });
			expect(groups('other')).toEqual({});
		});
	});

	describe('events', () => {
		it('requires an event name and an ISO-8601 time', async () => {
			const r = await track({
				events: [
					{ external_id: 'u', time: PAST },
					{ external_id: 'u', name: 'e' },
					{ external_id: 'u', name: 'e', time: 'yesterday' },
					{ external_id: 'u', name: 'e', time: PAST },
				],
			});
			expect(r.body.errors.map((e: any) => e.index)).toEqual([0, 1, 2]);
			expect(r.body.events_processed).toBe(1);
		});

		it('validates event property names and string lengths', async () => {
			const r = await track({
				events: [
					{ external_id: 'u', name: 'e', time: PAST, properties: { $price: 1 } },
					{ external_id: 'u', name: 'e', time: PAST, properties: { '': 1 } },
					{ external_id: 'u', name: 'e', time: PAST, properties: { long: 'x'.repeat(256) } },
					{ external_id: 'u', name: 'e', time: PAST, properties: { ok: 'yes', nested: { a: [1, 2] } } },
				],
			});
			expect(r.body.errors.map((e: any) => e.index)).toEqual([0, 1, 2]);
		});

		it('counts every event (no deduplication) with first, last and the full list', async () => {
			await track({
				events: [
					{ external_id: 'u', name: 'referral', time: '2024-03-01T00:00:00Z', properties: { n: 1 } },
					{ external_id: 'u', name: 'referral', time: '2024-01-01T00:00:00Z', properties: { n: 2 } },
				],
			});
			await track({ events: [{ external_id: 'u', name: 'referral', time: '2024-03-01T00:00:00Z', properties: { n: 1 } }] });
			const u = await exportUser(sb, 'u');
			expect(u.custom_events).toEqual([{ name: 'referral', first: '2024-01-01T00:00:00.000Z', last: '2024-03-01T00:00:00.000Z', count: 3 }]);
			const events = users()[0].events;
			expect(events).toHaveLength(3);
			expect(events.map((e: any) => e.properties.n)).toEqual([1, 2, 1]);
		});

		it('replaces a future event time by now', async () => {
			const before = Date.now();
			await track({ events: [{ external_id: 'u', name: 'e', time: '2999-01-01T00:00:00Z' }] });
			const t = Date.parse(users()[0].events[0].time);
			expect(t).toBeGreaterThanOrEqual(before - 1000);
			expect(t).toBeLessThanOrEqual(Date.now());
		});
	});

	describe('purchases', () => {
		const base = { external_id: 'u', product_id: 'plan', currency: 'USD', price: 9.5, quantity: 2, time: PAST };
		it('validates product_id, currency, price, quantity and time', async () => {
			const r = await track({
				purchases: [
					{ ...base, product_id: 'x'.repeat(256) },
					{ ...base, currency: 'DOLLARS' },
					{ ...base, price: '9.5' },
					{ ...base, quantity: 0 },
					{ ...base, quantity: 101 },
					{ ...base, time: undefined },
					{ ...base, product_id: undefined },
					base,
				],
			});
			expect(r.body.errors.map((e: any) => [e.input_array, e.index])).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => ['purchases', i]));
			expect(r.body.purchases_processed).toBe(1);
		});

		it('accepts only ISO 4217 currency codes (any letter case), not any three letters', async () => {
			const r = await track({ purchases: [{ ...base, currency: 'XYZ' }, { ...base, currency: 'eur' }, { ...base, currency: 'JPY' }, { ...base, currency: 'ABC' }] });
			expect(r.status).toBe(201);
			expect(r.body.errors).toEqual([
				{ type: expect.stringMatching(/XYZ is not an ISO 4217 currency code/), input_array: 'purchases', index: 0 },
				{ type: expect.stringMatching(/ABC is not an ISO 4217 currency code/), input_array: 'purchases', index: 3 },
			]);
			expect(users()[0].purchase_events.map((p: any) => p.currency)).toEqual(['EUR', 'JPY']);
		});

		it('records purchases per product with first, last, count and the full list', async () => {
			await track({ purchases: [base, { ...base, time: '2024-06-01T00:00:00Z', quantity: 1 }] });
			const u = await exportUser(sb, 'u');
			expect(u.purchases).toEqual([{ name: 'plan', first: '2024-05-01T10:00:00.000Z', last: '2024-06-01T00:00:00.000Z', count: 2 }]);
			expect(users()[0].purchase_events).toHaveLength(2);
			expect(users()[0].purchase_events[0]).toMatchObject({ product_id: 'plan', currency: 'USD', price: 9.5, quantity: 2 });
		});
	});

	describe('event and purchase checks', () => {
		// Braze docs: api/objects_filters/event_object ("Reserved keys": time, event_name)
		it('reports events using the reserved property names time or event_name', async () => {
			const r = await track({
				events: [
					{ external_id: 'u', name: 'e', time: PAST, properties: { time: '2024-01-01' } },
					{ external_id: 'u', name: 'e', time: PAST, properties: { event_name: 'x' } },
					{ external_id: 'u', name: 'e', time: PAST, properties: { timestamp: 1 } },
				],
			});
			expect(r.body.errors).toEqual([
				{ type: expect.stringMatching(/'time' is a reserved/), input_array: 'events', index: 0 },
				{ type: expect.stringMatching(/'event_name' is a reserved/), input_array: 'events', index: 1 },
			]);
			expect(r.body.events_processed).toBe(1);
		});

		// Braze docs: api/objects_filters/event_object ("time": ISO 8601 or yyyy-MM-dd'T'HH:mm:ss:SSSZ)
		it("accepts the time format yyyy-MM-dd'T'HH:mm:ss:SSSZ besides ISO 8601", async () => {
			const r = await track({ events: [{ external_id: 'u', name: 'e', time: '2016-12-14T13:32:31:601-0800' }] });
			expect(r.body).toEqual({ message: 'success', events_processed: 1 });
			expect(users()[0].events[0].time).toBe('2016-12-14T21:32:31.601Z');
		});

		// Braze docs: api/objects_filters/event_object ("time attributes without a time zone" are UTC)
		it('reads an ISO 8601 time without zone as UTC', async () => {
			await track({ events: [{ external_id: 'u', name: 'e', time: '2024-05-01T10:00:00' }] });
			expect(users()[0].events[0].time).toBe('2024-05-01T10:00:00.000Z');
		});

		// Braze docs: api/objects_filters/event_object ("payload of up to 100 KB")
		it('accepts event properties up to 100 KB and reports larger ones', async () => {
			const sized = propertiesOfSize;
			const r = await track({
				events: [
					{ external_id: 'u', name: 'e', time: PAST, properties: sized(99 * 1024) },
					{ external_id: 'u', name: 'e', time: PAST, properties: sized(100 * 1024 + 1) },
				],
			});
			expect(r.body.errors).toEqual([{ type: expect.stringMatching(/larger than 102400 bytes/), input_array: 'events', index: 1 }]);
		});

		// Braze docs: api/objects_filters/purchase_object ("payload of up to 50 KB")
		it('accepts purchase properties up to 50 KB and reports larger ones', async () => {
			const sized = propertiesOfSize;
			const p = { external_id: 'u', product_id: 'plan', currency: 'USD', price: 1, time: PAST };
			const r = await track({ purchases: [{ ...p, properties: sized(49 * 1024) }, { ...p, properties: sized(50 * 1024 + 1) }] });
			expect(r.body.errors).toEqual([{ type: expect.stringMatching(/larger than 51200 bytes/), input_array: 'purchases', index: 1 }]);
		});
	});
});
