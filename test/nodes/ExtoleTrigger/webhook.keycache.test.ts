/**
 * The webhook key kept in memory (keyCache.ts), through the compiled Extole Trigger's webhook()
 * over HTTP (see harness.js, which counts credential loads): how often the credential is loaded,
 * and when a changed key takes effect. The clock is the test's (Date.now), so no test waits.
 */
import { createHmac } from 'crypto';

import { KEY_MAX_AGE_MS, KEY_RECHECK_MS } from '../../../dist/nodes/ExtoleTrigger/keyCache';

const { createHarness, post } = require('./harness');
const { buildEvent } = require('../../../sandbox/extole/payloads');

const KEY = 'whsec_0123456789abcdef0123456789abcdef';
const NEW_KEY = 'whsec_fedcba9876543210fedcba9876543210';
const sign = (body: string | Buffer, key: string) => createHmac('sha256', key).update(body).digest('hex');

type Harness = Awaited<ReturnType<typeof createHarness>>;

const harnesses: Harness[] = [];
async function harness(parameters: object = { authentication: 'signature' }) {
	const h = await createHarness({ parameters, credentials: { extoleWebhookKeyApi: { key: KEY } } });
	harnesses.push(h);
	return h;
}
afterAll(async () => {
	await Promise.all(harnesses.map((h) => h.stop()));
});

let clock = 1_700_000_000_000;
beforeAll(() => {
	jest.spyOn(Date, 'now').mockImplementation(() => clock);
});
afterAll(() => jest.restoreAllMocks());

let n = 0;
async function signedWith(h: Harness, key: string) {
	const b = JSON.stringify(buildEvent('shared', 'braze', { event_id: `kc-${++n}` }));
	return (await post(h.productionUrl, b, { 'X-Extole-Signature': sign(b, key) })).status;
}

describe('the webhook key in memory', () => {
	it('is loaded once for many requests signed with it', async () => {
		const h = await harness();
		for (let i = 0; i < 10; i += 1) expect(await signedWith(h, KEY)).toBe(200);
		expect(h.credentialLoads.count).toBe(1);
	});

	it('is not loaded for a request without a signature', async () => {
		const h = await harness();
		const b = JSON.stringify(buildEvent('shared', 'braze', { event_id: 'kc-unsigned' }));
		expect((await post(h.productionUrl, b)).status).toBe(401);
		expect(h.credentialLoads.count).toBe(0);
	});

	it(`is loaded at most once per ${KEY_RECHECK_MS / 1000} s for forged requests`, async () => {
		const h = await harness();
		const statuses: number[] = [];
		for (let i = 0; i < 20; i += 1) statuses.push(await signedWith(h, 'forged'));
		expect(h.credentialLoads.count).toBe(1);
		clock += KEY_RECHECK_MS;
		for (let i = 0; i < 20; i += 1) statuses.push(await signedWith(h, 'forged'));
		expect(h.credentialLoads.count).toBe(2);
		expect(new Set(statuses)).toEqual(new Set([401]));
	});

	it('is loaded once for many forged requests in flight together', async () => {
		const h = await harness();
		h.holdUntil(20);
		const statuses = await Promise.all(Array.from({ length: 20 }, () => signedWith(h, 'forged')));
		expect(new Set(statuses)).toEqual(new Set([401]));
		expect(h.credentialLoads.count).toBe(1);
	});

	it(`accepts a new key of the credential from the first request signed with it, once the old one is ${KEY_RECHECK_MS / 1000} s old`, async () => {
		const h = await harness();
		expect(await signedWith(h, KEY)).toBe(200);
		h.credentials.extoleWebhookKeyApi.key = NEW_KEY;
		clock += KEY_RECHECK_MS;
		expect(await signedWith(h, NEW_KEY)).toBe(200);
		expect(h.credentialLoads.count).toBe(2);
	});

	it(`stops accepting a replaced key at most ${KEY_MAX_AGE_MS / 1000} s after it was loaded`, async () => {
		const h = await harness();
		expect(await signedWith(h, KEY)).toBe(200);
		h.credentials.extoleWebhookKeyApi.key = NEW_KEY;
		clock += KEY_MAX_AGE_MS - 1;
		expect(await signedWith(h, KEY)).toBe(200);
		clock += 1;
		expect(await signedWith(h, KEY)).toBe(401);
		expect(await signedWith(h, NEW_KEY)).toBe(200);
	});

	it('is kept per credential: two triggers with different keys do not mix them', async () => {
		const a = await harness();
		const b = await createHarness({ parameters: { authentication: 'signature' }, credentials: { extoleWebhookKeyApi: { key: NEW_KEY } } });
		harnesses.push(b);
		expect([await signedWith(a, KEY), await signedWith(b, NEW_KEY), await signedWith(b, KEY), await signedWith(a, NEW_KEY)]).toEqual([
			200, 200, 401, 401,
		]);
	});

	it('serves bearer keys the same way', async () => {
		const h = await harness({ authentication: 'bearer' });
		const b = JSON.stringify(buildEvent('shared', 'braze', { event_id: 'kc-bearer' }));
		expect((await post(h.productionUrl, b, { Authorization: `Bearer ${KEY}` })).status).toBe(200);
		expect((await post(h.productionUrl, b, { Authorization: 'Bearer forged' })).status).toBe(401);
		expect(h.credentialLoads.count).toBe(1);
	});
});
