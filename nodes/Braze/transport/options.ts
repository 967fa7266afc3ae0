import type { IDataObject } from 'n8n-workflow';

/** Settings that drive batching, retries and waits (the node's "Options" collection). */
export interface BrazeTransportOptions {
	/** Attempts per request for 429, 5xx and network errors (1 = no retry). Default 5. */
	maxAttempts: number;
	/** Longest single wait for a rate-limit window (429 or Remaining = 0), seconds. Default 60. */
	maxRateLimitWaitSeconds: number;
	/** First backoff delay for 5xx/network errors, ms; doubles per attempt, with jitter. Default 500. */
	initialRetryDelayMs: number;
	/** Most objects per array in one request (track: up to 75; other endpoints: up to 50). Default 75. */
	batchSize: number;
	/** Most objects in one /users/track request, all arrays combined (50 on some plans). Default 225. */
	trackMaxObjectsPerRequest: number;
	/** Per-request timeout, ms. Default 30000. */
	timeoutMs: number;
}

export const DEFAULT_TRANSPORT_OPTIONS: BrazeTransportOptions = {
	maxAttempts: 5,
	maxRateLimitWaitSeconds: 60,
	initialRetryDelayMs: 500,
	batchSize: 75,
	trackMaxObjectsPerRequest: 225,
	timeoutMs: 30000,
};

/** Options from raw values (missing or unreadable ones take the default), within Braze's limits. */
export function transportOptions(raw: IDataObject = {}): BrazeTransportOptions {
	const pick = (name: keyof BrazeTransportOptions, min: number, max: number): number => {
		const value = raw[name];
		const n = Number(value);
		if (value === undefined || value === null || value === '' || !Number.isFinite(n)) {
			return DEFAULT_TRANSPORT_OPTIONS[name];
		}
		return Math.min(max, Math.max(min, n));
	};
	return {
		maxAttempts: Math.floor(pick('maxAttempts', 1, 20)),
		maxRateLimitWaitSeconds: pick('maxRateLimitWaitSeconds', 0, 3600),
		initialRetryDelayMs: pick('initialRetryDelayMs', 0, 60000),
		batchSize: Math.floor(pick('batchSize', 1, 75)),
		trackMaxObjectsPerRequest: Math.floor(pick('trackMaxObjectsPerRequest', 1, 225)),
		timeoutMs: pick('timeoutMs', 1000, 300000),
	};
}
