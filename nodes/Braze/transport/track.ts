import type { IDataObject } from 'n8n-workflow';

import type { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import { brazeErrors, errorType, groupBy, partialError, sendEach, summary } from './batching';
import type { BrazeClient } from './client';
import type { BrazeCallSummary, ItemOutcome, ItemRequest } from './types';

/** /users/track (Braze docs: api/endpoints/user_data/post_user_track). */

/** Braze's limit per array of /users/track. */
export const MAX_TRACK_PER_ARRAY = 75;

const PATH = '/users/track';

type TrackArray = 'attributes' | 'events' | 'purchases';
const TRACK_ARRAYS: TrackArray[] = ['attributes', 'events', 'purchases'];

export interface TrackRequest extends ItemRequest {
	attributes?: IDataObject[];
	events?: IDataObject[];
	purchases?: IDataObject[];
}

export interface TrackOutcome extends ItemOutcome {
	/** Objects of this item sent per array. */
	sent: { attributes: number; events: number; purchases: number };
	/** Every request that carried objects of this item (more than one only for huge items). */
	calls?: BrazeCallSummary[];
}

interface TrackObject {
	/** Position of the request the object belongs to. */
	request: number;
	array: TrackArray;
	object: IDataObject;
}

interface TrackBody {
	environment: BrazeEnvironment;
	objects: TrackObject[];
}

/**
 * Packs the objects of `indexes` into request bodies: at most `perArray` objects per array and
 * `combined` in all. An item's objects share a body when they fit in one; an item larger than
 * one body is split in order.
 */
function pack(requests: TrackRequest[], indexes: number[], perArray: number, combined: number): TrackObject[][] {
	const bodies: TrackObject[][] = [];
	let current: TrackObject[] = [];
	const fits = (objects: TrackObject[]) => {
		const count = { attributes: 0, events: 0, purchases: 0 };
		for (const o of [...current, ...objects]) count[o.array]++;
		return (
			count.attributes <= perArray &&
			count.events <= perArray &&
			count.purchases <= perArray &&
			current.length + objects.length <= combined
		);
	};
	for (const index of indexes) {
		const objects = TRACK_ARRAYS.flatMap((array) =>
			(requests[index][array] ?? []).map((object) => ({ request: index, array, object })),
		);
		if (objects.length === 0) continue;
		if (!fits(objects) && current.length) {
			bodies.push(current);
			current = [];
		}
		if (fits(objects)) {
			current.push(...objects);
			continue;
		}
		for (const o of objects) {
			if (!fits([o])) {
				bodies.push(current);
				current = [];
			}
			current.push(o);
		}
	}
	if (current.length) bodies.push(current);
	return bodies;
}

/**
 * Sends the attributes, events and purchases of all requests in as few /users/track requests as
 * Braze allows (Batch Size per array, up to 75; Max Objects per Track Request in all) and maps
 * `errors[]` back through `input_array` and `index` to the item that sent the object. Returns one
 * outcome per request, in request order.
 */
export async function trackUsers(client: BrazeClient, requests: TrackRequest[]): Promise<TrackOutcome[]> {
	const perArray = Math.min(MAX_TRACK_PER_ARRAY, client.options.batchSize);
	const combined = Math.max(1, client.options.trackMaxObjectsPerRequest);
	const outcomes: TrackOutcome[] = requests.map((r) => ({
		itemIndex: r.itemIndex,
		environment: r.environment,
		ok: true,
		sent: { attributes: r.attributes?.length ?? 0, events: r.events?.length ?? 0, purchases: r.purchases?.length ?? 0 },
	}));
	const fail = (index: number, error: BrazeItemError) => {
		const outcome = outcomes[index];
		if (outcome.ok) Object.assign(outcome, { ok: false, error });
	};
	const bodies: TrackBody[] = [];
	for (const [environment, indexes] of groupBy(requests, (r) => r.environment)) {
		for (const objects of pack(requests, indexes, perArray, combined)) {
			bodies.push({ environment: environment as BrazeEnvironment, objects });
		}
	}

	await sendEach(bodies, async ({ environment, objects }) => {
		const body: IDataObject = {};
		const positions: Record<TrackArray, TrackObject[]> = { attributes: [], events: [], purchases: [] };
		for (const o of objects) positions[o.array].push(o);
		for (const array of TRACK_ARRAYS) {
			if (positions[array].length) body[array] = positions[array].map((o) => o.object);
		}
		const objectOf = (entry: IDataObject) => {
			const array = String(entry?.input_array ?? '') as TrackArray;
			const index = Number(entry?.index);
			return TRACK_ARRAYS.includes(array) && Number.isInteger(index) ? positions[array][index] : undefined;
		};
		const members = [...new Set(objects.map((o) => o.request))];
		const result = await client.post(environment, PATH, body);
		if (!result.ok) {
			// A 4xx may still say which objects were bad (e.g. none valid): tell each item its own.
			const own = new Map<number, string>();
			for (const entry of brazeErrors(result.response?.body)) {
				const target = objectOf(entry);
				if (target && !own.has(target.request)) {
					own.set(target.request, `${String(entry.input_array)}[${String(entry.index)}]: ${errorType(entry)}`);
				}
			}
			for (const m of members) {
				const detail = own.get(m);
				const reason = `${result.error.reason}${detail ? ` This item's object ${detail}` : ''}`;
				fail(m, result.error.forItem(requests[m].itemIndex, reason));
			}
			return;
		}
		const call = summary(result.response);
		const warnings: IDataObject[] = [];
		for (const entry of brazeErrors(result.response.body)) {
			const target = objectOf(entry);
			if (target) fail(target.request, partialError(PATH, entry, requests[target.request].itemIndex));
			else warnings.push(entry);
		}
		for (const m of members) {
			const outcome = outcomes[m];
			outcome.calls = [...(outcome.calls ?? []), call];
			outcome.call = outcome.call ?? call;
			if (warnings.length) outcome.warnings = [...(outcome.warnings ?? []), ...warnings];
		}
	});
	return outcomes;
}
