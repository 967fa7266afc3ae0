import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/**
 * One operation of the Braze node (one file under `resources/<resource>/<operation>.ts`).
 *
 * - `properties`: the fields of this operation only. `Braze.node.ts` shows them for this
 *   resource + operation by merging `{ resource: [<resource>], operation: [<value>] }` into
 *   each field's `displayOptions.show` (write extra conditions yourself if needed, e.g.
 *   `{ show: { identifierType: ['email'] } }`). Field names must not clash with the shared
 *   ones: `resource`, `operation`, `environment`, `options`.
 * - `execute`: receives ALL input items of the execution (batching is the operation's job,
 *   normally through `../../transport`) and returns exactly one output item per input item,
 *   in input order, each with `pairedItem: { item: <input index> }`. Failed items: either
 *   throw (after the valid items were sent) or, when `this.continueOnFail()`, return an
 *   error item. `finalizeItems` in `../../transport` does both for you.
 */
export interface BrazeOperation {
	/** Operation parameter value, e.g. `track`, `syncExtoleEvent`. */
	value: string;
	/** Display name, e.g. `Track`. */
	name: string;
	/** Action label shown in the node picker, e.g. `Track user data`. */
	action: string;
	description: string;
	properties: INodeProperties[];
	/**
	 * Set to true when the operation defines its own environment field: the node then hides
	 * the shared `environment` field for this operation (the shared `options` stays).
	 */
	ownEnvironment?: boolean;
	execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}

/** One resource (one folder under `resources/`), e.g. `user`, `subscription`, `referral`. */
export interface BrazeResource {
	/** Resource parameter value, e.g. `user`. */
	value: string;
	/** Display name, e.g. `User`. */
	name: string;
	description?: string;
	/** The first operation is the default one. */
	operations: BrazeOperation[];
}
