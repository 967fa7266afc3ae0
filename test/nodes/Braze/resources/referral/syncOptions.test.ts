/**
 * Which Braze environment an Extole event goes to, and Sync Extole Event's options: one Options
 * collection, over the former "Sync Options" of workflows saved with it.
 */
import type { IExecuteFunctions, INode, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { readLookupConcurrency, resolveEnvironment } from '../../../../../nodes/Braze/resources/referral/syncOptions';
import type { Json } from '../../helpers';
import { apiRequests, FAST, harness, run, useSandbox } from '../../helpers';
import { extoleItem } from './fixtures';

const sb = useSandbox();

describe('resolveEnvironment', () => {
	it('sends sandbox events to test and others to production in fromEvent mode', () => {
		expect(resolveEnvironment('fromEvent', true)).toBe('test');
		expect(resolveEnvironment('fromEvent', false)).toBe('production');
		expect(resolveEnvironment('fromEvent', null)).toBe('production');
	});

	it('keeps a fixed environment whatever the flag', () => {
		expect(resolveEnvironment('production', true)).toBe('production');
		expect(resolveEnvironment('test', false)).toBe('test');
	});
});

const sync = (parameters: Json = {}): Json => ({ resource: 'referral', operation: 'syncExtoleEvent', ...parameters });
/** An email-only person: Braze has no user yet, so the node creates the alias-only user of the email. */
const newPerson = extoleItem({ external_id: undefined, email: 'new@example.com', phone_number: undefined });

describe('a workflow saved with the former Sync Options collection', () => {
	it('still writes what its Sync Options say', async () => {
		const result = await run(sb, sync({ syncOptions: { aliasLabel: 'extole_email', shareLinkAttribute: 'ref_link' }, options: FAST }), [newPerson]);
		expect(result.error).toBeUndefined();
		const [track] = apiRequests(sb, '/users/track');
		expect(track.body.attributes[0]).toMatchObject({ user_alias: { alias_name: 'new@example.com', alias_label: 'extole_email' }, ref_link: newPerson.share_link });
	});

	it('takes an entry set under Options over the same former entry', async () => {
		await run(sb, sync({ syncOptions: { shareLinkAttribute: 'old_link', funnelAttribute: 'old_funnel' }, options: { ...FAST, shareLinkAttribute: 'new_link' } }), [extoleItem()]);
		const [track] = apiRequests(sb, '/users/track');
		expect(track.body.attributes[0]).toHaveProperty('new_link');
		expect(track.body.attributes[0]).not.toHaveProperty('old_link');
		expect(track.body.attributes[0]).toHaveProperty('old_funnel', 'advocate');
	});
});

describe('the former Sync Options in the editor', () => {
	const description = (): INodeTypeDescription => harness.loadTypes().nodes.get(harness.resolveType('braze')).description;
	const NODE = { typeVersion: 1 } as INode;
	const resolve = (parameters: Json, returnDefaults = true) =>
		NodeHelpers.getNodeParameters(description().properties, parameters as INodeParameters, returnDefaults, false, NODE, description()) as Json;
	const former = (): INodeProperties =>
		description().properties.find((p) => p.name === 'syncOptions' && p.type === 'collection') as INodeProperties;
	const formerShown = (parameters: Json) => NodeHelpers.displayParameter(resolve(parameters), former(), NODE, description());
	/** The former entries the editor shows (a collection shows the entries its value holds, when displayed). */
	const entriesShown = (parameters: Json) =>
		(former().options as INodeProperties[])
			.filter((entry) => NodeHelpers.displayParameterPath({ parameters: resolve(parameters) }, entry, 'parameters.syncOptions', NODE, description()))
			.map((entry) => entry.name);

	it('shows the former collection only while it holds an entry', () => {
		expect(formerShown(sync())).toBe(false);
		expect(formerShown(sync({ syncOptions: {} }))).toBe(false);
		expect(formerShown(sync({ syncOptions: { aliasLabel: 'extole_email' } }))).toBe(true);
		expect(former().displayName).toBe('Former Sync Options');
	});

	it('shows the entries it holds, each removable, and offers none to add', () => {
		expect(entriesShown(sync({ syncOptions: { aliasLabel: 'extole_email', lookupConcurrency: 2, includeData: false } })).sort()).toEqual([
			'aliasLabel',
			'includeData',
			'lookupConcurrency',
		]);
		expect(entriesShown(sync({ syncOptions: {} }))).toEqual([]);
	});

	it("keeps the saved values through n8n's parameter resolution, running and saving alike", () => {
		const saved = sync({ syncOptions: { rewardCounterAttribute: 'extole_rewards_earned', lookupConcurrency: 2 } });
		expect(resolve(saved).syncOptions).toEqual({ rewardCounterAttribute: 'extole_rewards_earned', lookupConcurrency: 2 });
		expect(resolve(saved, false).syncOptions).toEqual({ rewardCounterAttribute: 'extole_rewards_earned', lookupConcurrency: 2 });
		expect(resolve(sync(), false)).not.toHaveProperty('syncOptions');
	});
});

describe('email lookups at a time', () => {
	const ctx = (former: Json) => ({ getNodeParameter: () => former }) as unknown as IExecuteFunctions;

	it('are as many as Requests in Flight lets go out', () => {
		expect(readLookupConcurrency(ctx({}), 4)).toBe(4);
		expect(readLookupConcurrency(ctx({}), 12)).toBe(12);
	});

	it("are capped by a workflow's former Lookup Concurrency entry", () => {
		expect(readLookupConcurrency(ctx({ lookupConcurrency: 2 }), 4)).toBe(2);
		expect(readLookupConcurrency(ctx({ lookupConcurrency: 8 }), 4)).toBe(4);
		expect(readLookupConcurrency(ctx({ lookupConcurrency: 0 }), 4)).toBe(1);
	});
});

describe('options read once or per item', () => {
	it('reads an option given as an expression for each item', async () => {
		const items = [extoleItem({ event_id: 'evt-a', link_name: 'link_a' }), extoleItem({ event_id: 'evt-b', external_id: 'user-2', link_name: 'link_b' })];
		const result = await run(sb, sync({ options: { ...FAST, shareLinkAttribute: '={{ $json.link_name }}' } }), items);
		expect(result.error).toBeUndefined();
		const attributes = apiRequests(sb, '/users/track').flatMap((request) => request.body.attributes);
		expect(attributes.find((a: Json) => a.external_id === 'user-1')).toHaveProperty('link_a', items[0].share_link);
		expect(attributes.find((a: Json) => a.external_id === 'user-2')).toHaveProperty('link_b', items[1].share_link);
	});

	it('gives an event without event_time the time it is prepared when the options are read once', async () => {
		const before = Date.now();
		const items = [extoleItem({ event_id: 'evt-a', event_time: undefined }), extoleItem({ event_id: 'evt-b', event_time: undefined })];
		const result = await run(sb, sync({ options: FAST }), items);
		const after = Date.now();
		expect(result.error).toBeUndefined();
		const events = apiRequests(sb, '/users/track').flatMap((request) => request.body.events);
		expect(events).toHaveLength(2);
		for (const event of events) {
			const time = Date.parse(event.time);
			expect(time).toBeGreaterThanOrEqual(before);
			expect(time).toBeLessThanOrEqual(after);
		}
	});
});
