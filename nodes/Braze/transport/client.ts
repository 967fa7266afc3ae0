import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import { resolveBaseUrl } from '../../shared/braze/instances';
import { httpFailure, parseBody, rateLimitBudgetFailure, readRateLimit, thrownFailure } from './answers';
import type { FailureClass } from './failures';
import { FAILURE_RULES, statusClass, thrownClass } from './failures';
import { RequestQueue } from './inFlight';
import type { BrazeTransportOptions } from './options';
import { RateLimitWindows } from './rateLimit';
import type { ResendAfterUncertain } from './retry';
import { backoffMs, nextStep } from './retry';
import type { BrazeCallResult, BrazeRateLimit, BrazeResponse } from './types';

type RawAnswer = { statusCode: number; body: unknown; headers: IDataObject };

/** What the client needs of n8n: an execution, or the editor's list search (load options). */
export type BrazeCallContext = IExecuteFunctions | ILoadOptionsFunctions;

/** A GET request's query parameters; a list is sent as Braze's `name[]=a&name[]=b`. */
export type BrazeQuery = Record<string, string | string[]>;

/** One request as it goes out: a JSON body to POST, or query parameters to GET. */
type Outgoing = { method: 'POST'; body: IDataObject } | { method: 'GET'; query: BrazeQuery };

/** The query string of a GET (Braze's examples write lists as `external_id[]=1&external_id[]=2`). */
export function queryString(query: BrazeQuery): string {
	const pairs: string[] = [];
	for (const [name, value] of Object.entries(query)) {
		if (Array.isArray(value)) for (const v of value) pairs.push(`${encodeURIComponent(`${name}[]`)}=${encodeURIComponent(v)}`);
		else pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
	}
	return pairs.length ? `?${pairs.join('&')}` : '';
}

/** One attempt's outcome: Braze's answer, or the failure and what Braze said with it. */
type Attempt =
	| { ok: true; response: BrazeResponse }
	| { ok: false; failure: FailureClass; error: BrazeItemError; response?: BrazeResponse; rateLimit?: BrazeRateLimit };

const NOT_RESENT =
	'Not sent again: the request carries custom events, purchases or increments, and Options > Event Delivery Guarantee is "At Most Once (May Lose)".';

/**
 * The one way to call Braze, one per execution: resolves each environment's base URL from the
 * credential's non-secret fields, sends through `httpRequestWithAuthentication('brazeApi')` (the
 * credential adds the key), keeps to X-RateLimit-* with one budget per key however many requests
 * are in flight, and treats each failed attempt by its class (`failures.ts`).
 */
export class BrazeClient {
	private requestCount = 0;

	private readonly windows: RateLimitWindows;

	private readonly queue: RequestQueue;

	private constructor(
		private readonly ctx: BrazeCallContext,
		readonly options: BrazeTransportOptions,
		private readonly baseUrls: Record<BrazeEnvironment, string | BrazeItemError>,
		private readonly testKeyPresent: boolean,
	) {
		this.windows = new RateLimitWindows(options.maxRateLimitWaitSeconds);
		this.queue = new RequestQueue(options.requestsInFlight);
	}

	static async open(ctx: BrazeCallContext, options: BrazeTransportOptions): Promise<BrazeClient> {
		const credentials = (await ctx.getCredentials('brazeApi')) as IDataObject;
		const baseUrl = (environment: BrazeEnvironment) => {
			const base = resolveBaseUrl(credentials, environment);
			return base.ok
				? base.url
				: new BrazeItemError({ kind: 'configuration', fields: [base.field], reason: base.message });
		};
		// Presence only: the test key's value is never read here.
		const testKeyPresent = typeof credentials.testApiKey === 'string' && credentials.testApiKey.trim() !== '';
		return new BrazeClient(ctx, options, { production: baseUrl('production'), test: baseUrl('test') }, testKeyPresent);
	}

	/** Configuration problem that stops every request of this environment, if any. */
	environmentError(environment: BrazeEnvironment): BrazeItemError | undefined {
		const base = this.baseUrls[environment];
		if (typeof base !== 'string') return base;
		if (environment === 'test' && !this.testKeyPresent) {
			return new BrazeItemError({
				kind: 'configuration',
				fields: ['environment'],
				reason:
					'Environment is "Test" but the Braze API credential has no Test REST API key: add one to the credential or use Production',
			});
		}
		return undefined;
	}

	/**
	 * POSTs a JSON body to Braze, waiting for rate-limit windows and retrying by failure class.
	 * After an uncertain failure `resend` decides what may go out again (default: the same body,
	 * for endpoints whose writes are safe to repeat). Never throws.
	 */
	async post(
		environment: BrazeEnvironment,
		path: string,
		body: IDataObject,
		resend?: ResendAfterUncertain,
	): Promise<BrazeCallResult> {
		return await this.call(environment, path, body, resend);
	}

	/**
	 * GETs a Braze endpoint (lists, subscription status) by the same rules as `post`: reads are
	 * safe to repeat, so every uncertain failure is sent again. Never throws.
	 */
	async get(environment: BrazeEnvironment, path: string, query: BrazeQuery): Promise<BrazeCallResult> {
		return await this.call(environment, path, undefined, undefined, query);
	}

	private async call(
		environment: BrazeEnvironment,
		path: string,
		body: IDataObject | undefined,
		resend?: ResendAfterUncertain,
		query?: BrazeQuery,
	): Promise<BrazeCallResult> {
		// A GET's history records its query: what went out.
		const sentBody: IDataObject = body ?? { ...(query ?? {}) };
		const history: { finalBody: IDataObject; uncertainBodies: IDataObject[]; uncertainError?: BrazeItemError } = {
			finalBody: sentBody,
			uncertainBodies: [],
		};
		const configError = this.environmentError(environment);
		if (configError) return { ok: false, error: configError, ...history };
		const url = `${this.baseUrls[environment] as string}${path}`;
		const windowKey = `${environment} ${url}`;
		const request = ++this.requestCount;
		let current = sentBody;
		let attempts = 0;
		let rateLimited = 0;
		let last: Extract<Attempt, { ok: false }> | undefined;
		for (;;) {
			if (!(await this.windows.acquire(windowKey))) {
				const error = rateLimitBudgetFailure(path, this.options.maxRateLimitWaitSeconds, last?.error);
				return { ok: false, error, response: last?.response, ...history };
			}
			history.finalBody = current;
			const outgoing: Outgoing = query ? { method: 'GET', query } : { method: 'POST', body: current };
			const attempt = await this.attempt(environment, url, path, outgoing, request);
			this.windows.release(windowKey, attempt.ok ? attempt.response.rateLimit : attempt.rateLimit);
			const rule = attempt.ok ? undefined : FAILURE_RULES[attempt.failure];
			if (!rule || rule.countsAsAttempt) attempts++;
			if (attempt.ok) {
				return { ok: true, response: { ...attempt.response, attempts, rateLimited }, ...history };
			}
			if (attempt.error.kind === 'configuration') return { ok: false, error: attempt.error, ...history };
			last = attempt;
			if (rule?.mayHaveApplied) {
				history.uncertainBodies.push(current);
				history.uncertainError = attempt.error;
			}
			const response = attempt.response ? { ...attempt.response, attempts, rateLimited } : undefined;
			const step = nextStep(attempt.failure, attempts, current, this.options, resend);
			if (step.action === 'waitForReset') {
				rateLimited++;
				const fallback = backoffMs(this.options, rateLimited);
				if (!this.windows.rateLimited(windowKey, attempt.rateLimit?.reset, fallback)) {
					const error = rateLimitBudgetFailure(path, this.options.maxRateLimitWaitSeconds, attempt.error);
					return { ok: false, error, response, ...history };
				}
				continue;
			}
			if (step.action === 'stop') {
				const reason =
					step.why === 'refused'
						? attempt.error.reason
						: step.why === 'atMostOnce'
							? `${attempt.error.reason} ${NOT_RESENT}`
							: `${attempt.error.reason} (gave up after ${attempts} attempt${attempts > 1 ? 's' : ''})`;
				return { ok: false, error: attempt.error.withReason(reason), response, ...history };
			}
			current = step.body;
			await sleep(backoffMs(this.options, attempts));
		}
	}

	/** Whether a request of this execution is under way (waiting for Braze, a retry or a window). */
	get busy(): boolean {
		return this.queue.busy;
	}

	/**
	 * Runs `task` (a request with its retries) in its turn among Requests in Flight: `sendEach`
	 * hands every request of the execution over through here.
	 */
	async inTurn(task: () => Promise<void>): Promise<void> {
		await this.queue.run(task);
	}

	/** One attempt: the HTTP call, and what it came to. */
	private async attempt(
		environment: BrazeEnvironment,
		url: string,
		path: string,
		outgoing: Outgoing,
		request: number,
	): Promise<Attempt> {
		const sent = await this.send(environment, url, outgoing);
		if ('thrown' in sent) {
			return { ok: false, failure: thrownClass(sent.thrown), error: thrownFailure(sent.thrown, path) };
		}
		const { statusCode } = sent.answer;
		const rateLimit = readRateLimit(sent.answer.headers);
		const response: BrazeResponse = {
			statusCode,
			body: parseBody(sent.answer.body),
			rateLimit,
			attempts: 0,
			rateLimited: 0,
			request,
		};
		if (statusCode >= 200 && statusCode < 300) return { ok: true, response };
		const error = httpFailure(statusCode, response.body, environment, path);
		return { ok: false, failure: statusClass(statusCode), error, response, rateLimit };
	}

	private async send(
		environment: BrazeEnvironment,
		url: string,
		outgoing: Outgoing,
	): Promise<{ answer: RawAnswer } | { thrown: unknown }> {
		const get = outgoing.method === 'GET';
		const requestOptions: IHttpRequestOptions = {
			method: outgoing.method,
			url: get ? `${url}${queryString(outgoing.query)}` : url,
			...(get ? {} : { body: outgoing.body }),
			json: true,
			headers: {
				...(get ? {} : { 'Content-Type': 'application/json' }),
				// Non-secret marker read (and removed) by the credential's authenticate.
				'X-Braze-Environment': environment,
			},
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.options.timeoutMs,
		};
		try {
			const answer = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				'brazeApi',
				requestOptions,
			)) as RawAnswer;
			return { answer };
		} catch (thrown) {
			return { thrown };
		}
	}
}
