/** Unit tests of the compiled verification and dedup modules. */
import { createHmac } from 'crypto';

import {
	checkAndMark,
	dedupKey,
	loadFromStaticData,
	PERSIST_LIMIT,
	resetDedup,
	saveToStaticData,
	seenCount,
} from '../../../dist/nodes/ExtoleTrigger/dedup';
import {
	safeEqual,
	verifyBasic,
	verifyBearer,
	verifyRequest,
	verifySignature,
} from '../../../dist/nodes/ExtoleTrigger/verification';

const KEY = 'k3y-\u00e9-with-unicode';
const body = Buffer.from('{"event_name":"shared","event_id":"1"}');
const sig = createHmac('sha256', KEY).update(body).digest('hex');

describe('verifySignature', () => {
	it('accepts the lower-case hex HMAC-SHA256 of the raw body', () => {
		expect(verifySignature(body, sig, KEY)).toEqual({ ok: true });
	});
	it('accepts the same digest in upper case or with a sha256= prefix', () => {
		expect(verifySignature(body, sig.toUpperCase(), KEY).ok).toBe(true);
		expect(verifySignature(body, `sha256=${sig}`, KEY).ok).toBe(true);
	});
	it.each([
		[undefined, 'missing signature'],
		['', 'missing signature'],
		['abc', 'malformed signature'],
		[sig.slice(0, 63) + 'g', 'malformed signature'],
		[sig + '00', 'malformed signature'],
		[Buffer.from(sig, 'hex').toString('base64'), 'malformed signature'],
		[[sig, sig], 'missing signature'],
		['0'.repeat(64), 'signature mismatch'],
	])('rejects %p (%s)', (header, reason) => {
		expect(verifySignature(body, header as string, KEY)).toEqual({ ok: false, reason });
	});
	it('rejects a signature made with another key or over other bytes', () => {
		expect(verifySignature(body, createHmac('sha256', 'other').update(body).digest('hex'), KEY).ok).toBe(false);
		expect(verifySignature(Buffer.concat([body, Buffer.from(' ')]), sig, KEY).ok).toBe(false);
	});
});

describe('verifyBearer / verifyBasic', () => {
	it('accept the right key, any scheme case', () => {
		expect(verifyBearer(`Bearer ${KEY}`, KEY).ok).toBe(true);
		expect(verifyBearer(`bearer ${KEY}`, KEY).ok).toBe(true);
		expect(verifyBasic(`Basic ${Buffer.from(KEY).toString('base64')}`, KEY).ok).toBe(true);
	});
	it.each([
		[undefined, 'missing authorization'],
		['', 'missing authorization'],
		['Token abc', 'malformed authorization'],
		['Bearer', 'malformed authorization'],
		[`Bearer ${KEY}-`, 'wrong key'],
	])('bearer rejects %p (%s)', (header, reason) => {
		expect(verifyBearer(header, KEY)).toEqual({ ok: false, reason });
	});
	it.each([
		[undefined, 'missing authorization'],
		['Basic', 'malformed authorization'],
		['Basic !!!!', 'malformed authorization'],
		['Basic abc', 'malformed authorization'],
		[`Basic ${Buffer.from('nope').toString('base64')}`, 'wrong key'],
	])('basic rejects %p (%s)', (header, reason) => {
		expect(verifyBasic(header, KEY)).toEqual({ ok: false, reason });
	});
	it('verifyRequest refuses every mode but none without a key', () => {
		const req = { rawBody: body, headers: { authorization: `Bearer ${KEY}`, 'x-extole-signature': sig } };
		expect(verifyRequest('signature', req, undefined).ok).toBe(false);
		expect(verifyRequest('bearer', req, '').ok).toBe(false);
		expect(verifyRequest('none', req, undefined).ok).toBe(true);
		expect(verifyRequest('signature', req, KEY).ok).toBe(true);
		expect(verifyRequest('bearer', req, KEY).ok).toBe(true);
	});
	it('safeEqual compares values of different lengths without throwing', () => {
		expect(safeEqual('a', 'a')).toBe(true);
		expect(safeEqual('a', 'ab')).toBe(false);
		expect(safeEqual(Buffer.from(''), '')).toBe(true);
	});
});

describe('dedup', () => {
	beforeEach(() => resetDedup());
	const settings = { windowMs: 1000, capacity: 3 };

	it('keys on event_id, or on a hash of the exact bytes', () => {
		expect(dedupKey('e1', body)).toBe('id:e1');
		expect(dedupKey(null, body)).toMatch(/^body:[0-9a-f]{64}$/);
		expect(dedupKey(null, body)).toBe(dedupKey('', Buffer.from(body)));
		expect(dedupKey(null, body)).not.toBe(dedupKey(null, Buffer.from(' ' + body.toString())));
	});

	it('sees a repeat within the window and forgets it after', () => {
		expect(checkAndMark('s', 'a', settings, 0)).toBe(true);
		expect(checkAndMark('s', 'a', settings, 999)).toBe(false);
		expect(checkAndMark('s', 'a', settings, 1000)).toBe(true);
	});

	it('keeps scopes apart', () => {
		expect(checkAndMark('s1', 'a', settings, 0)).toBe(true);
		expect(checkAndMark('s2', 'a', settings, 0)).toBe(true);
	});

	it('is bounded: the oldest ids are forgotten first', () => {
		for (const k of ['a', 'b', 'c', 'd']) checkAndMark('s', k, settings, 0);
		expect(seenCount('s')).toBe(3);
		expect(checkAndMark('s', 'b', settings, 1)).toBe(false);
		expect(checkAndMark('s', 'a', settings, 1)).toBe(true);
	});

	it('round-trips through static data, keeping at most PERSIST_LIMIT ids and only live ones', () => {
		const big = { windowMs: 1000, capacity: PERSIST_LIMIT + 50 };
		for (let i = 0; i < PERSIST_LIMIT + 10; i++) checkAndMark('p', `k${i}`, big, 0);
		const staticData: Record<string, unknown> = {};
		saveToStaticData('p', staticData as never);
		expect(Object.keys(staticData.seenEventIds as object)).toHaveLength(PERSIST_LIMIT);
		resetDedup();
		loadFromStaticData('p', staticData as never, big, 10);
		expect(checkAndMark('p', `k${PERSIST_LIMIT + 9}`, big, 10)).toBe(false);
		expect(checkAndMark('p', 'k0', big, 10)).toBe(true); // not persisted (oldest)
		resetDedup();
		loadFromStaticData('p', staticData as never, big, 5000); // all expired
		expect(seenCount('p')).toBe(0);
	});

	it('ignores malformed static data', () => {
		loadFromStaticData('m', { seenEventIds: 'nope' } as never, settings, 0);
		loadFromStaticData('m', { seenEventIds: { a: 'x', b: 5 } } as never, settings, 0);
		expect(seenCount('m')).toBe(1);
	});
});
