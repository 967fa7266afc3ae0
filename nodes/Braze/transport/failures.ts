/**
 * The classes of failed attempts and the rule of each: whether Braze may have applied the
 * request, whether the attempt counts toward Max Attempts, and whether it is sent again.
 * docs/braze-node.md ("Errors, retries and rate limits") shows this table; the client reads it
 * for every decision, so the table is the behaviour.
 */

export type FailureClass =
	/** The request provably never reached Braze: connection refused, DNS, TLS handshake, the credential refused to send. */
	| 'unsent'
	/** 429: Braze refused the request unprocessed until the window resets. */
	| 'rateLimited'
	/** Another 4xx: Braze refused the request as a whole before processing it. */
	| 'refused'
	/** 5xx, a timeout or a reset after the body went out, an answer that could not be read. */
	| 'uncertain';

export interface FailureRule {
	/** Braze may have applied the request (its objects may be in Braze). */
	mayHaveApplied: boolean;
	/** The attempt counts toward Max Attempts. */
	countsAsAttempt: boolean;
	/**
	 * `always`: sent again (after a backoff); `afterReset`: sent again once the rate-limit window
	 * reset (waits count toward Max Rate-Limit Wait); `byContent`: what is safe to write twice is
	 * sent again, custom events, purchases and increments follow "Event Delivery Guarantee";
	 * `never`.
	 */
	retry: 'always' | 'afterReset' | 'byContent' | 'never';
}

export const FAILURE_RULES: Record<FailureClass, FailureRule> = {
	unsent: { mayHaveApplied: false, countsAsAttempt: true, retry: 'always' },
	rateLimited: { mayHaveApplied: false, countsAsAttempt: false, retry: 'afterReset' },
	refused: { mayHaveApplied: false, countsAsAttempt: true, retry: 'never' },
	uncertain: { mayHaveApplied: true, countsAsAttempt: true, retry: 'byContent' },
};

/** The class of an HTTP answer that is not 2xx. */
export function statusClass(statusCode: number): FailureClass {
	if (statusCode === 429) return 'rateLimited';
	if (statusCode >= 400 && statusCode < 500) return 'refused';
	return 'uncertain';
}

/** Name resolution failed: no connection was opened. */
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);

/** The server's certificate was refused during the TLS handshake, before any request byte. */
const CERTIFICATE_CODES = new Set([
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_REVOKED',
	'CERT_UNTRUSTED',
	'CERT_REJECTED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface ErrorChainLink {
	code?: unknown;
	syscall?: unknown;
	message?: unknown;
	cause?: unknown;
}

/** The error and its causes (n8n wraps axios' error, which wraps Node's), outermost first. */
function chain(error: unknown): ErrorChainLink[] {
	const links: ErrorChainLink[] = [];
	let current = error as ErrorChainLink | undefined;
	while (current && typeof current === 'object' && links.length < 5) {
		links.push(current);
		current = current.cause as ErrorChainLink | undefined;
	}
	return links;
}

/**
 * The class of an attempt that got no HTTP answer. Conservative: only errors that prove the
 * request never reached Braze are `unsent`; a timeout, a reset or an unreadable answer may come
 * after Braze processed the request, so they are `uncertain`.
 */
export function thrownClass(error: unknown): FailureClass {
	for (const link of chain(error)) {
		const code = typeof link.code === 'string' ? link.code : '';
		const message = typeof link.message === 'string' ? link.message : '';
		if (code === 'ECONNREFUSED' || DNS_CODES.has(code) || CERTIFICATE_CODES.has(code)) return 'unsent';
		// Node names the step that failed: no connection, so no request byte left.
		if (link.syscall === 'connect' || link.syscall === 'getaddrinfo') return 'unsent';
		if (code === 'EPROTO' && /handshake/i.test(message)) return 'unsent';
	}
	return 'uncertain';
}
