/**
 * Delivery beyond Track: the endpoints whose writes are safe to repeat (aliases, identify,
 * subscription states, email status, delete) are always sent again after an uncertain failure;
 * exports are reads and say nothing about delivery; Sync Extole Event tells each item's delivery,
 * lookups included, and puts the Extole event id on its custom events.
 */
import type { Json } from '../helpers';
import { apiRequests, credentials, FAST, run, TRACK_ONLY_KEY, useSandbox } from '../helpers';

const sb = useSandbox();

const alias = { resource: 'user', operation: 'createAlias', aliasName: '={{ $json.name }}', aliasLabel: 'extole', options: FAST };
const emailStatus = {
	resource: 'email',
	operation: 'setGlobalSubscriptionStatus',
	email: '={{ $json.email }}',
	subscriptionState: 'unsubscribed',
	options: FAST,
};
const sync = (options: Json = {}, syncOptions: Json = {}) => ({
	resource: 'referral',
	operation: 'syncExtoleEvent',
	syncOptions: { lookupConcurrency: 1, ...syncOptions },
	options: { ...FAST, ...options },
});
const extole = (overrides: Json = {}) => ({ event: 'shared', event_id: 'evt-1', external_id: 'ada', email: 'ada@example.com', ...overrides });
/** What Braze holds once it has processed every queued write (the sandbox queues like Braze). */
const users = (): Json[] => {
	sb.settle();
	return sb.users('production') as Json[];
};

describe('writes that are safe to repeat', () => {
	it('an alias applied, then answered 500, is sent again and written (not "may be duplicated")', async () => {
		sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: '/users/alias/new' });
		const result = await run(sb, alias, [{ name: 'p-1' }]);
		expect(apiRequests(sb, '/users/alias/new').map((c) => c.status)).toEqual([500, 201]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written' });
		expect(users().filter((u) => JSON.stringify(u.user_aliases).includes('p-1'))).toHaveLength(1);
	});

	it('when every attempt fails uncertainly the item is unknown, whatever the failure hid', async () => {
		sb.setFaults({ status: 503, path: '/email/status' });
		const result = await run(sb, emailStatus, [{ email: 'a@example.com' }], { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: false, delivery: 'unknown: Braze may have applied it' });
		expect(result.json[0].error).toMatch(/gave up after 3 attempts\) Braze may have applied this item/);
	});

	it('a refusal before processing (403) is not written', async () => {
		const result = await run(sb, emailStatus, [{ email: 'a@example.com' }], {
			continueOnFail: true,
			credentials: credentials(sb, { apiKey: TRACK_ONLY_KEY }),
		});
		expect(result.json[0]).toMatchObject({ success: false, httpCode: 403, delivery: 'not written' });
	});

	it('an export is a read: its items carry no delivery', async () => {
		const params = { resource: 'user', operation: 'exportByIdentifier', identifierType: 'external_id', externalId: 'nobody', simplify: false, options: FAST };
		const result = await run(sb, params, [{}]);
		expect(result.json[0]).toMatchObject({ success: true, found: false });
		expect(result.json[0]).not.toHaveProperty('delivery');
	});
});

describe('Sync Extole Event', () => {
	it('puts the Extole event id on the custom event as extole_event_id', async () => {
		const result = await run(sb, sync(), [extole({ event_id: 'evt-42' })]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written', event_id: 'evt-42' });
		const [event] = users().find((u) => u.external_id === 'ada')?.events ?? [];
		expect(event.properties).toMatchObject({ extole_event_id: 'evt-42' });
	});

	it('an event written twice after an uncertain failure is flagged, and both copies carry the Extole event id', async () => {
		sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: '/users/track' });
		const result = await run(sb, sync(), [extole()]);
		expect(result.json[0].delivery).toBe('written, may be duplicated');
		const events = users().find((u) => u.external_id === 'ada')?.events ?? [];
		expect(events.map((e: Json) => e.properties.extole_event_id)).toEqual(['evt-1', 'evt-1']);
	});

	it('at most once: the reward counter is not incremented again, the person attributes are written', async () => {
		sb.setFaults({ status: 500, applyThenFail: true, count: 1, path: '/users/track' });
		const params = sync({ uncertainRetry: 'atMostOnce' }, { rewardCounterAttribute: 'rewards' });
		const result = await run(sb, params, [extole({ event: 'earned_reward', first_name: 'Ada' })], { continueOnFail: true });
		const [first, retry] = apiRequests(sb, '/users/track').map((c) => c.body);
		expect(first.attributes[0].rewards).toEqual({ inc: 1 });
		expect(retry).toEqual({ attributes: [expect.not.objectContaining({ rewards: expect.anything() })] });
		const ada = users().find((u) => u.external_id === 'ada');
		expect(ada?.custom_attributes.rewards).toBe(1);
		expect(ada?.events).toHaveLength(1);
		expect(result.json[0].delivery).toBe('unknown: Braze may have applied it');
	});

	it('an item whose email lookup failed was not written, and says so', async () => {
		const result = await run(sb, sync(), [extole({ external_id: null })], {
			continueOnFail: true,
			credentials: credentials(sb, { apiKey: TRACK_ONLY_KEY }),
		});
		expect(apiRequests(sb, '/users/track')).toHaveLength(0);
		expect(result.json[0]).toMatchObject({ success: false, delivery: 'not written' });
		expect(result.json[0].errorDescription).toMatch(/Nothing of this item was written to Braze/);
	});
});
