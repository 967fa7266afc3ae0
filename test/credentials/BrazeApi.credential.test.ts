/**
 * The Braze API credential as n8n uses it: its test request (via the harness's tester, over
 * real HTTP against the sandbox) and its authenticate function.
 */
export {};

const harness = require('../harness') as typeof import('../harness');
const { startBrazeSandbox } = require('../../sandbox/braze');

const KEY = 'cred-test-prod-0001';
const TEST_KEY = 'cred-test-staging-0002';
const EU_KEY = 'cred-test-eu-0003';
const EXPORT_LESS_KEY = 'cred-test-trackonly-0004';

let sb: { url: string; stop(): Promise<void>; requests(): any[]; clearRequests(): void };
beforeAll(async () => {
	sb = await startBrazeSandbox({
		port: 0,
		instance: 'US-01',
		keys: [
			{ key: KEY, workspace: 'production' },
			{ key: TEST_KEY, workspace: 'staging' },
			{ key: EU_KEY, workspace: 'production', instance: 'EU-01' },
			{ key: EXPORT_LESS_KEY, workspace: 'production', permissions: ['users.track'] },
		],
	});
});
afterAll(async () => await sb.stop());

const type = () => harness.loadTypes().credentials.get('brazeApi');

describe('Braze API credential: test', () => {
	it('succeeds with a valid key on the chosen instance', async () => {
		const result = await harness.testCredential('brazeApi', { instance: 'custom', customUrl: sb.url, apiKey: KEY });
		expect(result).toMatchObject({ status: 'OK' });
		expect(sb.requests().at(-1)).toMatchObject({ path: '/users/export/ids', status: 201 });
	});

	it('a key of another instance fails with a message naming the usual causes of a 401', async () => {
		const result = await harness.testCredential('brazeApi', { instance: 'custom', customUrl: sb.url, apiKey: EU_KEY });
		expect(result.status).toBe('Error');
		expect(result.statusCode).toBe(401);
		expect(result.message).toMatch(/another Braze instance/);
		expect(result.message).toMatch(/EU-01 key sent to a US host/);
		expect(result.message).toMatch(/quotes or spaces/);
		expect(result.message).not.toContain(EU_KEY);
	});

	it('a bad key fails with the same 401 guidance', async () => {
		const result = await harness.testCredential('brazeApi', { instance: 'custom', customUrl: sb.url, apiKey: 'nope' });
		expect(result).toMatchObject({ status: 'Error', statusCode: 401 });
	});

	it('a key without users.export.ids is told apart: accepted, but lacking the permission (403)', async () => {
		const result = await harness.testCredential('brazeApi', { instance: 'custom', customUrl: sb.url, apiKey: EXPORT_LESS_KEY });
		expect(result).toMatchObject({ status: 'Error', statusCode: 403 });
		expect(result.message).toMatch(/accepted the REST API key.*users\.export\.ids/);
	});

	it('a key pasted with quotes and spaces still works', async () => {
		const result = await harness.testCredential('brazeApi', { instance: 'custom', customUrl: sb.url, apiKey: ` "${KEY}"\n` });
		expect(result.status).toBe('OK');
	});

	it('refuses a plain-http custom URL that is not loopback', async () => {
		const result = await harness.testCredential('brazeApi', { instance: 'custom', customUrl: 'http://rest.example.com', apiKey: KEY });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/must use https/);
	});
});

describe('Braze API credential: fields', () => {
	it('offers every documented instance with its REST URL (EU on .braze.eu), plus Custom', () => {
		const instance = type().properties.find((p: any) => p.name === 'instance');
		const options = Object.fromEntries(instance.options.map((o: any) => [o.name, o.value]));
		expect(Object.keys(options)).toEqual([
			'US-01', 'US-02', 'US-03', 'US-04', 'US-05', 'US-06', 'US-07', 'US-08', 'US-10',
			'EU-01', 'EU-02', 'AU-01', 'ID-01', 'JP-01', 'KR-01', 'Custom URL',
		]);
		expect(options['US-01']).toBe('https://rest.iad-01.braze.com');
		expect(options['US-10']).toBe('https://rest.us-10.braze.com');
		expect(options['EU-01']).toBe('https://rest.fra-01.braze.eu');
		expect(options['EU-02']).toBe('https://rest.fra-02.braze.eu');
		expect(options['KR-01']).toBe('https://rest.kr-01.braze.com');
	});

	it('keeps keys in password fields and the field names of the contract', () => {
		const props = type().properties;
		expect(props.map((p: any) => p.name)).toEqual(['instance', 'customUrl', 'apiKey', 'testApiKey', 'testInstance', 'testCustomUrl']);
		for (const name of ['apiKey', 'testApiKey']) {
			expect(props.find((p: any) => p.name === name).typeOptions).toEqual({ password: true });
		}
		expect(props.find((p: any) => p.name === 'testInstance').default).toBe('same');
	});
});

describe('Braze API credential: authenticate', () => {
	const data = { instance: 'https://rest.fra-01.braze.eu', apiKey: 'prod-k', testApiKey: 'test-k', testInstance: 'https://rest.iad-02.braze.com' };

	it('injects the production key as a Bearer token', async () => {
		const out = await type().authenticate(data, { url: 'https://rest.fra-01.braze.eu/users/track', headers: { 'Content-Type': 'application/json' } });
		expect(out.headers).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer prod-k' });
	});

	it('uses the test key when the request carries the environment marker, and removes the marker', async () => {
		const out = await type().authenticate(data, { url: 'https://rest.iad-02.braze.com/users/track', headers: { 'X-Braze-Environment': 'test' } });
		expect(out.headers).toEqual({ Authorization: 'Bearer test-k' });
	});

	it('refuses to send a key to another host than its environment\'s instance', async () => {
		await expect(type().authenticate(data, { url: 'https://rest.iad-01.braze.com/users/track', headers: {} })).rejects.toThrow(/refusing to send the production key/);
		await expect(type().authenticate(data, { url: 'https://rest.fra-01.braze.eu/users/track', headers: { 'x-braze-environment': 'test' } })).rejects.toThrow(/refusing to send the test key/);
	});

	it('fails clearly when Test is asked for without a test key', async () => {
		await expect(type().authenticate({ ...data, testApiKey: '' }, { url: 'https://rest.iad-02.braze.com/x', headers: { 'X-Braze-Environment': 'test' } })).rejects.toThrow(/no Test REST API key/);
	});

	it('sends a request with a relative URL (the credential test) to the instance the credential resolves', async () => {
		const out = await type().authenticate(data, { url: '/users/export/ids', headers: {} });
		expect(out).toMatchObject({ baseURL: 'https://rest.fra-01.braze.eu', url: '/users/export/ids', headers: { Authorization: 'Bearer prod-k' } });
		const custom = { instance: 'custom', customUrl: ' http://127.0.0.1:4011/ ', apiKey: 'k' };
		await expect(type().authenticate(custom, { url: '/users/export/ids', headers: {} })).resolves.toMatchObject({ baseURL: 'http://127.0.0.1:4011' });
	});

	it('names the credential field whose URL is not allowed', async () => {
		const test = { ...data, testInstance: 'custom', testCustomUrl: 'http://10.0.0.5' };
		await expect(type().authenticate(test, { url: 'http://10.0.0.5/users/track', headers: { 'X-Braze-Environment': 'test' } })).rejects.toThrow(
			/"Test Custom URL" must use https/,
		);
	});

	it('accepts loopback http (sandbox) and rejects other http', async () => {
		const local = { instance: 'custom', customUrl: 'http://[::1]:4011', apiKey: 'k' };
		await expect(type().authenticate(local, { url: 'http://[::1]:4011/users/track', headers: {} })).resolves.toMatchObject({ headers: { Authorization: 'Bearer k' } });
		const remote = { instance: 'custom', customUrl: 'http://10.0.0.5:4011', apiKey: 'k' };
		await expect(type().authenticate(remote, { url: 'http://10.0.0.5:4011/users/track', headers: {} })).rejects.toThrow(/must use https/);
	});
});
