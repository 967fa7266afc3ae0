/**
 * The compiled Extole Trigger's webhook() behind a local HTTP server, with n8n-core's real
 * WebhookContext (see harness.js): authentication modes, raw-body signatures, bad bodies,
 * event selection, the item, the answer, and that rejected requests start no execution.
 * Deduplication, GET deliveries and reward bodies have their own files (webhook.*.test.ts).
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

describe('signature (HS256) authentication', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await harness({ authentication: 'signature' });
	});
	beforeEach(() => h.reset());

	it('accepts a correct signature and starts one execution with the normalised item', async () => {
		const b = body('shared', { event_id: 'sig-ok-1', email: 'ok@example.com' });
		const res = await post(h.productionUrl, b, { 'X-Extole-Signature': sign(b) });
		expect(res.status).toBe(200);
		expect(h.executions).toHaveLength(1);
		expect(h.executions[0].items).toHaveLength(1);
		expect(h.executions[0].items[0]).toMatchObject({ event: 'shared', email: 'ok@example.com', event_id: 'sig-ok-1' });
	});

	it.each([
		['missing', {}],
		['empty', { 'X-Extole-Signature': '' }],
		['wrong key', { 'X-Extole-Signature': sign('x', 'other-key') }],
		['signature of another body', { 'X-Extole-Signature': sign('{"event_name":"shared"}') }],
		['not hex', { 'X-Extole-Signature': 'zz'.repeat(32) }],
		['too short', { 'X-Extole-Signature': 'abc123' }],
		['bearer instead', { Authorization: `Bearer ${KEY}` }],
	])('rejects a %s signature with 401 and no execution', async (_label, headers) => {
		const b = body('shared', { event_id: `sig-bad-${_label}` });
		const res = await post(h.productionUrl, b, headers as Record<string, string>);
		expect(res.status).toBe(401);
		expect(res.body).toEqual({ error: 'unauthorized' });
		expect(h.executions).toHaveLength(0);
	});

	it('verifies the exact bytes, not a re-serialisation of the JSON', async () => {
		// Key order, a 1.0 number, a \u00e9 escape and spacing: JSON.parse + JSON.stringify changes all of them.
		const raw =
			'{ "data": {"value": 1.0, "city": "Montr\\u00e9al"},\n  "event_id": "raw-bytes-1", "event_name": "shared", "email": "r@example.com" }';
		const reserialised = JSON.stringify(JSON.parse(raw));
		expect(reserialised).not.toBe(raw);

		const good = await post(h.productionUrl, raw, { 'X-Extole-Signature': sign(raw) });
		expect(good.status).toBe(200);
		expect(h.executions).toHaveLength(1);
		expect(h.executions[0].items[0].data).toEqual({ value: 1, city: 'Montréal' });

		const raw2 = raw.replace('raw-bytes-1', 'raw-bytes-2');
		const bad = await post(h.productionUrl, raw2, { 'X-Extole-Signature': sign(JSON.stringify(JSON.parse(raw2))) });
		expect(bad.status).toBe(401);
		expect(h.executions).toHaveLength(1);
	});

	it('verifies bytes that are not UTF-8 normalised (raw é vs escaped)', async () => {
		const raw = Buffer.from('{"event_name":"Shared","event_id":"utf8-1","first_name":"Ren\u00e9e"}', 'utf8');
		const res = await post(h.productionUrl, raw, { 'X-Extole-Signature': sign(raw) });
		expect(res.status).toBe(200);
		expect(h.executions[0].items[0].first_name).toBe('Renée');
	});

	it('answers 400 for a signed body that is not JSON, and starts nothing', async () => {
		const raw = 'event_name=shared&email=a@b.c';
		const res = await post(h.productionUrl, raw, { 'X-Extole-Signature': sign(raw), 'Content-Type': 'text/plain' });
		expect(res.status).toBe(400);
		expect(h.executions).toHaveLength(0);
	});

	it.each([['[1,2]'], ['"shared"'], ['null'], ['{"event_name": "shared",']])(
		'answers 400 for %s (not a JSON object)',
		async (raw) => {
			const res = await post(h.productionUrl, raw, { 'X-Extole-Signature': sign(raw) });
			expect(res.status).toBe(400);
			expect(h.executions).toHaveLength(0);
		},
	);

	it('checks authentication before the body: an unsigned non-JSON body gets 401', async () => {
		const res = await post(h.productionUrl, 'not json', {});
		expect(res.status).toBe(401);
		expect(h.executions).toHaveLength(0);
	});
});

describe('bearer (PASSWORD) authentication', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await harness({ authentication: 'bearer' });
	});
	beforeEach(() => h.reset());

	it('accepts the right key', async () => {
		const res = await post(h.productionUrl, body('shared', { event_id: 'b-ok' }), { Authorization: `Bearer ${KEY}` });
		expect(res.status).toBe(200);
		expect(h.executions).toHaveLength(1);
	});

	it.each([
		['missing', {}],
		['wrong key', { Authorization: 'Bearer not-the-key' }],
		['key with a suffix', { Authorization: `Bearer ${KEY}x` }],
		['key prefix only', { Authorization: `Bearer ${KEY.slice(0, 10)}` }],
		['no scheme', { Authorization: KEY }],
		['basic scheme', { Authorization: basic(KEY) }],
		['empty bearer', { Authorization: 'Bearer ' }],
		['signature instead', { 'X-Extole-Signature': 'a'.repeat(64) }],
	])('rejects %s with 401 and no execution', async (label, headers) => {
		const res = await post(h.productionUrl, body('shared', { event_id: `b-bad-${label}` }), headers as Record<string, string>);
		expect(res.status).toBe(401);
		expect(h.executions).toHaveLength(0);
	});
});

describe('HTTP Basic (HTTP_BASIC) authentication', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await harness({ authentication: 'basic' });
	});
	beforeEach(() => h.reset());

	it('accepts the base64 of the key', async () => {
		const res = await post(h.productionUrl, body('shared', { event_id: 'ba-ok' }), { Authorization: basic(KEY) });
		expect(res.status).toBe(200);
		expect(h.executions).toHaveLength(1);
	});

	it.each([
		['missing', {}],
		['wrong key', { Authorization: basic('wrong') }],
		['key not encoded', { Authorization: `Basic ${KEY}` }],
		['malformed base64', { Authorization: 'Basic ***' }],
		['bearer scheme', { Authorization: `Bearer ${KEY}` }],
		['user:key form', { Authorization: basic(`user:${KEY}`) }],
	])('rejects %s with 401 and no execution', async (label, headers) => {
		const res = await post(h.productionUrl, body('shared', { event_id: `ba-bad-${label}` }), headers as Record<string, string>);
		expect(res.status).toBe(401);
		expect(h.executions).toHaveLength(0);
	});
});

describe('no authentication', () => {
	it('accepts any request', async () => {
		const h = await harness({ authentication: 'none' }, {});
		const res = await post(h.productionUrl, body('shared', { event_id: 'none-1' }));
		expect(res.status).toBe(200);
		expect(h.executions).toHaveLength(1);
	});
});

describe('event selection', () => {
	it('answers 200 and starts nothing for events that are not selected', async () => {
		const h = await harness({ authentication: 'none', events: ['referred_converted', 'earned_reward'] }, {});
		const ignored = await post(h.productionUrl, body('shared', { event_id: 'sel-1' }));
		expect(ignored.status).toBe(200);
		expect(ignored.body).toMatchObject({ status: 'ignored', event: 'shared' });
		const unknown = await post(h.productionUrl, JSON.stringify({ event_name: 'something_else', event_id: 'sel-2' }));
		expect(unknown.status).toBe(200);
		expect(h.executions).toHaveLength(0);

		const taken = await post(h.productionUrl, JSON.stringify({ type: 'reward_earned', event_id: 'sel-3' }));
		expect(taken.status).toBe(200);
		const converted = await post(h.productionUrl, JSON.stringify({ event_name: 'purchased', event_id: 'sel-4' }));
		expect(converted.status).toBe(200);
		expect(h.executions.map((e: { items: Array<{ event: string }> }) => e.items[0].event)).toEqual([
			'earned_reward',
			'referred_converted',
		]);
	});

	it('passes unknown names as "other" when Other is selected', async () => {
		const h = await harness({ authentication: 'none', events: ['other'] }, {});
		await post(h.productionUrl, JSON.stringify({ event_name: 'loyalty_points_added', event_id: 'o-1' }));
		expect(h.executions).toHaveLength(1);
		expect(h.executions[0].items[0]).toMatchObject({ event: 'other', event_name: 'loyalty_points_added' });
	});

	it('reads the event name from a configured field path', async () => {
		const h = await harness({ authentication: 'none', events: ['shared'], options: { eventNameField: 'meta.kind' } }, {});
		await post(h.productionUrl, JSON.stringify({ meta: { kind: 'EXTOLE_SHARED' }, event_id: 'p-1', name: 'Jane' }));
		expect(h.executions).toHaveLength(1);
		expect(h.executions[0].items[0].event_name_raw).toBe('EXTOLE_SHARED');
	});
});

describe('the item the workflow receives', () => {
	it('has all 15 fields, with null for what the body does not carry (the funnel: the event\'s fixed side)', async () => {
		const h = await harness({ authentication: 'none' }, {});
		await post(h.productionUrl, '{"type":"Extole Referral Registered"}');
		expect(h.executions).toHaveLength(1);
		expect(h.executions[0].items).toEqual([
			{
				event: 'referred_signed_up',
				event_name: 'Referred Signed Up',
				event_name_raw: 'Extole Referral Registered',
				event_id: null,
				event_time: null,
				external_id: null,
				email: null,
				phone_number: null,
				share_link: null,
				first_name: null,
				last_name: null,
				funnel: 'friend',
				sandbox: false,
				data: {},
				raw: { type: 'Extole Referral Registered' },
			},
		]);
	});

	it.each(STYLES as string[])('is normalised the same way over HTTP for style %s', async (style) => {
		const h = await harness({ authentication: 'none' }, {});
		const sent = buildEvent('earned_reward', style, { event_id: `http-${style}`, external_id: 'u-1', email: 'u1@example.com', funnel: 'advocate', sandbox: true });
		// The reward-payload body names no event: the URL of its REWARD webhook says the state.
		await post(style === 'reward-payload' ? `${h.productionUrl}?reward_state=EARNED` : h.productionUrl, JSON.stringify(sent));
		const [item] = h.executions[0].items;
		expect(Object.keys(item).sort()).toEqual(
			['event', 'event_name', 'event_name_raw', 'event_id', 'event_time', 'external_id', 'email', 'phone_number', 'share_link', 'first_name', 'last_name', 'funnel', 'sandbox', 'data', 'raw'].sort(),
		);
		expect(item).toMatchObject({ event: 'earned_reward', event_name: 'Earned Reward', event_id: `http-${style}`, external_id: 'u-1', email: 'u1@example.com', funnel: 'advocate', sandbox: true });
		expect(item.raw).toEqual(sent);
	});
});

describe('response to accepted requests', () => {
	it('is answered at once with a JSON acknowledgement, and the execution still starts', async () => {
		const h = await harness({ authentication: 'none' }, {});
		const res = await post(h.productionUrl, body('subscribed', { event_id: 'resp-1' }));
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ status: 'accepted', event: 'subscribed', event_id: 'resp-1' });
		expect(h.executions).toHaveLength(1);
		expect(h.nodeType.description.webhooks[0]).toMatchObject({ httpMethod: 'POST', responseMode: 'onReceived', path: 'extole' });
	});

	it('never writes the key into responses', async () => {
		const h = await harness({ authentication: 'bearer' });
		const res = await post(h.productionUrl, body(), { Authorization: 'Bearer wrong' });
		expect(JSON.stringify(res.body)).not.toContain(KEY);
	});
});

describe('with automatic registration', () => {
	it('rejects everything (401) while no key was generated, ignoring the authentication parameter', async () => {
		const h = await harness({ registerWebhook: true, authentication: 'none' }, { extoleApi: { accessToken: 't', baseUrl: 'http://127.0.0.1:9' } });
		const res = await post(h.productionUrl, body('shared', { event_id: 'reg-none' }));
		expect(res.status).toBe(401);
		expect(h.executions).toHaveLength(0);
	});

	it('verifies with the generated secret from static data, not with a webhook key credential', async () => {
		const h = await harness(
			{ registerWebhook: true, authentication: 'bearer' },
			{ extoleApi: { accessToken: 't', baseUrl: 'http://127.0.0.1:9' }, extoleWebhookKeyApi: { key: KEY } },
		);
		h.staticData = { 'node:Extole Trigger': { extoleRegistration: { clientKeyId: '1', signingSecret: 'gen-secret', webhookUrl: h.productionUrl, webhooks: {} } } };
		const b = body('shared', { event_id: 'reg-secret' });
		expect((await post(h.productionUrl, b, { Authorization: `Bearer ${KEY}` })).status).toBe(401);
		expect((await post(h.productionUrl, b, { 'X-Extole-Signature': sign(b, KEY) })).status).toBe(401);
		expect((await post(h.productionUrl, b, { 'X-Extole-Signature': sign(b, 'gen-secret') })).status).toBe(200);
		expect(h.executions).toHaveLength(1);
	});
});

describe('without the raw body', () => {
	it('refuses signature checks (401) but still serves bearer mode from the parsed body', async () => {
		const sig = await createHarness({ parameters: { authentication: 'signature' }, credentials: { extoleWebhookKeyApi: { key: KEY } }, withoutRawBody: true });
		const bearer = await createHarness({ parameters: { authentication: 'bearer' }, credentials: { extoleWebhookKeyApi: { key: KEY } }, withoutRawBody: true });
		harnesses.push(sig, bearer);
		const b = body('shared', { event_id: 'noraw-1' });
		expect((await post(sig.productionUrl, b, { 'X-Extole-Signature': sign(b) })).status).toBe(401);
		expect(sig.executions).toHaveLength(0);
		expect((await post(bearer.productionUrl, b, { Authorization: `Bearer ${KEY}` })).status).toBe(200);
		expect(bearer.executions[0].items[0].event_id).toBe('noraw-1');
	});
});

describe('Include Raw Body option', () => {
	it('keeps the body as received in raw by default', async () => {
		const h = await harness({ authentication: 'signature' });
		const b = body('shared', { event_id: 'raw-default-1', email: 'raw@example.com' });
		await post(h.productionUrl, b, { 'X-Extole-Signature': sign(b) });
		expect(h.executions[0].items[0].raw).toEqual(JSON.parse(b));
	});

	it('leaves raw out when off, and every other field as it was', async () => {
		const withRaw = await harness({ authentication: 'signature' });
		const withoutRaw = await harness({ authentication: 'signature', options: { includeRaw: false } });
		const b = body('shared', { event_id: 'raw-off-1', email: 'raw@example.com' });
		await post(withRaw.productionUrl, b, { 'X-Extole-Signature': sign(b) });
		await post(withoutRaw.productionUrl, b, { 'X-Extole-Signature': sign(b) });
		const item = withoutRaw.executions[0].items[0];
		expect(item).not.toHaveProperty('raw');
		const { raw: _raw, ...rest } = withRaw.executions[0].items[0];
		expect(item).toEqual(rest);
	});
});
