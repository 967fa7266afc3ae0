import type { IDataObject } from 'n8n-workflow';

/**
 * What happens to custom events, purchases and increments when the request that carried them
 * failed in a way that leaves their fate unknown: sent again (at least once: may count twice) or
 * not (at most once: may be missing).
 */
export type UncertainRetry = 'atLeastOnce' | 'atMostOnce';

/**
 * Settings that drive batching, retries and waits, read from an operation's "Options"
 * collection (`helpers/options.ts`); times are kept in milliseconds here, whatever unit the
 * collection shows.
 */
export interface BrazeTransportOptions {
	/** Attempts per request for server and network errors (1 = no retry); 429s do not count. Default 5. */
	maxAttempts: number;
	/** Longest total time one execution waits for rate-limit windows (429 or Remaining = 0), seconds. Default 300. */
	maxRateLimitWaitSeconds: number;
	/** First backoff delay for 5xx/network errors, ms; doubles per attempt, with jitter. Default 500. */
	initialRetryDelayMs: number;
	/** Most objects per array in one request (track: up to 75; other endpoints: up to 50). Default 75. */
	batchSize: number;
	/** Most objects in one /users/track request, all arrays combined (50 on some plans). Default 225. */
	trackMaxObjectsPerRequest: number;
	/** Per-request timeout, ms. Default 30000. */
	timeoutMs: number;
	/** Most requests of one execution waiting for Braze's answer at the same time. Default 4. */
	requestsInFlight: number;
	/** Default at least once: what Extole's own integration does (it redelivers until a 2xx). */
	uncertainRetry: UncertainRetry;
}

type NumericOption = Exclude<keyof BrazeTransportOptions, 'uncertainRetry'>;

export const DEFAULT_TRANSPORT_OPTIONS: BrazeTransportOptions = {
	maxAttempts: 5,
	maxRateLimitWaitSeconds: 300,
	initialRetryDelayMs: 500,
	batchSize: 75,
	trackMaxObjectsPerRequest: 225,
	timeoutMs: 30000,
	requestsInFlight: 4,
	uncertainRetry: 'atLeastOnce',
};

/** Most requests in flight the option allows. */
export const MAX_REQUESTS_IN_FLIGHT = 16;

/**
 * A time option in milliseconds: the value in seconds when set (the collection's unit), else the
 * value of its former millisecond entry (workflows saved before the collection used seconds),
 * else undefined.
 */
function milliseconds(raw: IDataObject, seconds: string, formerMs: string): number | undefined {
	const set = (value: unknown) => value !== undefined && value !== null && value !== '' && Number.isFinite(Number(value));
	if (set(raw[seconds])) return Number(raw[seconds]) * 1000;
	if (set(raw[formerMs])) return Number(raw[formerMs]);
	return undefined;
}

/**
 * Options from raw values (missing or unreadable ones take the default), within Braze's limits.
 * Reads `timeoutSeconds` and `initialRetryDelaySeconds`, or, when those are not set, the former
 * `timeoutMs` and `initialRetryDelayMs`.
 */
export function transportOptions(raw: IDataObject = {}): BrazeTransportOptions {
	const times: IDataObject = {
		timeoutMs: milliseconds(raw, 'timeoutSeconds', 'timeoutMs'),
		initialRetryDelayMs: milliseconds(raw, 'initialRetryDelaySeconds', 'initialRetryDelayMs'),
	};
	const pick = (name: NumericOption, min: number, max: number): number => {
		const value = name in times ? times[name] : raw[name];
		const n = Number(value);
		if (value === undefined || value === null || value === '' || !Number.isFinite(n)) {
			return DEFAULT_TRANSPORT_OPTIONS[name];
		}
		return Math.min(max, Math.max(min, n));
	};
	return {
		maxAttempts: Math.floor(pick('maxAttempts', 1, 20)),
		maxRateLimitWaitSeconds: pick('maxRateLimitWaitSeconds', 0, 86400),
		initialRetryDelayMs: Math.round(pick('initialRetryDelayMs', 0, 60000)),
		batchSize: Math.floor(pick('batchSize', 1, 75)),
		trackMaxObjectsPerRequest: Math.floor(pick('trackMaxObjectsPerRequest', 1, 225)),
		timeoutMs: Math.round(pick('timeoutMs', 1000, 300000)),
		requestsInFlight: Math.floor(pick('requestsInFlight', 1, MAX_REQUESTS_IN_FLIGHT)),
		uncertainRetry: raw.uncertainRetry === 'atMostOnce' ? 'atMostOnce' : DEFAULT_TRANSPORT_OPTIONS.uncertainRetry,
	};
}
