import type { IDataObject } from 'n8n-workflow';

import type { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import type { Delivery } from './delivery';

/** Rate-limit headers of the last answer of a request. */
export interface BrazeRateLimit {
	limit?: number;
	remaining?: number;
	/** UTC epoch seconds. */
	reset?: number;
}

/** Braze's answer to one request, after retries. */
export interface BrazeResponse {
	statusCode: number;
	body: IDataObject;
	rateLimit: BrazeRateLimit;
	/** Attempts that count toward Max Attempts (429s do not). */
	attempts: number;
	/** 429 answers received (and waited out) before this answer. */
	rateLimited: number;
	/** 1-based sequence number of this request within the execution. */
	request: number;
}

/** What the attempts of one request sent, for telling each object's fate. */
interface CallHistory {
	/** The body of the last attempt (after an uncertain failure it may hold less than the first). */
	finalBody: IDataObject;
	/** Bodies of the attempts whose outcome is unknown: Braze may have applied them. */
	uncertainBodies: IDataObject[];
	/** Why the last of those attempts failed. */
	uncertainError?: BrazeItemError;
}

/** What one request came to: Braze's answer, or why there is none that counts. */
export type BrazeCallResult = CallHistory &
	({ ok: true; response: BrazeResponse } | { ok: false; error: BrazeItemError; response?: BrazeResponse });

/** Summary of the Braze request that carried an item (attached to successful outputs). */
export interface BrazeCallSummary extends IDataObject {
	/** Sequence number of the request within this execution (1-based). */
	request: number;
	statusCode: number;
	attempts: number;
	/** 429 answers waited out before the answer, when there were any. */
	rateLimited?: number;
	/** Braze's answer without its `errors` array (counts, `message`). */
	response: IDataObject;
	/** Number of partial errors Braze reported for the whole request. */
	errorCount: number;
}

/** What every endpoint request says about its input item. */
export interface ItemRequest {
	itemIndex: number;
	environment: BrazeEnvironment;
}

/** What happened to one item's request; one per request, in request order. */
export interface ItemOutcome extends ItemRequest {
	ok: boolean;
	/** Why the item failed; names the item. */
	error?: BrazeItemError;
	/** The request that carried this item (absent when the item never left the node). */
	call?: BrazeCallSummary;
	/** Braze errors of the request that could not be tied to one object (kept, never dropped). */
	warnings?: IDataObject[];
	/** What became of the item's write (absent for reads such as exports). */
	delivery?: Delivery;
}
