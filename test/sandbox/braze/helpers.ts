/**
 * Helpers of the Braze sandbox conformance suite: start a sandbox on a free loopback port and talk
 * to it over real HTTP. Sandboxes start strict (asynchronous processing, like a Braze workspace
 * created today); `write` waits until a write is processed, as a careful client waits for Braze.
 */
const sandbox = require('../../../sandbox/braze');
const { EXPORT_FIELDS } = require('../../../sandbox/braze/catalogue');

export interface Sandbox {
	url: string;
	port: number;
	instance: string;
	keys: Array<{ key: string; workspace: string; instance: string; permissions: string[] }>;
	rateLimits: Record<string, { limit: number; windowMs: number }>;
	stop(): Promise<void>;
	reset(what?: { dashboard?: boolean }): void;
	settle(): number;
	pending(): any[];
	users(workspace?: string): any;
	dispatches(workspace?: string): any[];
	seed(workspace: string, spec: { campaigns?: object[]; canvases?: object[]; segments?: object[] }): void;
	requests(): any[];
	clearRequests(): void;
	setFaults(f: object | object[]): any[];
	addFaults(f: object | object[]): any[];
	clearFaults(id?: string): void;
	faults(): any[];
}

export const PROD_KEY = 'prod-key';
export const TEST_KEY = 'test-key';
export const TRACK_ONLY_KEY = 'track-only-key';
export const EU_KEY = 'eu-key';

/** The keys most tests use: a full key per workspace, a track-only key, and a key of another instance. */
export const KEYS = [
	{ key: PROD_KEY, workspace: 'production', instance: 'US-01', permissions: ['*'] },
	{ key: TEST_KEY, workspace: 'staging', instance: 'US-01', permissions: ['*'] },
	{ key: TRACK_ONLY_KEY, workspace: 'production', instance: 'US-01', permissions: ['users.track'] },
	{ key: EU_KEY, workspace: 'production', instance: 'EU-01', permissions: ['*'] },
];

/** Every field /users/export/ids can return (Braze docs: post_users_identifier, "Fields to export"). */
export const ALL_FIELDS: string[] = EXPORT_FIELDS;

export async function start(options: Record<string, unknown> = {}): Promise<Sandbox> {
	return sandbox.startBrazeSandbox({ host: '127.0.0.1', port: 0, instance: 'US-01', keys: KEYS, ...options });
}

export interface Reply {
	status: number;
	body: any;
	text: string;
	headers: Headers;
}

/** POSTs JSON (or a raw string) with a Bearer key; `key: null` sends no Authorization header. */
export async function post(sb: { url: string }, path: string, body: unknown, key: string | null = PROD_KEY, init: RequestInit = {}): Promise<Reply> {
	const headers: Record<string, string> = { 'Content-Type': 'application/json' };
	if (key !== null) headers.Authorization = `Bearer ${key}`;
	const res = await fetch(sb.url + path, {
		method: 'POST',
		headers,
		body: typeof body === 'string' ? body : JSON.stringify(body),
		...init,
	});
	return reply(res);
}

/** POSTs a write, then lets the sandbox process what Braze queued (as if its processing delay had passed). */
export async function write(sb: Sandbox, path: string, body: unknown, key: string | null = PROD_KEY): Promise<Reply> {
	const r = await post(sb, path, body, key);
	sb.settle();
	return r;
}

/** GETs a Braze endpoint with a Bearer key. */
export async function get(sb: { url: string }, pathAndQuery: string, key: string | null = PROD_KEY): Promise<Reply> {
	const res = await fetch(sb.url + pathAndQuery, { headers: key === null ? {} : { Authorization: `Bearer ${key}` } });
	return reply(res);
}

export async function request(sb: { url: string }, method: string, path: string, body?: unknown): Promise<Reply> {
	const res = await fetch(sb.url + path, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return reply(res);
}

async function reply(res: Response): Promise<Reply> {
	const text = await res.text();
	let body: any;
	try {
		body = text ? JSON.parse(text) : undefined;
	} catch {
		body = undefined;
	}
	return { status: res.status, body, text, headers: res.headers };
}

/** Exports one user by external_id with every field (production workspace unless another key is given). */
export async function exportUser(sb: { url: string }, externalId: string, key = PROD_KEY): Promise<any> {
	const r = await post(sb, '/users/export/ids', { external_ids: [externalId], fields_to_export: ALL_FIELDS }, key);
	expect(r.status).toBe(201);
	return r.body.users[0];
}

export const PAST = '2024-05-01T10:00:00Z';

/** Event properties whose JSON is at least `bytes` long (strings of 200 characters, under Braze's 255). */
export function propertiesOfSize(bytes: number): Record<string, string[]> {
	const blob: string[] = [];
	while (Buffer.byteLength(JSON.stringify({ blob })) < bytes) blob.push('x'.repeat(200));
	return { blob };
}
