import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { BrazeItemError } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import { resolveBaseUrl } from '../../shared/braze/instances';
import { httpFailure, parseBody, readRateLimit, thrownFailure } from './answers';
import type { BrazeTransportOptions } from './options';
import { RateLimitWindows } from './rateLimit';
import type { AttemptFailure } from './retry';
import { nextStep } from './retry';
import type { BrazeCallResult, BrazeResponse } from './types';

type RawAnswer = { statusCode: number; body: unknown; headers: IDataObject };

/**
 * The one way to call Braze, one per execution: resolves each environment's base URL from the
 * credential's non-secret fields, sends through `httpRequestWithAuthentication('brazeApi')` (the
 * credential adds the key), keeps to X-RateLimit-* and retries what may succeed when sent again.
 */
export class BrazeClient {
	private requestCount = 0;

	private readonly windows: RateLimitWindows;

	private constructor(
		private readonly ctx: IExecuteFunctions,
		readonly options: BrazeTransportOptions,
		private readonly baseUrls: Record<BrazeEnvironment, string | BrazeItemError>,
		private readonly testKeyPresent: boolean,
	) {
		this.windows = new RateLimitWindows(options.maxRateLimitWaitSeconds);
	}

	static async open(ctx: IExecuteFunctions, options: BrazeTransportOptions): Promise<BrazeClient> {
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

	/** POSTs a JSON body to Braze, waiting for rate-limit windows and retrying. Never throws. */
	async post(environment: BrazeEnvironment, path: string, body: IDataObject): Promise<BrazeCallResult> {
		const configError = this.environmentError(environment);
		if (configError) return { ok: false, error: configError };
		const url = `${this.baseUrls[environment] as string}${path}`;
		const windowKey = `${environment} ${url}`;
		const request = ++this.requestCount;
		for (let attempt = 1; ; attempt++) {
			await this.windows.beforeSend(windowKey);
			let failure: AttemptFailure;
			let result: BrazeCallResult;
			const sent = await this.send(environment, url, body);
			if ('thrown' in sent) {
				const error = thrownFailure(sent.thrown, path);
				if (error.kind === 'configuration') return { ok: false, error };
				failure = { kind: 'network' };
				result = { ok: false, error };
			} else {
				const { statusCode } = sent.answer;
				const rateLimit = readRateLimit(sent.answer.headers);
				this.windows.record(windowKey, rateLimit);
				const response: BrazeResponse = { statusCode, body: parseBody(sent.answer.body), rateLimit, attempts: attempt, request };
				if (statusCode >= 200 && statusCode < 300) return { ok: true, response };
				result = { ok: false, error: httpFailure(statusCode, response.body, environment, path), response };
				failure =
					statusCode === 429
						? { kind: 'rateLimited', reset: rateLimit.reset }
						: statusCode >= 500
							? { kind: 'serverError' }
							: { kind: 'rejected' };
			}
			const step = nextStep(failure, attempt, this.options, this.windows);
			if (!step.retry) {
				if (failure.kind === 'rejected') return result;
				const reason = `${result.error.reason} (gave up after ${attempt} attempt${attempt > 1 ? 's' : ''})`;
				return { ...result, error: result.error.withReason(reason) };
			}
			await sleep(step.waitMs);
			if (failure.kind === 'rateLimited') this.windows.forget(windowKey);
		}
	}

	private async send(
		environment: BrazeEnvironment,
		url: string,
		body: IDataObject,
	): Promise<{ answer: RawAnswer } | { thrown: unknown }> {
		const requestOptions: IHttpRequestOptions = {
			method: 'POST',
			url,
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
