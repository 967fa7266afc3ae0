/**
 * One Options collection per operation, as the n8n editor shows it: the operation's own entries
 * and the transport entries that apply to it, sorted, in human units; delivery defaults a team
 * leaving Extole's native integration expects; Track's Event ID Property, which makes duplicates
 * findable in Braze; and workflows saved with the former millisecond entries keep their values.
 */
import type { INode, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import type { Json } from '../helpers';
import { apiRequests, FAST, harness, run, trackParams, useSandbox } from '../helpers';

const sb = useSandbox();

const description = (): INodeTypeDescription => harness.loadTypes().nodes.get(harness.resolveType('braze')).description;
const NODE = { typeVersion: 1 } as INode;

const OPERATIONS: Array<[string, string]> = [
	['user', 'track'],
	['user', 'exportByIdentifier'],
	['user', 'createAlias'],
	['user', 'identify'],
	['user', 'delete'],
	['subscription', 'setGroupStatus'],
	['email', 'setGlobalSubscriptionStatus'],
	['referral', 'syncExtoleEvent'],
];

/** The parameters n8n resolves for a node saved with `parameters` (as it runs it). */
const resolved = (parameters: INodeParameters): INodeParameters =>
	NodeHelpers.getNodeParameters(description().properties, parameters, true, false, NODE, description()) as INodeParameters;

/** The top-level properties the editor shows for a node with these parameters. */
function shown(parameters: INodeParameters): INodeProperties[] {
	const values = resolved(parameters);
	return description().properties.filter((p) => p.type !== 'hidden' && NodeHelpers.displayParameter(values, p, NODE, description()));
}

/** The Options collection of an operation: the one collection of options it shows (Track's Standard Attributes are fields). */
function optionsOf(resource: string, operation: string): INodeProperties {
	const collections = shown({ resource, operation }).filter((p) => p.type === 'collection' && /option/i.test(`${p.displayName} ${p.placeholder}`));
	expect(collections.map((c) => c.name)).toEqual(['options']);
	return collections[0];
}

/** The entries the editor offers under "Add option". */
const offered = (collection: INodeProperties): INodeProperties[] =>
	(collection.options as INodeProperties[]).filter((o) => o.type !== 'hidden');
const entry = (collection: INodeProperties, name: string): Json => offered(collection).find((o) => o.name === name) as Json;

const REQUEST = ['initialRetryDelaySeconds', 'maxAttempts', 'maxRateLimitWaitSeconds', 'requestsInFlight', 'timeoutSeconds'];
const USERS_TRACK = ['batchSize', 'trackMaxObjectsPerRequest', 'uncertainRetry'];
const SYNC_OWN = [
	'aliasLabel',
	'brazeNames',
	'defaultCountryCode',
	'funnelAttribute',
	'includeData',
	'includeRewardProperties',
	'rewardCounterAttribute',
	'shareLinkAttribute',
	'subscribedState',
	'testSubscriptionGroupId',
	'unmappedEvents',
];

describe('one Options collection per operation', () => {
	it.each(OPERATIONS)('%s > %s shows one collection, "Options", placeholder "Add option", entries sorted by name', (resource, operation) => {
		const options = optionsOf(resource, operation);
		expect(options).toMatchObject({ displayName: 'Options', placeholder: 'Add option', default: {} });
		const names = offered(options).map((o) => o.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('holds, for each operation, its own entries and the transport entries that apply to it', () => {
		const names = (resource: string, operation: string) => offered(optionsOf(resource, operation)).map((o) => o.name).sort();
		expect(names('user', 'track')).toEqual([...REQUEST, ...USERS_TRACK, 'eventIdProperty'].sort());
		expect(names('referral', 'syncExtoleEvent')).toEqual([...REQUEST, ...USERS_TRACK, ...SYNC_OWN].sort());
		for (const [resource, operation] of OPERATIONS.slice(1, 7)) expect(names(resource, operation)).toEqual([...REQUEST, 'batchSize'].sort());
	});

	it("offers Batch Size up to Braze's limit on the operation's endpoint: 75 per array on /users/track, 50 elsewhere", () => {
		for (const [resource, operation] of OPERATIONS) {
			const limit = ['track', 'syncExtoleEvent'].includes(operation) ? 75 : 50;
			expect(entry(optionsOf(resource, operation), 'batchSize')).toMatchObject({ default: limit, typeOptions: { minValue: 1, maxValue: limit } });
		}
	});

	it('names every entry in full, in human units, and says what it does', () => {
		for (const [resource, operation] of OPERATIONS) {
			for (const option of offered(optionsOf(resource, operation))) {
				expect(option.displayName.length).toBeLessThanOrEqual(30);
				expect(option.displayName).not.toMatch(/\(Ms\)|\bMs\b/);
				expect(typeof option.description).toBe('string');
			}
		}
		const track = optionsOf('user', 'track');
		expect(entry(track, 'timeoutSeconds')).toMatchObject({ displayName: 'Timeout (Seconds)', default: 30 });
		expect(entry(track, 'initialRetryDelaySeconds')).toMatchObject({ displayName: 'Initial Retry Delay (Seconds)', default: 0.5 });
		expect(entry(track, 'uncertainRetry').displayName).toBe('Event Delivery Guarantee');
	});

	it('sends events again after uncertain failures by default (at least once), as Extole redelivers', () => {
		const guarantee = entry(optionsOf('user', 'track'), 'uncertainRetry');
		expect(guarantee).toMatchObject({ type: 'options', default: 'atLeastOnce' });
		expect(guarantee.options.map((o: Json) => [o.value, o.name])).toEqual([
			['atLeastOnce', 'At Least Once (May Duplicate)'],
			['atMostOnce', 'At Most Once (May Lose)'],
		]);
	});

	it('4 requests in flight, 300 s of rate-limit waits per execution', () => {
		const options = optionsOf('user', 'track');
		expect(entry(options, 'requestsInFlight')).toMatchObject({ default: 4, typeOptions: { minValue: 1, maxValue: 16 } });
		expect(entry(options, 'maxRateLimitWaitSeconds')).toMatchObject({ default: 300 });
		expect(entry(options, 'maxRateLimitWaitSeconds').description).toMatch(/in all/);
	});

	it("tells that n8n's Retry On Fail does not multiply the node's attempts", () => {
		expect(entry(optionsOf('user', 'track'), 'maxAttempts').description).toMatch(
			/Retry On Fail setting does not multiply these attempts: a retry of the node sends again only the items Braze did not write/,
		);
	});
});

describe('workflows saved with the former millisecond entries', () => {
	const saved = { ...trackParams(), options: { timeoutMs: 20000, initialRetryDelayMs: 250 } };

	it('keep their values through n8n\'s parameter resolution, running and saving alike, and the editor offers none of them', () => {
		expect(resolved(saved).options).toEqual({ timeoutMs: 20000, initialRetryDelayMs: 250 });
		const stored = NodeHelpers.getNodeParameters(description().properties, saved, false, false, NODE, description()) as Json;
		expect(stored.options).toEqual({ timeoutMs: 20000, initialRetryDelayMs: 250 });
		const former = (optionsOf('user', 'track').options as INodeProperties[]).filter((o) => ['timeoutMs', 'initialRetryDelayMs'].includes(o.name));
		expect(former.map((o) => o.type)).toEqual(['hidden', 'hidden']);
	});

	it('keep their timeout: a request slower than the saved 1000 ms times out', async () => {
		sb.setFaults({ answerLatencyMs: 1500, count: 1, path: '/users/track' });
		const result = await run(sb, trackParams({ options: { ...FAST, maxAttempts: 1, timeoutMs: 1000 } }), [{ id: 'a', name: 'A' }], { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: false, errorKind: 'network' });
	});

	it('take Timeout (Seconds) over the former entry once it is set', async () => {
		sb.setFaults({ answerLatencyMs: 1500, count: 1, path: '/users/track' });
		const result = await run(sb, trackParams({ options: { ...FAST, maxAttempts: 1, timeoutMs: 1000, timeoutSeconds: 5 } }), [{ id: 'a', name: 'A' }]);
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written' });
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
