import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * Bounded, time-windowed "seen" set for Extole event ids.
 *
 * Where the state lives:
 * - The authority is an in-memory map per process, per workflow, node and execution mode
 *   (production URL and test URL are kept apart). `checkAndMark` is synchronous, so two
 *   identical requests handled by the same process at the same moment cannot both pass: the
 *   second one sees the mark the first one set (Node.js runs one JavaScript callback at a time
 *   and there is no `await` between the check and the mark).
 * - Optionally the most recent ids are mirrored into the workflow's static data. n8n loads the
 *   static data from the database for each production webhook request and saves it after the
 *   request, so the mirror survives restarts of a single n8n process. It is merged back into
 *   memory on each request. It is not a lock: several webhook processes (queue mode) each keep
 *   their own memory, and two copies that reach two processes at the same moment both pass.
 */

export interface DedupSettings {
	/** Window in milliseconds; a repeat within it is a duplicate. */
	windowMs: number;
	/** Maximum number of ids remembered; the oldest are forgotten first. */
	capacity: number;
}

export const DEFAULT_WINDOW_HOURS = 24;
export const DEFAULT_CAPACITY = 10000;
/** Most ids copied into workflow static data (keeps the saved workflow small). */
export const PERSIST_LIMIT = 1000;
const STATIC_KEY = 'seenEventIds';

/** scope -> (dedup key -> expiry time in ms). Map order is insertion order = age order. */
const stores = new Map<string, Map<string, number>>();

function storeFor(scope: string): Map<string, number> {
	let store = stores.get(scope);
	if (!store) {
		store = new Map();
		stores.set(scope, store);
	}
	return store;
}

/**
 * Drops expired ids from the old end and the oldest beyond `capacity`. Runs on every request, so
 * it stops at the first live id instead of scanning the whole map: ids are kept oldest-first and,
 * for a fixed window, expire in that order. (After the window setting changes, an expired id
 * behind a live one waits its turn; lookups compare its expiry, so it still counts as unseen.)
 */
function prune(store: Map<string, number>, now: number, capacity: number): void {
	for (const [key, expiresAt] of store) {
		if (expiresAt > now && store.size <= capacity) break;
		store.delete(key);
	}
}

/**
 * The key an event is deduplicated on: its `event_id`, or, when it has none, a SHA-256 of the
 * raw body (Extole's retries resend the same bytes, so a retried copy still matches).
 */
export function dedupKey(eventId: string | null, rawBody: Buffer): string {
	if (eventId !== null && eventId !== '') return `id:${eventId}`;
	return `body:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/**
 * Marks `key` as seen and returns true, or returns false when it was already seen within the
 * window. Synchronous on purpose: this is the atomic check-and-mark.
 */
export function checkAndMark(scope: string, key: string, settings: DedupSettings, now = Date.now()): boolean {
	const store = storeFor(scope);
	const expiresAt = store.get(key);
	if (expiresAt !== undefined && expiresAt > now) return false;
	if (expiresAt !== undefined) store.delete(key);
	store.set(key, now + settings.windowMs);
	prune(store, now, Math.max(1, settings.capacity));
	return true;
}

/** Merges ids saved in static data into memory (after a restart, or from another process). */
export function loadFromStaticData(scope: string, staticData: IDataObject, settings: DedupSettings, now = Date.now()): void {
	const saved = staticData[STATIC_KEY];
	if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return;
	const store = storeFor(scope);
	const entries = Object.entries(saved as IDataObject)
		.filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > now)
		.filter(([key]) => !store.has(key))
		.sort((a, b) => a[1] - b[1]);
	if (entries.length === 0) return;
	// Rebuild so that the order stays oldest-first.
	const merged = [...entries, ...store.entries()].sort((a, b) => a[1] - b[1]);
	store.clear();
	for (const [key, expiresAt] of merged) store.set(key, Math.min(expiresAt, now + settings.windowMs));
	prune(store, now, Math.max(1, settings.capacity));
}

/** Writes the most recent ids (up to PERSIST_LIMIT) into static data. */
export function saveToStaticData(scope: string, staticData: IDataObject): void {
	const store = storeFor(scope);
	const recent = [...store.entries()].slice(-PERSIST_LIMIT);
	const saved: IDataObject = {};
	for (const [key, expiresAt] of recent) saved[key] = expiresAt;
	staticData[STATIC_KEY] = saved;
}

/** Forgets everything (tests). */
export function resetDedup(): void {
	stores.clear();
}

/** Number of ids remembered for a scope (tests, diagnostics). */
export function seenCount(scope: string): number {
	return stores.get(scope)?.size ?? 0;
}
