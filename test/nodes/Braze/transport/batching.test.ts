/**
 * Partial errors of the 50-per-request endpoints (/users/alias/new, /users/identify): Braze
 * answers 2xx with `errors[{type, input_array, index}]` for objects it refused. The node
 * validates everything the sandbox would refuse before sending, so the sandbox cannot produce
 * these answers for the node: nock plays Braze here (the rest of the node's tests use the
 * sandbox over real HTTP).
 */
import nock from 'nock';

import type { Json } from '../helpers';
import { harness, PRODUCTION_KEY } from '../helpers';

const BASE = 'http://127.0.0.1:45999';
const creds = { brazeApi: { instance: 'custom', customUrl: BASE, apiKey: PRODUCTION_KEY } };

interface Seen {
	path: string;
	body: Json;
}

/** Answers every call of `path` with `answer(body, callNumber)`; returns what was received. */
function braze(path: string, answer: (body: Json, call: number) => Json): Seen[] {
	const seen: Seen[] = [];
	nock(BASE)
		.persist()
		.post(path)
		.reply(function (_uri, body) {
			const json = body as Json;
			seen.push({ path, body: json });
			return [201, answer(json, seen.length), { 'X-RateLimit-Limit': '20000', 'X-RateLimit-Remaining': '19999', 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 60) }];
		});
	return seen;
}

async function run(parameters: Json, items: Json[]) {
	const result = await harness.runNode({ type: 'braze', parameters, items, credentials: creds, continueOnFail: true });
	return { ...result, json: result.items.map((i) => i.json as Json) };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const aliasParams = { resource: 'user', operation: 'createAlias', aliasName: '={{ $json.name }}', aliasLabel: 'extole' };
const names = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `p${i}` }));

describe('partial errors of batched endpoints', () => {
	it('fail exactly the item at errors[].index of its batch; the others succeed', async () => {
		const seen = braze('/users/alias/new', (body) => ({
			aliases_processed: body.user_aliases.length - 1,
			message: 'success',
			errors: [{ type: 'alias_label is reserved', input_array: 'user_aliases', index: 1 }],
		}));
		const result = await run(aliasParams, names(3));
		expect(seen).toHaveLength(1);
		expect(result.json.map((j) => j.success)).toEqual([true, false, true]);
		expect(result.json[1]).toMatchObject({ operation: 'user.createAlias', errorKind: 'partial', brazeError: 'alias_label is reserved' });
		expect(result.json[1].error).toMatch(/^Item 1: Braze did not process this object in user_aliases\[1\] \(\/users\/alias\/new\): alias_label is reserved/);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.json[0].braze).toMatchObject({ errorCount: 1, response: { aliases_processed: 2 } });
	});

	it('map an index of a later batch to the item at that position of that batch', async () => {
		// 60 items: batch 1 = items 0..49, batch 2 = items 50..59; Braze refuses index 5 of batch 2
		const seen = braze('/users/alias/new', (body, call) => ({
			aliases_processed: body.user_aliases.length,
			message: 'success',
			...(call === 2 ? { errors: [{ type: 'refused', input_array: 'user_aliases', index: 5 }] } : {}),
		}));
		const result = await run(aliasParams, names(60));
		expect(seen.map((s) => s.body.user_aliases.length)).toEqual([50, 10]);
		expect(seen[1].body.user_aliases[5].alias_name).toBe('p55');
		const failed = result.json.map((j, i) => (j.success ? -1 : i)).filter((i) => i >= 0);
		expect(failed).toEqual([55]);
		expect(result.json[55].error).toMatch(/^Item 55: /);
	});

	it('keep errors that name no object as warnings on every item of the request, never drop them', async () => {
		braze('/users/identify', (body) => ({
			aliases_processed: body.aliases_to_identify.length,
			message: 'success',
			errors: [{ type: 'something Braze did not tie to an object' }],
		}));
		const result = await run(
			{ resource: 'user', operation: 'identify', externalId: '={{ "ext-" + $json.name }}', aliasName: '={{ $json.name }}', aliasLabel: 'extole' },
			names(2),
		);
		expect(result.json.map((j) => j.success)).toEqual([true, true]);
		for (const json of result.json) {
			expect(json.brazeWarnings).toEqual([{ type: 'something Braze did not tie to an object' }]);
		}
	});

	it('an index outside the batch fails no item and is kept as a warning', async () => {
		braze('/users/alias/new', (body) => ({
			aliases_processed: body.user_aliases.length,
			message: 'success',
			errors: [{ type: 'odd', input_array: 'user_aliases', index: 7 }],
		}));
		const result = await run(aliasParams, names(2));
		expect(result.json.map((j) => j.success)).toEqual([true, true]);
		expect(result.json[1].brazeWarnings).toEqual([{ type: 'odd', input_array: 'user_aliases', index: 7 }]);
	});
});
