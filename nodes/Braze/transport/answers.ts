import type { IDataObject } from 'n8n-workflow';

import { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import type { BrazeRateLimit } from './types';

/** What Braze's answers (and failures to get one) mean, in words a user can act on. */

const UNAUTHORIZED_CAUSES =
	'Usual causes: the key is wrong or was deleted; the key belongs to another Braze instance than the one set in the credential (for example an EU key sent to a US host); or the key was pasted with extra quotes or spaces.';

/** Braze may echo a header back in an error: never let a key through. */
export function redact(text: string): string {
	return text.replace(/Bearer\s+[^\s"',}]+/gi, 'Bearer [redacted]');
}

/** The JSON body of an answer; a non-JSON body (an HTML 502 page) becomes its message. */
export function parseBody(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	if (typeof body === 'string' && body.trim() !== '') {
		try {
			const parsed = JSON.parse(body);
			if (parsed && typeof parsed === 'object') return parsed as IDataObject;
		} catch {
			return { message: body.slice(0, 500) };
		}
	}
	return {};
}

function headerNumber(headers: IDataObject, name: string): number | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) {
			const n = Number(Array.isArray(value) ? value[0] : value);
			return Number.isFinite(n) ? n : undefined;
		}
	}
	return undefined;
}

/** X-RateLimit-* of an answer (header names in any case: lower-case under HTTP/2). */
export function readRateLimit(headers: IDataObject): BrazeRateLimit {
	return {
		limit: headerNumber(headers, 'x-ratelimit-limit'),
		remaining: headerNumber(headers, 'x-ratelimit-remaining'),
		reset: headerNumber(headers, 'x-ratelimit-reset'),
	};
}

/** Why Braze refused a request, from its status and body (Braze docs: api/errors). */
export function httpFailure(
	statusCode: number,
	body: IDataObject,
	environment: BrazeEnvironment,
	path: string,
): BrazeItemError {
	const brazeMessage =
		typeof body?.message === 'string' && body.message !== '' ? redact(body.message).replace(/\.+$/, '') : undefined;
	const errors = Array.isArray(body?.errors) ? (body.errors as unknown[]) : [];
	const detail = errors.length ? ` Braze errors: ${redact(JSON.stringify(errors)).slice(0, 500)}` : '';
	const said = brazeMessage ? `: ${brazeMessage}` : '';
	let message: string;
	if (statusCode === 401) {
		message = `Braze rejected the ${environment} REST API key (401${said}). ${UNAUTHORIZED_CAUSES}`;
	} else if (statusCode === 403) {
		message = /forbidden/i.test(brazeMessage ?? '')
			? `Braze refused ${path} (403: ${brazeMessage}): the plan or account does not allow this call.`
			: `Braze refused ${path} (403${said}): the ${environment} REST API key lacks the permission for this endpoint. Add it under Settings > APIs and Identifiers > API Keys.`;
	} else if (statusCode === 429) {
		message = `Braze rate limit exceeded on ${path} (429${said}).`;
	} else if (statusCode >= 500) {
		message = `Braze failed on ${path} with HTTP ${statusCode}${brazeMessage ? ` (${brazeMessage})` : ''}.`;
	} else {
		message = `Braze rejected ${path} with HTTP ${statusCode}${said}.`;
	}
	return new BrazeItemError({
		kind: statusCode === 429 ? 'rateLimit' : 'http',
		reason: message + detail,
		httpCode: statusCode,
		brazeError: brazeMessage,
	});
}

/**
 * Why a request got no answer: a network error, or the credential refusing to send (its
 * errors start with "Braze API credential"), which no retry can mend.
 */
export function thrownFailure(error: unknown, path: string): BrazeItemError {
	const err = error as { message?: string; cause?: { code?: string; message?: string }; code?: string };
	const inner = err?.cause ?? {};
	const text = redact(String(inner.message ?? err?.message ?? 'unknown error'));
	const outer = redact(String(err?.message));
	if (/Braze API credential/.test(text) || /Braze API credential/.test(outer)) {
		return new BrazeItemError({ kind: 'configuration', reason: /Braze API credential/.test(text) ? text : outer });
	}
	const code = inner.code ?? err?.code;
	return new BrazeItemError({
		kind: 'network',
		reason: `Network error calling Braze ${path}${code ? ` (${code})` : ''}: ${text}`,
	});
}

/**
 * A request not sent (or not sent again) because waiting for its rate-limit window would take
 * the execution beyond Max Rate-Limit Wait. Braze applied nothing of it.
 */
export function rateLimitBudgetFailure(path: string, maxWaitSeconds: number, last?: BrazeItemError): BrazeItemError {
	const reason = `Braze rate limit on ${path}: waiting for the next window would take this execution beyond Max Rate-Limit Wait (${maxWaitSeconds} s in all), so the request was not sent${last ? ` again (last answer: ${last.reason.replace(/\.+$/, '')})` : ''}. Raise Max Rate-Limit Wait or spread the items over several executions.`;
	return new BrazeItemError({ kind: 'rateLimit', reason, httpCode: last?.httpCode, brazeError: last?.brazeError });
}
