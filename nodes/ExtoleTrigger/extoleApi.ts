import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/**
 * Calls to Extole's REST API for registration, through n8n's `httpRequestWithAuthentication`
 * with the Extole API credential. No error that leaves this module carries the access token or a
 * key secret sent in the request: n8n shows and logs these errors.
 */

const DEFAULT_BASE_URL = 'https://api.extole.io';

export interface ApiResponse {
	statusCode: number;
	body: unknown;
}

export interface ExtoleWebhook extends IDataObject {
	id: string;
	url: string;
	type: string;
	client_key_id?: string;
	enabled?: boolean;
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

/** One call to the Extole API; any HTTP status is returned, only a missing answer throws. */
export async function callExtole(
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
	if (isOk(response)) {
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

/** A NodeApiError for an answer that is not 2xx, with Extole's (redacted) error body. */
export function apiError(ctx: IHookFunctions, what: string, response: ApiResponse): NodeApiError {
	const body =
		typeof response.body === 'object' && response.body !== null
			? (response.body as JsonObject)
			: ({ message: String(response.body ?? '') } as JsonObject);
	return new NodeApiError(ctx.getNode(), body, {
		message: `Extole API: ${what} failed (HTTP ${response.statusCode})`,
		httpCode: String(response.statusCode),
	});
}

export function isOk(response: { statusCode: number }): boolean {
	return response.statusCode >= 200 && response.statusCode < 300;
}

/** Every webhook in Extole (live ones: Extole's list leaves archived webhooks out). */
export async function listWebhooks(ctx: IHookFunctions): Promise<ExtoleWebhook[]> {
	const response = await callExtole(ctx, 'GET', '/v6/webhooks');
	if (!isOk(response)) throw apiError(ctx, 'listing webhooks', response);
	const list = Array.isArray(response.body) ? (response.body as ExtoleWebhook[]) : [];
	return list.filter((w) => typeof w === 'object' && w !== null);
}

export async function deleteWebhook(ctx: IHookFunctions, id: string): Promise<void> {
	const response = await callExtole(ctx, 'DELETE', `/v6/webhooks/${encodeURIComponent(id)}`);
	if (isOk(response) || response.statusCode === 404) return;
	const code = String((response.body as IDataObject)?.code ?? '');
	if (response.statusCode === 400 && code === 'webhook_associated_with_webhook_controller_action') {
		// A campaign still triggers this webhook: Extole refuses to archive it. Disable it instead,
		// so nothing is delivered to a URL that no longer answers; publishing again re-enables it.
		const disabled = await callExtole(ctx, 'PUT', `/v6/webhooks/${encodeURIComponent(id)}`, { enabled: false });
		if (isOk(disabled)) return;
		throw apiError(ctx, 'disabling a webhook that a campaign still uses', disabled);
	}
	throw apiError(ctx, 'deleting a webhook', response);
}

export async function deleteClientKey(ctx: IHookFunctions, id: string): Promise<void> {
	if (!id) return;
	const response = await callExtole(ctx, 'DELETE', `/v2/settings/security/keys/${encodeURIComponent(id)}`);
	if (isOk(response) || response.statusCode === 404) return;
	throw apiError(ctx, 'deleting the webhook client key', response);
}
