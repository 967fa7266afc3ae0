import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Checks of incoming Extole webhook requests. All comparisons run in constant time over
 * equal-length buffers: values are first reduced to SHA-256 digests (or, for the signature,
 * decoded from fixed-length hex) so that neither the content nor the length of the secret
 * leaks through timing.
 */

export type AuthenticationMode = 'none' | 'signature' | 'bearer' | 'basic';

export type VerificationResult = { ok: true } | { ok: false; reason: string };

export const SIGNATURE_HEADER = 'x-extole-signature';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

type HeaderValue = string | string[] | undefined;

function single(value: HeaderValue): string | undefined {
	if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
	return value;
}

function digest(value: Buffer | string): Buffer {
	return createHmac('sha256', 'extole-trigger-compare').update(value).digest();
}

/** Constant-time equality of two strings or buffers of any length. */
export function safeEqual(a: Buffer | string, b: Buffer | string): boolean {
	return timingSafeEqual(digest(a), digest(b));
}

/** Lower-case hex HMAC-SHA256 of `body` with `secret`, as Extole's HS256 keys sign. */
export function signBody(body: Buffer | string, secret: string): string {
	return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Verifies `X-Extole-Signature` over the exact bytes received. Accepts the lower-case hex
 * digest Extole sends (also with an optional `sha256=` prefix or in upper case, which carry the
 * same digest); anything that is not 64 hex digits is malformed.
 */
export function verifySignature(rawBody: Buffer, header: HeaderValue, secret: string): VerificationResult {
	const value = single(header);
	if (value === undefined || value.trim() === '') return { ok: false, reason: 'missing signature' };
	const hex = value.trim().replace(/^sha256=/i, '').toLowerCase();
	if (!HEX_SHA256.test(hex)) return { ok: false, reason: 'malformed signature' };
	const expected = createHmac('sha256', secret).update(rawBody).digest();
	const received = Buffer.from(hex, 'hex');
	if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
		return { ok: false, reason: 'signature mismatch' };
	}
	return { ok: true };
}

function parseAuthorization(header: HeaderValue, scheme: string): string | undefined | null {
	const value = single(header);
	if (value === undefined || value.trim() === '') return undefined;
	const match = /^\s*(\S+)\s+(.+?)\s*$/.exec(value);
	if (!match || match[1].toLowerCase() !== scheme) return null;
	return match[2];
}

/** `Authorization: Bearer <key>` (Extole PASSWORD keys). */
export function verifyBearer(header: HeaderValue, key: string): VerificationResult {
	const token = parseAuthorization(header, 'bearer');
	if (token === undefined) return { ok: false, reason: 'missing authorization' };
	if (token === null) return { ok: false, reason: 'malformed authorization' };
	return safeEqual(token, key) ? { ok: true } : { ok: false, reason: 'wrong key' };
}

/**
 * `Authorization: Basic <base64 of the key>` (Extole HTTP_BASIC keys). The key may itself be
 * `user:password`; the decoded value must equal it.
 */
export function verifyBasic(header: HeaderValue, key: string): VerificationResult {
	const token = parseAuthorization(header, 'basic');
	if (token === undefined) return { ok: false, reason: 'missing authorization' };
	if (token === null || !/^[A-Za-z0-9+/]+={0,2}$/.test(token) || token.length % 4 !== 0) {
		return { ok: false, reason: 'malformed authorization' };
	}
	const decoded = Buffer.from(token, 'base64');
	return safeEqual(decoded, Buffer.from(key, 'utf8')) ? { ok: true } : { ok: false, reason: 'wrong key' };
}

export interface RequestToVerify {
	rawBody: Buffer;
	headers: Record<string, HeaderValue>;
}

/**
 * The rejection a request gets before any key is loaded, when it carries no signature or
 * authorization header at all for `mode` (the common shape of scans and stray calls): undefined
 * when the header is there and the key is needed to decide.
 */
export function missingHeader(mode: AuthenticationMode, headers: Record<string, HeaderValue>): VerificationResult | undefined {
	if (mode === 'signature' && (single(headers[SIGNATURE_HEADER]) ?? '').trim() === '') {
		return { ok: false, reason: 'missing signature' };
	}
	if ((mode === 'bearer' || mode === 'basic') && (single(headers.authorization) ?? '').trim() === '') {
		return { ok: false, reason: 'missing authorization' };
	}
	return undefined;
}

export function verifyRequest(
	mode: AuthenticationMode,
	request: RequestToVerify,
	key: string | undefined,
): VerificationResult {
	if (mode === 'none') return { ok: true };
	if (key === undefined || key === '') return { ok: false, reason: 'no key configured' };
	const authorization = request.headers.authorization;
	switch (mode) {
		case 'signature':
			return verifySignature(request.rawBody, request.headers[SIGNATURE_HEADER], key);
		case 'bearer':
			return verifyBearer(authorization, key);
		case 'basic':
			return verifyBasic(authorization, key);
		default:
			return { ok: false, reason: 'unknown authentication mode' };
	}
}
