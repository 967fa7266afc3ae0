import { createHash, randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * Bounded, time-windowed "seen" set for Extole event ids. Accepting a request costs O(1)
 * amortized whatever the capacity.
 *
 * Where the state lives:
 * - The authority is an in-memory map per process, per workflow, node and execution mode
 *   (production URL and test URL are kept apart). `acceptOnce` is synchronous, so two
 *   identical requests handled by the same process at the same moment cannot both pass: the
 *   second one sees the mark the first one set (Node.js runs one JavaScript callback at a time
 *   and there is no `await` between the check and the mark). The map is in insertion order,
 *   which is age order: expired and surplus ids are dropped from the old end, each id once.
 * - Optionally the most recent ids are also kept in the workflow's static data, in a ring of at
 *   most PERSIST_LIMIT slots: each accepted id overwrites one slot, so a request rewrites at most
 *   two chunks of CHUNK_SIZE slots (the id's and the one before it, see saveOne), never the whole
 *   store. n8n gives each request its own copy of the static data and saves it after the
 *   execution started, last write wins: the chunks come from this process's mirror of the ring,
 *   and go into every copy of a request still in flight (holdCopy), so the copy saved last holds
 *   every id accepted before it. The chunks are JSON text, not nested objects: n8n wraps every
 *   nested object of the static data in a change-tracking proxy when it loads it and serialises
 *   through those proxies when it saves it, which costs far more for a thousand array elements
 *   than for ten strings (bench/dedup.js). n8n loads the static data from
 *   the database for each production webhook request and saves it after the request, so the ring
 *   survives restarts of a single n8n process. A token in the ring says which process wrote it
 *   last: a process merges the ring into memory only when another one (or its own earlier life)
 *   wrote it. It is not a lock: several webhook processes (queue mode) each keep their own
 *   memory, and two copies that reach two processes at the same moment both pass.
 */

export interface DedupSettings {
	/** Window in milliseconds; a repeat within it is a duplicate. */
	windowMs: number;
	/** Maximum number of ids remembered; the oldest are forgotten first. */
	capacity: number;
	/** Whether to keep the most recent ids in the workflow's static data too. */
	persist: boolean;
}

export const DEFAULT_WINDOW_HOURS = 24;
export const DEFAULT_CAPACITY = 10000;
/** Most ids remembered per trigger: about 12 to 16 MB of memory (120 to 160 bytes an id). */
export const MAX_CAPACITY = 100000;
/** Most ids kept in workflow static data (n8n saves the whole static data after each change). */
export const PERSIST_LIMIT = 1000;
/** Slots per chunk of the persisted ring: what one request rewrites. */
const CHUNK_SIZE = 100;
const RING_KEY = 'dedupRing';
/** The format before the ring: every persisted id and its expiry in one object. */
const LEGACY_KEY = 'seenEventIds';

interface ScopeStore {
	/** dedup key -> expiry time in ms, oldest first. */
	seen: Map<string, number>;
	/** Token of the ring this process last wrote or merged for the scope. */
	ringToken?: string;
	/**
	 * This process's copy of the persisted ring, slot for slot: what a request writes into its
	 * static data comes from here, not from the copy n8n loaded for that request (see saveOne).
	 */
	mirror?: Mirror;
}

/** The ring's slots in ring order (not oldest first) and the slot the next id goes to. */
interface Mirror {
	size: number;
	next: number;
	slots: Slot[];
}

/** One slot: a dedup key and its expiry, or null while empty. */
type Slot = [string, number] | null;

interface Ring extends IDataObject {
	token: string;
	/** Number of slots. */
	size: number;
	/** The slot the next id is written to; the oldest id sits there. */
	next: number;
	/** JSON text of the slots, CHUNK_SIZE per chunk. */
	chunks: string[];
}

const stores = new Map<string, ScopeStore>();
let PROCESS_TOKEN = randomBytes(6).toString('hex');
let writes = 0;

function storeFor(scope: string): ScopeStore {
	let store = stores.get(scope);
	if (!store) {
		store = { seen: new Map() };
		stores.set(scope, store);
	}
	return store;
}

/** The trigger's Options as dedup settings; undefined when deduplication is off. */
export function dedupSettings(options: IDataObject): DedupSettings | undefined {
	if (options.deduplicate === false) return undefined;
	const hours = typeof options.dedupWindowHours === 'number' ? options.dedupWindowHours : DEFAULT_WINDOW_HOURS;
	const windowMs = Math.max(0, hours) * 3600 * 1000;
	if (!(windowMs > 0)) return undefined;
	const capacity = typeof options.dedupCapacity === 'number' ? options.dedupCapacity : DEFAULT_CAPACITY;
	return {
		windowMs,
		capacity: Math.min(MAX_CAPACITY, Math.max(1, Math.floor(capacity))),
		persist: options.persistDedup !== false,
	};
}

/**
 * The key an event is deduplicated on: its `event_id`, or, when it has none, a SHA-256 of the
 * content as received (Extole's retries resend the same bytes, so a retried copy still matches).
 */
export function dedupKey(eventId: string | null, content: Buffer): string {
	if (eventId !== null && eventId !== '') return `id:${eventId}`;
	return `body:${createHash('sha256').update(content).digest('hex')}`;
}

/**
 * Drops expired ids from the old end and the oldest beyond `capacity`. Stops at the first live
 * id, so each id is visited once in its life. (An id merged from static data, or kept under an
 * older window setting, may sit behind younger ones and wait its turn; lookups compare its
 * expiry, so it still counts as unseen once expired.)
 */
function prune(seen: Map<string, number>, now: number, capacity: number): void {
	for (const [key, expiresAt] of seen) {
		if (expiresAt > now && seen.size <= capacity) break;
		seen.delete(key);
	}
}

/** The atomic check-and-mark: true (and marked) when `key` was not seen within the window. */
function checkAndMark(store: ScopeStore, key: string, settings: DedupSettings, now: number): boolean {
	const expiresAt = store.seen.get(key);
	if (expiresAt !== undefined && expiresAt > now) return false;
	if (expiresAt !== undefined) store.seen.delete(key);
	store.seen.set(key, now + settings.windowMs);
	prune(store.seen, now, Math.max(1, settings.capacity));
	return true;
}

function ringOf(staticData: IDataObject): Ring | undefined {
	const ring = staticData[RING_KEY] as Ring | undefined;
	if (typeof ring !== 'object' || ring === null || Array.isArray(ring)) return undefined;
	if (typeof ring.size !== 'number' || typeof ring.next !== 'number' || !Array.isArray(ring.chunks)) return undefined;
	if (ring.size < 1 || ring.chunks.length !== Math.ceil(ring.size / CHUNK_SIZE) || ring.next >= ring.size) return undefined;
	return ring;
}

function parseChunk(chunk: unknown): Slot[] {
	try {
		const slots = JSON.parse(String(chunk)) as unknown;
		return Array.isArray(slots) ? (slots as Slot[]) : [];
	} catch {
		return [];
	}
}

/** The ring's slots, oldest first. */
function ringSlots(ring: Ring): Slot[] {
	const slots = ring.chunks.flatMap(parseChunk);
	return [...slots.slice(ring.next), ...slots.slice(0, ring.next)];
}

function remember(store: ScopeStore, slot: unknown, settings: DedupSettings, now: number): void {
	if (!Array.isArray(slot)) return;
	const [key, expiresAt] = slot as unknown[];
	if (typeof key !== 'string' || typeof expiresAt !== 'number' || expiresAt <= now || store.seen.has(key)) return;
	store.seen.set(key, Math.min(expiresAt, now + settings.windowMs));
}

/**
 * Merges the ids kept in static data into memory, unless this process wrote (or already merged)
 * that very ring: after a restart, or when another process handled the last request.
 */
function mergeSaved(store: ScopeStore, staticData: IDataObject, settings: DedupSettings, now: number): void {
	const legacy = staticData[LEGACY_KEY];
	if (typeof legacy === 'object' && legacy !== null && !Array.isArray(legacy)) {
		for (const entry of Object.entries(legacy as IDataObject)) remember(store, entry, settings, now);
		delete staticData[LEGACY_KEY];
	}
	const ring = ringOf(staticData);
	// A ring this process wrote holds nothing its memory lacks: a copy n8n loaded before this
	// process's latest write is not read again either.
	if (!ring || ring.token === store.ringToken || ring.token.startsWith(`${PROCESS_TOKEN}-`)) return;
	for (const slot of ringSlots(ring)) remember(store, slot, settings, now);
	store.ringToken = ring.token;
	// The ring another process (or this one's earlier life) saved is the shared state: this
	// process writes on from it, with the ids of its own it had written since (memory has them).
	const own = store.mirror;
	store.mirror = mirrorOf(ring, ring.size);
	if (own) {
		const known = new Set(store.mirror.slots.map((slot) => slot?.[0]));
		for (const slot of own.slots) if (slot && !known.has(slot[0]) && slot[1] > now) write(store.mirror, slot);
	}
	prune(store.seen, now, Math.max(1, settings.capacity));
}

/** A mirror of `size` slots holding the most recent of `slots` (oldest first), one slot free. */
function mirrorFromSlots(size: number, slots: Slot[]): Mirror {
	const live = slots.filter((slot) => slot !== null);
	const recent = live.slice(Math.max(0, live.length - (size - 1)));
	return { size, next: recent.length % size, slots: [...recent, ...new Array<Slot>(size - recent.length).fill(null)] };
}

/** The ring to keep in static data for `mirror`, every chunk written. */
function ringFromMirror(mirror: Mirror, token: string): Ring {
	const chunks: string[] = [];
	for (let i = 0; i * CHUNK_SIZE < mirror.size; i++) chunks.push(chunkText(mirror, i));
	return { token, size: mirror.size, next: mirror.next, chunks };
}

/** The mirror of a ring read from static data (a merge) or a new, empty one. */
function mirrorOf(ring: Ring | undefined, size: number): Mirror {
	if (ring && ring.size === size) {
		const slots = ring.chunks.flatMap((chunk, i) => {
			const parsed = parseChunk(chunk);
			const want = Math.min(CHUNK_SIZE, size - i * CHUNK_SIZE);
			return Array.from({ length: want }, (_, j) => (Array.isArray(parsed[j]) ? parsed[j] : null));
		});
		return { size, next: ring.next, slots };
	}
	return mirrorFromSlots(size, ring ? ringSlots(ring) : []);
}

function write(mirror: Mirror, slot: Slot): number {
	const at = mirror.next;
	mirror.slots[at] = slot;
	mirror.next = (at + 1) % mirror.size;
	return at;
}

function chunkText(mirror: Mirror, index: number): string {
	return JSON.stringify(mirror.slots.slice(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE));
}

/** Static data copies of requests in flight, per scope, that n8n has not saved yet (holdCopy). */
const liveCopies = new Map<string, Set<IDataObject>>();

/**
 * Keeps `staticData` (the copy n8n loaded for one request) up to date with every id this process
 * accepts until `release` is called, which the trigger does once n8n answered the request (n8n
 * saves that copy just before it answers). n8n saves each request's copy as a whole, last write
 * wins; without this, a copy saved last would lack the ids other requests accepted after it was
 * loaded, and a restart (or another webhook process) would not know them.
 */
export function holdCopy(scope: string, staticData: IDataObject): () => void {
	let copies = liveCopies.get(scope);
	if (!copies) {
		copies = new Set();
		liveCopies.set(scope, copies);
	}
	copies.add(staticData);
	return () => {
		const held = liveCopies.get(scope);
		held?.delete(staticData);
		if (held?.size === 0) liveCopies.delete(scope);
	};
}

/** Writes the mirror's chunks `indices` (all of them when the copy has no ring of that size). */
function writeChunks(staticData: IDataObject, mirror: Mirror, indices: number[], token: string): void {
	const ring = ringOf(staticData);
	if (!ring || ring.size !== mirror.size) {
		staticData[RING_KEY] = ringFromMirror(mirror, token);
		return;
	}
	for (const i of indices) ring.chunks[i] = chunkText(mirror, i);
	ring.next = mirror.next;
	ring.token = token;
}

/**
 * Writes one id into the ring: the chunk it goes into and the one before it (at most two chunks,
 * whatever the capacity), taken from this process's mirror, which holds every id it accepted,
 * into this request's copy and into every copy still held (holdCopy). A copy that n8n loaded
 * before other requests were accepted thus still holds their ids when it is saved last.
 */
function saveOne(scope: string, store: ScopeStore, staticData: IDataObject, key: string, expiresAt: number, settings: DedupSettings): void {
	const size = Math.min(PERSIST_LIMIT, Math.max(1, settings.capacity));
	if (!store.mirror || store.mirror.size !== size) store.mirror = mirrorOf(ringOf(staticData), size);
	const mirror = store.mirror;
	const at = write(mirror, [key, expiresAt]);
	const chunks = Math.ceil(size / CHUNK_SIZE);
	const current = Math.floor(at / CHUNK_SIZE);
	const indices = [...new Set([current, (current - 1 + chunks) % chunks])];
	const token = `${PROCESS_TOKEN}-${++writes}`;
	writeChunks(staticData, mirror, indices, token);
	for (const copy of liveCopies.get(scope) ?? []) if (copy !== staticData) writeChunks(copy, mirror, indices, token);
	store.ringToken = token;
}

/**
 * Accepts an event once within the window: false when its key was seen, else marks it (and,
 * with `staticData`, keeps it there too) and returns true. No `await` inside: this is the
 * atomic check-and-mark.
 */
export function acceptOnce(
	scope: string,
	eventId: string | null,
	content: Buffer,
	settings: DedupSettings,
	staticData?: IDataObject,
	now = Date.now(),
	saveNow = true,
): boolean {
	const store = storeFor(scope);
	if (staticData) mergeSaved(store, staticData, settings, now);
	const key = dedupKey(eventId, content);
	if (!checkAndMark(store, key, settings, now)) return false;
	if (staticData && saveNow) saveOne(scope, store, staticData, key, now + settings.windowMs, settings);
	return true;
}

/**
 * Unmarks `key` (an event whose execution could not be started is given back, so that Extole's
 * retry is accepted): in memory and in the mirror the next saves write from. Static data copies
 * already saved keep it until a later save overwrites its chunk; a batch's ids reach static data
 * only with its start (saveRecent).
 */
export function forget(scope: string, key: string): void {
	const store = stores.get(scope);
	if (!store) return;
	store.seen.delete(key);
	const slots = store.mirror?.slots ?? [];
	for (let i = 0; i < slots.length; i++) if (slots[i]?.[0] === key) slots[i] = null;
}

/**
 * Writes the most recent ids of memory into the static data as a new ring (batching: once per
 * execution, not once per event), leaving out those `skip` says (ids of batches not started yet,
 * which may still be given back). Several requests in flight each save their own copy of the
 * static data, last write wins; writing what memory holds, not one id, makes any of those copies
 * complete up to its moment.
 */
export function saveRecent(scope: string, staticData: IDataObject, settings: DedupSettings, skip: (key: string) => boolean, now = Date.now()): void {
	const store = storeFor(scope);
	prune(store.seen, now, Math.max(1, settings.capacity));
	const size = Math.min(PERSIST_LIMIT, Math.max(1, settings.capacity));
	const recent: Slot[] = [];
	for (const [key, expiresAt] of store.seen) {
		if (!skip(key)) recent.push([key, expiresAt]);
	}
	store.mirror = mirrorFromSlots(size, recent);
	const ring = ringFromMirror(store.mirror, `${PROCESS_TOKEN}-${++writes}`);
	staticData[RING_KEY] = ring;
	store.ringToken = ring.token;
}

/** Forgets everything (tests: a fresh process). */
export function resetDedup(): void {
	stores.clear();
	liveCopies.clear();
	PROCESS_TOKEN = randomBytes(6).toString('hex');
}

/** Number of ids remembered for a scope (tests, diagnostics). */
export function seenCount(scope: string): number {
	return stores.get(scope)?.seen.size ?? 0;
}
