/**
 * The runs of the reliability suite: the fault mix of issue 9's "Why", the items of Track and of
 * Sync Extole Event (each with what Braze should end up holding for it), and one run of the
 * compiled node with its per-item claims, whatever Continue On Fail does with them.
 */
import type { Json, Sandbox } from '../../nodes/Braze/helpers';
import { credentials, harness } from '../../nodes/Braze/helpers';
import type { Recorder } from './recorder';

/** How long a slow answer is held: past the node's 1 s timeout. */
export const SLOW_MS = 1500;

/**
 * Issue 9's fault mix, per request, seeded: 10% 5xx, 3% dropped connections, 3% answers after
 * the node's timeout (half applied before the delay, half held after applying), 3% "applied, then
 * 500", 3% "applied, then connection reset", 429s with reset headers (the first request, then 1%;
 * each makes the node wait 1 to 2 s for the window). Faults are tried in this order; each request gets
 * at most one failure.
 */
export function faultMix(seed: number): Json[] {
	return [
		{ status: 429, count: 1 },
		{ status: 429, rate: 0.01, seed: seed + 1 },
		{ status: 500, rate: 0.05, seed: seed + 2 },
		{ status: 502, rate: 0.03, seed: seed + 3 },
		{ status: 503, rate: 0.02, seed: seed + 4 },
		{ drop: true, rate: 0.03, seed: seed + 5 },
		{ latencyMs: SLOW_MS, rate: 0.015, seed: seed + 6 },
		{ answerLatencyMs: SLOW_MS, rate: 0.015, seed: seed + 7 },
		{ status: 500, applyThenFail: true, rate: 0.03, seed: seed + 8 },
		{ drop: true, applyThenFail: true, rate: 0.03, seed: seed + 9 },
	];
}

export type Mode = 'atLeastOnce' | 'atMostOnce';
export type ContinueOnFail = 'off' | 'regular' | 'errorOutput';
export type Operation = 'track' | 'sync';

/** What one input item should leave in Braze, to find it there. */
export interface Expected {
	/** external_id, or the alias name (email) of an alias-only user. */
	user: { external_id: string } | { alias: string };
	/** A standard attribute only this item sets (idempotent part). */
	firstName: string;
	/** The id its custom event carries (Track: event_id; Sync: extole_event_id). */
	eventId: string;
	eventIdProperty: string;
	/** The custom attribute it increments by 1, if any. */
	counter?: string;
}

export interface Scenario {
	operation: Operation;
	items: Json[];
	expected: Expected[];
	parameters: Json;
}

/** Transport options of every run: issue 9's Max Attempts 5, a 1 s timeout, quick backoff. */
export function transport(mode: Mode, requestsInFlight: number, extra: Json = {}): Json {
	return { maxAttempts: 5, timeoutMs: 1000, initialRetryDelayMs: 50, requestsInFlight, uncertainRetry: mode, ...extra };
}

/** Track items: one user each, a first name, one custom event with its id, every third an increment. */
export function trackScenario(count: number, tag: string, options: Json): Scenario {
	const items = Array.from({ length: count }, (_, i) => ({
		id: `${tag}-t${i}`,
		name: `F${i}`,
		eventId: `${tag}-ev${i}`,
		counter: i % 3 === 0 ? { visits: { inc: 1 } } : {},
	}));
	const expected: Expected[] = items.map((item, i) => ({
		user: { external_id: item.id },
		firstName: item.name,
		eventId: item.eventId,
		eventIdProperty: 'event_id',
		counter: i % 3 === 0 ? 'visits' : undefined,
	}));
	const parameters = {
		resource: 'user',
		operation: 'track',
		identifierType: 'external_id',
		externalId: '={{ $json.id }}',
		standardAttributes: { first_name: '={{ $json.name }}' },
		customAttributesMode: 'json',
		customAttributesJson: '={{ $json.counter }}',
		events: { event: [{ name: 'referral_progress', time: '2026-01-01T00:00:00Z', properties: '{}' }] },
		options: { ...options, eventIdProperty: { property: { name: 'event_id', value: '={{ $json.eventId }}' } } },
	};
	return { operation: 'track', items, expected, parameters };
}

const SYNC_EVENTS = ['shared', 'earned_reward', 'referred_converted', 'unsubscribed', 'created_share_link', 'subscribed'];

/**
 * Extole Trigger items: mostly with an external_id, one in 200 with an email only (looked up,
 * then created as an alias-only user); Earned Reward increments a reward counter.
 */
export function syncScenario(count: number, tag: string, options: Json): Scenario {
	const items: Json[] = [];
	const expected: Expected[] = [];
	for (let i = 0; i < count; i++) {
		const event = SYNC_EVENTS[i % SYNC_EVENTS.length];
		const emailOnly = i % 200 === 100;
		const email = `${tag}-p${i}@example.com`;
		items.push({
			event,
			event_id: `${tag}-x${i}`,
			event_time: '2026-11-28T10:00:00Z',
			external_id: emailOnly ? null : `${tag}-s${i}`,
			email,
			first_name: `F${i}`,
			funnel: 'advocate',
			sandbox: false,
			data: {},
		});
		expected.push({
			user: emailOnly ? { alias: email } : { external_id: `${tag}-s${i}` },
			firstName: `F${i}`,
			eventId: `${tag}-x${i}`,
			eventIdProperty: 'extole_event_id',
			counter: event === 'earned_reward' ? 'extole_rewards' : undefined,
		});
	}
	const parameters = {
		resource: 'referral',
		operation: 'syncExtoleEvent',
		syncOptions: { lookupConcurrency: Math.min(4, Number(options.requestsInFlight ?? 1)), rewardCounterAttribute: 'extole_rewards' },
		options,
	};
	return { operation: 'sync', items, expected, parameters };
}

/** What one run of the node says about each input item. */
export interface RunClaims {
	/** `delivery` per input item (undefined: the item has no output and no mention). */
	delivery: Array<string | undefined>;
	/** The node failed as a whole (Continue On Fail off). */
	threw: boolean;
	ms: number;
}

/** Runs the compiled node over the scenario's items and reads each item's delivery. */
export async function runScenario(
	sandbox: Sandbox,
	scenario: Scenario,
	continueOnFail: ContinueOnFail,
	recorder: Recorder,
	label: string,
): Promise<RunClaims> {
	const started = Date.now();
	const result = await harness.runNode({
		type: 'braze',
		name: 'Braze',
		parameters: scenario.parameters,
		items: scenario.items,
		credentials: credentials(sandbox),
		onError: continueOnFail === 'off' ? undefined : continueOnFail === 'regular' ? 'continueRegularOutput' : 'continueErrorOutput',
	});
	const ms = Date.now() - started;
	recorder.keep(`${label}: outputs`, result.outputs);
	recorder.keep(`${label}: error`, result.error);
	const delivery: Array<string | undefined> = new Array(scenario.items.length).fill(undefined);
	if (result.error) {
		// Continue On Fail off: the error's context lists every item that is not plainly written.
		const byDelivery = ((result.error as Json).context?.itemsByDelivery ?? {}) as Record<string, number[]>;
		delivery.fill('written');
		for (const [value, indexes] of Object.entries(byDelivery)) for (const i of indexes) delivery[i] = value;
		return { delivery, threw: true, ms };
	}
	for (const output of result.outputs) {
		for (const item of output ?? []) {
			const index = (item.pairedItem as { item: number }).item;
			const json = item.json as Json;
			delivery[index] = json.delivery ?? json.details?.delivery;
		}
	}
	return { delivery, threw: false, ms };
}
