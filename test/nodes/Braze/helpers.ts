/**
 * Shared by the Braze node tests: sandboxes over real HTTP, credentials pointing at them, and a
 * `run` shortcut through the in-process harness (compiled node from dist/).
 *
 * The sandboxes are as strict as Braze (docs/braze-sandbox.md): writes are processed about
 * 100 ms after Braze answered, and new profiles start subscribed. A test that reads what a run
 * wrote first lets Braze process it with `settle()`, as waiting would.
 */
const harness = require('../../harness') as typeof import('../../harness');
const { startBrazeSandbox } = require('../../../sandbox/braze');

export type Json = Record<string, any>;

export const PRODUCTION_KEY = 'bz-prod-4f1c2a9e-7d1b-4c55-9a55-000000000001';
export const TEST_KEY = 'bz-test-8e2d3b0f-1a2c-4d66-8b66-000000000002';
export const TRACK_ONLY_KEY = 'bz-trackonly-0000-0000-0000-000000000003';
export const EU_KEY = 'bz-eu-9c3e4d1a-2b3d-4e77-9c77-000000000004';

export interface Sandbox {
	url: string;
	stop(): Promise<void>;
	reset(): void;
	requests(): Json[];
	clearRequests(): void;
	users(workspace?: string): any;
	/** Applies every queued write now (Braze has processed them); returns how many. */
	settle(): number;
	/** The writes Braze accepted and has not processed yet. */
	pending(): Json[];
	setFaults(faults: Json | Json[]): Json[];
	clearFaults(id?: string): void;
}

export async function startSandbox(options: Json = {}): Promise<Sandbox> {
	return await startBrazeSandbox({
		host: '127.0.0.1',
		port: 0,
		instance: 'US-01',
		keys: [
			{ key: PRODUCTION_KEY, workspace: 'production', instance: 'US-01', permissions: ['*'] },
			{ key: TEST_KEY, workspace: 'staging', instance: 'US-01', permissions: ['*'] },
			{ key: TRACK_ONLY_KEY, workspace: 'production', instance: 'US-01', permissions: ['users.track'] },
			{ key: EU_KEY, workspace: 'production', instance: 'EU-01', permissions: ['*'] },
		],
		...options,
	});
}

/**
 * A sandbox for the tests of one file: started before them, reset before each, stopped after.
 * The object stands for the started sandbox.
 */
export function useSandbox(options: Json = {}): Sandbox {
	let started: Sandbox | undefined;
	beforeAll(async () => {
		started = await startSandbox(options);
	});
	afterAll(async () => await started?.stop());
	beforeEach(() => started?.reset());
	const sandbox = (): Sandbox => {
		if (!started) throw new Error('the sandbox is used before it started');
		return started;
	};
	return {
		get url() {
			return sandbox().url;
		},
		stop: async () => await sandbox().stop(),
		reset: () => sandbox().reset(),
		requests: () => sandbox().requests(),
		clearRequests: () => sandbox().clearRequests(),
		users: (workspace?: string) => sandbox().users(workspace),
		settle: () => sandbox().settle(),
		pending: () => sandbox().pending(),
		setFaults: (faults: Json | Json[]) => sandbox().setFaults(faults),
		clearFaults: (id?: string) => sandbox().clearFaults(id),
	};
}

export function credentials(sandbox: { url: string }, extra: Json = {}): Json {
	return {
		brazeApi: {
			instance: 'custom',
			customUrl: sandbox.url,
			apiKey: PRODUCTION_KEY,
			testApiKey: TEST_KEY,
			testInstance: 'same',
			...extra,
		},
	};
}

/** Fast retries so fault tests stay quick. */
export const FAST = { initialRetryDelaySeconds: 0.005, maxAttempts: 3, maxRateLimitWaitSeconds: 5 };

export async function run(
	sandbox: Sandbox,
	parameters: Json,
	items: Json[],
	options: { continueOnFail?: boolean; credentials?: Json } = {},
) {
	const result = await harness.runNode({
		type: 'braze',
		name: 'Braze',
		parameters,
		items,
		credentials: options.credentials ?? credentials(sandbox),
		continueOnFail: options.continueOnFail,
	});
	return { ...result, json: result.items.map((i) => i.json as Json) };
}

/** Parameters of User > Track with one attribute per item, external_id from `$json.id`. */
export function trackParams(extra: Json = {}): Json {
	return {
		resource: 'user',
		operation: 'track',
		identifierType: 'external_id',
		externalId: '={{ $json.id }}',
		standardAttributes: { first_name: '={{ $json.name }}' },
		...extra,
	};
}

export function people(count: number, prefix = 'u'): Json[] {
	return Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, name: `Person ${i}` }));
}

/** Braze API requests (not admin calls) the sandbox saw, optionally for one path. */
export function apiRequests(sandbox: Sandbox, path?: string): Json[] {
	return sandbox.requests().filter((r) => (path ? r.path === path : true));
}

/** Everything a test can observe of a run, serialised, to look for secrets in. */
export function everything(result: { items: unknown; error: unknown; run: unknown }): string {
	const error = result.error as any;
	const parts = [
		JSON.stringify(result.items),
		error ? `${error.message} ${error.description ?? ''} ${JSON.stringify(error)}` : '',
		JSON.stringify((result.run as any).runData, (_k, v) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v)),
	];
	return parts.join('\n');
}

export { harness };

/** Creates `count` users (u0, u1, ...) through Track, processed by Braze, then forgets those requests. */
export async function seed(sandbox: Sandbox, count: number, extra: Json = {}): Promise<void> {
	await run(sandbox, trackParams(extra), people(count));
	sandbox.settle();
	sandbox.clearRequests();
}

/**
 * JSON-mode Track items; `bad` ones carry an attribute operation Braze refuses (`inc` needs a
 * number) that the node leaves to Braze, so Braze answers with a partial error for them.
 */
export function jsonItems(count: number, bad: number[]): Json[] {
	return Array.from({ length: count }, (_, i) => ({
		attributes: { external_id: `p${i}`, visits: { inc: bad.includes(i) ? 'lots' : 1 } },
	}));
}

/** Parameters of User > Track in JSON mode. */
export const jsonTrack = (options: Json = {}): Json => ({ resource: 'user', operation: 'track', inputMode: 'json', options });
