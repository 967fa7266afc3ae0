import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { BrazeClient } from './client';
import type { BrazeResponse } from './client';
import type {
	BrazeCallSummary,
	BrazeEnvironment,
	BrazeItemError,
	BrazeTransportOptions,
	IdentifierType,
	ItemOutcomeBase,
	UserIdentifier,
} from './types';

/** Braze's limit for export by external_id/alias, alias, identify, delete and subscription lists. */
export const MAX_IDS_PER_REQUEST = 50;
/** Braze's limit per array of /users/track. */
export const MAX_TRACK_PER_ARRAY = 75;

function summary(response: BrazeResponse): BrazeCallSummary {
	const { errors, ...rest } = response.body ?? {};
	return {
		request: response.request,
		statusCode: response.statusCode,
		attempts: response.attempts,
		response: rest,
		errorCount: Array.isArray(errors) ? errors.length : 0,
	};
}

function partialError(path: string, entry: IDataObject, itemIndex: number): BrazeItemError {
	const type = String(entry.type ?? entry.message ?? 'unknown error');
	const where = entry.input_array !== undefined ? ` in ${String(entry.input_array)}[${String(entry.index)}]` : '';
	return {
		kind: 'partial',
		message: `Item ${itemIndex}: Braze did not process this object${where} (${path}): ${type}`,
		brazeError: type,
	};
}

/** `errors[]` entries of an answer by their `index` (for answers about one array). */
function indexedErrors(body: IDataObject | undefined, length: number): Map<number, IDataObject> {
	const map = new Map<number, IDataObject>();
	const errors = Array.isArray(body?.errors) ? (body.errors as IDataObject[]) : [];
	for (const entry of errors) {
		const index = Number(entry?.index);
		if (Number.isInteger(index) && index >= 0 && index < length) map.set(index, entry);
	}
	return map;
}

function chunk<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/** Groups request indexes by a key, keeping first-appearance order of keys and input order inside. */
function groupBy<T>(list: T[], key: (entry: T) => string): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	list.forEach((entry, index) => {
		const k = key(entry);
		const group = groups.get(k);
		if (group) group.push(index);
		else groups.set(k, [index]);
	});
	return groups;
}

interface GenericRequest {
	itemIndex: number;
	environment: BrazeEnvironment;
}

/**
 * Sends `requests` in batches of at most `size` per (environment, group key) and maps each
 * answer back to the requests of its batch. `errors[].index` in a 2xx answer fails exactly the
 * request at that position of the batch; errors without an index are kept as warnings.
 */
async function runBatches<R extends GenericRequest, O extends ItemOutcomeBase>(
	client: BrazeClient,
	requests: R[],
	spec: {
		path: string | ((batch: R[]) => string);
		size: number;
		key?: (request: R) => string;
		body: (batch: R[]) => IDataObject;
		success: (request: R, response: BrazeResponse, position: number, batch: R[]) => O;
		failure: (request: R, error: BrazeItemError) => O;
	},
): Promise<O[]> {
	const outcomes: O[] = new Array(requests.length);
	const groups = groupBy(requests, (r) => `${r.environment}\u0000${spec.key ? spec.key(r) : ''}`);
	for (const indexes of groups.values()) {
		for (const part of chunk(indexes, spec.size)) {
			const batch = part.map((i) => requests[i]);
			const path = typeof spec.path === 'string' ? spec.path : spec.path(batch);
			const result = await client.post(batch[0].environment, path, spec.body(batch));
			if (!result.ok) {
				const indexed = indexedErrors(result.response?.body, batch.length);
				part.forEach((i, position) => {
					const own = indexed.get(position);
					outcomes[i] = spec.failure(requests[i], {
						...result.error,
						message: `Item ${requests[i].itemIndex}: ${result.error.message}${own ? ` This object: ${String(own.type ?? own.message)}` : ''}`,
					});
				});
				continue;
			}
			const errors = Array.isArray(result.response.body?.errors)
				? (result.response.body.errors as IDataObject[])
				: [];
			const failedAt = new Map<number, IDataObject>();
			const warnings: IDataObject[] = [];
			for (const entry of errors) {
				const index = Number(entry?.index);
				if (Number.isInteger(index) && index >= 0 && index < batch.length) failedAt.set(index, entry);
				else warnings.push(entry);
			}
			part.forEach((i, position) => {
				const failed = failedAt.get(position);
				if (failed) {
					const outcome = spec.failure(requests[i], partialError(path, failed, requests[i].itemIndex));
					outcome.call = summary(result.response);
					outcomes[i] = outcome;
					return;
				}
				const outcome = spec.success(requests[i], result.response, position, batch);
				outcome.call = summary(result.response);
				if (warnings.length) outcome.warnings = warnings;
				outcomes[i] = outcome;
			});
		}
	}
	return outcomes;
}

// ---------------------------------------------------------------------------------------------
// /users/track

export interface TrackRequest {
	itemIndex: number;
	environment: BrazeEnvironment;
	attributes?: IDataObject[];
	events?: IDataObject[];
	purchases?: IDataObject[];
}

export interface TrackOutcome extends ItemOutcomeBase {
	/** Objects of this item sent per array. */
	sent: { attributes: number; events: number; purchases: number };
	/** Every request that carried objects of this item (more than one only for huge items). */
	calls?: BrazeCallSummary[];
}

type TrackArray = 'attributes' | 'events' | 'purchases';
const TRACK_ARRAYS: TrackArray[] = ['attributes', 'events', 'purchases'];

interface TrackObject {
	request: number;
	array: TrackArray;
	object: IDataObject;
}

/**
 * Sends attributes/events/purchases of all requests through /users/track in as few requests
 * as Braze allows: at most `batchSize` (<= 75) objects per array and at most
 * `trackMaxObjectsPerRequest` objects in all per request. An item's objects stay in one
 * request when they fit; `errors[].index` is mapped back through `input_array` to the item.
 * Returns one outcome per request, in the same order.
 */
export async function trackUsers(
	ctx: IExecuteFunctions,
	requests: TrackRequest[],
	options: Partial<BrazeTransportOptions> = {},
): Promise<TrackOutcome[]> {
	const client = await BrazeClient.for(ctx, options);
	const perArray = Math.min(MAX_TRACK_PER_ARRAY, client.options.batchSize);
	const combined = Math.max(1, client.options.trackMaxObjectsPerRequest);
	const outcomes: TrackOutcome[] = requests.map((r) => ({
		itemIndex: r.itemIndex,
		environment: r.environment,
		ok: true,
		sent: {
			attributes: r.attributes?.length ?? 0,
			events: r.events?.length ?? 0,
			purchases: r.purchases?.length ?? 0,
		},
	}));
	const fail = (index: number, error: BrazeItemError) => {
		const outcome = outcomes[index];
		if (outcome.ok) {
			outcome.ok = false;
			outcome.error = error;
		}
	};

	const groups = groupBy(requests, (r) => r.environment);
	for (const [environment, indexes] of groups) {
		// Pack objects into bodies.
		const bodies: TrackObject[][] = [];
		let current: TrackObject[] = [];
		const counts = () => {
			const c = { attributes: 0, events: 0, purchases: 0, total: current.length };
			for (const o of current) c[o.array]++;
			return c;
		};
		const fits = (objects: TrackObject[]) => {
			const c = counts();
			for (const o of objects) c[o.array]++;
			return (
				c.attributes <= perArray &&
				c.events <= perArray &&
				c.purchases <= perArray &&
				c.total + objects.length <= combined
			);
		};
		for (const index of indexes) {
			const r = requests[index];
			const objects: TrackObject[] = [];
			for (const array of TRACK_ARRAYS) {
				for (const object of r[array] ?? []) objects.push({ request: index, array, object });
			}
			if (objects.length === 0) continue;
			if (!fits(objects) && current.length) {
				bodies.push(current);
				current = [];
			}
			if (fits(objects)) {
				current.push(...objects);
				continue;
			}
			// Larger than one request on its own: split in order.
			for (const o of objects) {
				if (!fits([o])) {
					bodies.push(current);
					current = [];
				}
				current.push(o);
			}
		}
		if (current.length) bodies.push(current);

		for (const objects of bodies) {
			const body: IDataObject = {};
			const positions: Record<TrackArray, TrackObject[]> = { attributes: [], events: [], purchases: [] };
			for (const o of objects) positions[o.array].push(o);
			for (const array of TRACK_ARRAYS) {
				if (positions[array].length) body[array] = positions[array].map((o) => o.object);
			}
			const members = [...new Set(objects.map((o) => o.request))];
			const result = await client.post(environment as BrazeEnvironment, '/users/track', body);
			if (!result.ok) {
				// A 4xx may still say which objects were bad (e.g. none valid): name them per item.
				const own = new Map<number, string>();
				const errors = Array.isArray(result.response?.body?.errors)
					? (result.response!.body.errors as IDataObject[])
					: [];
				for (const entry of errors) {
					const array = String(entry?.input_array ?? '') as TrackArray;
					const index = Number(entry?.index);
					const target = TRACK_ARRAYS.includes(array) && Number.isInteger(index) ? positions[array][index] : undefined;
					if (target && !own.has(target.request)) {
						own.set(target.request, `${array}[${index}]: ${String(entry.type ?? entry.message)}`);
					}
				}
				for (const m of members) {
					const detail = own.get(m);
					fail(m, {
						...result.error,
						message: `Item ${requests[m].itemIndex}: ${result.error.message}${detail ? ` This item's object ${detail}` : ''}`,
					});
				}
				continue;
			}
			const call = summary(result.response);
			const errors = Array.isArray(result.response.body?.errors)
				? (result.response.body.errors as IDataObject[])
				: [];
			const warnings: IDataObject[] = [];
			for (const entry of errors) {
				const array = String(entry?.input_array ?? '') as TrackArray;
				const index = Number(entry?.index);
				const target = TRACK_ARRAYS.includes(array) && Number.isInteger(index) ? positions[array][index] : undefined;
				if (target) fail(target.request, partialError('/users/track', entry, requests[target.request].itemIndex));
				else warnings.push(entry);
			}
			for (const m of members) {
				const outcome = outcomes[m];
				outcome.calls = [...(outcome.calls ?? []), call];
				outcome.call = outcome.call ?? call;
				if (warnings.length) outcome.warnings = [...(outcome.warnings ?? []), ...warnings];
			}
		}
	}
	return outcomes;
}

// ---------------------------------------------------------------------------------------------
// /users/export/ids

export interface ExportRequest {
	itemIndex: number;
	environment: BrazeEnvironment;
	/** Exactly one identifier; external_id and user_alias are batched, the others go one per request. */
	identifier: UserIdentifier;
	/** Empty or absent = every field Braze returns. */
	fieldsToExport?: string[];
}

export interface ExportOutcome extends ItemOutcomeBase {
	found: boolean;
	users: IDataObject[];
	identifierType?: IdentifierType;
}

function identifierType(identifier: UserIdentifier): IdentifierType {
	if (identifier.external_id !== undefined) return 'external_id';
	if (identifier.user_alias !== undefined) return 'user_alias';
	if (identifier.braze_id !== undefined) return 'braze_id';
	if (identifier.email !== undefined) return 'email';
	return 'phone';
}

function projectFields(user: IDataObject, fields: string[] | undefined, added: string[]): IDataObject {
	if (!fields || fields.length === 0 || added.length === 0) return user;
	const copy = { ...user };
	for (const name of added) delete copy[name];
	return copy;
}

function aliasMatches(user: IDataObject, alias: { alias_name: string; alias_label: string }): boolean {
	const aliases = Array.isArray(user.user_aliases) ? (user.user_aliases as IDataObject[]) : [];
	return aliases.some((a) => a.alias_name === alias.alias_name && a.alias_label === alias.alias_label);
}

/**
 * Looks users up by identifier. external_id and user_alias requests are combined (at most 50
 * per request, same fields); braze_id, email and phone go one per request, as Braze requires.
 * A user that does not exist is `found: false`, not an error. Export by email can return
 * several users.
 */
export async function exportUsers(
	ctx: IExecuteFunctions,
	requests: ExportRequest[],
	options: Partial<BrazeTransportOptions> = {},
): Promise<ExportOutcome[]> {
	const client = await BrazeClient.for(ctx, options);
	const size = Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize);
	const fieldsKey = (r: ExportRequest) => (r.fieldsToExport ?? []).join(',');
	const withFields = (r: ExportRequest, body: IDataObject, needed: string[]) => {
		const fields = r.fieldsToExport ?? [];
		if (fields.length === 0) return { body, added: [] as string[] };
		const added = needed.filter((f) => !fields.includes(f));
		return { body: { ...body, fields_to_export: [...fields, ...added] }, added };
	};
	const failure = (r: ExportRequest, error: BrazeItemError): ExportOutcome => ({
		itemIndex: r.itemIndex,
		environment: r.environment,
		ok: false,
		error,
		found: false,
		users: [],
		identifierType: identifierType(r.identifier),
	});

	const batched: number[] = [];
	const single: number[] = [];
	requests.forEach((r, i) => {
		const type = identifierType(r.identifier);
		(type === 'external_id' || type === 'user_alias' ? batched : single).push(i);
	});
	const outcomes: ExportOutcome[] = new Array(requests.length);

	const batchRequests = batched.map((i) => requests[i]);
	const batchAdded = new Map<string, string[]>();
	const batchOutcomes = await runBatches(client, batchRequests, {
		path: '/users/export/ids',
		size,
		key: fieldsKey,
		body: (batch) => {
			const externalIds = [
				...new Set(batch.filter((r) => r.identifier.external_id !== undefined).map((r) => r.identifier.external_id as string)),
			];
			const aliases = batch
				.filter((r) => r.identifier.user_alias !== undefined)
				.map((r) => r.identifier.user_alias as IDataObject);
			const base: IDataObject = {};
			if (externalIds.length) base.external_ids = externalIds;
			if (aliases.length) base.user_aliases = aliases;
			const { body, added } = withFields(batch[0], base, ['external_id', 'user_aliases']);
			batchAdded.set(fieldsKey(batch[0]), added);
			return body;
		},
		success: (r, response) => {
			const users = Array.isArray(response.body?.users) ? (response.body.users as IDataObject[]) : [];
			const matches = users.filter((u) =>
				r.identifier.external_id !== undefined
					? u.external_id === r.identifier.external_id
					: aliasMatches(u, r.identifier.user_alias!),
			);
			const added = batchAdded.get(fieldsKey(r)) ?? [];
			return {
				itemIndex: r.itemIndex,
				environment: r.environment,
				ok: true,
				found: matches.length > 0,
				users: matches.map((u) => projectFields(u, r.fieldsToExport, added)),
				identifierType: identifierType(r.identifier),
			};
		},
		failure,
	});
	batched.forEach((i, position) => (outcomes[i] = batchOutcomes[position]));

	for (const i of single) {
		const r = requests[i];
		const type = identifierType(r.identifier);
		const base: IDataObject =
			type === 'braze_id'
				? { braze_id: r.identifier.braze_id }
				: type === 'email'
					? { email_address: r.identifier.email }
					: { phone: r.identifier.phone };
		const { body } = withFields(r, base, []);
		const result = await client.post(r.environment, '/users/export/ids', body);
		if (!result.ok) {
			outcomes[i] = failure(r, { ...result.error, message: `Item ${r.itemIndex}: ${result.error.message}` });
			continue;
		}
		const users = Array.isArray(result.response.body?.users) ? (result.response.body.users as IDataObject[]) : [];
		outcomes[i] = {
			itemIndex: r.itemIndex,
			environment: r.environment,
			ok: true,
			found: users.length > 0,
			users,
			identifierType: type,
			call: summary(result.response),
		};
	}
	return outcomes;
}

// ---------------------------------------------------------------------------------------------
// /users/alias/new, /users/identify, /users/delete

export interface AliasRequest {
	itemIndex: number;
	environment: BrazeEnvironment;
	alias_name: string;
	alias_label: string;
	external_id?: string;
}

export type SimpleOutcome = ItemOutcomeBase;

const simpleSuccess = <R extends GenericRequest>(r: R): SimpleOutcome => ({
	itemIndex: r.itemIndex,
	environment: r.environment,
	ok: true,
});
const simpleFailure = <R extends GenericRequest>(r: R, error: BrazeItemError): SimpleOutcome => ({
	itemIndex: r.itemIndex,
	environment: r.environment,
	ok: false,
	error,
});

/** Creates user aliases (alias-only users, or aliases on an external_id), 50 per request. */
export async function createAliases(
	ctx: IExecuteFunctions,
	requests: AliasRequest[],
	options: Partial<BrazeTransportOptions> = {},
): Promise<SimpleOutcome[]> {
	const client = await BrazeClient.for(ctx, options);
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
		success: simpleSuccess,
		failure: simpleFailure,
	});
}

export interface IdentifyRequest {
	itemIndex: number;
	environment: BrazeEnvironment;
	external_id: string;
	user_alias: { alias_name: string; alias_label: string };
}

/** Merges alias-only users into identified users (/users/identify), 50 per request. */
export async function identifyUsers(
	ctx: IExecuteFunctions,
	requests: IdentifyRequest[],
	options: Partial<BrazeTransportOptions> = {},
): Promise<SimpleOutcome[]> {
	const client = await BrazeClient.for(ctx, options);
	return await runBatches(client, requests, {
		path: '/users/identify',
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		body: (batch) => ({
			aliases_to_identify: batch.map((r) => ({ external_id: r.external_id, user_alias: r.user_alias })),
		}),
		success: simpleSuccess,
		failure: simpleFailure,
	});
}

export interface DeleteRequest {
	itemIndex: number;
	environment: BrazeEnvironment;
	/** external_id, user_alias or braze_id (Braze deletes by these kinds only). */
	identifier: UserIdentifier;
}

/** Deletes users (/users/delete), up to 50 identifiers of one kind per request. */
export async function deleteUsers(
	ctx: IExecuteFunctions,
	requests: DeleteRequest[],
	options: Partial<BrazeTransportOptions> = {},
): Promise<SimpleOutcome[]> {
	const client = await BrazeClient.for(ctx, options);
	return await runBatches(client, requests, {
		path: '/users/delete',
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		key: (r) => identifierType(r.identifier),
		body: (batch) => {
			const type = identifierType(batch[0].identifier);
			if (type === 'user_alias') return { user_aliases: batch.map((r) => r.identifier.user_alias as IDataObject) };
			if (type === 'braze_id') return { braze_ids: batch.map((r) => r.identifier.braze_id as string) };
			return { external_ids: batch.map((r) => r.identifier.external_id as string) };
		},
		success: simpleSuccess,
		failure: simpleFailure,
	});
}

// ---------------------------------------------------------------------------------------------
// /v2/subscription/status/set, /email/status

export interface SubscriptionGroupRequest {
	itemIndex: number;
	environment: BrazeEnvironment;
	subscriptionGroupId: string;
	state: 'subscribed' | 'unsubscribed';
	/** external_id, email or phone. */
	identifier: UserIdentifier;
}

/** Sets subscription group states; one request per (group, state, identifier kind) holds up to 50 users. */
export async function setSubscriptionGroupStatus(
	ctx: IExecuteFunctions,
	requests: SubscriptionGroupRequest[],
	options: Partial<BrazeTransportOptions> = {},
): Promise<SimpleOutcome[]> {
	const client = await BrazeClient.for(ctx, options);
	return await runBatches(client, requests, {
		path: '/v2/subscription/status/set',
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		key: (r) => `${r.subscriptionGroupId}\u0000${r.state}\u0000${identifierType(r.identifier)}`,
		body: (batch) => {
			const type = identifierType(batch[0].identifier);
			const group: IDataObject = {
				subscription_group_id: batch[0].subscriptionGroupId,
				subscription_state: batch[0].state,
			};
			if (type === 'email') group.emails = batch.map((r) => r.identifier.email as string);
			else if (type === 'phone') group.phones = batch.map((r) => r.identifier.phone as string);
			else group.external_ids = batch.map((r) => r.identifier.external_id as string);
			return { subscription_groups: [group] };
		},
		success: simpleSuccess,
		failure: simpleFailure,
	});
}

export interface EmailStatusRequest {
	itemIndex: number;
	environment: BrazeEnvironment;
	email: string;
	state: 'subscribed' | 'unsubscribed' | 'opted_in';
}

/** Sets the global email subscription state (/email/status), up to 50 addresses per request. */
export async function setEmailSubscriptionStatus(
	ctx: IExecuteFunctions,
	requests: EmailStatusRequest[],
	options: Partial<BrazeTransportOptions> = {},
): Promise<SimpleOutcome[]> {
	const client = await BrazeClient.for(ctx, options);
	return await runBatches(client, requests, {
		path: '/email/status',
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		key: (r) => r.state,
		body: (batch) => ({ email: batch.map((r) => r.email), subscription_state: batch[0].state }),
		success: simpleSuccess,
		failure: simpleFailure,
	});
}
