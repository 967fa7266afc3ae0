import { sleep } from 'n8n-workflow';

import type { BrazeRateLimit } from './types';

interface Window {
	remaining?: number;
	reset?: number;
}

/**
 * What the last answer on each rate-limit key (environment, host and endpoint: Braze limits
 * each endpoint family separately) said about its window, so that a request waits for the
 * reset instead of running into a 429.
 */
export class RateLimitWindows {
	private readonly windows = new Map<string, Window>();

	constructor(private readonly maxWaitSeconds: number) {}

	record(key: string, rateLimit: BrazeRateLimit): void {
		this.windows.set(key, { remaining: rateLimit.remaining, reset: rateLimit.reset });
	}

	/** The window is known to be used up until a wait already taken is over. */
	forget(key: string): void {
		this.windows.delete(key);
	}

	/** Waits for the reset when the last answer on `key` said X-RateLimit-Remaining = 0. */
	async beforeSend(key: string): Promise<void> {
		const window = this.windows.get(key);
		if (!window || window.remaining === undefined || window.remaining > 0) return;
		const waitMs = this.untilReset(window.reset);
		this.windows.delete(key);
		if (waitMs > 0) await sleep(waitMs);
	}

	/** Time until the window resets, at most Max Rate-Limit Wait; 1 s when Braze gave no reset. */
	untilReset(reset: number | undefined): number {
		const capMs = this.maxWaitSeconds * 1000;
		if (reset === undefined) return Math.min(capMs, 1000);
		// Reset is whole epoch seconds: add a small margin so that the new window has begun.
		return Math.max(0, Math.min(capMs, reset * 1000 - Date.now() + 50));
	}

	get maxWaitMs(): number {
		return this.maxWaitSeconds * 1000;
	}
}
