/**
 * The Extole credentials (compiled): fields, password masking, the Bearer header built by
 * `authenticate`, the `GET /v4/tokens` credential test run against the Extole sandbox, and the
 * node-side test of the webhook key credential.
 */
import { ExtoleApi } from '../../dist/credentials/ExtoleApi.credentials';
import { ExtoleWebhookKeyApi } from '../../dist/credentials/ExtoleWebhookKeyApi.credentials';
import { ExtoleTrigger } from '../../dist/nodes/ExtoleTrigger/ExtoleTrigger.node';

const { startExtoleSandbox } = require('../../sandbox/extole');

function resolve(template: unknown, credentials: Record<string, string>): string {
	return String(template)
		.replace(/^=/, '')
		.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_m, k: string) => credentials[k] ?? '');
}

describe('Extole API credential (extoleApi)', () => {
	const cred = new ExtoleApi();

	it('has accessToken (masked) and baseUrl defaulting to the Extole API', () => {
		expect(cred.name).toBe('extoleApi');
		const token = cred.properties.find((p) => p.name === 'accessToken');
		const base = cred.properties.find((p) => p.name === 'baseUrl');
		expect(token?.typeOptions?.password).toBe(true);
		expect(token?.required).toBe(true);
		expect(base?.default).toBe('https://api.extole.io');
		expect(cred.icon).toEqual({ light: 'file:extole.svg', dark: 'file:extole.dark.svg' });
	});

	it('sends the token as a Bearer header through authenticate', () => {
		expect(cred.authenticate).toMatchObject({ type: 'generic' });
		const header = (cred.authenticate as { properties: { headers: Record<string, string> } }).properties.headers.Authorization;
		expect(resolve(header, { accessToken: 't0k' })).toBe('Bearer t0k');
	});

	it('tests with GET /v4/tokens, which the sandbox answers 200 for a good token and 401 otherwise', async () => {
		expect(cred.test.request).toMatchObject({ method: 'GET', url: '/v4/tokens' });
		const ex = await startExtoleSandbox({ host: '127.0.0.1', port: 0, accessToken: 'good-token' });
		try {
			const header = (cred.authenticate as { properties: { headers: Record<string, string> } }).properties.headers.Authorization;
			for (const [token, status] of [
				['good-token', 200],
				['bad-token', 401],
			] as const) {
				const base = resolve(cred.test.request.baseURL, { baseUrl: ex.url });
				const res = await fetch(`${base}${cred.test.request.url}`, {
					method: cred.test.request.method,
					headers: { Authorization: resolve(header, { accessToken: token }) },
				});
				expect(res.status).toBe(status);
				if (status === 200) {
					const info = (await res.json()) as { client_id: unknown; scopes: string[] };
					expect(typeof info.client_id).toBe('string');
					expect(info.scopes).toContain('CLIENT_SUPERUSER');
				}
			}
		} finally {
			await ex.stop();
		}
	});
});

describe('Extole webhook key credential (extoleWebhookKeyApi)', () => {
	const cred = new ExtoleWebhookKeyApi();
	const trigger = new ExtoleTrigger();
	const test = trigger.methods.credentialTest.extoleWebhookKey;
	const run = (key: unknown) =>
		test.call({} as never, { id: '1', name: 'k', type: 'extoleWebhookKeyApi', data: { key } } as never);

	it('has one masked, required field `key`', () => {
		expect(cred.name).toBe('extoleWebhookKeyApi');
		expect(cred.properties.map((p) => p.name)).toEqual(['key']);
		expect(cred.properties[0].typeOptions?.password).toBe(true);
		expect(cred.properties[0].required).toBe(true);
	});

	it('is tested by the node (testedBy), rejecting empty or padded keys', async () => {
		const ref = trigger.description.credentials?.find((c) => c.name === 'extoleWebhookKeyApi');
		expect(ref?.testedBy).toBe('extoleWebhookKey');
		expect(await run('')).toMatchObject({ status: 'Error' });
		expect(await run(undefined)).toMatchObject({ status: 'Error' });
		expect(await run(' key ')).toMatchObject({ status: 'Error' });
		const okResult = await run('a-real-key');
		expect(okResult.status).toBe('OK');
		expect(JSON.stringify(okResult)).not.toContain('a-real-key');
	});
});
