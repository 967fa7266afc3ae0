import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type {
	BrazeEnvironment,
	BrazeItemError,
	BrazeRateLimit,
	BrazeTransportOptions,
} from './types';

export const DEFAULT_TRANSPORT_OPTIONS: BrazeTransportOptions = {
	maxAttempts: 5,
	maxRateLimitWaitSeconds: 60,
	initialRetryDelayMs: 500,
	batchSize: 75,
	trackMaxObjectsPerRequest: 225,
	timeoutMs: 30000,
};

const MAX_BACKOFF_MS = 30000;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]', '::1'];

/** Reads the node's "Options" collection (first item; settings are per execution). */
export function readTransportOptions(
	ctx: IExecuteFunctions,
	overrides: Partial<BrazeTransportOptions> = {},
): BrazeTransportOptions {
	let raw: IDataObject = {};
	try {
		raw = (ctx.getNodeParameter('options', 0, {}) as IDataObject) ?? {};
	} catch {
		raw = {};
	}
	const pick = (name: keyof BrazeTransportOptions, min: number, max: number): number => {
		const value = overrides[name] ?? raw[name];
		const n = Number(value);
		if (value === undefined || value === null || value === '' || !Number.isFinite(n)) {
			return DEFAULT_TRANSPORT_OPTIONS[name];
		}
		return Math.min(max, Math.max(min, n));
	};
	return {
		maxAttempts: Math.floor(pick('maxAttempts', 1, 20)),
		maxRateLimitWaitSeconds: pick('maxRateLimitWaitSeconds', 0, 3600),
		initialRetryDelayMs: pick('initialRetryDelayMs', 0, 60000),
		batchSize: Math.floor(pick('batchSize', 1, 75)),
		trackMaxObjectsPerRequest: Math.floor(pick('trackMaxObjectsPerRequest', 1, 225)),
		timeoutMs: pick('timeoutMs', 1000, 300000),
	};
}

/** Raw answer of one Braze request (after retries). */
export interface BrazeResponse {
	statusCode: number;
	body: IDataObject;
	rateLimit: BrazeRateLimit;
	attempts: number;
	/** 1-based sequence number of this request within the execution. */
	request: number;
}

export type BrazeCallResult =
	| { ok: true; response: BrazeResponse }
	| { ok: false; error: BrazeItemError; response?: BrazeResponse };

const UNAUTHORIZED_CAUSES =
	'Usual causes: the key is wrong or was deleted; the key belongs to another Braze instance than the one set in the credential (for example an EU key sent to a US host); or the key was pasted with extra quotes or spaces.';

function redact(text: string): string {
	return text.replace(/Bearer\s+[^\s"',}]+/gi, 'Bearer [redacted]');
}

function headerNumber(headers: IDataObject, name: string): number | undefined {
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === name) {
			const n = Number(Array.isArray(value) ? value[0] : value);
			return Number.isFinite(n) ? n : undefined;
		}
	}
	return undefined;
}

function describeHttpError(
	statusCode: number,
	body: IDataObject,
	environment: BrazeEnvironment,
	path: string,
): BrazeItemError {
	const brazeMessage =
		typeof body?.message === 'string' && body.message !== ''
			? redact(body.message).replace(/\.+$/, '')
			: undefined;
	const errors = Array.isArray(body?.errors) ? (body.errors as unknown[]) : [];
	const detail = errors.length ? ` Braze errors: ${redact(JSON.stringify(errors)).slice(0, 500)}` : '';
	let message: string;
	if (statusCode === 401) {
		message = `Braze rejected the ${environment} REST API key (401${brazeMessage ? `: ${brazeMessage}` : ''}). ${UNAUTHORIZED_CAUSES}`;
	} else if (statusCode === 403) {
		const forbidden = /forbidden/i.test(brazeMessage ?? '');
		message = forbidden
			? `Braze refused ${path} (403: ${brazeMessage}): the plan or account does not allow this call.`
			: `Braze refused ${path} (403${brazeMessage ? `: ${brazeMessage}` : ''}): the ${environment} REST API key lacks the permission for this endpoint. Add it under Settings > APIs and Identifiers > API Keys.`;
	} else if (statusCode === 429) {
		message = `Braze rate limit still exceeded on ${path} after the configured waits (429${brazeMessage ? `: ${brazeMessage}` : ''}).`;
	} else if (statusCode >= 500) {
		message = `Braze failed on ${path} with HTTP ${statusCode}${brazeMessage ? ` (${brazeMessage})` : ''} after all retries.`;
	} else {
		message = `Braze rejected ${path} with HTTP ${statusCode}${brazeMessage ? `: ${brazeMessage}` : ''}.`;
	}
	return {
		kind: statusCode === 429 ? 'rateLimit' : 'http',
		message: message + detail,
		httpCode: statusCode,
		brazeError: brazeMessage,
	};
}

function isHttps(url: URL): boolean {
	return (
		url.protocol === 'https:' ||
		(url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname))
	);
}

interface WindowState {
	remaining?: number;
	reset?: number;
}

/**
 * Per-execution Braze client: resolves the base URL of each environment from the credential's
 * non-secret fields, sends through `httpRequestWithAuthentication('brazeApi')` (the credential
 * injects the key), honours X-RateLimit-* and retries 429/5xx/network errors.
 */
export class BrazeClient {
	private requestCount = 0;

	private readonly windows = new Map<string, WindowState>();

	private constructor(
		private readonly ctx: IExecuteFunctions,
		readonly options: BrazeTransportOptions,
		private readonly baseUrls: Record<BrazeEnvironment, string | BrazeItemError>,
		private readonly testKeyPresent: boolean,
	) {}

	private static readonly cache = new WeakMap<IExecuteFunctions, BrazeClient>();

	/** One client per execution context (rate-limit state is shared by all helpers). */
	static async for(
		ctx: IExecuteFunctions,
		overrides: Partial<BrazeTransportOptions> = {},
	): Promise<BrazeClient> {
		const cached = BrazeClient.cache.get(ctx);
		if (cached && Object.keys(overrides).length === 0) return cached;
		const credentials = (await ctx.getCredentials('brazeApi')) as IDataObject;
		const resolve = (instance: unknown, custom: unknown, field: string): string | BrazeItemError => {
			const value = String(instance ?? '') === 'custom' ? String(custom ?? '').trim() : String(instance ?? '');
			let url: URL;
			try {
				url = new URL(value);
			} catch {
				return {
					kind: 'configuration',
					field,
					message: `Braze API credential: "${field}" is not a valid URL`,
				};
			}
			if (!isHttps(url)) {
				return {
					kind: 'configuration',
					field,
					message: `Braze API credential: "${field}" must use https (http only for 127.0.0.1, localhost, [::1])`,
				};
			}
			return value.replace(/\/+$/, '');
		};
		const production = resolve(
			credentials.instance,
			credentials.customUrl,
			credentials.instance === 'custom' ? 'Custom URL' : 'Instance',
		);
		const testInstance = String(credentials.testInstance ?? 'same');
		const test =
			testInstance === 'same' || testInstance === ''
				? production
				: resolve(testInstance, credentials.testCustomUrl, testInstance === 'custom' ? 'Test Custom URL' : 'Test Instance');
		// Presence only: the test key's value is never read here.
		const testKeyPresent =
			typeof credentials.testApiKey === 'string' && credentials.testApiKey.trim() !== '';
		const client = new BrazeClient(
			ctx,
			readTransportOptions(ctx, overrides),
			{ production, test },
			testKeyPresent,
		);
		if (Object.keys(overrides).length === 0) BrazeClient.cache.set(ctx, client);
		return client;
	}

	/** Configuration problem that stops every request of this environment, if any. */
	environmentError(environment: BrazeEnvironment): BrazeItemError | undefined {
		const base = this.baseUrls[environment];
		if (typeof base !== 'string') return base;
		if (environment === 'test' && !this.testKeyPresent) {
			return {
				kind: 'configuration',
				field: 'environment',
				message:
					'Environment is "Test" but the Braze API credential has no Test REST API key: add one to the credential or use Production',
			};
		}
		return undefined;
	}

	baseUrl(environment: BrazeEnvironment): string | undefined {
		const base = this.baseUrls[environment];
		return typeof base === 'string' ? base : undefined;
	}

	/** POST a JSON body to Braze with rate-limit handling and retries. Never throws. */
	async post(environment: BrazeEnvironment, path: string, body: IDataObject): Promise<BrazeCallResult> {
		const configError = this.environmentError(environment);
		if (configError) return { ok: false, error: configError };
		const base = this.baseUrls[environment] as string;
		// Braze limits each endpoint family separately: track the window per endpoint.
		const windowKey = `${environment} ${base}${path}`;
		const request = ++this.requestCount;
		const { maxAttempts } = this.options;
		let last: BrazeCallResult | undefined;
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			await this.waitForWindow(windowKey);
			const requestOptions: IHttpRequestOptions = {
				method: 'POST',
				url: `${base}${path}`,
				body,
				json: true,
				headers: {
					'Content-Type': 'application/json',
					// Non-secret marker read (and removed) by the credential's authenticate.
					'X-Braze-Environment': environment,
				},
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: this.options.timeoutMs,
			};
			let raw: { statusCode: number; body: unknown; headers: IDataObject };
			try {
				raw = await this.ctx.helpers.httpRequestWithAuthentication.call(
					this.ctx,
					'brazeApi',
					requestOptions,
				);
			} catch (error) {
				const network = describeThrown(error, path);
				if (network.kind === 'configuration') return { ok: false, error: network };
				last = { ok: false, error: network };
				if (attempt < maxAttempts) {
					await sleep(this.backoffMs(attempt));
					continue;
				}
				network.message += ` (gave up after ${attempt} attempt${attempt > 1 ? 's' : ''})`;
				return last;
			}
			const rateLimit: BrazeRateLimit = {
				limit: headerNumber(raw.headers, 'x-ratelimit-limit'),
				remaining: headerNumber(raw.headers, 'x-ratelimit-remaining'),
				reset: headerNumber(raw.headers, 'x-ratelimit-reset'),
			};
			this.windows.set(windowKey, { remaining: rateLimit.remaining, reset: rateLimit.reset });
			const parsedBody = parseBody(raw.body);
			const response: BrazeResponse = {
				statusCode: raw.statusCode,
				body: parsedBody,
				rateLimit,
				attempts: attempt,
				request,
			};
			if (raw.statusCode >= 200 && raw.statusCode < 300) return { ok: true, response };
			const error = describeHttpError(raw.statusCode, parsedBody, environment, path);
			last = { ok: false, error, response };
			if (raw.statusCode === 429) {
				if (attempt >= maxAttempts) break;
				await sleep(this.rateLimitWaitMs(rateLimit.reset, attempt));
				// The window is known to be exhausted until the wait above is over.
				this.windows.delete(windowKey);
				continue;
			}
			if (raw.statusCode >= 500) {
				if (attempt >= maxAttempts) break;
				await sleep(this.backoffMs(attempt));
				continue;
			}
			return last; // other 4xx: never retried
		}
		if (last && !last.ok) {
			last.error.message += ` (gave up after ${maxAttempts} attempt${maxAttempts > 1 ? 's' : ''})`;
		}
		return last as BrazeCallResult;
	}

	/** Slow down before sending when the last answer said Remaining = 0. */
	private async waitForWindow(windowKey: string): Promise<void> {
		const state = this.windows.get(windowKey);
		if (!state || state.remaining === undefined || state.remaining > 0) return;
		const waitMs = this.untilReset(state.reset);
		this.windows.delete(windowKey);
		if (waitMs > 0) await sleep(waitMs);
	}

	private untilReset(reset: number | undefined): number {
		const capMs = this.options.maxRateLimitWaitSeconds * 1000;
		if (reset === undefined) return Math.min(capMs, 1000);
		// Reset is whole epoch seconds: add a small margin so the new window has begun.
		const ms = reset * 1000 - Date.now() + 50;
		return Math.max(0, Math.min(capMs, ms));
	}

	private rateLimitWaitMs(reset: number | undefined, attempt: number): number {
		if (reset === undefined) {
			return Math.min(this.options.maxRateLimitWaitSeconds * 1000, this.backoffMs(attempt));
		}
		return this.untilReset(reset);
	}

	/** Exponential backoff with full jitter in [delay/2, delay]. */
	private backoffMs(attempt: number): number {
		const delay = Math.min(MAX_BACKOFF_MS, this.options.initialRetryDelayMs * 2 ** (attempt - 1));
		return Math.round(delay / 2 + Math.random() * (delay / 2));
	}
}

function parseBody(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	if (typeof body === 'string' && body.trim() !== '') {
		try {
			const parsed = JSON.parse(body);
			if (parsed && typeof parsed === 'object') return parsed as IDataObject;
		} catch {
			return { message: body.slice(0, 500) };
		}
	}
	return {};
}

function describeThrown(error: unknown, path: string): BrazeItemError {
	const err = error as { message?: string; cause?: { code?: string; message?: string }; code?: string };
	const inner = err?.cause ?? {};
	const text = redact(String(inner.message ?? err?.message ?? 'unknown error'));
	if (/Braze API credential/.test(text) || /Braze API credential/.test(String(err?.message))) {
		const message = /Braze API credential/.test(text) ? text : redact(String(err.message));
		return { kind: 'configuration', message };
	}
	const code = inner.code ?? err?.code;
	return {
		kind: 'network',
		message: `Network error calling Braze ${path}${code ? ` (${code})` : ''}: ${text}`,
	};
}
