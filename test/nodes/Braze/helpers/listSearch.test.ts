/**
 * The pickers' lists, called as the n8n editor calls them (n8n-core's LoadOptionsContext, see
 * ../listSearch.ts) against the sandbox's dashboard lists (Braze docs: api/endpoints/export/
 * campaigns/get_campaigns, export/canvas/get_canvases, export/segments/get_segment: pages of 100).
 */
import type { INodePropertyModeTypeOptions, INodeProperties } from 'n8n-workflow';

import type { Json } from '../helpers';
import { credentials, harness } from '../helpers';
import { listSearch } from '../listSearch';
import { CAMPAIGN, CANVAS, SEND_ONLY_KEY, byId, requestsTo, runBraze, seedUsers, startMessagingSandbox } from '../resources/message/sandbox';

/** 150 campaigns (oldest first: "Campaign 000" ... "Campaign 149"), every tenth an API campaign, every 25th archived. */
const MANY = Array.from({ length: 150 }, (_, i) => ({
	id: `cmp-${String(i).padStart(3, '0')}`,
	name: `Campaign ${String(i).padStart(3, '0')}${i % 50 === 7 ? ' reward' : ''}`,
	delivery: i % 10 === 3 ? 'api' : 'api_triggered',
	archived: i % 25 === 24,
	created_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
}));

let sb: any;
beforeAll(async () => {
	sb = await startMessagingSandbox();
	sb.seed('production', { campaigns: MANY });
});
afterAll(async () => await sb.stop());
beforeEach(() => sb.clearRequests());

const search = (method: string, extra: Partial<Parameters<typeof listSearch>[0]> = {}) =>
	listSearch({ method, credentials: credentials(sb), parameters: { resource: 'campaign', operation: 'triggerSend' }, ...extra });

describe('Pickers: the Braze node as the editor shows them', () => {
	const properties = (): INodeProperties[] => harness.loadTypes().nodes.get(harness.resolveType('braze')).description.properties;

	it.each([
		['campaignId', 'campaign', 'searchTriggerCampaigns', 'campaigns.list'],
		['canvasId', 'canvas', 'searchCanvases', 'canvas.list'],
		['segmentId', 'message', 'searchSegments', 'segments.list'],
		['campaignId', 'message', 'searchApiCampaigns', 'campaigns.list'],
	])('%s of %s: From List (%s) and By ID, the list permission %s stated, no URL mode', (name, resource, method, permission) => {
		const field = properties().find((p) => p.name === name && (p.displayOptions?.show?.resource as string[]).includes(resource)) as INodeProperties;
		expect(field.type).toBe('resourceLocator');
		expect(field.modes?.map((m) => m.name)).toEqual(['list', 'id']);
		expect((field.modes?.[0].typeOptions as INodePropertyModeTypeOptions).searchListMethod).toBe(method);
		expect((field.modes?.[0].typeOptions as INodePropertyModeTypeOptions).searchable).toBe(true);
		expect(field.description).toContain(`needs the key permission ${permission}`);
		expect(field.description).toMatch(/By ID needs no permission beyond the operation's own/);
	});
});

describe('Pickers: list search', () => {
	it('lists the newest campaigns first, 100 a page, API and archived campaigns left out, with a token for the next page', async () => {
		const first = await search('searchTriggerCampaigns');
		expect(first.paginationToken).toBe('1');
		// The dashboard's own campaigns were made last.
		// cmp-149 is archived.
		expect(first.results.slice(0, 4).map((r) => r.value)).toEqual(['cmp-vip', CAMPAIGN, 'cmp-148', 'cmp-147']);
		expect(first.results[2]).toEqual({ name: 'Campaign 148', value: 'cmp-148' });
		expect(first.results.some((r) => r.value === 'cmp-143')).toBe(false);
		expect(first.results.some((r) => r.value === 'cmp-124')).toBe(false);
		const second = await search('searchTriggerCampaigns', { paginationToken: first.paginationToken });
		expect(second.paginationToken).toBeUndefined();
		const all = [...first.results, ...second.results].map((r) => r.value);
		// 150 + the dashboard's own 3, less 15 + 1 API campaigns and 6 archived.
		expect(new Set(all).size).toBe(all.length);
		expect(all).toContain(CAMPAIGN);
		expect(all).toHaveLength(153 - 16 - 6);
		expect(requestsTo(sb, '/campaigns/list').map((r) => [r.method, r.query])).toEqual([
			['GET', '?page=0&sort_direction=desc'],
			['GET', '?page=1&sort_direction=desc'],
		]);
	});

	it('filters by name, case-insensitively, reading further pages until it has matches', async () => {
		const found = await search('searchTriggerCampaigns', { filter: 'REWARD' });
		expect(found.results.map((r) => r.name)).toEqual(['Reward email', 'Campaign 107 reward', 'Campaign 057 reward', 'Campaign 007 reward']);
		expect(found.paginationToken).toBeUndefined();
	});

	it('lists API campaigns for Message > Send, Canvases and segments, with their tags', async () => {
		const api = await search('searchApiCampaigns', { filter: 'Transactional' });
		expect(api.results).toEqual([{ name: 'Transactional', value: 'cmp-api' }]);
		const canvases = await search('searchCanvases');
		expect(canvases.results.map((r) => r.value).sort()).toEqual(['cnv-paused', CANVAS]);
		const segments = await search('searchSegments');
		expect(segments.results.map((r) => r.name).sort()).toEqual(['All Users', 'VIPs']);
		const tagged = await search('searchTriggerCampaigns', { filter: 'Reward email' });
		expect(tagged.results).toEqual([{ name: 'Reward email', value: CAMPAIGN, description: 'Tags: extole' }]);
	});

	it("lists the test workspace's Canvases when the node's Environment is Test", async () => {
		const canvases = await search('searchCanvases', { parameters: { resource: 'canvas', operation: 'triggerSend', environment: 'test' } });
		expect(canvases.results).toEqual([{ name: 'Reward journey (staging)', value: 'cnv-staging' }]);
	});

	it('tells a key without the list permission to use By ID, naming the permission; By ID still sends with that key', async () => {
		const denied = search('searchCanvases', { credentials: credentials(sb, { apiKey: SEND_ONLY_KEY }) });
		await expect(denied).rejects.toThrow(/needs the canvas\.list permission to list them\. Switch to "By ID"/);
		await seedUsers(sb, [{ external_id: 'ann', email: 'ann@example.com' }]);
		const sent = await runBraze(sb, { resource: 'canvas', operation: 'triggerSend', canvasId: byId(CANVAS), externalId: 'ann' }, [{}], {
			brazeApi: { apiKey: SEND_ONLY_KEY },
		});
		expect(sent.json[0]).toMatchObject({ success: true, delivery: 'written' });
	});

	it('runs a node whose picker holds a value chosen From List', async () => {
		await seedUsers(sb, [{ external_id: 'bob', email: 'bob@example.com' }]);
		const [choice] = (await search('searchCanvases', { filter: 'Reward journey' })).results;
		const parameters: Json = { resource: 'canvas', operation: 'triggerSend', canvasId: { __rl: true, mode: 'list', value: choice.value, cachedResultName: choice.name }, externalId: 'bob' };
		const sent = await runBraze(sb, parameters, [{}]);
		expect(sent.json[0]).toMatchObject({ success: true, canvas_id: CANVAS });
	});
});
