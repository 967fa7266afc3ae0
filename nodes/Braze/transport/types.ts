import type { IDataObject } from 'n8n-workflow';

import type { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';

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
	attempts: number;
	/** 1-based sequence number of this request within the execution. */
	request: number;
}

/** What one request came to: Braze's answer, or why there is none that counts. */
export type BrazeCallResult =
	| { ok: true; response: BrazeResponse }
	| { ok: false; error: BrazeItemError; response?: BrazeResponse };

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
}
