// @ts-check
'use strict';
/**
 * GET /campaigns/list, /canvas/list and /segments/list (Braze docs: api/endpoints/export/campaigns/
 * get_campaigns, export/canvas/get_canvases, export/segments/get_segment): pages of 100, oldest
 * first unless `sort_direction=desc`; archived items only with `include_archived=true` (segments:
 * never).
 */
const { fatal } = require('./common');

/** @typedef {import('./common').Request} Request @typedef {import('./common').Result} Result */

const PAGE_SIZE = 100;

/**
 * Reads the paging and filter parameters.
 * @param {URLSearchParams} q
 * @param {{archived: boolean, edited: boolean}} accepts which filters the endpoint has
 * @returns {{error?: Result, page: number, desc: boolean, includeArchived: boolean, editedAfter?: number}}
 */
function paging(q, accepts) {
	/** @type {{page: number, desc: boolean, includeArchived: boolean, editedAfter?: number}} */
	const result = { page: 0, desc: false, includeArchived: false };
	const page = q.get('page');
	if (page !== null) {
		if (!/^\d+$/.test(page)) return { ...result, error: fatal(400, "'page' must be a non-negative integer") };
		result.page = Number(page);
	}
	const sort = q.get('sort_direction');
	if (sort !== null) {
		if (sort !== 'asc' && sort !== 'desc') return { ...result, error: fatal(400, "'sort_direction' must be asc or desc") };
		result.desc = sort === 'desc';
	}
	const archived = q.get('include_archived');
	if (accepts.archived && archived !== null) {
		if (archived !== 'true' && archived !== 'false') return { ...result, error: fatal(400, "'include_archived' must be true or false") };
		result.includeArchived = archived === 'true';
	}
	const edited = q.get('last_edit.time[gt]');
	if (accepts.edited && edited !== null) {
		const t = Date.parse(edited);
		if (Number.isNaN(t)) return { ...result, error: fatal(400, "'last_edit.time[gt]' must be a time, yyyy-MM-DDTHH:mm:ss") };
		result.editedAfter = t;
	}
	return result;
}

/**
 * @template {{created_at: string, last_edited?: string}} T
 * @param {T[]} items @param {ReturnType<typeof paging>} p @param {(x: T) => boolean} archived
 * @returns {T[]} one page
 */
function pageOf(items, p, archived) {
	const list = items
		.filter((x) => p.includeArchived || !archived(x))
		.filter((x) => p.editedAfter === undefined || Date.parse(x.last_edited || x.created_at) > p.editedAfter)
		.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
	if (p.desc) list.reverse();
	return list.slice(p.page * PAGE_SIZE, (p.page + 1) * PAGE_SIZE);
}

/** @param {Request} req @returns {Result} */
function campaignsList({ query, ws }) {
	const p = paging(query, { archived: true, edited: true });
	if (p.error) return p.error;
	const campaigns = pageOf([...ws.dashboard.campaigns.values()], p, (c) => c.archived).map((c) => ({
		id: c.id,
		last_edited: c.last_edited,
		name: c.name,
		is_api_campaign: c.delivery === 'api',
		tags: c.tags,
	}));
	return { status: 200, body: { message: 'success', campaigns } };
}

/** @param {Request} req @returns {Result} */
function canvasList({ query, ws }) {
	const p = paging(query, { archived: true, edited: true });
	if (p.error) return p.error;
	// "Canvases that are stopped but not archived ... will be returned by default"
	const canvases = pageOf([...ws.dashboard.canvases.values()], p, (c) => c.status === 'archived').map((c) => ({
		id: c.id,
		last_edited: c.last_edited,
		name: c.name,
		tags: c.tags,
	}));
	return { status: 200, body: { canvases, message: 'success' } };
}

/** @param {Request} req @returns {Result} */
function segmentsList({ query, ws }) {
	const p = paging(query, { archived: false, edited: false });
	if (p.error) return p.error;
	// "Archived segments are not included"
	const segments = pageOf([...ws.dashboard.segments.values()], p, (s) => s.archived).map((s) => ({
		id: s.id,
		name: s.name,
		analytics_tracking_enabled: s.analytics_tracking_enabled,
		tags: s.tags,
	}));
	return { status: 200, body: { message: 'success', segments } };
}

module.exports = { campaignsList, canvasList, segmentsList, PAGE_SIZE };
