/**
 * One rate-limit budget per key, however many requests are in flight: what X-RateLimit-Remaining
 * still allows while others are on their way, and Max Rate-Limit Wait as a total.
 */
import { RateLimitWindows } from '../../../../nodes/Braze/transport/rateLimit';

const KEY = 'production https://rest.iad-01.braze.com/users/track';
const inSeconds = (s: number) => Math.ceil(Date.now() / 1000) + s;

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
	let done = false;
	void promise.then(() => (done = true));
	await new Promise((resolve) => setTimeout(resolve, ms));
	return done;
}

describe('RateLimitWindows', () => {
	it('lets one request find out the window before the others follow it', async () => {
		const windows = new RateLimitWindows(60);
		expect(await windows.acquire(KEY)).toBe(true);
		const second = windows.acquire(KEY);
		expect(await settlesWithin(second, 30)).toBe(false);
		windows.release(KEY, { limit: 100, remaining: 99, reset: inSeconds(3) });
		expect(await second).toBe(true);
	});

	it('counts the requests still in flight against Remaining: they will take from it too', async () => {
		const windows = new RateLimitWindows(60);
		await windows.acquire(KEY);
		windows.release(KEY, { limit: 10, remaining: 9, reset: inSeconds(1) });
		for (let i = 0; i < 4; i++) expect(await windows.acquire(KEY)).toBe(true);
		// one answer: Remaining 3, with 3 requests still in flight: nothing more may start
		windows.release(KEY, { limit: 10, remaining: 3, reset: inSeconds(1) });
		expect(await settlesWithin(windows.acquire(KEY), 30)).toBe(false);
	});

	it('takes the lower of its own count and an answer that is already stale', async () => {
		const windows = new RateLimitWindows(60);
		await windows.acquire(KEY);
		windows.release(KEY, { limit: 10, remaining: 3, reset: inSeconds(1) });
		for (let i = 0; i < 3; i++) await windows.acquire(KEY);
		// an answer that left Braze before the last two requests were counted says 2: ignore the surplus
		windows.release(KEY, { limit: 10, remaining: 2, reset: inSeconds(1) });
		expect(await settlesWithin(windows.acquire(KEY), 30)).toBe(false);
	});

	it('at Remaining 0 waits for the reset, then starts a full window', async () => {
		const windows = new RateLimitWindows(60);
		await windows.acquire(KEY);
		const reset = Math.ceil((Date.now() + 300) / 1000);
		windows.release(KEY, { limit: 2, remaining: 0, reset });
		const started = Date.now();
		expect(await windows.acquire(KEY)).toBe(true);
		expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000);
		expect(Date.now() - started).toBeLessThan(1500);
		expect(await windows.acquire(KEY)).toBe(true); // the second of the new window's 2
		expect(windows.waited).toBeGreaterThan(0);
	});

	it('does not start a wait the budget cannot pay for, and says so at once', async () => {
		const windows = new RateLimitWindows(0.5);
		await windows.acquire(KEY);
		windows.release(KEY, { limit: 2, remaining: 0, reset: inSeconds(2) });
		const started = Date.now();
		expect(await windows.acquire(KEY)).toBe(false);
		expect(Date.now() - started).toBeLessThan(1000); // the reset is 2 s away: it did not wait for it
	});

	it('charges a wait once, however many requests wait for the same reset', async () => {
		const windows = new RateLimitWindows(60);
		await windows.acquire(KEY);
		windows.release(KEY, { limit: 100, remaining: 0, reset: Math.ceil((Date.now() + 200) / 1000) });
		await Promise.all([windows.acquire(KEY), windows.acquire(KEY), windows.acquire(KEY)]);
		expect(windows.waited).toBeLessThan(1300);
	});

	it('after a 429 without a reset header, backs off for the given time', async () => {
		const windows = new RateLimitWindows(60);
		await windows.acquire(KEY);
		windows.release(KEY, { limit: 100, remaining: 50, reset: inSeconds(1) });
		expect(windows.rateLimited(KEY, undefined, 200)).toBe(true);
		const started = Date.now();
		await windows.acquire(KEY);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
	});

	it('keeps keys apart: one endpoint used up does not hold another', async () => {
		const windows = new RateLimitWindows(60);
		await windows.acquire(KEY);
		windows.release(KEY, { limit: 2, remaining: 0, reset: inSeconds(1) });
		expect(await settlesWithin(windows.acquire('production https://rest.iad-01.braze.com/users/export/ids'), 30)).toBe(true);
	});
});
