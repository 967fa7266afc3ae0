/** The event sender: bodies per style, authentication per algorithm, the CLI, and the real trigger. */
import { createHmac } from 'crypto';
import { execFile } from 'child_process';
import * as http from 'http';
import * as path from 'path';

const { buildEvent, sendEvent, parseArgs, storyBodies, STYLES, EVENTS } = require('../../../sandbox/extole/send');
const { stylesFor } = require('../../../sandbox/extole/payloads');
const { createHarness } = require('../../nodes/ExtoleTrigger/harness');

const SEND = path.resolve(__dirname, '../../../sandbox/extole/send.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(process.execPath, [SEND, ...args], (error, stdout, stderr) => {
			resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
		});
	});
}

async function receiver() {
	const received: Array<{ headers: http.IncomingHttpHeaders; body: Buffer }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks) });
			res.setHeader('Content-Type', 'application/json');
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const { port } = server.address() as { port: number };
	return { url: `http://127.0.0.1:${port}/`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('buildEvent', () => {
	it.each(STYLES.map((s: string) => [s]) as string[][])('builds realistic %s bodies for every event that has the style', (style: string) => {
		for (const event of EVENTS.filter((e: string) => stylesFor(e).includes(style))) {
			const body = buildEvent(event, style, { event_id: 'id-1' });
			expect(body.event_id).toBe('id-1');
			expect(JSON.stringify(body)).toMatch(/@example\.com/);
			if (style === 'reward-payload') expect(Object.keys(body).sort()).toEqual(['data', 'event_id', 'reward_id']);
			else expect(body.event_name ?? body.type ?? body.event).toEqual(expect.any(String));
		}
	});

	it("builds the Reward Webhooks page's body: reward_id and data, no name, no state, no event id", () => {
		const body = buildEvent('earned_reward', 'reward-payload');
		expect(Object.keys(body).sort()).toEqual(['data', 'reward_id']);
		expect(body.data).toMatchObject({ earned_event_value: '100.00', journey_name: 'ADVOCATE', rewardee_role: 'advocate' });
		expect(() => buildEvent('shared', 'reward-payload')).toThrow(/names no event: it cannot carry "shared"/);
		expect(() => buildEvent('reward_fulfillment_failed', 'reward-payload')).toThrow(/cannot carry/);
	});

	it('applies overrides and can leave event_id out', () => {
		expect(buildEvent('shared', 'braze', { email: 'x@y.z', sandbox: true })).toMatchObject({ email: 'x@y.z', sandbox: true });
		expect(buildEvent('shared', 'braze', { omit_event_id: true }).event_id).toBeUndefined();
		expect(buildEvent('shared', 'braze', { name: 'custom_name' }).event_name).toBe('custom_name');
	});

	it('rejects unknown styles', () => {
		expect(() => buildEvent('shared', 'xml')).toThrow(/Unknown style/);
	});
});

describe('sendEvent', () => {
	it.each([
		['HS256', (b: Buffer, h: http.IncomingHttpHeaders) => h['x-extole-signature'] === createHmac('sha256', 's3').update(b).digest('hex')],
		['PASSWORD', (_b: Buffer, h: http.IncomingHttpHeaders) => h.authorization === 'Bearer s3'],
		['HTTP_BASIC', (_b: Buffer, h: http.IncomingHttpHeaders) => h.authorization === `Basic ${Buffer.from('s3').toString('base64')}`],
	])('authenticates like Extole with %s', async (algorithm, check) => {
		const r = await receiver();
		const res = await sendEvent({ url: r.url, event: 'shared', style: 'envelope', secret: 's3', algorithm });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ ok: true });
		expect(check(r.received[0].body, r.received[0].headers)).toBe(true);
		await r.close();
	});

	it('sends no authentication without a secret, and strings byte for byte', async () => {
		const r = await receiver();
		await sendEvent({ url: r.url, body: '{"b":1.0}' });
		expect(r.received[0].headers.authorization).toBeUndefined();
		expect(r.received[0].headers['x-extole-signature']).toBeUndefined();
		expect(r.received[0].body.toString()).toBe('{"b":1.0}');
		await r.close();
	});
});

describe('CLI', () => {
	it('parses its arguments', () => {
		expect(parseArgs(['--url', 'http://x', '--event', 'shared', '--count', '3', '--external-id', 'u1', '--sandbox'])).toMatchObject({
			url: 'http://x',
			count: 3,
			externalId: 'u1',
			sandbox: true,
		});
		expect(() => parseArgs(['--count', '0'])).toThrow();
		expect(() => parseArgs(['--url'])).toThrow();
	});

	it('sends N events with duplicates, prints each status and never the secret', async () => {
		const r = await receiver();
		const out = await run(['--url', r.url, '--event', 'earned_reward', '--style', 'reward', '--secret', 'very-secret', '--count', '2', '--duplicates', '1', '--email', 'cli@example.com']);
		expect(out.code).toBe(0);
		const lines = out.stdout.trim().split('\n');
		expect(lines).toHaveLength(4);
		expect(lines.every((l) => / -> 200/.test(l))).toBe(true);
		expect(out.stdout + out.stderr).not.toContain('very-secret');
		expect(r.received).toHaveLength(4);
		expect(JSON.parse(r.received[0].body.toString())).toMatchObject({ type: 'reward_earned', email: 'cli@example.com' });
		expect(r.received[0].body.equals(r.received[1].body)).toBe(true);
		expect(r.received[1].body.equals(r.received[2].body)).toBe(false);
		await r.close();
	});

	it.each([
		[['--url', 'http://127.0.0.1:9', '--evnt', 'shared'], /Unknown option --evnt/],
		[['--url', 'http://127.0.0.1:9', '--style', 'xml'], /--style must be one of braze, data-map, envelope, reward, reward-payload, person/],
		[['--url', 'http://127.0.0.1:9', '--method', 'PUT'], /--method must be POST or GET/],
		[['--url', 'http://127.0.0.1:9', '--event', 'shared', '--style', 'reward-payload'], /cannot carry "shared"/],
		[['--url', 'http://127.0.0.1:9', '--secret', 'k', '--algorithm', 'RS256'], /--algorithm must be one of HS256, PASSWORD, HTTP_BASIC/],
		[['--url', 'not-a-url'], /--url must be an http\(s\) URL/],
		[['--url', 'http://127.0.0.1:9', '--secret', ''], /--secret must not be empty/],
		[['--url', 'http://127.0.0.1:9', '--secret', '--algorithm', 'HS256'], /Missing value for --secret/],
		[['--url', 'http://127.0.0.1:9', '--funnel', 'both'], /--funnel must be advocate or friend/],
		[['--url', 'http://127.0.0.1:9', '--event-time', 'yesterday'], /--event-time must be an ISO-8601 time/],
		[['--url', 'http://127.0.0.1:9', '--count', 'two'], /--count must be a positive integer/],
		[['--url', 'http://127.0.0.1:9', '--quiet=yes'], /--quiet takes no value/],
	])('refuses %j with a clear message and exit code 2, sending nothing', async (args, message) => {
		const out = await run(args as string[]);
		expect(out.code).toBe(2);
		expect(out.stderr).toMatch(message as RegExp);
		expect(out.stderr).toContain('Usage: npm run extole:send');
		expect(out.stdout).toBe('');
	});

	it('does not echo a stray argument, which may be half of an unquoted secret', async () => {
		const out = await run(['--url', 'http://127.0.0.1:9', '--secret', 'first-half', 'second-half']);
		expect(out.code).toBe(2);
		expect(out.stderr).toMatch(/Unexpected argument #5/);
		expect(out.stdout + out.stderr).not.toContain('second-half');
		expect(out.stdout + out.stderr).not.toContain('first-half');
	});

	it('accepts the algorithm in any case', () => {
		expect(parseArgs(['--url', 'http://x', '--secret', 'k', '--algorithm', 'http_basic']).algorithm).toBe('HTTP_BASIC');
	});

	it('exits 2 with usage on bad arguments and 1 when a request fails', async () => {
		expect((await run(['--event', 'shared'])).code).toBe(2);
		expect((await run(['--url', 'http://127.0.0.1:9', '--event', 'shared'])).code).toBe(1);
	});
});

describe('against the compiled Extole Trigger', () => {
	it.each([['HS256', 'signature'], ['PASSWORD', 'bearer'], ['HTTP_BASIC', 'basic']])(
		'%s events are accepted by a trigger in %s mode, and rejected with a wrong secret',
		async (algorithm, mode) => {
			const h = await createHarness({ parameters: { authentication: mode }, credentials: { extoleWebhookKeyApi: { key: 'shared-key' } } });
			try {
				const styles: string[] = stylesFor('earned_reward');
				for (const style of styles) {
					// The reward-payload body names no event: the URL of its webhook says the state.
					const rewardState = style === 'reward-payload' ? 'EARNED' : undefined;
					const ok = await sendEvent({ url: h.productionUrl, event: 'earned_reward', style, secret: 'shared-key', algorithm, rewardState });
					expect(ok.status).toBe(200);
				}
				const bad = await sendEvent({ url: h.productionUrl, event: 'shared', secret: 'other-key', algorithm });
				expect(bad.status).toBe(401);
				expect(h.executions).toHaveLength(styles.length);
				expect(h.executions.every((e: { items: Array<{ event: string }> }) => e.items[0].event === 'earned_reward')).toBe(true);
			} finally {
				await h.stop();
			}
		},
	);
});

describe('the CLI against the compiled Extole Trigger', () => {
	it.each([['HS256', 'signature'], ['PASSWORD', 'bearer'], ['HTTP_BASIC', 'basic']])(
		'npm run extole:send -- --algorithm %s: N distinct events start N executions, duplicates none, a wrong secret 401',
		async (algorithm, mode) => {
			const h = await createHarness({ parameters: { authentication: mode }, credentials: { extoleWebhookKeyApi: { key: 'cli-key' } } });
			try {
				const ok = await run(['--url', h.productionUrl, '--event', 'referred_converted', '--style', 'envelope', '--secret', 'cli-key', '--algorithm', algorithm, '--count', '2', '--duplicates', '1']);
				expect(ok.code).toBe(0);
				const lines = ok.stdout.trim().split('\n');
				expect(lines).toHaveLength(4);
				expect(lines.filter((l) => l.includes('"status":"duplicate"'))).toHaveLength(2);
				expect(h.executions).toHaveLength(2);
				expect(h.executions.map((e: { items: Array<{ event: string; funnel: string }> }) => [e.items[0].event, e.items[0].funnel])).toEqual([
					['referred_converted', 'friend'],
					['referred_converted', 'friend'],
				]);
				const bad = await run(['--url', h.productionUrl, '--event', 'shared', '--secret', 'wrong-key', '--algorithm', algorithm]);
				expect(bad.code).toBe(1);
				expect(bad.stdout).toMatch(/-> 401/);
				expect(bad.stdout + bad.stderr).not.toContain('wrong-key');
				expect(h.executions).toHaveLength(2);
			} finally {
				await h.stop();
			}
		},
	);
});

describe("the sender's default run: one advocate's story", () => {
	it('is the advocate creating a share link and sharing, the friend signing up and converting, the advocate earning a reward', () => {
		const story = storyBodies('braze');
		expect(story.map((s: { event: string }) => s.event)).toEqual(['created_share_link', 'shared', 'referred_signed_up', 'referred_converted', 'earned_reward']);
		const [link, share, signUp, conversion, reward] = story.map((s: { body: Record<string, any> }) => s.body);
		for (const step of [share, reward]) {
			expect(step).toMatchObject({ external_id: link.external_id, email: link.email, share_link: link.share_link, funnel: 'advocate' });
		}
		expect(conversion).toMatchObject({ external_id: signUp.external_id, email: signUp.email, funnel: 'friend' });
		expect(signUp.external_id).not.toBe(link.external_id);
		// As in Extole's referral_registered example: the friend's event names the advocate.
		expect(signUp.data.advocate).toBe(link.email);
		expect(signUp.share_link).toBe(link.share_link);
	});

	it('runs by default and reaches the compiled trigger as five events on one advocate and their friend', async () => {
		const h = await createHarness({ parameters: { authentication: 'signature' }, credentials: { extoleWebhookKeyApi: { key: 'story-key' } } });
		try {
			const out = await run(['--url', h.productionUrl, '--secret', 'story-key', '--external-id', 'ada-1', '--email', 'ada@example.com']);
			expect(out.code).toBe(0);
			expect(out.stdout.trim().split('\n')).toHaveLength(5);
			const items = h.executions.map((e: { items: Array<Record<string, unknown>> }) => e.items[0]);
			expect(items.map((i: Record<string, unknown>) => [i.event, i.funnel, i.external_id === 'ada-1'])).toEqual([
				['created_share_link', 'advocate', true],
				['shared', 'advocate', true],
				['referred_signed_up', 'friend', false],
				['referred_converted', 'friend', false],
				['earned_reward', 'advocate', true],
			]);
			expect(new Set(items.filter((i: Record<string, unknown>) => i.funnel === 'friend').map((i: Record<string, unknown>) => i.external_id)).size).toBe(1);
		} finally {
			await h.stop();
		}
	});

	it('sends the documented reward body with its state in the URL, and GET deliveries, when asked', async () => {
		const h = await createHarness({ parameters: { authentication: 'bearer' }, credentials: { extoleWebhookKeyApi: { key: 'k-2' } } });
		try {
			const reward = await run(['--url', h.productionUrl, '--event', 'earned_reward', '--style', 'reward-payload', '--secret', 'k-2', '--algorithm', 'PASSWORD']);
			expect(reward.code).toBe(0);
			const get = await run(['--url', h.productionUrl, '--event', 'subscribed', '--method', 'GET', '--secret', 'k-2', '--algorithm', 'PASSWORD']);
			expect(get.code).toBe(0);
			expect(h.executions.map((e: { items: Array<{ event: string }> }) => e.items[0].event)).toEqual(['earned_reward', 'subscribed']);
		} finally {
			await h.stop();
		}
	});
});

