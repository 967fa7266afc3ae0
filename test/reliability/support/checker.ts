/**
 * The suite's own checker: what each item's `delivery` claims against what the Braze sandbox
 * holds at the end (its admin API: every user with every event it received). It reports the
 * figures of issue 9's table and every broken promise.
 */
import type { Json } from '../../nodes/Braze/helpers';
import type { Expected, Mode } from './scenarios';

const WRITTEN = 'written';
const MAY_BE_DUPLICATED = 'written, may be duplicated';
const NOT_WRITTEN = 'not written';
const UNKNOWN = 'unknown: Braze may have applied it';
/** Claims that allow a second copy in Braze. */
const ALLOW_TWICE = new Set([MAY_BE_DUPLICATED, UNKNOWN, 'partly written, may be duplicated']);
/** Claims of a write Braze confirmed. */
const CONFIRMED = new Set([WRITTEN, MAY_BE_DUPLICATED]);

/** What Braze holds of one item. */
export interface Found {
	/** Its first name is on the user (the idempotent part landed). */
	attributes: boolean;
	/** Copies of its custom event. */
	events: number;
	/** Its increment's value (undefined when the item has none). */
	counter?: number;
}

export interface Tally {
	items: number;
	writtenOnce: number;
	writtenTwice: number;
	/** Written twice and flagged by its item ("may be duplicated" or "unknown"). */
	writtenTwiceFlagged: number;
	/** Absent from Braze although its item claims a confirmed write. */
	lost: number;
	/** Absent from Braze, and its item says "unknown" or "not written". */
	absentStated: number;
	/** In Braze although its item says "not written". */
	failedAlthoughWrittenUnstated: number;
	/** In Braze, and its item failed saying Braze may have it. */
	failedAlthoughWrittenStated: number;
	byDelivery: Record<string, number>;
}

export interface Verdict {
	tally: Tally;
	/** Broken promises, each naming the item; empty when the run kept every promise. */
	problems: string[];
}

/** Indexes the sandbox's users (inspection form) by external_id and by alias name. */
export function brazeIndex(users: Json[]): { byExternalId: Map<string, Json>; byAlias: Map<string, Json> } {
	const byExternalId = new Map<string, Json>();
	const byAlias = new Map<string, Json>();
	for (const user of users) {
		if (user.external_id !== undefined) byExternalId.set(user.external_id, user);
		for (const alias of user.user_aliases ?? []) byAlias.set(String(alias.alias_name).toLowerCase(), user);
	}
	return { byExternalId, byAlias };
}

/** What Braze holds of the item `expected` describes. */
export function find(index: ReturnType<typeof brazeIndex>, expected: Expected): Found {
	const user = 'external_id' in expected.user ? index.byExternalId.get(expected.user.external_id) : index.byAlias.get(expected.user.alias.toLowerCase());
	if (!user) return { attributes: false, events: 0, counter: expected.counter ? 0 : undefined };
	const events = (user.events as Json[]).filter((e) => e.properties?.[expected.eventIdProperty] === expected.eventId).length;
	const counter = expected.counter ? Number(user.custom_attributes?.[expected.counter] ?? 0) : undefined;
	return { attributes: user.attributes?.first_name === expected.firstName, events, counter };
}

export interface CheckOptions {
	mode: Mode;
	/** The retry and wait budgets were large enough for the faults: nothing may end unwritten. */
	budgetsSuffice: boolean;
}

/** Checks every item's claim against Braze; `claims[i]` is item i's delivery. */
export function check(expected: Expected[], claims: Array<string | undefined>, users: Json[], options: CheckOptions): Verdict {
	const index = brazeIndex(users);
	const tally: Tally = {
		items: expected.length,
		writtenOnce: 0,
		writtenTwice: 0,
		writtenTwiceFlagged: 0,
		lost: 0,
		absentStated: 0,
		failedAlthoughWrittenUnstated: 0,
		failedAlthoughWrittenStated: 0,
		byDelivery: {},
	};
	const problems: string[] = [];
	expected.forEach((item, i) => {
		const claim = claims[i];
		const found = find(index, item);
		const key = claim ?? '(no output)';
		tally.byDelivery[key] = (tally.byDelivery[key] ?? 0) + 1;
		const copies = Math.max(found.events, found.counter ?? 0);
		const present = found.events > 0 || (found.counter ?? 0) > 0 || found.attributes;
		if (found.events === 1) tally.writtenOnce++;
		if (copies >= 2) {
			tally.writtenTwice++;
			if (claim && ALLOW_TWICE.has(claim)) tally.writtenTwiceFlagged++;
			else problems.push(`item ${i}: in Braze ${copies} times but says "${key}"`);
			if (options.mode === 'atMostOnce') problems.push(`item ${i}: written ${copies} times at most once`);
		}
		if (claim === undefined) problems.push(`item ${i}: no output and no mention in the node's error`);
		if (claim && CONFIRMED.has(claim) && !(found.attributes && found.events >= 1 && (found.counter ?? 1) >= 1)) {
			tally.lost++;
			problems.push(`item ${i}: says "${claim}" but Braze holds ${JSON.stringify(found)}`);
		}
		if (claim === WRITTEN && copies >= 2) problems.push(`item ${i}: says "written" but was written ${copies} times`);
		if (found.events === 0 && claim && !CONFIRMED.has(claim)) tally.absentStated++;
		if (claim === NOT_WRITTEN && present) {
			tally.failedAlthoughWrittenUnstated++;
			problems.push(`item ${i}: says "not written" but Braze holds ${JSON.stringify(found)}`);
		}
		if (claim === UNKNOWN && present) tally.failedAlthoughWrittenStated++;
		if (options.budgetsSuffice && claim === NOT_WRITTEN) problems.push(`item ${i}: not written although the budgets sufficed`);
		if (options.budgetsSuffice && options.mode === 'atLeastOnce' && claim && !CONFIRMED.has(claim)) {
			problems.push(`item ${i}: lost at least once ("${claim}") although the budgets sufficed`);
		}
		// At most once, attributes are still sent again: an item whose event is unknown has them.
		if (options.budgetsSuffice && options.mode === 'atMostOnce' && claim === UNKNOWN && !found.attributes) {
			problems.push(`item ${i}: attributes missing although they are always sent again`);
		}
	});
	return { tally, problems };
}
