import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * Batching: accepted events that arrive together become one execution, one item per event in
 * arrival order.
 *
 * One open batch per scope (workflow, node) in this process. The request that opens it leads:
 * it waits until the batch is full or the max wait has passed, closes it and returns all its
 * items to n8n. The others follow: they wait for the outcome of the leader's start and answer
 * with it. n8n itself answers the leader (the node's response mode is "on received"), and
 * n8n 2.x sends that answer only after `WorkflowRunner.run` resolved, that is after the execution
 * was created (regular mode) or enqueued (queue mode); when the start throws, it answers 500.
 * So the leader's answer is the outcome: a 2xx means started, anything else means not started.
 * Joining is synchronous and comes right after the synchronous dedup check-and-mark, so the
 * order of the items is the order in which the events were accepted.
 */

export const DEFAULT_MAX_EVENTS = 75;
export const MAX_MAX_EVENTS = 1000;
export const DEFAULT_MAX_WAIT_SECONDS = 1;
export const MIN_MAX_WAIT_SECONDS = 0.05;
export const MAX_MAX_WAIT_SECONDS = 10;
/** How long to look for n8n's answer to a leader whose caller hung up before it came. */
const ANSWER_POLL_MS = 50;
const ANSWER_POLL_LIMIT_MS = 120_000;

export interface BatchSettings {
	maxEvents: number;
	maxWaitMs: number;
}

export interface BatchEntry {
	item: IDataObject;
	/** The dedup key, given back when the batch is not started (undefined: dedup off). */
	key?: string;
}

interface Signal<T> {
	promise: Promise<T>;
	fire: (value: T) => void;
}

function signal<T>(): Signal<T> {
	let fire!: (value: T) => void;
	const promise = new Promise<T>((resolve) => {
		fire = resolve;
	});
	return { promise, fire };
}

export interface Batch {
	scope: string;
	settings: BatchSettings;
	entries: BatchEntry[];
	closed: boolean;
	full: Signal<void>;
	/** true once the execution was started, false when it was not. */
	outcome: Signal<boolean>;
	settled: boolean;
}

const open = new Map<string, Batch>();
/** Dedup keys of batches not settled yet, per scope: a copy of one of them waits for its batch. */
const pending = new Map<string, Map<string, Batch>>();

function clamp(value: unknown, fallback: number, min: number, max: number): number {
	const n = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
	return Math.min(max, Math.max(min, n));
}

/** The node's batching parameters, bounded as the UI bounds them. */
export function batchSettings(maxEvents: unknown, maxWaitSeconds: unknown): BatchSettings {
	return {
		maxEvents: Math.floor(clamp(maxEvents, DEFAULT_MAX_EVENTS, 1, MAX_MAX_EVENTS)),
		maxWaitMs: Math.round(clamp(maxWaitSeconds, DEFAULT_MAX_WAIT_SECONDS, MIN_MAX_WAIT_SECONDS, MAX_MAX_WAIT_SECONDS) * 1000),
	};
}

function close(batch: Batch): void {
	batch.closed = true;
	if (open.get(batch.scope) === batch) open.delete(batch.scope);
	batch.full.fire();
}

/**
 * Adds an accepted event to the open batch of `scope` (opening one with `settings()` when there is
 * none) and says whether this request leads it. Synchronous, so that no other request comes in between the
 * dedup mark and the join.
 */
export function joinBatch(scope: string, entry: BatchEntry, settings: () => BatchSettings): { batch: Batch; leader: boolean } {
	let batch = open.get(scope);
	const leader = batch === undefined;
	if (!batch) {
		batch = { scope, settings: settings(), entries: [], closed: false, full: signal(), outcome: signal(), settled: false };
		open.set(scope, batch);
	}
	batch.entries.push(entry);
	if (entry.key !== undefined) {
		let keys = pending.get(scope);
		if (!keys) {
			keys = new Map();
			pending.set(scope, keys);
		}
		keys.set(entry.key, batch);
	}
	if (batch.entries.length >= batch.settings.maxEvents) close(batch);
	return { batch, leader };
}

/** The leader's wait: until the batch is full or its max wait has passed. Then it is closed. */
export async function waitUntilClosed(batch: Batch): Promise<void> {
	if (!batch.closed) await Promise.race([batch.full.promise, sleep(batch.settings.maxWaitMs)]);
	close(batch);
}

/**
 * Settles a batch: followers learn whether it was started; when it was not, `giveBack` gets each
 * dedup key, so that Extole's retries are accepted.
 */
export function settleBatch(batch: Batch, started: boolean, giveBack: (key: string) => void): void {
	if (batch.settled) return;
	batch.settled = true;
	const keys = pending.get(batch.scope);
	for (const entry of batch.entries) {
		if (entry.key === undefined) continue;
		if (keys?.get(entry.key) === batch) keys.delete(entry.key);
		if (!started) giveBack(entry.key);
	}
	if (keys?.size === 0) pending.delete(batch.scope);
	batch.outcome.fire(started);
}

/** The unsettled batch holding dedup key `key` in `scope`, if any. */
export function pendingBatch(scope: string, key: string): Batch | undefined {
	return pending.get(scope)?.get(key);
}

/** Whether `key` belongs to an unsettled batch of `scope` other than `except`. */
export function isPendingElsewhere(scope: string, key: string, except: Batch): boolean {
	const batch = pending.get(scope)?.get(key);
	return batch !== undefined && batch !== except;
}

interface AnsweredResponse {
	statusCode: number;
	headersSent: boolean;
	writableFinished: boolean;
	once(event: 'finish' | 'close', listener: () => void): unknown;
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/**
 * Calls `outcome` once with whether n8n started the execution, read from n8n's answer to the
 * request that handed it the items: 2xx -> started. When the caller hangs up before n8n answered,
 * the answer is still written (and its status set), only not delivered: it is looked for until
 * ANSWER_POLL_LIMIT_MS, then the execution counts as not started.
 */
export function whenAnswered(res: AnsweredResponse, outcome: (started: boolean) => void): void {
	let told = false;
	const tell = (started: boolean) => {
		if (told) return;
		told = true;
		outcome(started);
	};
	res.once('finish', () => tell(isSuccess(res.statusCode)));
	res.once('close', () => {
		if (res.writableFinished || told) return;
		void (async () => {
			for (let waited = 0; waited < ANSWER_POLL_LIMIT_MS && !res.headersSent; waited += ANSWER_POLL_MS) {
				await sleep(ANSWER_POLL_MS);
			}
			tell(res.headersSent && isSuccess(res.statusCode));
		})();
	});
}

/** Settles `batch` with n8n's answer to the leader's request (whenAnswered). */
export function settleWithAnswer(batch: Batch, res: AnsweredResponse, giveBack: (key: string) => void): void {
	whenAnswered(res, (started) => settleBatch(batch, started, giveBack));
}

/** Forgets every open and pending batch (tests: a fresh process). */
export function resetBatches(): void {
	open.clear();
	pending.clear();
}
