import { randomBytes } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ALL_EVENTS, getEventDefinition, OTHER_EVENT } from '../shared/extole/catalogue';

/**
 * Registration of the trigger in Extole (publish/unpublish of the workflow):
 * an HS256 WEBHOOK client key with a random secret, and one webhook per kind of event
 * selected (GENERIC for person events, REWARD with a state filter for reward events), all
 * pointing at the node's production URL.
 */

export type WebhookKind = 'GENERIC' | 'REWARD';

export interface Plan {
	kinds: WebhookKind[];
	/** Reward states to filter on; empty = all reward states. */
	rewardStates: string[];
}

/** What is kept in the node's static data once registered. */
export interface Registration extends IDataObject {
	clientKeyId: string;
	signingSecret: string;
	webhookUrl: string;
	webhooks: IDataObject;
	/** The plan the webhooks were made for, to notice changed events. */
	kinds: string[];
	rewardStates: string[];
}

export const REGISTRATION_KEY = 'extoleRegistration';
const DEFAULT_BASE_URL = 'https://api.extole.io';

/** Which webhooks the selected events need. */
export function planWebhooks(events: string[]): Plan {
	const all = events.includes(ALL_EVENTS);
	let person = all || events.includes(OTHER_EVENT);
	let reward = all;
	const states: string[] = [];
	for (const key of events) {
		const def = getEventDefinition(key);
		if (!def) continue;
		if (def.kind === 'reward') {
			reward = true;
			if (def.rewardState) states.push(def.rewardState);
		} else {
			person = true;
		}
	}
	const kinds: WebhookKind[] = [];
	if (person) kinds.push('GENERIC');
	if (reward) kinds.push('REWARD');
	return { kinds, rewardStates: all ? [] : states };
}

export function getRegistration(staticData: IDataObject): Registration | undefined {
	const value = staticData[REGISTRATION_KEY];
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const reg = value as Registration;
	if (typeof reg.signingSecret !== 'string' || reg.signingSecret === '') return undefined;
	return reg;
}

/**
 * Replaces every occurrence of the given secrets in the strings of `value` (keys and values,
 * at any depth) with `***`, so that an API error body that echoes the request cannot carry the
 * access token or a key secret into an error message.
 */
export function redact(value: unknown, secrets: string[]): unknown {
	const list = secrets.filter((x) => x.length >= 8);
	if (list.length === 0) return value;
	const clean = (text: string) => list.reduce((t, secret) => t.split(secret).join('***'), text);
	const walk = (v: unknown): unknown => {
		if (typeof v === 'string') return clean(v);
		if (Array.isArray(v)) return v.map(walk);
		if (typeof v === 'object' && v !== null) {
			return Object.fromEntries(Object.entries(v).map(([k, x]) => [clean(k), walk(x)]));
		}
		return v;
	};
	return walk(value);
}

interface ApiResponse {
	statusCode: number;
	body: unknown;
}

async function call(
	ctx: IHookFunctions,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
	qs?: IDataObject,
): Promise<ApiResponse> {
	const credentials = await ctx.getCredentials('extoleApi');
	const base = typeof credentials.baseUrl === 'string' && credentials.baseUrl !== '' ? credentials.baseUrl : DEFAULT_BASE_URL;
	const options: IHttpRequestOptions = {
		method,
		url: `${base.replace(/\/+$/, '')}${path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		headers: { Accept: 'application/json' },
	};
	if (body !== undefined) options.body = body;
	if (qs !== undefined) options.qs = qs;
	let response: IN8nHttpFullResponse;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			'extoleApi',
			options,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		// The helper's error keeps the underlying HTTP client error as its `cause`, and that holds
		// the request: the Authorization header (access token) and the body (the new key's
		// secret). Re-throw a fresh error that carries only the reason.
		throw transportError(ctx, method, path, error);
	}
	if (response.statusCode >= 200 && response.statusCode < 300) {
		return { statusCode: response.statusCode, body: response.body };
	}
	// An error body is only used for the error shown to the user: keep the token and a key secret
	// sent in this request out of it, should the API echo them.
	const secrets = [credentials.accessToken, body?.key].filter((x): x is string => typeof x === 'string');
	return { statusCode: response.statusCode, body: redact(response.body, secrets) };
}

/** A NodeApiError for a request that got no HTTP answer, without the request in it. */
function transportError(ctx: IHookFunctions, method: string, path: string, error: unknown): NodeApiError {
	const e = (error ?? {}) as { httpCode?: unknown; code?: unknown; message?: unknown; cause?: { code?: unknown } };
	const code = [e.cause?.code, e.code, e.httpCode].find((c) => typeof c === 'string' && /^[A-Z_]+$/.test(c)) as
		| string
		| undefined;
	const reason = typeof e.message === 'string' && e.message !== '' ? e.message : 'no answer';
	return new NodeApiError(ctx.getNode(), { message: reason } as JsonObject, {
		// n8n turns known network codes in the message into a plain sentence ("The service refused
		// the connection ..."); the description says which call failed.
		message: `Extole API: ${method} ${path} failed: ${reason}`,
		description: `Extole API: ${method} ${path} got no answer${code ? ` (${code})` : ''}. Check the API Base URL of the Extole API credential and that the Extole API can be reached from n8n.`,
	});
}

function apiError(ctx: IHookFunctions, what: string, response: ApiResponse): NodeApiError {
	const body =
		typeof response.body === 'object' && response.body !== null
			? (response.body as JsonObject)
			: ({ message: String(response.body ?? '') } as JsonObject);
	return new NodeApiError(ctx.getNode(), body, {
		message: `Extole API: ${what} failed (HTTP ${response.statusCode})`,
		httpCode: String(response.statusCode),
	});
}

function ok(response: ApiResponse): boolean {
	return response.statusCode >= 200 && response.statusCode < 300;
}

export interface ExtoleWebhook extends IDataObject {
	id: string;
	url: string;
	type: string;
	client_key_id?: string;
	enabled?: boolean;
}

/** Webhooks in Extole that point at `url`. */
export async function findWebhooksByUrl(ctx: IHookFunctions, url: string): Promise<ExtoleWebhook[]> {
	const response = await call(ctx, 'GET', '/v6/webhooks');
	if (!ok(response)) throw apiError(ctx, 'listing webhooks', response);
	const list = Array.isArray(response.body) ? (response.body as ExtoleWebhook[]) : [];
	return list.filter((w) => typeof w === 'object' && w !== null && w.url === url);
}

function samePlan(plan: Plan, registration: Registration): boolean {
	const norm = (list: unknown) => (Array.isArray(list) ? list.map(String).sort().join(',') : '');
	return norm(plan.kinds) === norm(registration.kinds) && norm(plan.rewardStates) === norm(registration.rewardStates);
}

/** True when every webhook the plan needs exists at `url` and uses the key we hold. */
export async function registrationExists(ctx: IHookFunctions, events: string[]): Promise<boolean> {
	const registration = getRegistration(ctx.getWorkflowStaticData('node'));
	if (!registration) return false;
	const url = ctx.getNodeWebhookUrl('default') as string;
	if (registration.webhookUrl !== url) return false;
	const plan = planWebhooks(events);
	if (!samePlan(plan, registration)) return false;
	const existing = await findWebhooksByUrl(ctx, url);
	if (existing.some((w) => !plan.kinds.includes(w.type as WebhookKind))) return false;
	return plan.kinds.every((kind) =>
		existing.some(
			(w) =>
				w.type === kind &&
				w.enabled !== false &&
				String(w.client_key_id ?? '') === registration.clientKeyId &&
				registration.webhooks[kind] === w.id,
		),
	);
}

function webhookName(ctx: IHookFunctions, kind: WebhookKind): string {
	const workflow = ctx.getWorkflow();
	return `n8n ${workflow.name ?? workflow.id ?? 'workflow'} (${kind === 'REWARD' ? 'rewards' : 'events'})`.slice(0, 100);
}

function asNodeError(ctx: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeApiError(ctx.getNode(), { message: (error as Error)?.message ?? String(error) } as JsonObject);
}

async function setUpWebhooks(
	ctx: IHookFunctions,
	url: string,
	plan: Plan,
	keyId: string,
	webhooks: IDataObject,
): Promise<void> {
	const existing = await findWebhooksByUrl(ctx, url);
	// Webhooks at this URL that the plan does not reuse are removed: kinds no longer needed,
	// and REWARD webhooks (their state filters are replaced by making a new webhook).
	const keep = plan.kinds.includes('GENERIC') ? existing.find((w) => w.type === 'GENERIC') : undefined;
	for (const w of existing) if (w !== keep) await deleteWebhook(ctx, w.id);
	for (const kind of plan.kinds) {
		const payload: IDataObject = {
			name: webhookName(ctx, kind),
			url,
			type: kind,
			default_method: 'POST',
			enabled: true,
			client_key_id: keyId,
			description: 'Created by the n8n Extole Trigger; deleted when the workflow is unpublished',
			tags: ['n8n'],
		};
		// A GENERIC webhook is kept (updated) rather than replaced: campaigns call it by its id.
		const match = kind === 'GENERIC' ? keep : undefined;
		let response: ApiResponse;
		if (match) {
			response = await call(ctx, 'PUT', `/v6/webhooks/${encodeURIComponent(match.id)}`, payload);
			if (!ok(response)) throw apiError(ctx, `updating the ${kind} webhook`, response);
		} else {
			response = await call(ctx, 'POST', '/v6/webhooks', payload);
			if (!ok(response)) throw apiError(ctx, `creating the ${kind} webhook`, response);
		}
		const id = String((response.body as IDataObject)?.id ?? match?.id ?? '');
		webhooks[kind] = id;
		if (kind === 'REWARD' && plan.rewardStates.length > 0) {
			const filter = await call(ctx, 'POST', `/v4/webhooks/reward/${encodeURIComponent(id)}/filters/state`, {
				states: plan.rewardStates,
			});
			if (!ok(filter)) throw apiError(ctx, 'setting the reward state filter', filter);
		}
	}
}

/**
 * Creates the signing key and the webhooks (or re-points webhooks that already target this URL
 * at the new key, so that publishing again never leaves two webhooks for one URL).
 */
export async function createRegistration(ctx: IHookFunctions, events: string[]): Promise<boolean> {
	const url = ctx.getNodeWebhookUrl('default') as string;
	if (!url) throw new NodeOperationError(ctx.getNode(), 'The webhook URL of this node is unknown');
	const plan = planWebhooks(events);
	if (plan.kinds.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Select at least one event to register a webhook in Extole');
	}
	const staticData = ctx.getWorkflowStaticData('node');
	const previous = getRegistration(staticData);

	const secret = randomBytes(32).toString('hex');
	const keyResponse = await call(ctx, 'POST', '/v2/settings/security/keys', {
		type: 'WEBHOOK',
		algorithm: 'HS256',
		name: `n8n-${ctx.getWorkflow().id ?? 'workflow'}-${ctx.getNode().id ?? 'extole'}-${Date.now()}`.slice(0, 100),
		key: secret,
	});
	if (!ok(keyResponse)) throw apiError(ctx, 'creating the webhook client key', keyResponse);
	const keyId = String((keyResponse.body as IDataObject)?.id ?? '');
	if (!keyId) throw apiError(ctx, 'creating the webhook client key (no id returned)', keyResponse);

	const webhooks: IDataObject = {};
	let failure: unknown;
	try {
		await setUpWebhooks(ctx, url, plan, keyId, webhooks);
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		// Do not leave the new key behind; the original error is what the user needs to see.
		try {
			await deleteKey(ctx, keyId);
		} catch (cleanupError) {
			ctx.logger.warn(`Extole Trigger: could not delete client key ${keyId} after a failed registration: ${(cleanupError as Error).message}`);
		}
		throw asNodeError(ctx, failure);
	}

	staticData[REGISTRATION_KEY] = {
		clientKeyId: keyId,
		signingSecret: secret,
		webhookUrl: url,
		webhooks,
		kinds: plan.kinds,
		rewardStates: plan.rewardStates,
	} satisfies Registration;

	if (previous && previous.clientKeyId !== keyId) await deleteKey(ctx, previous.clientKeyId);
	return true;
}

async function deleteWebhook(ctx: IHookFunctions, id: string): Promise<void> {
	const response = await call(ctx, 'DELETE', `/v6/webhooks/${encodeURIComponent(id)}`);
	if (ok(response) || response.statusCode === 404) return;
	const code = String((response.body as IDataObject)?.code ?? '');
	if (response.statusCode === 400 && code === 'webhook_associated_with_webhook_controller_action') {
		// A campaign still triggers this webhook: Extole refuses to archive it. Disable it instead,
		// so nothing is delivered to a URL that no longer answers; publishing again re-enables it.
		const disabled = await call(ctx, 'PUT', `/v6/webhooks/${encodeURIComponent(id)}`, { enabled: false });
		if (ok(disabled)) return;
		throw apiError(ctx, 'disabling a webhook that a campaign still uses', disabled);
	}
	throw apiError(ctx, 'deleting a webhook', response);
}

async function deleteKey(ctx: IHookFunctions, id: string): Promise<void> {
	if (!id) return;
	const response = await call(ctx, 'DELETE', `/v2/settings/security/keys/${encodeURIComponent(id)}`);
	if (ok(response) || response.statusCode === 404) return;
	throw apiError(ctx, 'deleting the webhook client key', response);
}

/** Deletes the webhooks pointing at this node's URL and the key, and forgets them. */
export async function deleteRegistration(ctx: IHookFunctions): Promise<boolean> {
	const staticData = ctx.getWorkflowStaticData('node');
	const registration = getRegistration(staticData);
	const url = (registration?.webhookUrl as string | undefined) ?? (ctx.getNodeWebhookUrl('default') as string);
	const ids = new Set<string>();
	if (registration) for (const id of Object.values(registration.webhooks)) if (id) ids.add(String(id));
	for (const w of await findWebhooksByUrl(ctx, url)) ids.add(w.id);
	for (const id of ids) await deleteWebhook(ctx, id);
	if (registration) await deleteKey(ctx, registration.clientKeyId);
	delete staticData[REGISTRATION_KEY];
	return true;
}
