/**
 * What the compiled Extole Trigger's webhook() gives n8n's logger (see harness.js): each
 * rejection with its reason, and never a key, a signature or a generated secret.
 */
import { createHmac } from 'crypto';

const { createHarness, post } = require('./harness');
const { buildEvent, STYLES } = require('../../../sandbox/extole/payloads');

const KEY = 'whsec_0123456789abcdef0123456789abcdef';
const sign = (body: string | Buffer, key = KEY) => createHmac('sha256', key).update(body).digest('hex');
const basic = (value: string) => `Basic ${Buffer.from(value, 'utf8').toString('base64')}`;

type Harness = Awaited<ReturnType<typeof createHarness>>;

const harnesses: Harness[] = [];
async function harness(parameters: object, credentials: object = { extoleWebhookKeyApi: { key: KEY } }) {
	const h = await createHarness({ parameters, credentials });
	harnesses.push(h);
	return h;
}
afterAll(async () => {
	await Promise.all(harnesses.map((h) => h.stop()));
});

function body(event = 'shared', overrides: object = {}) {
	return JSON.stringify(buildEvent(event, 'braze', overrides));
}

describe("what n8n's logger receives", () => {
	const { Container } = require('@n8n/di');
	const { Logger } = require('@n8n/backend-common');
	const logged: string[] = [];
	const spies: jest.SpyInstance[] = [];
	beforeAll(() => {
		// The same Logger instance the node's `this.logger` returns; calls still go through.
		const logger = Container.get(Logger);
		for (const level of ['error', 'warn', 'info', 'debug'] as const) {
			const original = logger[level].bind(logger);
			spies.push(
				jest.spyOn(logger, level).mockImplementation((message: unknown, meta?: unknown) => {
					logged.push(`${level} ${String(message)} ${JSON.stringify(meta ?? {})}`);
					return original(message, meta);
				}),
			);
		}
	});
	afterAll(() => spies.forEach((s) => s.mockRestore()));
	beforeEach(() => {
		logged.length = 0;
	});

	it('logs each rejection at warn level with its reason and never the key or what was sent as key', async () => {
		const s = await harness({ authentication: 'signature' });
		const b = await harness({ authentication: 'bearer' });
		const ba = await harness({ authentication: 'basic' });
		const payload = body('shared', { event_id: 'log-1' });
		await post(s.productionUrl, payload, { 'X-Extole-Signature': sign(payload, 'sent-wrong-key-1') });
		await post(b.productionUrl, payload, { Authorization: `Bearer ${KEY}-almost` });
		await post(ba.productionUrl, payload, { Authorization: basic(`${KEY}-almost`) });
		await post(s.productionUrl, 'not json at all', { 'X-Extole-Signature': sign('not json at all') });
		expect(logged.filter((l) => l.startsWith('warn Extole Trigger: request rejected'))).toEqual([
			expect.stringContaining('(signature mismatch)'),
			expect.stringContaining('(wrong key)'),
			expect.stringContaining('(wrong key)'),
		]);
		const all = logged.join('\n');
		expect(all).not.toContain(KEY);
		expect(all).not.toContain(sign(payload, 'sent-wrong-key-1'));
		expect(all).not.toContain(Buffer.from(`${KEY}-almost`).toString('base64'));
	});

	it('never logs the generated secret of a registered trigger', async () => {
		const h = await harness({ registerWebhook: true }, { extoleApi: { accessToken: 'log-token-123', baseUrl: 'http://127.0.0.1:9' } });
		h.staticData = { 'node:Extole Trigger': { extoleRegistration: { clientKeyId: '1', signingSecret: 'generated-secret-abc', webhookUrl: h.productionUrl, webhooks: {} } } };
		const payload = body('shared', { event_id: 'log-2' });
		expect((await post(h.productionUrl, payload, { 'X-Extole-Signature': sign(payload, 'other') })).status).toBe(401);
		await h.unpublish().catch(() => undefined); // the API cannot be reached: errors, maybe logs
		expect(logged.some((l) => l.includes('request rejected'))).toBe(true);
		const all = logged.join('\n');
		expect(all).not.toContain('generated-secret-abc');
		expect(all).not.toContain('log-token-123');
	});
});
