import type { IDataObject } from 'n8n-workflow';

import type { BrazeItemError } from '../../shared/braze/errors';
import type { IdentifierType, UserAlias, UserIdentifier } from '../../shared/braze/identifiers';
import { identifierType } from '../../shared/braze/identifiers';
import { MAX_IDS_PER_REQUEST, runBatches, sendEach, summary } from './batching';
import type { BrazeClient } from './client';
import type { ItemOutcome, ItemRequest } from './types';

/** /users/export/ids (Braze docs: api/endpoints/export/user_data/post_users_identifier). */

const PATH = '/users/export/ids';

export interface ExportRequest extends ItemRequest {
	/** Exactly one identifier; external_id and user_alias are batched, the others go one per request. */
	identifier: UserIdentifier;
	/** Empty or absent = every field Braze returns. */
	fieldsToExport?: string[];
}

export interface ExportOutcome extends ItemOutcome {
	found: boolean;
	users: IDataObject[];
	identifierType?: IdentifierType;
}

function aliasMatches(user: IDataObject, alias: UserAlias): boolean {
	const aliases = Array.isArray(user.user_aliases) ? (user.user_aliases as IDataObject[]) : [];
	return aliases.some((a) => a.alias_name === alias.alias_name && a.alias_label === alias.alias_label);
}

function users(body: IDataObject): IDataObject[] {
	return Array.isArray(body?.users) ? (body.users as IDataObject[]) : [];
}

/**
 * The body's fields_to_export: the item's fields plus those needed to tell the users of a batch
 * apart (`added`, removed again from what the item gets).
 */
function withFields(r: ExportRequest, body: IDataObject, needed: string[]): { body: IDataObject; added: string[] } {
	const fields = r.fieldsToExport ?? [];
	if (fields.length === 0) return { body, added: [] };
	const added = needed.filter((f) => !fields.includes(f));
	return { body: { ...body, fields_to_export: [...fields, ...added] }, added };
}

function withoutFields(user: IDataObject, added: string[]): IDataObject {
	if (added.length === 0) return user;
	const copy = { ...user };
	for (const name of added) delete copy[name];
	return copy;
}

function outcome(r: ExportRequest, found: IDataObject[]): ExportOutcome {
	return {
		itemIndex: r.itemIndex,
		environment: r.environment,
		ok: true,
		found: found.length > 0,
		users: found,
		identifierType: identifierType(r.identifier),
	};
}

function failure(r: ExportRequest, error: BrazeItemError): ExportOutcome {
	return { ...outcome(r, []), ok: false, error };
}

/** external_id and user_alias lookups, combined 50 per request (same fields per request). */
async function exportBatched(client: BrazeClient, requests: ExportRequest[]): Promise<ExportOutcome[]> {
	const fieldsKey = (r: ExportRequest) => (r.fieldsToExport ?? []).join(',');
	const added = new Map<string, string[]>();
	return await runBatches(client, requests, {
		path: PATH,
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		key: fieldsKey,
		body: (batch) => {
			const externalIds = [
				...new Set(batch.map((r) => r.identifier.external_id).filter((id): id is string => id !== undefined)),
			];
			const aliases = batch.map((r) => r.identifier.user_alias).filter((a): a is UserAlias => a !== undefined);
			const base: IDataObject = {};
			if (externalIds.length) base.external_ids = externalIds;
			if (aliases.length) base.user_aliases = aliases.map((a) => ({ ...a }));
			const fitted = withFields(batch[0], base, ['external_id', 'user_aliases']);
			added.set(fieldsKey(batch[0]), fitted.added);
			return fitted.body;
		},
		writes: false,
		success: (r, response) => {
			const alias = r.identifier.user_alias;
			const matches = users(response.body).filter((u) =>
				alias ? aliasMatches(u, alias) : u.external_id === r.identifier.external_id,
			);
			const extra = added.get(fieldsKey(r)) ?? [];
			return outcome(r, matches.map((u) => withoutFields(u, extra)));
		},
		failure,
	});
}

/** braze_id, email and phone lookups, one per request as Braze requires. */
async function exportSingly(client: BrazeClient, requests: ExportRequest[]): Promise<ExportOutcome[]> {
	const outcomes: ExportOutcome[] = new Array(requests.length);
	await sendEach(client, [...requests.keys()], async (i) => {
		const r = requests[i];
		const { braze_id, email, phone } = r.identifier;
		const base: IDataObject =
			braze_id !== undefined ? { braze_id } : email !== undefined ? { email_address: email } : { phone };
		const result = await client.post(r.environment, PATH, withFields(r, base, []).body);
		outcomes[i] = result.ok
			? { ...outcome(r, users(result.response.body)), call: summary(result.response) }
			: failure(r, result.error.forItem(r.itemIndex));
	});
	return outcomes;
}

/**
 * Looks users up by identifier; one outcome per request, in request order. A user that does
 * not exist is `found: false`, not an error. Export by email can return several users.
 */
export async function exportUsers(client: BrazeClient, requests: ExportRequest[]): Promise<ExportOutcome[]> {
	const batched: number[] = [];
	const single: number[] = [];
	requests.forEach((r, i) => {
		const type = identifierType(r.identifier);
		(type === 'external_id' || type === 'user_alias' ? batched : single).push(i);
	});
	const outcomes: ExportOutcome[] = new Array(requests.length);
	const batchedOutcomes = await exportBatched(client, batched.map((i) => requests[i]));
	batched.forEach((i, position) => (outcomes[i] = batchedOutcomes[position]));
	const singleOutcomes = await exportSingly(client, single.map((i) => requests[i]));
	single.forEach((i, position) => (outcomes[i] = singleOutcomes[position]));
	return outcomes;
}
