/**
 * Production / Test routing: each item chooses its environment; Test uses the credential's test
 * key and test instance; Test without a test key fails only those items.
 */
import type { Json, Sandbox } from '../helpers';
import { apiRequests, credentials, EU_KEY, harness, PRODUCTION_KEY, run, startSandbox, TEST_KEY, trackParams } from '../helpers';

let us: Sandbox;
let eu: Sandbox;
beforeAll(async () => {
	us = await startSandbox();
	eu = await startSandbox({ instance: 'EU-01' });
});
afterAll(async () => {
	await us.stop();
	await eu.stop();
});
beforeEach(() => {
	us.reset();
	eu.reset();
	harness.resetAuthenticatedRequests();
});

const items = [
	{ id: 'a', name: 'A', sandbox: false },
	{ id: 'b', name: 'B', sandbox: true },
	{ id: 'c', name: 'C', sandbox: false },
];
const perItem = trackParams({ environment: '={{ $json.sandbox ? "test" : "production" }}' });
/** The external_ids of a workspace once Braze has processed the writes. */
const ids = (sb: Sandbox, workspace: string) => {
	sb.settle();
	return (sb.users(workspace) as Json[]).map((u) => u.external_id).sort();
};

describe('environment', () => {
	it('an expression routes each item: test items use the test key (staging workspace), others production', async () => {
		const result = await run(us, perItem, items);
		expect(result.error).toBeUndefined();
		expect(result.json.map((j) => j.environment)).toEqual(['production', 'test', 'production']);
		expect(ids(us, 'production')).toEqual(['a', 'c']);
		expect(ids(us, 'staging')).toEqual(['b']);
		const calls = apiRequests(us, '/users/track');
		expect(calls.map((c) => c.workspace).sort()).toEqual(['production', 'staging']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('Test with its own instance goes to that host with the test key', async () => {
		const creds = credentials(us, { testApiKey: EU_KEY, testInstance: 'custom', testCustomUrl: eu.url });
		const result = await run(us, perItem, items, { credentials: creds });
		expect(result.error).toBeUndefined();
		expect(ids(eu, 'production')).toEqual(['b']);
		expect(ids(us, 'production')).toEqual(['a', 'c']);
		expect(apiRequests(eu, '/users/track')).toHaveLength(1);
	});

	it('the environment marker never reaches Braze and the Authorization header is set by the credential', async () => {
		await run(us, perItem, items);
		const sent = harness.getAuthenticatedRequests();
		expect(sent.length).toBe(2);
		for (const request of sent) {
			const names = Object.keys(request.headers).map((h) => h.toLowerCase());
			expect(names).not.toContain('x-braze-environment');
			expect(request.headers.Authorization).toBe('Bearer [redacted]');
		}
	});

	it('Test without a test key fails those items only, with a clear message', async () => {
		const creds = { brazeApi: { instance: 'custom', customUrl: us.url, apiKey: PRODUCTION_KEY } };
		const result = await run(us, perItem, items, { credentials: creds, continueOnFail: true });
		expect(result.json.map((j) => j.success)).toEqual([true, false, true]);
		expect(result.json[1]).toMatchObject({ environment: 'test', errorKind: 'configuration' });
		expect(result.json[1].error).toMatch(/^Item 1: Environment is "Test" but the Braze API credential has no Test REST API key/);
		expect(ids(us, 'production')).toEqual(['a', 'c']);
	});

	it('an expression returning the boolean sandbox flag works too (true = Test)', async () => {
		const result = await run(us, trackParams({ environment: '={{ $json.sandbox }}' }), items);
		expect(result.json.map((j) => j.environment)).toEqual(['production', 'test', 'production']);
	});

	it('an unknown environment value is an error for that item', async () => {
		const result = await run(us, trackParams({ environment: '={{ $json.env }}' }), [{ id: 'x', name: 'X', env: 'prod' }, { id: 'y', name: 'Y', env: 'production' }], { continueOnFail: true });
		expect(result.json[0].error).toMatch(/^Item 0: environment: "prod" is neither/);
		expect(result.json[1].success).toBe(true);
	});

	it('rejects a plain-http custom URL that is not loopback, without sending anything', async () => {
		const result = await run(us, trackParams(), [{ id: 'z', name: 'Z' }], {
			credentials: { brazeApi: { instance: 'custom', customUrl: 'http://braze.example.com', apiKey: PRODUCTION_KEY } },
			continueOnFail: true,
		});
		expect(result.json[0]).toMatchObject({ success: false, errorKind: 'configuration' });
		expect(result.json[0].error).toMatch(/must use https/);
		expect(harness.getAuthenticatedRequests()).toHaveLength(0);
	});

	it('uses TEST_KEY only for test items (sandbox sees the staging workspace)', async () => {
		await run(us, trackParams({ environment: 'test' }), [{ id: 't1', name: 'T' }]);
		expect(apiRequests(us, '/users/track')[0].workspace).toBe('staging');
		expect(TEST_KEY).not.toBe(PRODUCTION_KEY);
	});
});
