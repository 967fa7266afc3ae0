import type { IDataObject } from 'n8n-workflow';

import type { FailureClass } from './failures';
import { FAILURE_RULES } from './failures';
import type { BrazeTransportOptions } from './options';

const MAX_BACKOFF_MS = 30000;

/** Exponential backoff from Initial Retry Delay, with full jitter in [delay/2, delay]. */
export function backoffMs(options: BrazeTransportOptions, attempt: number): number {
	const delay = Math.min(MAX_BACKOFF_MS, options.initialRetryDelayMs * 2 ** (attempt - 1));
	return Math.round(delay / 2 + Math.random() * (delay / 2));
}

/**
 * What may be sent again after an attempt with `body` failed uncertainly: the body itself when
 * every object in it is safe to write twice, a smaller body, or nothing.
 */
export type ResendAfterUncertain = (body: IDataObject) => IDataObject | undefined;

export type NextStep =
	| { action: 'stop'; why: 'refused' | 'attempts' | 'atMostOnce' }
	| { action: 'waitForReset' }
	| { action: 'backoff'; body: IDataObject };

/**
 * What to do after an attempt with `body` failed with class `failure`, `attempts` counted
 * attempts made so far (this one included). The rules come from FAILURE_RULES.
 */
export function nextStep(
	failure: FailureClass,
	attempts: number,
	body: IDataObject,
	options: BrazeTransportOptions,
	resend?: ResendAfterUncertain,
): NextStep {
	const rule = FAILURE_RULES[failure];
	if (rule.retry === 'never') return { action: 'stop', why: 'refused' };
	if (rule.retry === 'afterReset') return { action: 'waitForReset' };
	if (attempts >= options.maxAttempts) return { action: 'stop', why: 'attempts' };
	if (rule.retry === 'byContent' && rule.mayHaveApplied && resend) {
		const next = resend(body);
		return next ? { action: 'backoff', body: next } : { action: 'stop', why: 'atMostOnce' };
	}
	return { action: 'backoff', body };
}
