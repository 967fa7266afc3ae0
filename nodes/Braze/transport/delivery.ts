import type { BrazeItemError } from '../../shared/braze/errors';

/**
 * What became of an item's write, in the one field (`delivery`) every output item of a writing
 * operation carries, success and failure alike. Only what Braze said is "written"; a write
 * whose answer was lost is "unknown" (docs/braze-node.md, "Delivery guarantees").
 */
export const DELIVERY = {
	/** Braze confirmed every object of the item, each sent once (or again only after failures that prove nothing was applied). */
	written: 'written',
	/** Braze confirmed every object; a custom event, purchase or increment of the item was sent again after an uncertain failure and may count twice. */
	writtenMayBeDuplicated: 'written, may be duplicated',
	/** Braze applied some of the item's objects and refused the others. */
	partlyWritten: 'partly written',
	/** As `partly written`, and an applied event, purchase or increment may count twice. */
	partlyWrittenMayBeDuplicated: 'partly written, may be duplicated',
	/** Nothing of the item is in Braze: safe to send again. */
	notWritten: 'not written',
	/** Braze may or may not have applied (part of) the item. */
	unknown: 'unknown: Braze may have applied it',
} as const;

export type Delivery = (typeof DELIVERY)[keyof typeof DELIVERY];

/**
 * What became of one part of an item's write (an event, a purchase, the plain attributes of an
 * attributes object, its increments). `duplicated`: written, and possibly written twice.
 */
export type WriteTruth = 'written' | 'duplicated' | 'notWritten' | 'unknown';

/**
 * The truth of one part after its request: `carried` = the last attempt carried it,
 * `uncertain` = an attempt whose outcome is unknown carried it, `counted` = writing it twice
 * counts twice (events, purchases, increments), `refused` = Braze's answer refused it.
 */
export function partTruth(part: { ok: boolean; carried: boolean; uncertain: boolean; counted: boolean; refused: boolean }): WriteTruth {
	if (!part.ok || !part.carried || part.refused) return part.uncertain ? 'unknown' : 'notWritten';
	return part.counted && part.uncertain ? 'duplicated' : 'written';
}

/** An item's delivery from the truths of its parts: the worst truth wins. */
export function deliveryOf(truths: WriteTruth[]): Delivery {
	if (truths.length === 0 || truths.every((t) => t === 'notWritten')) return DELIVERY.notWritten;
	if (truths.includes('unknown')) return DELIVERY.unknown;
	const duplicated = truths.includes('duplicated');
	if (truths.includes('notWritten')) return duplicated ? DELIVERY.partlyWrittenMayBeDuplicated : DELIVERY.partlyWritten;
	return duplicated ? DELIVERY.writtenMayBeDuplicated : DELIVERY.written;
}

/** Whether an item with this delivery may already be (partly) in Braze. */
export function mayBeInBraze(delivery: Delivery | undefined): boolean {
	return delivery !== undefined && delivery !== DELIVERY.notWritten;
}

const MAY_HAVE_APPLIED =
	'Braze may have applied this item before the failure (the request reached Braze, its answer was lost or failed): check the user in Braze before sending the item again, or sending it again may write its custom events, purchases and increments twice.';

const PARTLY_APPLIED =
	'Braze applied the other objects of this item: send only the refused part again, or sending the whole item again writes the applied custom events, purchases and increments twice.';

const NOT_WRITTEN = 'Nothing of this item was written to Braze: it is safe to send it again.';

/**
 * A failed item's error told its delivery: when the write may be in Braze the message says so
 * (so that nobody re-runs it blindly), and the description says what to do.
 */
export function withDelivery(error: BrazeItemError, delivery: Delivery): BrazeItemError {
	const description = (text: string) => (error.description ? `${error.description} ${text}` : text);
	if (delivery === DELIVERY.unknown) {
		return error.withDetails({ reason: `${error.reason} ${MAY_HAVE_APPLIED}`, description: description(MAY_HAVE_APPLIED) });
	}
	if (delivery === DELIVERY.partlyWritten || delivery === DELIVERY.partlyWrittenMayBeDuplicated) {
		return error.withDetails({ reason: `${error.reason} ${PARTLY_APPLIED}`, description: description(PARTLY_APPLIED) });
	}
	if (delivery === DELIVERY.notWritten) return error.withDetails({ description: description(NOT_WRITTEN) });
	return error;
}
