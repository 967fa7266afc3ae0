/**
 * When a failed attempt is sent again, and after how long.
 */
import { DEFAULT_TRANSPORT_OPTIONS } from '../../../../nodes/Braze/transport/options';
import { RateLimitWindows } from '../../../../nodes/Braze/transport/rateLimit';
import { backoffMs, nextStep } from '../../../../nodes/Braze/transport/retry';

const options = { ...DEFAULT_TRANSPORT_OPTIONS, maxAttempts: 3, initialRetryDelayMs: 200, maxRateLimitWaitSeconds: 5 };
const windows = new RateLimitWindows(options.maxRateLimitWaitSeconds);

describe('nextStep', () => {
	it('never sends a rejected request again', () => {
		expect(nextStep({ kind: 'rejected' }, 1, options, windows)).toEqual({ retry: false });
	});

	it('stops at Max Attempts', () => {
		expect(nextStep({ kind: 'serverError' }, 3, options, windows)).toEqual({ retry: false });
		expect(nextStep({ kind: 'network' }, 2, options, windows).retry).toBe(true);
	});

	it('waits for the rate-limit reset, at most Max Rate-Limit Wait', () => {
		const reset = Math.floor(Date.now() / 1000) + 2;
		const step = nextStep({ kind: 'rateLimited', reset }, 1, options, windows);
		expect(step.retry && step.waitMs).toBeGreaterThan(900);
		const far = nextStep({ kind: 'rateLimited', reset: reset + 3600 }, 1, options, windows);
		expect(far).toEqual({ retry: true, waitMs: 5000 });
	});

	it('backs off exponentially with jitter in [delay/2, delay]', () => {
		for (let i = 0; i < 20; i++) {
			expect(backoffMs(options, 1)).toBeGreaterThanOrEqual(100);
			expect(backoffMs(options, 1)).toBeLessThanOrEqual(200);
			expect(backoffMs(options, 3)).toBeGreaterThanOrEqual(400);
			expect(backoffMs(options, 3)).toBeLessThanOrEqual(800);
		}
	});
});
