/**
 * The Braze API credential as n8n uses it: its test (the Braze node's `credentialTest`, run in
 * n8n-core's own CredentialTestContext over real HTTP against the sandbox), its fields and its
 * authenticate function.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export {};

const harness = require('../harness') as typeof import('../harness');
const { startBrazeSandbox } = require('../../sandbox/braze');
const { CredentialTestContext } = require('n8n-core');

const KEY = 'cred-test-prod-0001';
const TEST_KEY = 'cred-test-staging-0002';
const EU_KEY = 'cred-test-eu-0003';
const TRACK_ONLY_KEY = 'cred-test-trackonly-0004';
const ALL_PERMISSIONS = [
	'users.track',
	'users.export.ids',
	'users.alias.new',
	'users.identify',
	'users.delete',
	'users.merge',
	'users.external_ids.rename',
	'users.external_ids.remove',
	'subscription.status.set',
	'subscription.status.get',
	'email.status',
	'campaigns.trigger.send',
	'canvas.trigger.send',
	'messages.send',
	'campaigns.list',
	'canvas.list',
	'segments.list',
];
/** What each permission's probe calls (Braze docs: the endpoint page that names the permission). */
const PROBES: Record<string, [string, string]> = {
	'users.track': ['POST', '/users/track'],
	'users.export.ids': ['POST', '/users/export/ids'],
	'users.alias.new': ['POST', '/users/alias/new'],
	'users.identify': ['POST', '/users/identify'],
	'users.delete': ['POST', '/users/delete'],
	'users.merge': ['POST', '/users/merge'],
	'users.external_ids.rename': ['POST', '/users/external_ids/rename'],
	'users.external_ids.remove': ['POST', '/users/external_ids/remove'],
	'subscription.status.set': ['POST', '/v2/subscription/status/set'],
	'subscription.status.get': ['GET', '/subscription/status/get'],
	'email.status': ['POST', '/email/status'],
	'campaigns.trigger.send': ['POST', '/campaigns/trigger/send'],
	'canvas.trigger.send': ['POST', '/canvas/trigger/send'],
	'messages.send': ['POST', '/messages/send'],
	'campaigns.list': ['GET', '/campaigns/list'],
	'canvas.list': ['GET', '/canvas/list'],
	'segments.list': ['GET', '/segments/list'],
};
/** A key per permission holding only that one. */
const keyWith = (permission: string) => `cred-test-only-${permission}`;

type Sandbox = { url: string; stop(): Promise<void>; requests(): any[]; clearRequests(): void; users(workspace?: string): any[]; setFaults(f: any): any; clearFaults(): void };
let sb: Sandbox;
/** A second instance (plays EU-01) for test keys of another instance than production's. */
let eu: Sandbox;
beforeAll(async () => {
	sb = await startBrazeSandbox({
		port: 0,
		instance: 'US-01',
		keys: [
			{ key: KEY, workspace: 'production' },
			{ key: TEST_KEY, workspace: 'staging' },
			{ key: EU_KEY, workspace: 'production', instance: 'EU-01' },
			{ key: TRACK_ONLY_KEY, workspace: 'production', permissions: ['users.track'] },
			...ALL_PERMISSIONS.map((permission) => ({ key: keyWith(permission), workspace: 'production', permissions: [permission] })),
		],
	});
	eu = await startBrazeSandbox({ port: 0, instance: 'EU-01', keys: [{ key: EU_KEY, workspace: 'staging', instance: 'EU-01' }] });
});
afterAll(async () => {
	await sb.stop();
	await eu.stop();
});
beforeEach(() => {
	sb.clearRequests();
	eu.clearRequests();
	sb.clearFaults();
});

const types = () => harness.loadTypes();
const type = () => types().credentials.get('brazeApi');

/** The credential's data as n8n hands it to the test: the fields' defaults, then what was typed. */
function withDefaults(data: Record<string, unknown>): Record<string, unknown> {
	const defaults = Object.fromEntries(type().properties.filter((p: any) => p.type !== 'notice').map((p: any) => [p.name, p.default]));
	return { ...defaults, ...data };
}

/** Runs the credential test exactly as n8n's CredentialsTester does for a `testedBy` function. */
async function testCredential(data: Record<string, unknown>): Promise<{ status: string; message: string }> {
	const braze = types().nodes.get(harness.resolveType('braze'));
	const testedBy = braze.description.credentials.find((c: any) => c.name === 'brazeApi').testedBy;
	const test = braze.methods.credentialTest[testedBy];
	return await test.call(new CredentialTestContext(undefined), { id: 'c1', name: 'Braze', type: 'brazeApi', data: withDefaults(data) });
}

const local = (extra: Record<string, unknown> = {}) => ({ instance: 'custom', customUrl: sb.url, apiKey: KEY, ...extra });

describe('Braze API credential: test', () => {
	it('is the Braze node\'s test: the credential has no request test of its own, which n8n would run instead', () => {
		expect(type().test).toBeUndefined();
		const braze = types().nodes.get(harness.resolveType('braze'));
		const entry = braze.description.credentials.find((c: any) => c.name === 'brazeApi');
		expect(typeof braze.methods.credentialTest[entry.testedBy]).toBe('function');
	});

	it('passes a valid key, checking users.track by default with a /users/track call that records nothing', async () => {
		const result = await testCredential(local());
		expect(result.status).toBe('OK');
		expect(sb.requests().map((r) => [r.path, r.status, r.body])).toEqual([['/users/track', 400, {}]]);
		expect(sb.users('production')).toEqual([]);
	});

	it('passes a key that has only users.track, which is all Track and the Extole pipeline write with', async () => {
		const result = await testCredential(local({ apiKey: TRACK_ONLY_KEY }));
		expect(result).toMatchObject({ status: 'OK', message: expect.stringContaining('users.track') });
	});

	it('fails that key when Export by Identifier\'s permission is to be checked, naming the key, the permission and its operations', async () => {
		const result = await testCredential(local({ apiKey: TRACK_ONLY_KEY, checkPermissions: ['users.track', 'users.export.ids'] }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^REST API Key: the key is valid but lacks users\.export\.ids \(Export by Identifier/);
		expect(result.message).toContain('Settings > APIs and Identifiers > API Keys');
		expect(result.message).not.toMatch(/users\.track \(/);
	});

	it('checks every permission without writing or sending anything, in a workspace with users, campaigns and Canvases', async () => {
		// Users Braze has (processed), and the sandbox's default dashboard: campaigns, Canvases, segments.
		await fetch(`${sb.url}/users/track`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${KEY}` },
			body: JSON.stringify({ attributes: [{ external_id: 'ann', email: 'ann@example.com' }, { external_id: 'bob' }] }),
		});
		(sb as any).settle();
		sb.clearRequests();
		const before = JSON.stringify(sb.users('production'));
		const result = await testCredential(local({ checkPermissions: ALL_PERMISSIONS }));
		expect(result.status).toBe('OK');
		const requests = sb.requests();
		expect(requests.map((r) => [r.method, r.path])).toEqual(ALL_PERMISSIONS.map((p) => PROBES[p]));
		for (const r of requests) expect(r.status === 400 || (r.status >= 200 && r.status < 300)).toBe(true);
		(sb as any).settle();
		// No user created, changed, merged, renamed or sent a message.
		expect(JSON.stringify(sb.users('production'))).toBe(before);
	});

	it.each(ALL_PERMISSIONS)('tells a key with %s from a key without it, by a probe Braze answers either way', async (permission) => {
		const holding = await testCredential(local({ apiKey: keyWith(permission), checkPermissions: [permission] }));
		expect(holding).toMatchObject({ status: 'OK', message: expect.stringContaining(permission) });
		const [probe] = sb.requests();
		expect([probe.method, probe.path]).toEqual(PROBES[permission]);
		expect(probe.status === 400 || (probe.status >= 200 && probe.status < 300)).toBe(true);
		sb.clearRequests();

		const other = permission === 'users.track' ? keyWith('users.export.ids') : TRACK_ONLY_KEY;
		const lacking = await testCredential(local({ apiKey: other, checkPermissions: [permission] }));
		expect(lacking.status).toBe('Error');
		expect(lacking.message).toMatch(new RegExp(`^REST API Key: the key is valid but lacks ${permission.replace(/\./g, '\\.')} \\(`));
		expect(sb.requests().map((r) => r.status)).toEqual([403]);
	});

	it('names the operations a missing messaging permission is for', async () => {
		const result = await testCredential(local({ apiKey: TRACK_ONLY_KEY, checkPermissions: ['campaigns.trigger.send', 'canvas.list', 'users.external_ids.rename'] }));
		expect(result.message).toContain('users.external_ids.rename (Rename External ID)');
		expect(result.message).toContain('campaigns.trigger.send (Campaign Trigger Send)');
		expect(result.message).toContain('canvas.list (choosing a Canvas From List (Canvas Trigger Send))');
	});

	it('checks the test key too, and a wrong one fails naming the Test REST API Key only', async () => {
		const good = await testCredential(local({ testApiKey: TEST_KEY }));
		expect(good.status).toBe('OK');
		expect(sb.requests().map((r) => r.workspace)).toEqual(['production', 'staging']);

		const wrong = await testCredential(local({ testApiKey: 'not-a-key' }));
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/^Test REST API Key: Braze rejected the key on http:\/\/127\.0\.0\.1:\d+ \(401\)/);
		expect(wrong.message).not.toMatch(/(^|[^t] )REST API Key:/);
	});

	it('sends the test key to the test instance, not to production\'s', async () => {
		const result = await testCredential(local({ testApiKey: EU_KEY, testInstance: 'custom', testCustomUrl: eu.url }));
		expect(result.status).toBe('OK');
		expect(sb.requests()).toHaveLength(1);
		expect(eu.requests().map((r) => [r.path, r.workspace])).toEqual([['/users/track', 'staging']]);
	});

	it('a key of another instance fails with the usual causes of a 401, without the key', async () => {
		const result = await testCredential(local({ apiKey: EU_KEY }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^REST API Key: Braze rejected the key .* \(401\)/);
		expect(result.message).toMatch(/another Braze instance/);
		expect(result.message).toMatch(/EU-01 key sent to a US host/);
		expect(result.message).toMatch(/quotes or spaces/);
		expect(result.message).not.toContain(EU_KEY);
	});

	it('reports both keys when both fail', async () => {
		const result = await testCredential(local({ apiKey: 'nope', testApiKey: 'nope-either' }));
		expect(result.message).toMatch(/^REST API Key: Braze rejected .* Test REST API Key: Braze rejected/);
	});

	it('tells a plan that does not allow the endpoint ("Forbidden") from a missing permission', async () => {
		// Braze docs: api/errors, "403 Forbidden: rate plan doesn't support or account is otherwise inactivated".
		const forbidding = http.createServer((_req, res) => {
			res.writeHead(403, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ message: 'Forbidden' }));
		});
		await new Promise<void>((resolve) => forbidding.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(forbidding.address() as AddressInfo).port}`;
			const result = await testCredential({ instance: 'custom', customUrl: url, apiKey: KEY });
			expect(result.message).toMatch(/^REST API Key: Braze refused users\.track with "Forbidden": the plan or account does not allow it/);
		} finally {
			forbidding.close();
		}
	});

	it('asks to try again when Braze is rate-limited or failing', async () => {
		sb.setFaults({ path: '/users/track', status: 503, count: 1 });
		const result = await testCredential(local());
		expect(result.message).toMatch(/^REST API Key: Braze could not answer the test .* \(503: Service Unavailable\); try again/);
	});

	it('says when the instance cannot be reached', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const result = await testCredential({ instance: 'custom', customUrl: url, apiKey: KEY });
		expect(result.message).toBe(`REST API Key: could not reach ${url} (ECONNREFUSED).`);
	});

	it('a key pasted with quotes and spaces still works', async () => {
		const result = await testCredential(local({ apiKey: ` "${KEY}"\n` }));
		expect(result.status).toBe('OK');
	});

	it('an empty key fails before any request', async () => {
		const result = await testCredential(local({ apiKey: '  ' }));
		expect(result).toEqual({ status: 'Error', message: 'REST API Key: it is empty.' });
		expect(sb.requests()).toEqual([]);
	});

	it('refuses a plain-http custom URL that is not loopback, naming the field, before any request', async () => {
		const result = await testCredential({ instance: 'custom', customUrl: 'http://rest.example.com', apiKey: KEY });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^REST API Key: Braze API credential: "Custom URL" must use https/);
		const test = await testCredential(local({ testApiKey: TEST_KEY, testInstance: 'custom', testCustomUrl: 'http://10.0.0.5' }));
		expect(test.message).toMatch(/^Test REST API Key: .*"Test Custom URL" must use https/);
	});
});

describe('Braze API credential: fields', () => {
	it('offers every documented instance with its REST host in the name (EU on .braze.eu), plus Custom', () => {
		const instance = type().properties.find((p: any) => p.name === 'instance');
		const options = Object.fromEntries(instance.options.map((o: any) => [o.name, o.value]));
		expect(Object.keys(options)).toEqual([
			'US-01 (rest.iad-01.braze.com)', 'US-02 (rest.iad-02.braze.com)', 'US-03 (rest.iad-03.braze.com)',
			'US-04 (rest.iad-04.braze.com)', 'US-05 (rest.iad-05.braze.com)', 'US-06 (rest.iad-06.braze.com)',
			'US-07 (rest.iad-07.braze.com)', 'US-08 (rest.iad-08.braze.com)', 'US-10 (rest.us-10.braze.com)',
			'EU-01 (rest.fra-01.braze.eu)', 'EU-02 (rest.fra-02.braze.eu)', 'AU-01 (rest.au-01.braze.com)',
			'ID-01 (rest.id-01.braze.com)', 'JP-01 (rest.jp-01.braze.com)', 'KR-01 (rest.kr-01.braze.com)', 'Custom URL',
		]);
		expect(options['US-01 (rest.iad-01.braze.com)']).toBe('https://rest.iad-01.braze.com');
		expect(options['EU-02 (rest.fra-02.braze.eu)']).toBe('https://rest.fra-02.braze.eu');
		const testInstance = type().properties.find((p: any) => p.name === 'testInstance');
		expect(testInstance.options.map((o: any) => o.name)).toContain('EU-01 (rest.fra-01.braze.eu)');
	});

	it('keeps keys in password fields and the field names of the contract', () => {
		const props = type().properties;
		expect(props.map((p: any) => p.name)).toEqual([
			'instance', 'customUrl', 'apiKey', 'permissionsNotice', 'testApiKey', 'testInstance', 'testCustomUrl', 'checkPermissions',
		]);
		for (const name of ['apiKey', 'testApiKey']) {
			expect(props.find((p: any) => p.name === name).typeOptions).toEqual({ password: true });
		}
		expect(props.find((p: any) => p.name === 'testInstance').default).toBe('same');
	});

	it('says in a notice (not a tooltip) which permission each operation needs', () => {
		const notice = type().properties.find((p: any) => p.name === 'permissionsNotice');
		expect(notice.type).toBe('notice');
		for (const [permission, operation] of [
			['users.track', 'Track'],
			['users.export.ids', 'Export by Identifier'],
			['users.alias.new', 'Create Alias'],
			['users.identify', 'Identify'],
			['users.delete', 'Delete'],
			['subscription.status.set', 'Set Group Status'],
			['email.status', 'Set Global Subscription Status'],
			['users.merge', 'Merge'],
			['users.external_ids.rename', 'Rename External ID'],
			['users.external_ids.remove', 'Remove External ID'],
			['subscription.status.get', 'Get Status'],
			['campaigns.trigger.send', 'Campaign Trigger Send'],
			['canvas.trigger.send', 'Canvas Trigger Send'],
			['messages.send', 'Message Send'],
			['campaigns.list', 'choosing a campaign From List (Campaign Trigger Send, Message Send)'],
			['canvas.list', 'choosing a Canvas From List (Canvas Trigger Send)'],
			['segments.list', 'choosing a segment From List (Message Send)'],
		]) {
			expect(notice.displayName).toContain(`${permission} for ${operation}`);
		}
		expect(notice.displayName).toMatch(/users\.export\.ids for [^;]*the sends' Wait for Recipient;/);
	});

	it('checks users.track by default, and offers every permission with the operations that need it', () => {
		const field = type().properties.find((p: any) => p.name === 'checkPermissions');
		expect(field.default).toEqual(['users.track']);
		expect(field.options.map((o: any) => o.value)).toEqual(ALL_PERMISSIONS);
		expect(field.options.find((o: any) => o.value === 'users.delete').description).toBe('Delete');
	});

	it('links to this package\'s documentation of the credential', () => {
		expect(type().documentationUrl).toBe(
			'https://github.com/extole-braze/n8n-nodes-extole-braze/blob/main/docs/braze-node.md#credential-braze-api',
		);
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

	it('sends a request with a relative URL to the instance the credential resolves', async () => {
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
		const loopback = { instance: 'custom', customUrl: 'http://[::1]:4011', apiKey: 'k' };
		await expect(type().authenticate(loopback, { url: 'http://[::1]:4011/users/track', headers: {} })).resolves.toMatchObject({ headers: { Authorization: 'Bearer k' } });
		const remote = { instance: 'custom', customUrl: 'http://10.0.0.5:4011', apiKey: 'k' };
		await expect(type().authenticate(remote, { url: 'http://10.0.0.5:4011/users/track', headers: {} })).rejects.toThrow(/must use https/);
	});
});
