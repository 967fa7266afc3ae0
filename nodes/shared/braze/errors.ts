/**
 * The one error type of the Braze node: why one input item failed. The data rules throw it
 * (kind `validation`), the transport makes it from Braze's answers, and the result loop turns it
 * into the item's output or the node's error. It never contains a key.
 */

export type BrazeErrorKind = 'validation' | 'configuration' | 'partial' | 'http' | 'rateLimit' | 'network';

export interface BrazeItemErrorDetails {
	kind: BrazeErrorKind;
	/** What went wrong, without naming the item; starts with the field when one field is at fault. */
	reason: string;
	/** Input fields at fault, e.g. `email`, `events[0].time`, or `external_id` and `email`. */
	fields?: string[];
	description?: string;
	/** HTTP status of the Braze answer, when there was one. */
	httpCode?: number;
	/** Braze's `errors[].type` (partial errors) or its top-level `message`. */
	brazeError?: string;
}

export class BrazeItemError extends Error {
	readonly kind: BrazeErrorKind;

	readonly reason: string;

	readonly fields: string[];

	/** The input item the error is about, once known (then the message starts with "Item N: "). */
	readonly itemIndex?: number;

	readonly description?: string;

	readonly httpCode?: number;

	readonly brazeError?: string;

	constructor(details: BrazeItemErrorDetails, itemIndex?: number) {
		super(itemIndex === undefined ? details.reason : `Item ${itemIndex}: ${details.reason}`);
		this.name = 'BrazeItemError';
		this.kind = details.kind;
		this.reason = details.reason;
		this.fields = details.fields ?? [];
		this.itemIndex = itemIndex;
		this.description = details.description;
		this.httpCode = details.httpCode;
		this.brazeError = details.brazeError;
	}

	/** The fields at fault as one text (`external_id, email`), or undefined. */
	get field(): string | undefined {
		return this.fields.length ? this.fields.join(', ') : undefined;
	}

	get details(): BrazeItemErrorDetails {
		const { kind, reason, fields, description, httpCode, brazeError } = this;
		return { kind, reason, fields, description, httpCode, brazeError };
	}

	/** This failure told about one input item, optionally with another reason. */
	forItem(itemIndex: number, reason = this.reason): BrazeItemError {
		return new BrazeItemError({ ...this.details, reason }, itemIndex);
	}

	/** The same failure with another reason (for the same item, if any). */
	withReason(reason: string): BrazeItemError {
		return this.withDetails({ reason });
	}

	/** The same failure with some details replaced (for the same item, if any). */
	withDetails(details: Partial<BrazeItemErrorDetails>): BrazeItemError {
		return new BrazeItemError({ ...this.details, ...details }, this.itemIndex);
	}
}

/** A value that breaks a Braze data rule: "`field`: `problem`". */
export function invalid(field: string, problem: string): BrazeItemError {
	return new BrazeItemError({ kind: 'validation', fields: [field], reason: `${field}: ${problem}` });
}

/** Whatever was thrown while reading one item, as that item's error. */
export function itemError(itemIndex: number, error: unknown): BrazeItemError {
	if (error instanceof BrazeItemError) return error.forItem(itemIndex);
	const message = error instanceof Error ? error.message : String(error);
	return new BrazeItemError({ kind: 'validation', reason: message }, itemIndex);
}
