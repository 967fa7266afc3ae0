import type { IDataObject } from 'n8n-workflow';

export type BrazeEnvironment = 'production' | 'test';

/** Settings of the node's "Options" collection that drive batching, retries and waits. */
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

export type BrazeErrorKind =
	| 'validation'
	| 'configuration'
	| 'partial'
	| 'http'
	| 'rateLimit'
	| 'network';

/** Why one input item failed. Never contains a key. */
export interface BrazeItemError {
	kind: BrazeErrorKind;
	/** One line, names the item index and (for validation) the field. */
	message: string;
	description?: string;
	/** Parameter/field that failed validation, e.g. `email`, `events[0].time`. */
	field?: string;
	/** HTTP status of the Braze answer, when there was one. */
	httpCode?: number;
	/** Braze's `errors[].type` (partial errors) or its top-level `message`. */
	brazeError?: string;
}

/** Rate-limit headers of the last answer of a request. */
export interface BrazeRateLimit {
	limit?: number;
	remaining?: number;
	/** UTC epoch seconds. */
	reset?: number;
}

/** Summary of the Braze request that carried an item (attached to successful outputs). */
export interface BrazeCallSummary extends IDataObject {
	/** Sequence number of the request within this execution (1-based). */
	request: number;
	statusCode: number;
	attempts: number;
	/** Braze's answer without its `errors` array (counts, `message`). */
	response: IDataObject;
	/** Number of partial errors Braze reported for the whole request. */
	errorCount: number;
}

/** The identifiers Braze accepts for one user. Exactly one is set after validation. */
export interface UserIdentifier {
	external_id?: string;
	user_alias?: { alias_name: string; alias_label: string };
	braze_id?: string;
	email?: string;
	phone?: string;
}

export type IdentifierType = 'external_id' | 'user_alias' | 'braze_id' | 'email' | 'phone';

/** Common shape of every per-item result of the transport helpers. */
export interface ItemOutcomeBase {
	itemIndex: number;
	environment: BrazeEnvironment;
	ok: boolean;
	error?: BrazeItemError;
	/** The request that carried this item (absent when the item never left the node). */
	call?: BrazeCallSummary;
	/** Braze errors of the request that could not be tied to one object (kept, never dropped). */
	warnings?: IDataObject[];
}
