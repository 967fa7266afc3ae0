/**
 * No item is half-written because of an enumerated value Braze would refuse: before issue 9 an
 * `email_subscribe` off Braze's list in JSON mode went out, Braze refused the attributes object
 * and wrote the item's event from the same request, and the error named a position in the
 * request. Every enumerated attribute the node knows (read from the compiled rules, so that a new
 * one is covered too) is checked in each way Track takes attributes, the error naming the item
 * and the field, and nothing of that item reaches Braze (Braze docs: user_attributes_object).
 */
import type { Json, Sandbox } from '../nodes/Braze/helpers';
import { PRODUCTION_KEY, TEST_KEY, apiRequests, credentials, run } from '../nodes/Braze/helpers';
import type { Recorder } from './support/recorder';
import { startRecorder } from './support/recorder';
import { reliabilitySandbox } from './support/sandbox';

const { ENUMERATED_ATTRIBUTES } = require('../../dist/nodes/shared/braze/enumerations.js');

const NAMES = Object.keys(ENUMERATED_ATTRIBUTES) as string[];
const EVENT = { name: 'shared', time: '2026-01-01T00:00:00Z' };

let sandbox: Sandbox;
let recorder: Recorder;

beforeAll(async () => {
	recorder = startRecorder();
	sandbox = await reliabilitySandbox();
});
beforeEach(() => sandbox.reset());
afterAll(async () => {
	await sandbox?.stop();
	recorder?.stop();
});

/** Runs Track over a good item 0 and the bad item 1; item 1 must fail alone, sending nothing. */
async function secondRefused(parameters: Json, items: Json[], field: string): Promise<void> {
	const result = await run(sandbox, parameters, items, { continueOnFail: true, credentials: credentials(sandbox) });
	recorder.keep(field, result.items);
	expect(result.json[0]).toMatchObject({ success: true, delivery: 'written' });
	expect(result.json[1]).toMatchObject({ success: false, errorKind: 'validation', delivery: 'not written', errorField: field });
	expect(result.json[1].error).toMatch(new RegExp(`^Item 1: ${field.replace(/[.[\]]/g, '\\$&')}: must be one of`));
	const sent = JSON.stringify(apiRequests(sandbox, '/users/track').map((c) => c.body));
	expect(sent).toContain('"good"');
	expect(sent).not.toContain('"bad"');
}

it('knows the enumerated attributes of Braze\'s user attributes object', () => {
	expect(NAMES).toEqual(expect.arrayContaining(['email_subscribe', 'push_subscribe', 'gender']));
});

describe.each(NAMES)('%s off the list', (name) => {
	const value = (id: string) => (id === 'bad' ? 'sometimes' : ENUMERATED_ATTRIBUTES[name][0].value);

	it('JSON input mode: the item fails, its event is not sent', async () => {
		const items = ['good', 'bad'].map((id) => ({
			attributes: { external_id: id, [name]: value(id) },
			events: { external_id: id, ...EVENT },
		}));
		await secondRefused({ resource: 'user', operation: 'track', inputMode: 'json' }, items, `attributes[0].${name}`);
	});

	it('Fields mode, Custom Attributes as JSON: the same rule', async () => {
		const parameters = {
			resource: 'user',
			operation: 'track',
			identifierType: 'external_id',
			externalId: '={{ $json.id }}',
			customAttributesMode: 'json',
			customAttributesJson: '={{ $json.custom }}',
			events: { event: [{ ...EVENT, properties: '{}' }] },
		};
		const items = ['good', 'bad'].map((id) => ({ id, custom: { [name]: value(id) } }));
		await secondRefused(parameters, items, `attributes.${name}`);
	});

	it('Fields mode, the standard attribute by expression: the same rule', async () => {
		const parameters = {
			resource: 'user',
			operation: 'track',
			identifierType: 'external_id',
			externalId: '={{ $json.id }}',
			standardAttributes: { [name]: '={{ $json.value }}' },
			events: { event: [{ ...EVENT, properties: '{}' }] },
		};
		await secondRefused(parameters, ['good', 'bad'].map((id) => ({ id, value: value(id) })), `attributes.${name}`);
	});
});

it('a subscription group state off the list, in JSON mode: the same rule', async () => {
	const items = ['good', 'bad'].map((id) => ({
		attributes: { external_id: id, subscription_groups: [{ subscription_group_id: 'g-1', subscription_state: id === 'bad' ? 'opted_in' : 'subscribed' }] },
		events: { external_id: id, ...EVENT },
	}));
	await secondRefused({ resource: 'user', operation: 'track', inputMode: 'json' }, items, 'attributes[0].subscription_groups[0].subscription_state');
});

it('no output holds a key', () => {
	expect(recorder.leaks([PRODUCTION_KEY, TEST_KEY])).toEqual([]);
});
