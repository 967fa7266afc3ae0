import type { IDataObject } from 'n8n-workflow';

import type { UserAlias, UserIdentifier } from '../../shared/braze/identifiers';
import { identifierType } from '../../shared/braze/identifiers';
import { MAX_IDS_PER_REQUEST, plainFailure, plainSuccess, runBatches } from './batching';
import type { BrazeClient } from './client';
import type { ItemOutcome, ItemRequest } from './types';

/**
 * Who a user is: /users/alias/new, /users/identify, /users/delete and /users/merge, 50 per request
 * (Braze docs: api/endpoints/user_data/post_user_alias, post_user_identify, post_user_delete,
 * post_users_merge).
 */

export interface AliasRequest extends ItemRequest, UserAlias {
	external_id?: string;
}

/** Creates user aliases (alias-only users, or aliases on an external_id). */
export async function createAliases(client: BrazeClient, requests: AliasRequest[]): Promise<ItemOutcome[]> {
	return await runBatches(client, requests, {
		path: '/users/alias/new',
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		body: (batch) => ({
			user_aliases: batch.map((r) => {
				const alias: IDataObject = { alias_name: r.alias_name, alias_label: r.alias_label };
				if (r.external_id) alias.external_id = r.external_id;
				return alias;
			}),
		}),
		success: plainSuccess,
		failure: plainFailure,
	});
}

export interface IdentifyRequest extends ItemRequest {
	external_id: string;
	user_alias: UserAlias;
}

/** Merges alias-only users into identified users. */
export async function identifyUsers(client: BrazeClient, requests: IdentifyRequest[]): Promise<ItemOutcome[]> {
	return await runBatches(client, requests, {
		path: '/users/identify',
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		body: (batch) => ({
			aliases_to_identify: batch.map((r) => ({ external_id: r.external_id, user_alias: { ...r.user_alias } })),
		}),
		success: plainSuccess,
		failure: plainFailure,
	});
}

export interface DeleteRequest extends ItemRequest {
	/** external_id, user_alias or braze_id (Braze deletes by these kinds only). */
	identifier: UserIdentifier;
}

/** Deletes users, up to 50 identifiers of one kind per request. */
export async function deleteUsers(client: BrazeClient, requests: DeleteRequest[]): Promise<ItemOutcome[]> {
	return await runBatches(client, requests, {
		path: '/users/delete',
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		key: (r) => identifierType(r.identifier),
		body: (batch) => {
			const type = identifierType(batch[0].identifier);
			if (type === 'user_alias') return { user_aliases: batch.map((r) => ({ ...r.identifier.user_alias })) };
			if (type === 'braze_id') return { braze_ids: batch.map((r) => r.identifier.braze_id as string) };
			return { external_ids: batch.map((r) => r.identifier.external_id as string) };
		},
		success: plainSuccess,
		failure: plainFailure,
	});
}

/** A user as /users/merge names one: external_id, user_alias, or an email or phone with a prioritization. */
export interface MergeIdentifier extends IDataObject {
	external_id?: string;
	user_alias?: UserAlias;
	email?: string;
	phone?: string;
	prioritization?: string[];
}

export interface MergeRequest extends ItemRequest {
	toMerge: MergeIdentifier;
	toKeep: MergeIdentifier;
}

/**
 * Merges users, up to 50 merges per request (Braze docs: api/endpoints/user_data/
 * post_users_merge): Braze answers 202 and merges later; a merge whose users it cannot find is
 * skipped. Sending a merge again is harmless (the merged user is gone), so uncertain failures
 * are sent again.
 */
export async function mergeUsers(client: BrazeClient, requests: MergeRequest[]): Promise<ItemOutcome[]> {
	return await runBatches(client, requests, {
		path: '/users/merge',
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		body: (batch) => ({
			merge_updates: batch.map((r) => ({ identifier_to_merge: { ...r.toMerge }, identifier_to_keep: { ...r.toKeep } })),
		}),
		success: plainSuccess,
		failure: plainFailure,
	});
}
