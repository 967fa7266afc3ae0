/**
 * A 429 storm: Braze's /users/track limit lowered to 20 requests per 3 s, 10,000 items of Track
 * through the compiled node with its default Requests in Flight. Nothing may be lost, and the
 * whole send may take at most 1.5 times the least time the limit allows for its requests.
 */
import type { Sandbox } from '../nodes/Braze/helpers';
import { PRODUCTION_KEY, TEST_KEY, apiRequests } from '../nodes/Braze/helpers';
import { check } from './support/checker';
import type { Recorder } from './support/recorder';
import { print, startRecorder } from './support/recorder';
import { reliabilitySandbox, settledUsers } from './support/sandbox';
import { runScenario, trackScenario, transport } from './support/scenarios';
import { formatTable } from './support/table';

const LIMIT = 20;
const WINDOW_MS = 3000;
const ITEMS = 10000;

let sandbox: Sandbox;
let recorder: Recorder;

beforeAll(async () => {
	recorder = startRecorder();
	sandbox = await reliabilitySandbox({ rateLimits: { 'users.track': { limit: LIMIT, windowMs: WINDOW_MS } } });
});

afterAll(async () => {
	await sandbox?.stop();
	recorder?.stop();
});

/**
 * The least time from the first request's arrival to the last one's that a fixed window of
 * `limit` requests per `windowMs` allows for `requests` requests, the first arriving at `first`
 * (Braze's windows, like the sandbox's, start at multiples of the window length).
 */
export function leastTimeMs(requests: number, first: number, limit = LIMIT, windowMs = WINDOW_MS): number {
	const intoFirstWindow = first % windowMs;
	return (Math.ceil(requests / limit) - 1) * windowMs - intoFirstWindow;
}

it('10,000 items under a limit of 20 requests per 3 s: none lost, within 1.5x of the least time the limit allows', async () => {
	const scenario = trackScenario(ITEMS, 'storm', transport('atLeastOnce', 4));
	const claims = await runScenario(sandbox, scenario, 'regular', recorder, 'storm');
	const users = await settledUsers(sandbox);
	const verdict = check(scenario.expected, claims.delivery, users, { mode: 'atLeastOnce', budgetsSuffice: true });

	const calls = apiRequests(sandbox, '/users/track');
	const accepted = calls.filter((c) => c.status === 201);
	const refused = calls.filter((c) => c.status === 429).length;
	const arrivals = calls.map((c) => Date.parse(c.time));
	const first = Math.min(...arrivals);
	const elapsed = Math.max(...arrivals) - first;
	const least = leastTimeMs(accepted.length, first);
	const ratio = elapsed / least;
	print(
		`\n429 storm: ${ITEMS.toLocaleString('en-US')} items of Track, limit ${LIMIT} requests per ${WINDOW_MS / 1000} s, ` +
			`4 requests in flight: ${accepted.length} requests written, ${refused} answered 429; first to last request ` +
			`${(elapsed / 1000).toFixed(1)} s, least the limit allows ${(least / 1000).toFixed(1)} s, ratio ${ratio.toFixed(2)} ` +
			`(the node's whole run ${(claims.ms / 1000).toFixed(1)} s)\n\n${formatTable([{ run: '429 storm (Track)', tally: verdict.tally, ms: claims.ms }])}\n`,
	);

	expect(verdict.problems.slice(0, 20)).toEqual([]);
	expect(verdict.tally.writtenOnce).toBe(ITEMS);
	expect(claims.delivery.every((d) => d === 'written')).toBe(true);
	expect(accepted.length).toBe(Math.ceil(ITEMS / 75));
	expect(ratio).toBeLessThanOrEqual(1.5);
});

it('two executions of 2,500 items sharing the key, each unaware of the other, run into 429s: none lost, within 1.5x of the least time', async () => {
	sandbox.reset();
	const half = ITEMS / 4;
	const scenarios = ['storm-a', 'storm-b'].map((tag) => trackScenario(half, tag, transport('atLeastOnce', 4, { timeoutMs: 30000 })));
	const runs = await Promise.all(scenarios.map((scenario, i) => runScenario(sandbox, scenario, 'regular', recorder, `storm ${i}`)));
	const users = await settledUsers(sandbox);
	const verdicts = scenarios.map((scenario, i) => check(scenario.expected, runs[i].delivery, users, { mode: 'atLeastOnce', budgetsSuffice: true }));

	const calls = apiRequests(sandbox, '/users/track');
	const accepted = calls.filter((c) => c.status === 201).length;
	const refused = calls.filter((c) => c.status === 429).length;
	const arrivals = calls.map((c) => Date.parse(c.time));
	const first = Math.min(...arrivals);
	const elapsed = Math.max(...arrivals) - first;
	const least = leastTimeMs(accepted, first);
	print(
		`429 storm, two executions of ${half.toLocaleString('en-US')} items on one key: ${accepted} requests written, ${refused} answered 429; ` +
			`first to last request ${(elapsed / 1000).toFixed(1)} s, least the limit allows ${(least / 1000).toFixed(1)} s, ratio ${(elapsed / least).toFixed(2)}\n`,
	);
	for (const verdict of verdicts) {
		expect(verdict.problems.slice(0, 20)).toEqual([]);
		expect(verdict.tally.writtenOnce).toBe(half);
	}
	expect(refused).toBeGreaterThan(0);
	expect(elapsed / least).toBeLessThanOrEqual(1.5);
});

it('leastTimeMs: the windows a number of requests needs, less what the first window had already run', () => {
	expect(leastTimeMs(20, 3000)).toBe(0);
	expect(leastTimeMs(21, 3000)).toBe(3000);
	expect(leastTimeMs(134, 3000 + 1000)).toBe(6 * 3000 - 1000);
});

it('no output, error or log line of the storm holds a key', () => {
	expect(recorder.leaks([PRODUCTION_KEY, TEST_KEY, String(process.env.N8N_ENCRYPTION_KEY)])).toEqual([]);
});
