/**
 * Trigger abuse, through the compiled Extole Trigger behind a local HTTP server (n8n-core's real
 * WebhookContext, test/nodes/ExtoleTrigger/harness.js): 1,000 forged, unsigned, malformed,
 * oversized and wrong-content-type requests mixed with 1,000 valid ones (and Extole's redeliveries
 * of 200 of them), in a seeded order, 16 at a time. Each valid event must start exactly one
 * execution; no invalid request may start any (Extole docs: HS256 signature over the raw body,
 * redelivery until a 2xx; shared/reference/extole-webhooks.md).
 */
import { createHmac } from 'crypto';

import { print, startRecorder } from './support/recorder';
import type { Recorder } from './support/recorder';

const { createHarness, post } = require('../nodes/ExtoleTrigger/harness');
const { buildEvent } = require('../../sandbox/extole/payloads');
const { prng } = require('../../sandbox/braze/faults');

const KEY = 'whsec_reliability_5f0c1e2d3c4b5a69788796a5b4c3d2e1';
const OTHER_KEY = 'whsec_not_the_key_0000000000000000000000000000000';
const sign = (bytes: string, key = KEY) => createHmac('sha256', key).update(bytes).digest('hex');

interface Shot {
	kind: 'valid' | 'replay' | 'forged' | 'unsigned' | 'malformed' | 'oversized' | 'contentType';
	id: string;
	bytes: string;
	headers: Record<string, string>;
}

const body = (id: string, extra: Record<string, unknown> = {}) =>
	JSON.stringify(buildEvent('shared', 'braze', { event_id: id, external_id: `person-${id}`, email: `${id}@example.com`, data: extra }));

function shots(): Shot[] {
	const list: Shot[] = [];
	for (let i = 0; i < 1000; i++) {
		const bytes = body(`valid-${i}`);
		list.push({ kind: 'valid', id: `valid-${i}`, bytes, headers: { 'X-Extole-Signature': sign(bytes) } });
		if (i % 5 === 0) list.push({ kind: 'replay', id: `valid-${i}`, bytes, headers: { 'X-Extole-Signature': sign(bytes) } });
	}
	const padding = 'x'.repeat(300 * 1024);
	for (let i = 0; i < 200; i++) {
		const forged = body(`forged-${i}`);
		list.push({ kind: 'forged', id: `forged-${i}`, bytes: forged, headers: { 'X-Extole-Signature': sign(forged, OTHER_KEY) } });
		list.push({ kind: 'unsigned', id: `unsigned-${i}`, bytes: body(`unsigned-${i}`), headers: {} });
		const malformed = body(`malformed-${i}`).slice(0, -7);
		list.push({ kind: 'malformed', id: `malformed-${i}`, bytes: malformed, headers: { 'X-Extole-Signature': sign(malformed) } });
		// oversized: half a valid JSON body with a forged signature, half signed but cut short
		const big = body(`oversized-${i}`, { padding });
		const oversized = i % 2 ? big.slice(0, -3) : big;
		list.push({ kind: 'oversized', id: `oversized-${i}`, bytes: oversized, headers: { 'X-Extole-Signature': sign(oversized, i % 2 ? KEY : OTHER_KEY) } });
		// the right signature over a body that is no JSON object: XML or a form
		const other =
			i % 2
				? { bytes: `<event name="shared" id="contentType-${i}"/>`, type: 'application/xml' }
				: { bytes: `event_name=shared&event_id=contentType-${i}`, type: 'application/x-www-form-urlencoded' };
		list.push({ kind: 'contentType', id: `contentType-${i}`, bytes: other.bytes, headers: { 'Content-Type': other.type, 'X-Extole-Signature': sign(other.bytes) } });
	}
	// a seeded shuffle: the same mix in the same order on every run
	const random = prng(12);
	for (let i = list.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[list[i], list[j]] = [list[j], list[i]];
	}
	return list;
}

let recorder: Recorder;
let harness: Awaited<ReturnType<typeof createHarness>>;

beforeAll(async () => {
	recorder = startRecorder();
	harness = await createHarness({ parameters: { authentication: 'signature' }, credentials: { extoleWebhookKeyApi: { key: KEY } } });
});

afterAll(async () => {
	await harness?.stop();
	recorder?.stop();
});

it('each valid event starts exactly one execution; no forged, unsigned, malformed, oversized or wrong-content-type request starts any', async () => {
	const all = shots();
	const answers: Array<{ shot: Shot; status: number; body: unknown }> = [];
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: 16 }, async () => {
			while (next < all.length) {
				const shot = all[next++];
				const answer = await post(harness.productionUrl, shot.bytes, shot.headers);
				answers.push({ shot, status: answer.status, body: answer.body });
			}
		}),
	);
	const ms = Date.now() - started;
	recorder.keep('trigger answers', answers.map((a) => ({ kind: a.shot.kind, status: a.status, body: a.body })));
	recorder.keep('trigger executions', harness.executions);
	recorder.keep('trigger errors', harness.errors);

	const emitted = new Map<string, number>();
	for (const execution of harness.executions) {
		for (const item of execution.items) emitted.set(item.event_id, (emitted.get(item.event_id) ?? 0) + 1);
	}
	const invalid = answers.filter((a) => a.shot.kind !== 'valid' && a.shot.kind !== 'replay');
	const statuses = new Map<string, Set<number>>();
	for (const a of answers) (statuses.get(a.shot.kind) ?? statuses.set(a.shot.kind, new Set()).get(a.shot.kind))?.add(a.status);
	print(
		`\nTrigger abuse: ${all.length} requests (1,000 valid, 200 redeliveries, ${invalid.length} invalid) in ${(ms / 1000).toFixed(1)} s; ` +
			`${harness.executions.length} executions started; answers by kind: ${[...statuses].map(([k, s]) => `${k} ${[...s].join('/')}`).join(', ')}\n`,
	);

	expect(harness.errors).toEqual([]);
	for (let i = 0; i < 1000; i++) expect(emitted.get(`valid-${i}`)).toBe(1);
	expect([...emitted.keys()].filter((id) => !id.startsWith('valid-'))).toEqual([]);
	expect(harness.executions).toHaveLength(1000);
	expect(invalid).toHaveLength(1000);
	expect(invalid.filter((a) => a.status !== 401 && a.status !== 400)).toEqual([]);
	expect(answers.filter((a) => a.shot.kind === 'valid' || a.shot.kind === 'replay').every((a) => a.status === 200)).toBe(true);
});

it('no answer, execution, error or log line holds the webhook key', () => {
	expect(recorder.counts().logLines).toBeGreaterThan(0); // the trigger logs every rejection
	expect(recorder.leaks([KEY, OTHER_KEY])).toEqual([]);
});
