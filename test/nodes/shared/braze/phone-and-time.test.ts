/**
 * Track and Sync Extole Event read phone numbers with the same rule, and times to the same
 * instant: the same inputs, sent through both operations (compiled node, real HTTP against the
 * Braze sandbox), reach Braze as the same values. Sync Extole Event reads event_time by the
 * Extole Trigger's rule, which keeps a valid ISO 8601 time exactly as Extole sent it.
 */
import type { Json } from '../../Braze/helpers';
import { apiRequests, run, useSandbox } from '../../Braze/helpers';

const sb = useSandbox();

const TIME_NOW = '2026-05-01T10:00:00Z';

/** What Braze received from User > Track for one item. */
async function viaTrack(phone: unknown, time: unknown): Promise<{ phone: unknown; time: unknown }> {
	const params = {
		resource: 'user',
		operation: 'track',
		identifierType: 'external_id',
		externalId: 'via-track',
		standardAttributes: { phone: '={{ $json.phone }}' },
		events: { event: [{ name: 'shared', time: '={{ $json.time }}', properties: '{}' }] },
	};
	const result = await run(sb, params, [{ phone, time }]);
	expect(result.error).toBeUndefined();
	const body = apiRequests(sb, '/users/track').at(-1)?.body as Json;
	return { phone: body.attributes[0].phone, time: body.events[0].time };
}

/** What Braze received from Referral > Sync Extole Event for one Extole Trigger item. */
async function viaSync(phone: unknown, time: unknown): Promise<{ phone: unknown; time: unknown }> {
	const item = { event: 'shared', event_name: 'Shared', event_id: 'evt-1', event_time: time, external_id: 'via-sync', phone_number: phone, sandbox: false };
	const result = await run(sb, { resource: 'referral', operation: 'syncExtoleEvent' }, [item]);
	expect(result.error).toBeUndefined();
	const body = apiRequests(sb, '/users/track').at(-1)?.body as Json;
	return { phone: body.attributes[0].phone, time: body.events[0].time };
}

describe('phone numbers and times, Track and Sync Extole Event alike', () => {
	it.each([
		['tel:+1 (415) 555-0100 ext. 7', '+14155550100'],
		['0044 20 7946 0958', '+442079460958'],
		['(+44) 20 7946 0958', '+442079460958'],
		['+49.30.1234567', '+49301234567'],
	])('phone %p reaches Braze as %s from both operations', async (phone, expected) => {
		const track = await viaTrack(phone, TIME_NOW);
		const sync = await viaSync(phone, TIME_NOW);
		expect(track.phone).toBe(expected);
		expect(sync.phone).toBe(track.phone);
	});

	it.each<[unknown, string]>([
		[1767225600, '2026-01-01T00:00:00.000Z'],
		['1767225600000', '2026-01-01T00:00:00.000Z'],
	])('time %p reaches Braze as %s from both operations', async (time, expected) => {
		const track = await viaTrack('+14155550100', time);
		const sync = await viaSync('+14155550100', time);
		expect(track.time).toBe(expected);
		expect(sync.time).toBe(track.time);
	});

	it('an ISO 8601 time with a zone reaches Braze as the same instant, from Sync Extole Event exactly as sent', async () => {
		const track = await viaTrack('+14155550100', '2026-05-01T10:00:00+02:00');
		const sync = await viaSync('+14155550100', '2026-05-01T10:00:00+02:00');
		expect(track.time).toBe('2026-05-01T08:00:00.000Z');
		expect(sync.time).toBe('2026-05-01T10:00:00+02:00');
		expect(Date.parse(sync.time as string)).toBe(Date.parse(track.time as string));
	});

	it.each([
		['phone', '555 0100', TIME_NOW],
		['time', '+14155550100', 'next tuesday'],
		['time', '+14155550100', '2026-13-45T99:00:00Z'],
	])('a %s neither reads (%p, %p) fails the item in both operations, naming the field', async (what, phone, time) => {
		const trackParams = {
			resource: 'user',
			operation: 'track',
			identifierType: 'external_id',
			externalId: 'x',
			standardAttributes: { phone: '={{ $json.phone }}' },
			events: { event: [{ name: 'e', time: '={{ $json.time }}', properties: '{}' }] },
		};
		const track = await run(sb, trackParams, [{ phone, time }], { continueOnFail: true });
		const extole = { event: 'shared', external_id: 'x', phone_number: phone, event_time: time };
		const sync = await run(sb, { resource: 'referral', operation: 'syncExtoleEvent' }, [extole], { continueOnFail: true });
		expect(track.json[0]).toMatchObject({ success: false, errorKind: 'validation', errorField: what === 'phone' ? 'attributes.phone' : 'events[0].time' });
		expect(sync.json[0]).toMatchObject({ success: false, errorKind: 'validation', errorField: what === 'phone' ? 'phone_number' : 'event_time' });
		expect(apiRequests(sb, '/users/track')).toHaveLength(0);
	});
});
