/**
 * The suite fails when a fault is no longer survived. Each test switches one rule of the
 * compiled transport's failure table (dist/nodes/Braze/transport/failures.js, the table the client
 * reads for every decision) back to what the node did before issue 9, runs a fault scenario, and
 * expects the suite's own checker to report what a user would suffer.
 */
import type { Sandbox } from '../nodes/Braze/helpers';
import { check } from './support/checker';
import type { Recorder } from './support/recorder';
import { startRecorder } from './support/recorder';
import { reliabilitySandbox, settledUsers } from './support/sandbox';
import type { Mode } from './support/scenarios';
import { runScenario, trackScenario, transport } from './support/scenarios';

// The same module instance the harness loads the node from (one jest module registry per file).
const { FAILURE_RULES } = require('../../dist/nodes/Braze/transport/failures.js');

const ITEMS = 1500;
const saved = JSON.parse(JSON.stringify(FAILURE_RULES));

let sandbox: Sandbox;
let recorder: Recorder;

beforeAll(async () => {
	recorder = startRecorder();
	sandbox = await reliabilitySandbox();
});

afterEach(() => {
	for (const [name, rule] of Object.entries(saved)) Object.assign(FAILURE_RULES[name], rule);
});

afterAll(async () => {
	await sandbox?.stop();
	recorder?.stop();
});

async function problemsOf(mode: Mode, faults: object[], options: object = {}): Promise<string[]> {
	sandbox.reset();
	sandbox.setFaults(faults);
	const scenario = trackScenario(ITEMS, `self-${mode}`, transport(mode, 1, options));
	const claims = await runScenario(sandbox, scenario, 'regular', recorder, `self-check ${mode}`);
	const users = await settledUsers(sandbox);
	return check(scenario.expected, claims.delivery, users, { mode, budgetsSuffice: true }).problems;
}

const APPLIED_THEN_LOST = [
	{ status: 500, applyThenFail: true, rate: 0.1, seed: 4 },
	{ drop: true, applyThenFail: true, rate: 0.05, seed: 5 },
];

it('the unchanged rules keep every promise under the same faults', async () => {
	expect(await problemsOf('atLeastOnce', APPLIED_THEN_LOST)).toEqual([]);
	expect(await problemsOf('atMostOnce', APPLIED_THEN_LOST)).toEqual([]);
});

it('treating an uncertain failure as "nothing applied" is caught: unflagged duplicates', async () => {
	Object.assign(FAILURE_RULES.uncertain, { mayHaveApplied: false, retry: 'always' });
	const problems = await problemsOf('atLeastOnce', APPLIED_THEN_LOST);
	expect(problems.length).toBeGreaterThan(0);
	expect(problems.some((p) => /in Braze 2 times but says "written"/.test(p))).toBe(true);
});

it('the same switch under at most once is caught: duplicates where none may be', async () => {
	Object.assign(FAILURE_RULES.uncertain, { mayHaveApplied: false, retry: 'always' });
	const problems = await problemsOf('atMostOnce', APPLIED_THEN_LOST);
	expect(problems.some((p) => /written 2 times at most once/.test(p))).toBe(true);
});

it('counting 429s as attempts (no wait for the window) is caught: items lost while the budgets sufficed', async () => {
	Object.assign(FAILURE_RULES.rateLimited, { countsAsAttempt: true, retry: 'always' });
	const problems = await problemsOf('atLeastOnce', [{ status: 429, count: 3 }], { maxAttempts: 3 });
	expect(problems.some((p) => /not written although the budgets sufficed/.test(p))).toBe(true);
});
