/**
 * The Options collection: its delivery settings (defaults a team leaving Extole's native
 * integration expects) and Track's Event ID Property, which makes duplicates findable in Braze.
 */
import type { Json } from '../helpers';
import { apiRequests, FAST, run, trackParams, useSandbox } from '../helpers';
import { optionsCollection } from '../../../../nodes/Braze/helpers/options';

const sb = useSandbox();

const option = (name: string): Json => (optionsCollection.options as Json[]).find((o) => o.name === name) as Json;

describe('Options collection', () => {
	it('retries events and purchases after uncertain failures by default (at least once), as Extole redelivers', () => {
		expect(option('uncertainRetry')).toMatchObject({ type: 'options', default: 'atLeastOnce' });
		expect(option('uncertainRetry').options.map((o: Json) => o.value)).toEqual(['atMostOnce', 'atLeastOnce']);
	});

	it('4 requests in flight, 300 s of rate-limit waits per execution', () => {
		expect(option('requestsInFlight')).toMatchObject({ default: 4, typeOptions: { minValue: 1, maxValue: 16 } });
		expect(option('maxRateLimitWaitSeconds')).toMatchObject({ default: 300 });
		expect(option('maxRateLimitWaitSeconds').description).toMatch(/in all/);
	});

	it('offers Event ID Property for Track only', () => {
		expect(option('eventIdProperty').displayOptions).toEqual({ show: { '/operation': ['track'] } });
	});
});

describe('Event ID Property (Track)', () => {
	const eventId = (value: string, name = 'extole_event_id') => ({ eventIdProperty: { property: { name, value } } });
	const params = (extra: Json = {}) =>
		trackParams({
			events: { event: [{ name: 'shared', time: '2026-01-01T00:00:00Z', properties: '{"channel":"EMAIL"}' }] },
			purchases: { purchase: [{ productId: 'plan', currency: 'USD', price: 9, quantity: 1, time: '', properties: '{}' }] },
			...extra,
		});

	it("adds the item's id to each of its custom events and purchases", async () => {
		const result = await run(sb, params({ options: { ...FAST, ...eventId('={{ $json.eventId }}') } }), [
			{ id: 'a', name: 'A', eventId: 'evt-1' },
			{ id: 'b', name: 'B', eventId: 'evt-2' },
		]);
		expect(result.error).toBeUndefined();
		const [body] = apiRequests(sb, '/users/track').map((c) => c.body);
		expect(body.events.map((e: Json) => e.properties)).toEqual([
			{ extole_event_id: 'evt-1', channel: 'EMAIL' },
			{ extole_event_id: 'evt-2', channel: 'EMAIL' },
		]);
		expect(body.purchases.map((p: Json) => p.properties)).toEqual([{ extole_event_id: 'evt-1' }, { extole_event_id: 'evt-2' }]);
	});

	it('an empty value adds nothing to that item; an object that has the property keeps its own', async () => {
		const json = { resource: 'user', operation: 'track', inputMode: 'json', options: { ...FAST, ...eventId('={{ $json.eventId }}', 'event_id') } };
		await run(sb, json, [
			{ eventId: '', events: { external_id: 'a', name: 'e', time: '2026-01-01T00:00:00Z' } },
			{ eventId: 'evt-9', events: { external_id: 'b', name: 'e', time: '2026-01-01T00:00:00Z', properties: { event_id: 'own' } } },
		]);
		const [body] = apiRequests(sb, '/users/track').map((c) => c.body);
		expect(body.events.map((e: Json) => e.properties)).toEqual([undefined, { event_id: 'own' }]);
	});

	it('a property name Braze would refuse fails the item, naming the field', async () => {
		const result = await run(sb, params({ options: { ...FAST, ...eventId('evt-1', '$id') } }), [{ id: 'a', name: 'A' }], {
			continueOnFail: true,
		});
		expect(result.json[0]).toMatchObject({ success: false, errorKind: 'validation', delivery: 'not written' });
		expect(result.json[0].error).toMatch(/^Item 0: options\.eventIdProperty\.\$id: property names must not start with "\$"/);
		expect(apiRequests(sb, '/users/track')).toHaveLength(0);
	});
});
