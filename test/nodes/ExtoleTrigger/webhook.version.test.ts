/**
 * Version 2 of the compiled Extole Trigger behaves as version 1 (see harness.js, which for a
 * version-2 node leaves bodies of content types n8n does not parse unread, as n8n does).
 */
import { createHmac } from 'crypto';

import { ExtoleTrigger } from '../../../dist/nodes/ExtoleTrigger/ExtoleTrigger.node';

const { createHarness, post } = require('./harness');
const { buildEvent } = require('../../../sandbox/extole/payloads');

const KEY = 'whsec_0123456789abcdef0123456789abcdef';
const sign = (body: string | Buffer, key = KEY) => createHmac('sha256', key).update(body).digest('hex');

type Harness = Awaited<ReturnType<typeof createHarness>>;
const harnesses: Harness[] = [];
async function harness(typeVersion: number) {
	const h = await createHarness({ typeVersion, parameters: { authentication: 'signature' }, credentials: { extoleWebhookKeyApi: { key: KEY } } });
	harnesses.push(h);
	return h;
}
afterAll(async () => {
	await Promise.all(harnesses.map((h) => h.stop()));
});

describe('versions', () => {
	it('are 1 and 2, new nodes on 2 (n8n evaluates an expression per request for a version-1 webhook node)', () => {
		const { description } = new ExtoleTrigger();
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it.each([1, 2])('version %i accepts a signed JSON event with the same item', async (version) => {
		const h = await harness(version);
		const b = JSON.stringify(buildEvent('shared', 'braze', { event_id: `v${version}-json` }));
		const answer = await post(h.productionUrl, b, { 'X-Extole-Signature': sign(b) });
		expect(answer.body).toEqual({ status: 'accepted', event: 'shared', event_id: `v${version}-json` });
		expect(h.executions[0].items[0]).toMatchObject({ event: 'shared', event_id: `v${version}-json` });
	});

	it('version 2 reads and verifies a body that n8n left unread (a content type it does not parse)', async () => {
		const h = await harness(2);
		const b = JSON.stringify(buildEvent('shared', 'braze', { event_id: 'v2-octets' }));
		const headers = { 'Content-Type': 'application/octet-stream' };
		expect((await post(h.productionUrl, b, { ...headers, 'X-Extole-Signature': sign(b, 'forged') })).status).toBe(401);
		const answer = await post(h.productionUrl, b, { ...headers, 'X-Extole-Signature': sign(b) });
		expect(answer).toEqual({ status: 200, body: { status: 'accepted', event: 'shared', event_id: 'v2-octets' } });
		expect(h.executions.map((e: { items: Array<{ event_id: string }> }) => e.items[0].event_id)).toEqual(['v2-octets']);
	});
});
