import type { IDataObject } from 'n8n-workflow';

import type { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import { brazeErrors, errorType, groupBy, partialError, sendEach, summary } from './batching';
import type { BrazeClient } from './client';
import type { WriteTruth } from './delivery';
import { deliveryOf, partTruth, withDelivery } from './delivery';
import type { ItemOutcome, ItemRequest } from './types';

/** /users/track (Braze docs: api/endpoints/user_data/post_user_track). */

/** Braze's limit per array of /users/track. */
export const MAX_TRACK_PER_ARRAY = 75;

const PATH = '/users/track';

const NOT_RESENT_PART =
	'Its custom events, purchases and increments were not sent again (Options > Event Delivery Guarantee is "At Most Once (May Lose)"); its other attributes were sent again and written.';

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
	let count: Record<TrackArray, number> = { attributes: 0, events: 0, purchases: 0 };
	const fits = (objects: TrackObject[]) => {
		const next = { ...count };
		for (const o of objects) next[o.array]++;
		return (
			next.attributes <= perArray &&
			next.events <= perArray &&
			next.purchases <= perArray &&
			current.length + objects.length <= combined
		);
	};
	const add = (o: TrackObject) => {
		current.push(o);
		count[o.array]++;
	};
	const close = () => {
		bodies.push(current);
		current = [];
		count = { attributes: 0, events: 0, purchases: 0 };
	};
	for (const index of indexes) {
		const objects = TRACK_ARRAYS.flatMap((array) =>
			(requests[index][array] ?? []).map((object) => ({ request: index, array, object })),
		);
		if (objects.length === 0) continue;
		if (!fits(objects) && current.length) close();
		if (fits(objects)) {
			objects.forEach(add);
			continue;
		}
		for (const o of objects) {
			if (!fits([o])) close();
			add(o);
		}
	}
	if (current.length) bodies.push(current);
	return bodies;
}

/**
 * Attribute values that count again when written again: Braze's increment (`{"inc": n}`) and
 * `$add` to a nested array of objects. Every other attribute write leaves the same state however
 * often it is applied.
 */
function countedKeys(attributes: IDataObject): string[] {
	return Object.keys(attributes).filter((key) => {
		const value = attributes[key];
		return typeof value === 'object' && value !== null && !Array.isArray(value) && ('inc' in value || '$add' in value);
	});
}

/**
 * The parts of an object whose fate is told apart: an event or a purchase counts again when
 * written again; an attributes object is safe to write again, except its increments.
 */
function partsOf(o: TrackObject): boolean[] {
	if (o.array !== 'attributes') return [true];
	return countedKeys(o.object).length ? [false, true] : [false];
}

/**
 * At most once: after an uncertain failure only what is safe to write twice goes out again, the
 * attributes objects without their increments (`copies` maps each reduced copy to its original).
 * Undefined when nothing of the body is safe to send again.
 */
function safeToRepeat(body: IDataObject, copies: Map<IDataObject, IDataObject>): IDataObject | undefined {
	const attributes = ((body.attributes as IDataObject[] | undefined) ?? []).map((object) => {
		const counted = countedKeys(object);
		if (!counted.length) return object;
		const copy = { ...object };
		for (const key of counted) delete copy[key];
		copies.set(copy, copies.get(object) ?? object);
		return copy;
	});
	return attributes.length ? { attributes } : undefined;
}

/** The objects a body carried: every original (`any`) and those carried whole, increments included (`whole`). */
function carriedBy(body: IDataObject, copies: Map<IDataObject, IDataObject>) {
	const any = new Set<IDataObject>();
	const whole = new Set<IDataObject>();
	for (const array of TRACK_ARRAYS) {
		for (const object of (body[array] as IDataObject[] | undefined) ?? []) {
			const original = copies.get(object);
			any.add(original ?? object);
			if (!original) whole.add(object);
		}
	}
	return { any, whole };
}

/**
 * Sends the attributes, events and purchases of all requests in as few /users/track requests as
 * Braze allows (Batch Size per array, up to 75; Max Objects per Track Request in all) and maps
 * `errors[]` back through `input_array` and `index` to the item that sent the object. After an
 * uncertain failure, events, purchases and increments go out again only at least once
 * (Event Delivery Guarantee); each item's delivery is the worst
 * truth of its objects, over every request that carried them. Returns one outcome per request,
 * in request order.
 */
export async function trackUsers(client: BrazeClient, requests: TrackRequest[]): Promise<TrackOutcome[]> {
	const perArray = Math.min(MAX_TRACK_PER_ARRAY, client.options.batchSize);
	const combined = Math.max(1, client.options.trackMaxObjectsPerRequest);
	const atMostOnce = client.options.uncertainRetry === 'atMostOnce';
	const outcomes: TrackOutcome[] = requests.map((r) => ({
		itemIndex: r.itemIndex,
		environment: r.environment,
		ok: true,
		sent: { attributes: r.attributes?.length ?? 0, events: r.events?.length ?? 0, purchases: r.purchases?.length ?? 0 },
	}));
	const truths: WriteTruth[][] = requests.map(() => []);
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

	await sendEach(client, bodies, async ({ environment, objects }) => {
		const body: IDataObject = {};
		const byObject = new Map<IDataObject, TrackObject>();
		for (const o of objects) byObject.set(o.object, o);
		for (const array of TRACK_ARRAYS) {
			const inArray = objects.filter((o) => o.array === array);
			if (inArray.length) body[array] = inArray.map((o) => o.object);
		}
		const copies = new Map<IDataObject, IDataObject>();
		const result = await client.post(environment, PATH, body, atMostOnce ? (sent) => safeToRepeat(sent, copies) : undefined);
		/** The object an `errors[]` entry names, in the body of the last attempt. */
		const objectOf = (entry: IDataObject) => {
			const array = String(entry?.input_array ?? '') as TrackArray;
			const index = Number(entry?.index);
			if (!TRACK_ARRAYS.includes(array) || !Number.isInteger(index)) return undefined;
			const sent = ((result.finalBody[array] as IDataObject[] | undefined) ?? [])[index];
			return sent ? byObject.get(copies.get(sent) ?? sent) : undefined;
		};
		const refused = new Set<IDataObject>();
		for (const entry of brazeErrors(result.response?.body)) {
			const target = objectOf(entry);
			if (target) refused.add(target.object);
		}
		const final = carriedBy(result.finalBody, copies);
		const uncertain = result.uncertainBodies.map((sent) => carriedBy(sent, copies));
		/** Items with a part left unknown by an answered request: at most once, not sent again. */
		const notResent = new Set<number>();
		for (const o of objects) {
			for (const counted of partsOf(o)) {
				const has = (carried: { any: Set<IDataObject>; whole: Set<IDataObject> }) =>
					(counted ? carried.whole : carried.any).has(o.object);
				const truth = partTruth({ ok: result.ok, carried: has(final), uncertain: uncertain.some(has), counted, refused: refused.has(o.object) });
				truths[o.request].push(truth);
				if (result.ok && truth === 'unknown' && !refused.has(o.object)) notResent.add(o.request);
			}
		}
		const members = [...new Set(objects.map((o) => o.request))];
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
		for (const m of notResent) {
			const uncertainError = result.uncertainError as BrazeItemError;
			fail(m, uncertainError.forItem(requests[m].itemIndex, `${uncertainError.reason} ${NOT_RESENT_PART}`));
		}
		for (const m of members) {
			const outcome = outcomes[m];
			outcome.call = outcome.call ?? call;
			if (warnings.length) outcome.warnings = [...(outcome.warnings ?? []), ...warnings];
		}
	});
	outcomes.forEach((outcome, i) => {
		outcome.delivery = deliveryOf(truths[i]);
		if (!outcome.ok && outcome.error) outcome.error = withDelivery(outcome.error, outcome.delivery);
	});
	return outcomes;
}
