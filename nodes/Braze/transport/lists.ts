import type { IDataObject } from 'n8n-workflow';

import type { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import type { BrazeClient } from './client';

/**
 * What the dashboard holds: GET /campaigns/list, /canvas/list and /segments/list (Braze docs:
 * api/endpoints/export/campaigns/get_campaigns, export/canvas/get_canvases,
 * export/segments/get_segment). Pages of 100 from page 0; newest first with
 * `sort_direction=desc`; archived campaigns and Canvases are left out by default.
 */

export type DashboardList = 'campaigns' | 'canvases' | 'segments';

interface ListEndpoint {
	path: string;
	/** The answer's array. */
	key: string;
	/** The key permission the list needs. */
	permission: string;
}

export const LIST_ENDPOINTS: Record<DashboardList, ListEndpoint> = {
	campaigns: { path: '/campaigns/list', key: 'campaigns', permission: 'campaigns.list' },
	canvases: { path: '/canvas/list', key: 'canvases', permission: 'canvas.list' },
	segments: { path: '/segments/list', key: 'segments', permission: 'segments.list' },
};

/** Entries per page ("Each call will return 100", get_campaigns). */
export const LIST_PAGE_SIZE = 100;

export type ListPage = { ok: true; entries: IDataObject[]; more: boolean } | { ok: false; error: BrazeItemError };

/** One page of a list, newest first. */
export async function listPage(client: BrazeClient, environment: BrazeEnvironment, list: DashboardList, page: number): Promise<ListPage> {
	const endpoint = LIST_ENDPOINTS[list];
	const result = await client.get(environment, endpoint.path, { page: String(page), sort_direction: 'desc' });
	if (!result.ok) return { ok: false, error: result.error };
	const entries = result.response.body[endpoint.key];
	const found = Array.isArray(entries) ? (entries as IDataObject[]) : [];
	return { ok: true, entries: found, more: found.length >= LIST_PAGE_SIZE };
}
