/**
 * Helpers for the real-n8n suite: polling, sending Extole events with the event sender, reading
 * the Braze sandbox and n8n's executions.
 */
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export type Any = any;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value (returned) or `timeoutMs` passes (throws). */
export async function waitFor<T>(
	what: string,
	check: () => Promise<T | false | null | undefined> | T | false | null | undefined,
	{ timeoutMs = 30000, intervalMs = 250 } = {},
): Promise<T> {
	const started = Date.now();
	let lastError: unknown;
	while (Date.now() - started < timeoutMs) {
		try {
			const value = await check();
			if (value) return value as T;
		} catch (error) {
			lastError = error;
		}
		await sleep(intervalMs);
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

const send = require(path.join(REPO_ROOT, 'sandbox', 'extole', 'send.js'));
const payloads = require(path.join(REPO_ROOT, 'sandbox', 'extole', 'payloads.js'));

export function buildEvent(event: string, style = 'braze', overrides: Record<string, unknown> = {}): Any {
	return send.buildEvent(event, style, overrides);
}

/** Sends one event through the event sender (sandbox/extole/send.js). */
export async function sendEvent(options: {
	url: string;
	body?: Any;
	event?: string;
	style?: string;
	overrides?: Record<string, unknown>;
	secret?: string;
	algorithm?: string;
	headers?: Record<string, string>;
	/** How long to wait for the answer (the event sender's default: 10 s). */
	timeoutMs?: number;
}): Promise<{ status: number; body: Any }> {
	return await send.sendEvent(options);
}

export function signBody(bytes: Buffer | string, secret: string): string {
	return payloads.signBody(bytes, secret);
}

/** Users of a workspace in the Braze sandbox, through its admin API (as a person would see them). */
export async function brazeUsers(brazeUrl: string, workspace: string): Promise<Any[]> {
	const res = await fetch(`${brazeUrl}/_sandbox/users?workspace=${encodeURIComponent(workspace)}`);
	if (res.status !== 200) throw new Error(`GET /_sandbox/users: ${res.status}`);
	return ((await res.json()) as Any).users;
}

export async function brazeRequests(brazeUrl: string): Promise<Any[]> {
	const res = await fetch(`${brazeUrl}/_sandbox/requests`);
	return ((await res.json()) as Any).requests;
}

export function byExternalId(users: Any[], externalId: string): Any[] {
	return users.filter((u) => u.external_id === externalId);
}

export function byEmail(users: Any[], email: string): Any[] {
	return users.filter(
		(u) =>
			(u.attributes && String(u.attributes.email || '').toLowerCase() === email.toLowerCase()) ||
			(u.user_aliases || []).some((a: Any) => a.alias_name === email),
	);
}

export function customEvent(user: Any, name: string): Any | undefined {
	return (user.custom_events || []).find((e: Any) => e.name === name);
}

export function eventsNamed(user: Any, name: string): Any[] {
	return (user.events || []).filter((e: Any) => e.name === name);
}

/** A unique tag per run, so ids never collide with an earlier run's. */
export const RUN = Date.now().toString(36);
