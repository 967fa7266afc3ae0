import type { BrazeTransportOptions } from './options';
import type { RateLimitWindows } from './rateLimit';

/** Why one attempt failed, as far as sending it again is concerned. */
export type AttemptFailure =
	/** 429: the window is used up until `reset` (epoch seconds). */
	| { kind: 'rateLimited'; reset?: number }
	/** 5xx. */
	| { kind: 'serverError' }
	/** No answer: refused, reset or timed out connection, DNS. */
	| { kind: 'network' }
	/** Another 4xx: Braze refused the request as it is; sending it again changes nothing. */
	| { kind: 'rejected' };

export type NextStep = { retry: false } | { retry: true; waitMs: number };

const MAX_BACKOFF_MS = 30000;

/** Exponential backoff from Initial Retry Delay, with full jitter in [delay/2, delay]. */
export function backoffMs(options: BrazeTransportOptions, attempt: number): number {
	const delay = Math.min(MAX_BACKOFF_MS, options.initialRetryDelayMs * 2 ** (attempt - 1));
	return Math.round(delay / 2 + Math.random() * (delay / 2));
}

/**
 * What to do after attempt number `attempt` failed: every failure but a rejection is retried
 * until Max Attempts; a 429 waits for the window's reset (or backs off when Braze gave none),
 * the others back off.
 */
export function nextStep(
	failure: AttemptFailure,
	attempt: number,
	options: BrazeTransportOptions,
	windows: RateLimitWindows,
): NextStep {
	if (failure.kind === 'rejected' || attempt >= options.maxAttempts) return { retry: false };
	if (failure.kind === 'rateLimited') {
		const waitMs =
			failure.reset === undefined
				? Math.min(windows.maxWaitMs, backoffMs(options, attempt))
				: windows.untilReset(failure.reset);
		return { retry: true, waitMs };
	}
	return { retry: true, waitMs: backoffMs(options, attempt) };
}
