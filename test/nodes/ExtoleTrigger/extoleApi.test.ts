/**
 * Calls to the Extole API during registration (compiled extoleApi.js, through n8n-core's
 * HookContext and httpRequestWithAuthentication): errors say which call failed and why, and
 * never carry the access token or the new key's secret.
 */
import { inspect } from 'util';
import * as http from 'http';

const { createHarness } = require('./harness');

type Harness = Awaited<ReturnType<typeof createHarness>>;
const harnesses: Harness[] = [];
afterAll(async () => {
	await Promise.all(harnesses.map((h) => h.stop()));
});

describe('secrets in registration errors', () => {
	const LEAKY_TOKEN = 'token-that-must-not-leak';

	/** Publishes a trigger whose Extole API is at `baseUrl`; resolves with its harness and the error. */
	async function publishFailure(baseUrl: string): Promise<{ h: Harness; error: Error }> {
		const h = await createHarness({
			parameters: { events: ['shared'], registerWebhook: true },
			credentials: { extoleApi: { accessToken: LEAKY_TOKEN, baseUrl } },
		});
		harnesses.push(h);
		const error = await h.publish().then(
			() => undefined,
			(e: Error) => e,
		);
		expect(error).toBeDefined();
		return { h, error: error! };
	}

	/**
	 * Runs `body` against a stand-in Extole API on a free loopback port; `answer` gets each request
	 * with its parsed JSON body ({} when empty).
	 */
	async function withExtoleStandIn(answer: (req: any, res: any, sent: any) => void, body: (baseUrl: string) => Promise<void>) {
		const server = http.createServer((req: any, res: any) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => answer(req, res, chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {}));
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
		try {
			await body(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
		} finally {
			server.closeAllConnections();
			await new Promise<void>((r) => server.close(() => r()));
		}
	}

	it('an unreachable Extole API fails publishing with a clear error that holds neither the token nor a secret', async () => {
		const { error } = await publishFailure('http://127.0.0.1:9');
		expect(error.message).toMatch(/^Extole API: POST \/v2\/settings\/security\/keys failed/);
		// Everything n8n could log or show: message, description, fields and the cause chain.
		const everything = inspect(error, { depth: 20, showHidden: true });
		expect(everything).not.toContain(LEAKY_TOKEN);
		expect(everything).not.toMatch(/[0-9a-f]{64}/);
	});

	it('a connection lost after the key was created does not expose the key secret or the token', async () => {
		let secret = '';
		const answer = (req: any, res: any, sent: any) => {
			if (req.method === 'POST' && req.url === '/v2/settings/security/keys') {
				secret = sent.key;
				res.setHeader('Content-Type', 'application/json');
				res.end(JSON.stringify({ id: 'k-1', type: 'WEBHOOK', algorithm: 'HS256' }));
				return;
			}
			req.socket.destroy(); // every later call: no answer at all
		};
		await withExtoleStandIn(answer, async (baseUrl) => {
			const { h, error } = await publishFailure(baseUrl);
			expect(secret).toMatch(/^[0-9a-f]{64}$/);
			expect(error.message).toMatch(/^Extole API: GET \/v6\/webhooks failed/);
			const everything = inspect(error, { depth: 20, showHidden: true });
			expect(everything).not.toContain(secret);
			expect(everything).not.toContain(LEAKY_TOKEN);
			expect(JSON.stringify(h.staticData)).not.toContain(secret);
		});
	});

	it('an Extole error that echoes the request shows neither the key secret nor the token', async () => {
		let secret = '';
		const answer = (req: any, res: any, sent: any) => {
			secret = sent.key ?? secret;
			res.statusCode = 400;
			res.setHeader('Content-Type', 'application/json');
			res.end(
				JSON.stringify({
					code: 'invalid_client_key',
					message: `Key ${sent.key} rejected for token ${req.headers.authorization}`,
					parameters: { key: sent.key, [String(sent.key)]: 'as a field name too' },
				}),
			);
		};
		await withExtoleStandIn(answer, async (baseUrl) => {
			const { error } = await publishFailure(baseUrl);
			expect(secret).toMatch(/^[0-9a-f]{64}$/);
			expect(error.message).toMatch(/Extole API: creating the webhook client key failed \(HTTP 400\)/);
			const everything = inspect(error, { depth: 20, showHidden: true }) + JSON.stringify(error);
			expect(everything).toContain('invalid_client_key'); // Extole's reason is still shown
			expect(everything).not.toContain(secret);
			expect(everything).not.toContain(LEAKY_TOKEN);
		});
	});
});
