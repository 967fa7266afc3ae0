import { sleep } from 'n8n-workflow';

import type { BrazeRateLimit } from './types';

/** Braze's reset is in whole seconds: start a little after it, so that the new window has begun. */
const RESET_MARGIN_MS = 50;

/** Shortest wait after a 429, so that a reset already in the past cannot spin. */
const MIN_RATE_LIMIT_WAIT_MS = 100;

interface Window {
	/** X-RateLimit-Limit, once seen. */
	limit?: number;
	/** End (epoch seconds) of the window `available` counts; undefined while a new window's end is not known yet. */
	end?: number;
	/** The last window end already passed: answers about it (or older windows) are stale. */
	passed?: number;
	/** Requests this execution may still start in the window, as far as it knows (undefined: nothing known). */
	available?: number;
	/** Requests started on this key and not answered yet. */
	inFlight: number;
	/** No request starts before this time (ms): the window is used up. */
	blockedUntil?: number;
	/** Answers on this key carry no X-RateLimit-* headers: nothing to keep to. */
	unmetered?: boolean;
}

/**
 * One rate-limit budget per key (environment, host and endpoint: Braze limits each endpoint
 * family per workspace) shared by every request of an execution, however many are in flight.
 *
 * With several requests in flight the last answer's X-RateLimit-Remaining is already stale:
 * the requests still in flight will take from it too. So a request may start only while
 * `available` (Remaining of the newest answer minus the requests in flight, and one less for
 * every request started since) is above 0; at 0 it waits for the window's reset, or for an
 * answer when the reset is not known yet. Before the first answer on a key nothing is known, so
 * one request goes first and the others wait for its headers.
 *
 * Every wait counts toward one total, Max Rate-Limit Wait, for the whole execution; a wait that
 * would go beyond it is not started and the request fails as not applied.
 */
export class RateLimitWindows {
	private readonly windows = new Map<string, Window>();

	private waitedMs = 0;

	private answerWaiters: Array<() => void> = [];

	constructor(private readonly maxWaitSeconds: number) {}

	/** Time spent (or committed) waiting for rate limits so far, ms. */
	get waited(): number {
		return this.waitedMs;
	}

	private window(key: string): Window {
		let window = this.windows.get(key);
		if (!window) {
			window = { inFlight: 0 };
			this.windows.set(key, window);
		}
		return window;
	}

	/** Once the known window is over, a new one holds `limit` requests again. */
	private roll(window: Window, now: number): void {
		if (window.end !== undefined && now >= window.end * 1000 + RESET_MARGIN_MS) {
			window.passed = window.end;
			window.end = undefined;
			window.available = window.limit;
		}
	}

	/**
	 * Blocks the key until `until` (ms), charging the budget for the part not already blocked.
	 * False when the budget cannot pay for it.
	 */
	private block(window: Window, until: number): boolean {
		const from = Math.max(Date.now(), window.blockedUntil ?? 0);
		if (until <= from) return true;
		const cost = until - from;
		if (this.waitedMs + cost > this.maxWaitSeconds * 1000) return false;
		this.waitedMs += cost;
		window.blockedUntil = until;
		return true;
	}

	private async nextAnswer(): Promise<void> {
		return await new Promise((resolve) => this.answerWaiters.push(resolve));
	}

	/**
	 * Waits until one more request may start on `key` and counts it as in flight (the caller must
	 * `release` it). False, at once, when the wait would go beyond Max Rate-Limit Wait.
	 */
	async acquire(key: string): Promise<boolean> {
		for (;;) {
			const window = this.window(key);
			const now = Date.now();
			if (window.blockedUntil !== undefined && now < window.blockedUntil) {
				await sleep(window.blockedUntil - now);
				continue;
			}
			this.roll(window, now);
			if (window.available !== undefined && window.available <= 0) {
				if (window.end !== undefined) {
					if (!this.block(window, window.end * 1000 + RESET_MARGIN_MS)) return false;
					continue;
				}
				if (window.inFlight > 0) {
					await this.nextAnswer();
					continue;
				}
			}
			// Nothing known of this key yet: one request finds out before others follow it.
			if (window.available === undefined && !window.unmetered && window.inFlight > 0) {
				await this.nextAnswer();
				continue;
			}
			window.inFlight++;
			if (window.available !== undefined) window.available--;
			return true;
		}
	}

	/** A request on `key` got an answer (with its X-RateLimit-* headers) or none. */
	release(key: string, rateLimit?: BrazeRateLimit): void {
		const window = this.window(key);
		window.inFlight = Math.max(0, window.inFlight - 1);
		const { limit, remaining, reset } = rateLimit ?? {};
		if (rateLimit && remaining === undefined && window.available === undefined) window.unmetered = true;
		if (limit !== undefined) window.limit = limit;
		if (remaining !== undefined && reset !== undefined && !(window.passed !== undefined && reset <= window.passed)) {
			const fromAnswer = remaining - window.inFlight;
			if (window.end === undefined || reset === window.end) {
				// The window we count (or a new one we started counting from its limit): the lower guess holds.
				window.available = window.available === undefined ? fromAnswer : Math.min(window.available, fromAnswer);
				window.end = reset;
			} else if (reset > window.end) {
				// Braze is already in a later window than our clock says.
				window.available = fromAnswer;
				window.end = reset;
			}
		}
		const waiters = this.answerWaiters;
		this.answerWaiters = [];
		for (const wake of waiters) wake();
	}

	/**
	 * A 429 on `key`: nothing more starts before the reset Braze gave, or, without one, before
	 * `fallbackMs` from now. False when the budget cannot pay for that wait.
	 */
	rateLimited(key: string, reset: number | undefined, fallbackMs: number): boolean {
		const window = this.window(key);
		const now = Date.now();
		if (reset !== undefined && reset * 1000 + RESET_MARGIN_MS > now) {
			// Braze's word for this key: the window it refused in ends at `reset`.
			window.available = 0;
			window.end = reset;
			return this.block(window, Math.max(reset * 1000 + RESET_MARGIN_MS, now + MIN_RATE_LIMIT_WAIT_MS));
		}
		// What we knew of the window was wrong: forget it, and let one request find out again.
		if (window.end !== undefined) window.passed = window.end;
		window.end = undefined;
		window.available = undefined;
		return this.block(window, now + Math.max(MIN_RATE_LIMIT_WAIT_MS, fallbackMs));
	}
}
