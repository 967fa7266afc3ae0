import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BrazeEnvironment } from '../../shared/braze/instances';
import { BrazeClient } from '../transport/client';
import type { DashboardList } from '../transport/lists';
import { LIST_ENDPOINTS, listPage } from '../transport/lists';
import { transportOptions } from '../transport/options';

/**
 * The pickers' lists (`methods.listSearch`), as the n8n editor calls them: one call per page the
 * editor asks for (`paginationToken` = the next Braze page), filtered by name on this side
 * (Braze's lists take no name filter). A key without the list permission gets an error that
 * says so and points to By ID, which keeps working.
 */

/** A list in the editor must answer fast: few attempts, a short rate-limit wait. */
const LIST_OPTIONS = transportOptions({ maxAttempts: 2, maxRateLimitWaitSeconds: 10, timeoutMs: 15000, initialRetryDelayMs: 300 });

/** With a filter, Braze pages are read until this many matches (or the end), at most MAX_PAGES per call. */
const ENOUGH_MATCHES = 50;
const MAX_PAGES = 5;

/** The workspace the node's Environment names (an expression or anything else: production). */
function environmentOf(ctx: ILoadOptionsFunctions): BrazeEnvironment {
	let value: unknown;
	try {
		value = ctx.getCurrentNodeParameter('environment');
	} catch {
		value = undefined;
	}
	return String(value ?? '').trim().toLowerCase() === 'test' ? 'test' : 'production';
}

interface ListChoice {
	list: DashboardList;
	/** What the list is of, e.g. `campaigns`. */
	what: string;
	keep?: (entry: IDataObject) => boolean;
	describe?: (entry: IDataObject) => string | undefined;
}

async function search(ctx: ILoadOptionsFunctions, choice: ListChoice, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const environment = environmentOf(ctx);
	const client = await BrazeClient.open(ctx, LIST_OPTIONS);
	const wanted = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = [];
	let page = Number.parseInt(paginationToken ?? '0', 10) || 0;
	for (let read = 0; read < MAX_PAGES; read++) {
		const answer = await listPage(client, environment, choice.list, page);
		if (!answer.ok) {
			const { permission } = LIST_ENDPOINTS[choice.list];
			const denied = answer.error.httpCode === 401 || answer.error.httpCode === 403;
			const message = denied
				? `Braze did not list the ${choice.what} (HTTP ${answer.error.httpCode}): the ${environment} REST API key needs the ${permission} permission to list them. Switch to "By ID" and paste the API identifier instead: sending needs no list permission.`
				: `Braze did not list the ${choice.what}: ${answer.error.reason}`;
			throw new NodeOperationError(ctx.getNode(), message, { description: answer.error.description });
		}
		for (const entry of answer.entries) {
			const name = String(entry.name ?? entry.id ?? '');
			if (choice.keep && !choice.keep(entry)) continue;
			if (wanted && !name.toLowerCase().includes(wanted)) continue;
			const item: INodeListSearchItems = { name, value: String(entry.id ?? '') };
			const description = choice.describe?.(entry);
			if (description) item.description = description;
			results.push(item);
		}
		page++;
		if (!answer.more) return { results };
		if (!wanted || results.length >= ENOUGH_MATCHES) break;
	}
	return { results, paginationToken: String(page) };
}

const tagsOf = (entry: IDataObject) => (Array.isArray(entry.tags) && entry.tags.length ? `Tags: ${entry.tags.join(', ')}` : undefined);

/** Campaigns a trigger send can name: all but API campaigns (those are sent with Messages › Send). */
export async function searchTriggerCampaigns(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, { list: 'campaigns', what: 'campaigns', keep: (c) => c.is_api_campaign !== true, describe: tagsOf }, filter, paginationToken);
}

/** API campaigns (for Messages › Send, which reports under them). */
export async function searchApiCampaigns(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, { list: 'campaigns', what: 'API campaigns', keep: (c) => c.is_api_campaign === true, describe: tagsOf }, filter, paginationToken);
}

export async function searchCanvases(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, { list: 'canvases', what: 'Canvases', describe: tagsOf }, filter, paginationToken);
}

export async function searchSegments(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, { list: 'segments', what: 'segments', describe: tagsOf }, filter, paginationToken);
}

/** The node's `methods.listSearch`. */
export const listSearch = { searchTriggerCampaigns, searchApiCampaigns, searchCanvases, searchSegments };
