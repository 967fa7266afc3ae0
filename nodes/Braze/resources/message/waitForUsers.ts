import { sleep } from 'n8n-workflow';

import { BrazeItemError } from '../../../shared/braze/errors';
import type { BrazeEnvironment } from '../../../shared/braze/instances';
import type { UserIdentifier } from '../../../shared/braze/identifiers';
import type { BrazeClient } from '../../transport/client';
import { exportUsers } from '../../transport/export';
import type { SendOutcome } from '../../transport/sends';
import { unsentOutcome } from '../../transport/sends';

/**
 * Options › Wait for Recipient: Braze answers a user write once it is queued and processes it
 * later; a send to a user it has not processed yet reaches nobody, and the send's answer does not
 * say so (Braze docs: help/best_practices/race_conditions). Before sending, each recipient is
 * looked up by export until Braze shows it, backing off from 250 ms to 5 s, for at most the
 * given time. Braze's own remedies are a delay ("around a minute") or, for an external ID, the
 * send's attributes with send_to_existing_only false: the lookup is the delay, ended as soon as
 * the user is there.
 */

export interface AwaitedUser {
	itemIndex: number;
	environment: BrazeEnvironment;
	/** The user to look up; absent when the send needs no lookup (it creates the user, or a broadcast). */
	lookup?: UserIdentifier;
}

const FIRST_DELAY_MS = 250;
const LONGEST_DELAY_MS = 5000;

function describe(identifier: UserIdentifier): string {
	if (identifier.user_alias) return `user_alias ${identifier.user_alias.alias_label}:${identifier.user_alias.alias_name}`;
	const [type, value] = Object.entries(identifier)[0];
	return `${type} ${String(value)}`;
}

/**
 * Waits at most `seconds` until Braze shows the user of each entry that has a lookup. Returns,
 * by position, the error of each entry whose user Braze never showed or could not be looked up,
 * and the time waited for each found one.
 */
export async function waitForUsers(
	client: BrazeClient,
	entries: AwaitedUser[],
	seconds: number,
): Promise<{ missing: Map<number, BrazeItemError>; waitedMs: Map<number, number> }> {
	const missing = new Map<number, BrazeItemError>();
	const waitedMs = new Map<number, number>();
	const start = Date.now();
	const deadline = start + seconds * 1000;
	// One lookup per distinct user (environment and identifier).
	let pending = new Map<string, number[]>();
	entries.forEach((entry, position) => {
		if (!entry.lookup) return;
		const key = `${entry.environment}\u0000${JSON.stringify(entry.lookup)}`;
		pending.set(key, [...(pending.get(key) ?? []), position]);
	});
	let delay = FIRST_DELAY_MS;
	while (pending.size > 0) {
		const keys = [...pending.keys()];
		const lookups = keys.map((key) => {
			const first = entries[(pending.get(key) as number[])[0]];
			return { itemIndex: first.itemIndex, environment: first.environment, identifier: first.lookup as UserIdentifier, fieldsToExport: ['external_id'] };
		});
		const outcomes = await exportUsers(client, lookups);
		const next = new Map<string, number[]>();
		outcomes.forEach((outcome, i) => {
			const positions = pending.get(keys[i]) as number[];
			if (outcome.ok && outcome.found) {
				for (const p of positions) waitedMs.set(p, Date.now() - start);
				return;
			}
			if (!outcome.ok) {
				const error = outcome.error as BrazeItemError;
				for (const p of positions) {
					missing.set(
						p,
						error.forItem(entries[p].itemIndex, `could not check that the user exists (Wait for Recipient looks users up with users/export/ids): ${error.reason} The message was not sent.`),
					);
				}
				return;
			}
			next.set(keys[i], positions);
		});
		pending = next;
		if (pending.size === 0 || Date.now() + delay > deadline) break;
		await sleep(delay);
		delay = Math.min(delay * 2, LONGEST_DELAY_MS);
	}
	for (const positions of pending.values()) {
		for (const p of positions) {
			const { itemIndex, lookup } = entries[p];
			missing.set(
				p,
				new BrazeItemError(
					{
						kind: 'partial',
						reason: `Braze shows no user ${describe(lookup as UserIdentifier)} after waiting ${seconds} s (Options > Wait for Recipient): the write that creates it may still be queued, or there is no such user. The message was not sent.`,
					},
					itemIndex,
				),
			);
		}
	}
	return { missing, waitedMs };
}

/** A send's outcome, with how long its user took to show up when it was waited for. */
export interface WaitedOutcome extends SendOutcome {
	waitedMs?: number;
}

/**
 * Sends the requests whose users exist (all of them when `seconds` is 0): the others fail
 * unsent. One outcome per request, in request order.
 */
export async function sendWhenUsersExist<R extends AwaitedUser>(
	client: BrazeClient,
	requests: R[],
	seconds: number,
	send: (ready: R[]) => Promise<SendOutcome[]>,
): Promise<WaitedOutcome[]> {
	const { missing, waitedMs } = seconds > 0 ? await waitForUsers(client, requests, seconds) : { missing: new Map<number, BrazeItemError>(), waitedMs: new Map<number, number>() };
	const ready = requests.map((_, position) => position).filter((position) => !missing.has(position));
	const sent = await send(ready.map((position) => requests[position]));
	const outcomes: WaitedOutcome[] = new Array(requests.length);
	missing.forEach((error, position) => (outcomes[position] = unsentOutcome(requests[position], error)));
	ready.forEach((position, i) => {
		const waited = waitedMs.get(position);
		outcomes[position] = waited === undefined ? sent[i] : { ...sent[i], waitedMs: waited };
	});
	return outcomes;
}
