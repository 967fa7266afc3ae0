/**
 * API keys never appear in outputs, errors or run data, whatever happens.
 */
import type { Sandbox } from './helpers';
import { credentials, EU_KEY, everything, FAST, PRODUCTION_KEY, run, startSandbox, TEST_KEY, trackParams } from './helpers';

const { LoggerProxy } = require('n8n-workflow');

let sb: Sandbox;
const logged: string[] = [];
beforeAll(async () => {
	sb = await startSandbox();
	// Capture everything n8n logs (node errors included) and everything printed to the console.
	const capture = (...args: unknown[]) => {
		logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})))).join(' '));
	};
	const logger = { error: capture, warn: capture, info: capture, debug: capture, verbose: capture };
	LoggerProxy.init({ ...logger, scoped: () => logger });
	for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) jest.spyOn(console, method).mockImplementation(capture);
});
afterAll(async () => {
	await sb.stop();
	jest.restoreAllMocks();
});
beforeEach(() => sb.reset());

const SECRETS = [PRODUCTION_KEY, TEST_KEY, EU_KEY];
function expectNoSecret(text: string) {
	for (const secret of SECRETS) expect(text).not.toContain(secret);
	expect(text).not.toMatch(/Bearer [A-Za-z0-9-]{8,}/);
}

const items = [
	{ id: 'a', name: 'A', sandbox: false },
	{ id: 'b', name: 'B', sandbox: true },
];
const params = trackParams({ environment: '={{ $json.sandbox ? "test" : "production" }}', options: FAST });

describe('secrets', () => {
	it.each([
		['success', {}, undefined, true],
		['401 wrong instance', { apiKey: EU_KEY, testApiKey: EU_KEY }, undefined, true],
		['401 without Continue On Fail', { apiKey: EU_KEY }, undefined, false],
		['5xx until retries run out', {}, { status: 503 }, true],
		['dropped connections', {}, { drop: true }, true],
		['429', {}, { status: 429, count: 1 }, true],
		['keys pasted with quotes and spaces', { apiKey: ` "${PRODUCTION_KEY}" `, testApiKey: `'${TEST_KEY}'\n` }, undefined, true],
	])('are absent from every output and error: %s', async (_name, creds, fault, continueOnFail) => {
		if (fault) sb.setFaults(fault);
		const result = await run(sb, params, items, { credentials: credentials(sb, creds), continueOnFail });
		expectNoSecret(everything(result));
		expectNoSecret(logged.join("\n"));
	});

	it('keys pasted with quotes or spaces are cleaned by the credential and work', async () => {
		const result = await run(sb, params, items, {
			credentials: credentials(sb, { apiKey: ` "${PRODUCTION_KEY}" `, testApiKey: `'${TEST_KEY}'\n` }),
		});
		expect(result.error).toBeUndefined();
		expect(result.json.map((j) => j.success)).toEqual([true, true]);
	});
});
