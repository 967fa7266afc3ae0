/**
 * The compiled dedup store (dedup.js): the atomic check-and-mark, window, capacity and its
 * maximum, and what each accepted request writes to (and reads from) workflow static data.
 * Its cost per request is measured by bench/dedup.js, not timed here.
 */
import {
	acceptOnce,
	dedupKey,
	dedupSettings,
	DEFAULT_CAPACITY,
	forget,
	holdCopy,
	MAX_CAPACITY,
	PERSIST_LIMIT,
	resetDedup,
	seenCount,
} from '../../../dist/nodes/ExtoleTrigger/dedup';

type Settings = { windowMs: number; capacity: number; persist: boolean };
const body = Buffer.from('{"event_name":"shared","event_id":"1"}');
const accept = (scope: string, id: string, settings: Settings, now: number, staticData?: Record<string, unknown>) =>
	acceptOnce(scope, id, body, settings, staticData as never, now);

beforeEach(() => resetDedup());

describe('keys', () => {
	it('are the event_id, or a hash of the exact content', () => {
		expect(dedupKey('e1', body)).toBe('id:e1');
		expect(dedupKey(null, body)).toMatch(/^body:[0-9a-f]{64}$/);
		expect(dedupKey(null, body)).toBe(dedupKey('', Buffer.from(body)));
		expect(dedupKey(null, body)).not.toBe(dedupKey(null, Buffer.from(' ' + body.toString())));
	});
});

describe('in memory', () => {
	const settings = { windowMs: 1000, capacity: 3, persist: false };

	it('sees a repeat within the window and forgets it after', () => {
		expect(accept('s', 'a', settings, 0)).toBe(true);
		expect(accept('s', 'a', settings, 999)).toBe(false);
		expect(accept('s', 'a', settings, 1000)).toBe(true);
	});

	it('keeps scopes apart', () => {
		expect(accept('s1', 'a', settings, 0)).toBe(true);
		expect(accept('s2', 'a', settings, 0)).toBe(true);
	});

	it('is bounded: the oldest ids are forgotten first', () => {
		for (const k of ['a', 'b', 'c', 'd']) accept('s', k, settings, 0);
		expect(seenCount('s')).toBe(3);
		expect(accept('s', 'b', settings, 1)).toBe(false);
		expect(accept('s', 'a', settings, 1)).toBe(true);
	});

	it('drops expired ids as new ones come', () => {
		for (let i = 0; i < 3; i++) accept('s', `old-${i}`, settings, 0);
		accept('s', 'new', settings, 5000);
		expect(seenCount('s')).toBe(1);
	});
});

describe('settings from the Options', () => {
	it('default to a 24-hour window, 10,000 ids, persisted', () => {
		expect(dedupSettings({})).toEqual({ windowMs: 24 * 3600 * 1000, capacity: DEFAULT_CAPACITY, persist: true });
	});

	it(`cap the capacity at ${MAX_CAPACITY} and keep it at least 1`, () => {
		expect(dedupSettings({ dedupCapacity: 10_000_000 })?.capacity).toBe(MAX_CAPACITY);
		expect(dedupSettings({ dedupCapacity: 0 })?.capacity).toBe(1);
	});

	it('are off when deduplication is off or the window is 0', () => {
		expect(dedupSettings({ deduplicate: false })).toBeUndefined();
		expect(dedupSettings({ dedupWindowHours: 0 })).toBeUndefined();
	});
});

describe('in workflow static data', () => {
	const settings = { windowMs: 1000, capacity: 50_000, persist: true };
	type Ring = { chunks: string[]; size: number; next: number; token: string };
	const ring = (staticData: Record<string, unknown>) => staticData.dedupRing as Ring;
	/** The ring's keys, slot by slot ('' for an empty slot). */
	const keys = (staticData: Record<string, unknown>) =>
		ring(staticData).chunks.flatMap((c) => JSON.parse(c) as Array<[string, number] | null>).map((slot) => slot?.[0] ?? '');

	it(`keeps the most recent ${PERSIST_LIMIT} ids in a ring of that many slots, as JSON text in chunks`, () => {
		const staticData: Record<string, unknown> = {};
		for (let i = 0; i < PERSIST_LIMIT + 10; i++) accept('p', `k${i}`, settings, 0, staticData);
		expect(keys(staticData)).toHaveLength(PERSIST_LIMIT);
		expect(ring(staticData).chunks.every((c) => typeof c === 'string')).toBe(true);
		expect(keys(staticData)).toContain(`id:k${PERSIST_LIMIT + 9}`);
		expect(keys(staticData)).not.toContain('id:k0');
	});

	it('rewrites one chunk per accepted request (one slot in it), never the whole store', () => {
		const staticData: Record<string, unknown> = {};
		for (let i = 0; i < 20_000; i++) accept('p', `k${i}`, settings, 0, staticData);
		const chunksBefore = [...ring(staticData).chunks];
		const before = keys(staticData);
		accept('p', 'one-more', settings, 0, staticData);
		const after = keys(staticData);
		expect(after.filter((k, i) => k !== before[i])).toEqual(['id:one-more']);
		expect(ring(staticData).chunks.filter((c, i) => c !== chunksBefore[i])).toHaveLength(1);
		expect(accept('p', 'k19999', settings, 0, staticData)).toBe(false); // a duplicate writes nothing
		expect(keys(staticData)).toEqual(after);
	});

	it('is not read back by the process that wrote it last', () => {
		const staticData: Record<string, unknown> = {};
		accept('p', 'first', settings, 0, staticData);
		const reads: string[] = [];
		ring(staticData).chunks = new Proxy(ring(staticData).chunks, {
			get(target, name, receiver) {
				if (typeof name === 'string' && /^\d+$/.test(name)) reads.push(name);
				return Reflect.get(target, name, receiver);
			},
		});
		accept('p', 'second', settings, 0, staticData);
		expect(reads).toEqual([]); // the chunks it writes come from the process's own copy
	});

	it("keeps every id when requests in flight together each save their own copy (n8n's last write wins)", () => {
		const saved: Record<string, unknown> = {};
		accept('p', 'before', settings, 0, saved);
		// n8n loads a copy of the static data per request and saves it after the start
		const copy = () => JSON.parse(JSON.stringify(saved)) as Record<string, unknown>;
		const copies = [copy(), copy(), copy()];
		// as the trigger does: each copy is held until n8n has saved it (it answers right after)
		const releases = ['x', 'y', 'z'].map((id, i) => {
			accept('p', id, settings, 0, copies[i]);
			return holdCopy('p', copies[i] as never);
		});
		releases.forEach((release) => release());
		const lastSaved = copies[0]; // the first request's copy happens to be saved last
		resetDedup(); // a restart: only what was saved last remains
		for (const id of ['before', 'x', 'y', 'z']) expect(accept('p', id, settings, 0, lastSaved)).toBe(false);
	});

	it('does not save again an id given back after a failed start', () => {
		const staticData: Record<string, unknown> = {};
		accept('p', 'given-back', settings, 0, staticData);
		const kept = JSON.parse(JSON.stringify(staticData)) as Record<string, unknown>;
		forget('p', dedupKey('given-back', body)); // what the trigger gives back is the dedup key
		accept('p', 'next', settings, 0, kept);
		expect(keys(kept)).not.toContain('id:given-back');
		expect(keys(kept)).toContain('id:next');
	});

	it('is merged into memory after a restart, live ids only', () => {
		const staticData: Record<string, unknown> = {};
		accept('p', 'a', settings, 0, staticData);
		accept('p', 'b', settings, 900, staticData);
		resetDedup(); // a new process
		expect(accept('p', 'b', settings, 950, staticData)).toBe(false);
		expect(accept('p', 'a', settings, 1000, staticData)).toBe(true); // expired at 1000
	});

	it("is merged when another process wrote it since (another process's ids count as seen)", () => {
		const staticData: Record<string, unknown> = {};
		accept('p', 'mine', settings, 0, staticData);
		// Another process writes its own id: simulated by a foreign token and slot.
		const r = ring(staticData);
		const slots = JSON.parse(r.chunks[0]);
		slots[r.next] = ['id:theirs', 500];
		r.chunks[0] = JSON.stringify(slots);
		r.next += 1;
		r.token = 'other-process-1';
		expect(accept('p', 'theirs', settings, 10, staticData)).toBe(false);
	});

	it('reads the format that kept every id in one object, once, and then drops it', () => {
		const staticData: Record<string, unknown> = { seenEventIds: { 'id:legacy': 900, 'id:gone': 5, junk: 'x' } };
		expect(accept('p', 'legacy', settings, 10, staticData)).toBe(false);
		expect(accept('p', 'gone', settings, 10, staticData)).toBe(true);
		expect(staticData.seenEventIds).toBeUndefined();
	});

	it('ignores a malformed ring or chunk', () => {
		const staticData: Record<string, unknown> = { dedupRing: { chunks: 'nope', size: 5, next: 0 } };
		expect(accept('m', 'a', settings, 0, staticData)).toBe(true);
		expect(keys(staticData)).toContain('id:a');
		resetDedup();
		ring(staticData).chunks[0] = '{not json';
		ring(staticData).token = 'foreign';
		expect(accept('m', 'b', settings, 0, staticData)).toBe(true);
	});

	it('holds no more slots than the capacity, keeping the most recent when the capacity shrinks', () => {
		const staticData: Record<string, unknown> = {};
		for (const k of ['a', 'b', 'c']) accept('c', k, settings, 0, staticData);
		accept('c', 'd', { ...settings, capacity: 2 }, 0, staticData);
		expect(keys(staticData).sort()).toEqual(['id:c', 'id:d']);
		accept('c', 'e', { ...settings, capacity: 1 }, 0, staticData);
		expect(keys(staticData)).toEqual(['id:e']);
	});
});
