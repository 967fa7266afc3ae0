/**
 * Conformance: GET /campaigns/list, /canvas/list and /segments/list.
 * Braze docs: api/endpoints/export/campaigns/get_campaigns, export/canvas/get_canvases,
 * export/segments/get_segment.
 */
import { Sandbox, get, request, start } from './helpers';

describe('Braze sandbox: campaign, Canvas and segment lists', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start({
			dashboard: {
				production: {
					campaigns: [
						{ id: 'c-old', name: 'Oldest', tags: ['a'], delivery: 'api_triggered', created_at: '2024-01-01T00:00:00Z', last_edited: '2024-01-05T00:00:00Z' },
						{ id: 'c-api', name: 'API campaign', delivery: 'api', created_at: '2024-02-01T00:00:00Z' },
						{ id: 'c-arch', name: 'Archived', archived: true, created_at: '2024-03-01T00:00:00Z' },
					],
					canvases: [
						{ id: 'v-1', name: 'Journey', tags: ['extole'], created_at: '2024-01-01T00:00:00Z' },
						{ id: 'v-stopped', name: 'Stopped', status: 'stopped', created_at: '2024-02-01T00:00:00Z' },
						{ id: 'v-arch', name: 'Archived', status: 'archived', created_at: '2024-03-01T00:00:00Z' },
					],
					segments: [
						{ id: 's-1', name: 'All', analytics_tracking_enabled: true, created_at: '2024-01-01T00:00:00Z' },
						{ id: 's-arch', name: 'Gone', archived: true, created_at: '2024-02-01T00:00:00Z' },
					],
				},
			},
		});
	});
	afterAll(() => sb.stop());

	it('lists campaigns with id, last_edited, name, is_api_campaign and tags, oldest first, archived left out', async () => {
		const r = await get(sb, '/campaigns/list');
		expect(r.status).toBe(200);
		expect(r.body).toEqual({
			message: 'success',
			campaigns: [
				{ id: 'c-old', last_edited: '2024-01-05T00:00:00.000Z', name: 'Oldest', is_api_campaign: false, tags: ['a'] },
				{ id: 'c-api', last_edited: '2024-02-01T00:00:00.000Z', name: 'API campaign', is_api_campaign: true, tags: [] },
			],
		});
	});

	it('sorts newest first with sort_direction=desc and includes archived ones with include_archived=true', async () => {
		const r = await get(sb, '/campaigns/list?sort_direction=desc&include_archived=true');
		expect(r.body.campaigns.map((c: any) => c.id)).toEqual(['c-arch', 'c-api', 'c-old']);
	});

	it('filters on last_edit.time[gt]', async () => {
		const r = await get(sb, `/campaigns/list?${encodeURIComponent('last_edit.time[gt]')}=2024-01-10T00:00:00`);
		expect(r.body.campaigns.map((c: any) => c.id)).toEqual(['c-api']);
	});

	// "returned in groups of 100 ... page ... defaults to 0"
	it('answers pages of 100', async () => {
		const many = await start({ dashboard: { production: { campaigns: Array.from({ length: 101 }, (_, i) => ({ id: `c${i}`, name: `C${i}` })) } } });
		try {
			expect((await get(many, '/campaigns/list')).body.campaigns).toHaveLength(100);
			expect((await get(many, '/campaigns/list?page=1')).body.campaigns.map((c: any) => c.id)).toEqual(['c100']);
			expect((await get(many, '/campaigns/list?page=2')).body.campaigns).toEqual([]);
		} finally {
			await many.stop();
		}
	});

	it('answers 400 to malformed paging parameters', async () => {
		expect((await get(sb, '/campaigns/list?page=-1')).status).toBe(400);
		expect((await get(sb, '/campaigns/list?sort_direction=up')).status).toBe(400);
		expect((await get(sb, '/canvas/list?include_archived=yes')).status).toBe(400);
	});

	// "Archived Canvases will not be included ... unless the include_archived field is specified. Canvases that are stopped but not archived ... will be returned by default."
	it('lists Canvases with id, last_edited, name and tags, stopped ones included, archived ones on request', async () => {
		const r = await get(sb, '/canvas/list');
		expect(r.body).toEqual({
			canvases: [
				{ id: 'v-1', last_edited: '2024-01-01T00:00:00.000Z', name: 'Journey', tags: ['extole'] },
				{ id: 'v-stopped', last_edited: '2024-02-01T00:00:00.000Z', name: 'Stopped', tags: [] },
			],
			message: 'success',
		});
		expect((await get(sb, '/canvas/list?include_archived=true')).body.canvases).toHaveLength(3);
	});

	// "Archived segments are not included."
	it('lists segments with id, name, analytics_tracking_enabled and tags, never archived ones', async () => {
		expect((await get(sb, '/segments/list?include_archived=true')).body).toEqual({
			message: 'success',
			segments: [{ id: 's-1', name: 'All', analytics_tracking_enabled: true, tags: [] }],
		});
	});

	it('lists what each workspace has: another workspace sees its own dashboard', async () => {
		expect((await get(sb, '/campaigns/list', 'test-key')).body.campaigns).toEqual([]);
	});

	it('starts every workspace of its keys with an example dashboard when none is configured', async () => {
		const d = await start({ dashboard: undefined });
		try {
			const names = (await get(d, '/campaigns/list')).body.campaigns.map((c: any) => c.name);
			expect(names).toEqual(['Extole reward email', 'Extole share link reminder', 'Transactional API messages']);
			expect((await get(d, '/canvas/list', 'test-key')).body.canvases.map((c: any) => c.name)).toEqual(['Extole reward journey', 'Extole welcome']);
			expect((await request(d, 'GET', '/_sandbox/segments?workspace=production')).body.segments).toHaveLength(1);
		} finally {
			await d.stop();
		}
	});
});
