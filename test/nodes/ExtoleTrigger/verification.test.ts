/** The compiled signature and key checks (verification.js), constant-time. */
import { createHmac } from 'crypto';

import {
	missingHeader,
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

describe('missingHeader (the check made before any key is loaded)', () => {
	it.each([
		['signature', {}, 'missing signature'],
		['signature', { 'x-extole-signature': '  ' }, 'missing signature'],
		['bearer', {}, 'missing authorization'],
		['basic', { authorization: '' }, 'missing authorization'],
	])('%s without its header: %s', (mode, headers, reason) => {
		expect(missingHeader(mode as never, headers)).toEqual({ ok: false, reason });
	});

	it.each([
		['signature', { 'x-extole-signature': 'abc' }],
		['bearer', { authorization: 'Bearer x' }],
		['basic', { authorization: 'Basic eA==' }],
		['none', {}],
	])('%s with its header (or none needed): undefined, the key decides', (mode, headers) => {
		expect(missingHeader(mode as never, headers)).toBeUndefined();
	});
});
