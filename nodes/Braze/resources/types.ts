import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BrazeEnvironment } from '../../shared/braze/instances';
import type { OperationOptions } from '../helpers/options';
import type { BrazeClient } from '../transport/client';
import type { ItemOutcome, ItemRequest } from '../transport/types';

/**
 * One operation of the Braze node (one file under `resources/<resource>/<operation>.ts`, listed
 * in `Braze.node.ts`). The node runs every operation the same way (`run.ts`):
 * `prepare` each input item into a request (throwing a BrazeItemError for bad input fails that
 * item only), `send` all requests through the transport, `describe` each success; failed items
 * and the output come from the run loop.
 *
 * `properties` are the fields of this operation only: `Braze.node.ts` shows them for this
 * resource + operation (write extra conditions yourself, e.g. `{ show: { identifierType:
 * ['email'] } }`). Field names must not clash with the shared ones: `resource`, `operation`,
 * `environment`, `options`. Entries of the operation's Options collection go in `options`.
 */
export interface BrazeOperation<R extends ItemRequest = ItemRequest, O extends ItemOutcome = ItemOutcome> {
	/** Operation parameter value, e.g. `track`. */
	value: string;
	/** Display name, e.g. `Track`. */
	name: string;
	/** Action label shown in the node picker, e.g. `Track user data`. */
	action: string;
	description: string;
	/** The `operation` of output items, e.g. `user.track`. */
	outputName: string;
	/**
	 * False for an operation that only reads from Braze (its items carry no `delivery`). Every
	 * other operation's items say what became of their write (`transport/delivery.ts`).
	 */
	writes?: boolean;
	/**
	 * True when each item's request can be sent without the others' (no lookup or decision shared
	 * across items): the run loop then sends the first items while it still prepares the rest, so
	 * that a large execution never holds every item's request at once. A function decides it per
	 * execution from the input items.
	 */
	independentItems?: boolean | ((items: INodeExecutionData[]) => boolean);
	properties: INodeProperties[];
	/**
	 * What the operation's one Options collection holds (`helpers/options.ts`): its own entries,
	 * Batch Size up to Braze's limit on its endpoint, the /users/track entries. Without it the
	 * collection holds the entries every request has (timeout, attempts, retry delay, rate-limit
	 * wait, requests in flight).
	 */
	options?: OperationOptions;
	/**
	 * How an item's environment is chosen, when the operation has its own field for it (the
	 * shared `environment` field is then hidden for this operation).
	 */
	readEnvironment?(ctx: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): BrazeEnvironment;
	/** Reads and checks one item; throws a BrazeItemError (from the data rules) for bad input. */
	prepare(ctx: IExecuteFunctions, itemIndex: number, environment: BrazeEnvironment, item: INodeExecutionData): R;
	/** Sends the valid items' requests; one outcome per request, in request order. */
	send(ctx: IExecuteFunctions, client: BrazeClient, requests: R[]): Promise<O[]>;
	/** What a successful item's output says besides success, operation and environment. */
	describe(request: R, outcome: O): IDataObject;
	/** How the Braze call shows on a successful item; default `braze` and `brazeWarnings`. */
	describeCall?(outcome: O): IDataObject;
	/**
	 * Reshapes the run's output (one item per input item, error items included), e.g. Export's
	 * Simplify: one item per user found. Keep each item's `pairedItem`.
	 */
	shapeOutput?(ctx: IExecuteFunctions, output: INodeExecutionData[]): INodeExecutionData[];
}

/** One resource, e.g. `user`, `subscription`, `referral`. */
export interface BrazeResource {
	/** Resource parameter value, e.g. `user`. */
	value: string;
	/** Display name, e.g. `User`. */
	name: string;
	description?: string;
	/** The first operation is the default one. */
	operations: BrazeOperation[];
}
