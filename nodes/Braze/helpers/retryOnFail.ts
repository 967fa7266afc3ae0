import type { IExecuteFunctions } from 'n8n-workflow';

import { DELIVERY } from '../transport/delivery';
import type { ItemResult } from './output';

/**
 * n8n's node setting "Retry On Fail" runs the whole node again when it failed: when it threw, or,
 * with On Error set to continue, when its first output item is an error item (n8n-core's
 * WorkflowExecute, up to 5 tries). Run blindly, a try would send again every item the tries
 * before it wrote: events and purchases counted twice, on top of the node's own retries.
 *
 * So each try of one node run remembers what became of every item, and a later try sends again
 * only the items Braze did not write (`not written`, and failed reads); every other item keeps
 * its result from the earlier try: written ones stay written, and an item Braze may have applied
 * (`unknown`, `partly written`) stays failed, as the node's own retry rules left it (Max Attempts
 * and Event Delivery Guarantee decide those). A retry of the node thus never breaks the delivery
 * guarantee chosen in the Options.
 *
 * The tries of one node run share n8n's execute data object (the same one for every try, a new
 * one for each run of the node): the memory is keyed by it, so it lives exactly as long as the
 * run and needs no cleaning. The tries run in one process, in queue mode too.
 */
export interface RetryStatus {
	/** This try, from 1. */
	attempt: number;
	/** Tries n8n makes at most (its setting Max Tries, which n8n keeps within 2 to 5). */
	maxTries: number;
	/** Items answered from an earlier try and not sent again. */
	kept: number;
}

interface Memory {
	tries: number;
	kept: Map<number, ItemResult>;
}

const memories = new WeakMap<object, Memory>();

/** Tries n8n makes at most for a node with Retry On Fail (n8n-core: WorkflowExecute.getRetryParams). */
export function maxTriesOf(maxTries: number | undefined): number {
	return Math.min(5, Math.max(2, maxTries || 3));
}

/** Whether a later try must not send the item again: anything but a write Braze did not make, or a failed read. */
function settled(result: ItemResult): boolean {
	if (result.ok) return true;
	return result.delivery !== undefined && result.delivery !== DELIVERY.notWritten;
}

export class NodeRetry {
	/** Items an earlier try settled, when this try began. */
	private readonly keptBefore: number;

	private constructor(
		private readonly memory: Memory | undefined,
		private readonly maxTries: number,
	) {
		this.keptBefore = memory?.kept.size ?? 0;
	}

	/** This try of the node run, counted when n8n's Retry On Fail is on. */
	static begin(ctx: IExecuteFunctions): NodeRetry {
		const node = ctx.getNode();
		if (node.retryOnFail !== true) return new NodeRetry(undefined, 1);
		let run: object | undefined;
		try {
			run = ctx.getExecuteData();
		} catch {
			run = undefined;
		}
		if (!run || typeof run !== 'object') return new NodeRetry(undefined, 1);
		let memory = memories.get(run);
		if (!memory) {
			memory = { tries: 0, kept: new Map() };
			memories.set(run, memory);
		}
		memory.tries++;
		return new NodeRetry(memory, maxTriesOf(node.maxTries));
	}

	/** The result an earlier try gave this item, when the item must not be sent again. */
	kept(itemIndex: number): ItemResult | undefined {
		return this.memory?.kept.get(itemIndex);
	}

	/** Remembers this try's results (before the node answers or throws). */
	remember(results: ItemResult[]): void {
		if (!this.memory) return;
		for (const result of results) {
			if (settled(result)) this.memory.kept.set(result.itemIndex, result);
		}
	}

	/** Which try this is, when it is not the first (for the node's error). */
	get status(): RetryStatus | undefined {
		if (!this.memory || this.memory.tries < 2) return undefined;
		return { attempt: this.memory.tries, maxTries: this.maxTries, kept: this.keptBefore };
	}
}
