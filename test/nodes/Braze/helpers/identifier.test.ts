/**
 * The identifier fields of the Braze node: n8n marks an empty one before the run (and refuses to
 * run), expressions in them run, and "Chosen per Item" lets an expression pick each item's type.
 * Run through the harness (n8n-core's WorkflowExecute) against the sandbox.
 */
import type { INode, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import type { Json } from '../helpers';
import { apiRequests, harness, run, useSandbox } from '../helpers';

const sb = useSandbox();

const description = (): INodeTypeDescription => harness.loadTypes().nodes.get(harness.resolveType('braze')).description;

/** The parameter issues the editor shows (red marks) for these parameters, by parameter name. */
function issues(parameters: Json): Record<string, string[]> {
	const type = description();
	const values = NodeHelpers.getNodeParameters(type.properties, parameters, true, false, { typeVersion: 1 }, type);
	const node = { id: '1', name: 'Braze', type: type.name, typeVersion: 1, position: [0, 0], parameters: values } as INode;
	return (NodeHelpers.getNodeParametersIssues(type.properties, node, type)?.parameters ?? {}) as Record<string, string[]>;
}

const track = (extra: Json) => ({ resource: 'user', operation: 'track', standardAttributes: { first_name: 'Ada' }, ...extra });

describe('identifier fields: required', () => {
	it.each([
		['external_id', { externalId: '' }, ['externalId']],
		['user_alias', { aliasName: '', aliasLabel: '' }, ['aliasName', 'aliasLabel']],
		['braze_id', { brazeId: '' }, ['brazeId']],
		['email', { identifierEmail: '' }, ['identifierEmail']],
		['phone', { identifierPhone: '' }, ['identifierPhone']],
	])('%s: an empty value is marked before the run, and only the chosen type\'s', (type, values, marked) => {
		expect(Object.keys(issues(track({ identifierType: type, ...values })))).toEqual(marked);
	});

	it('an expression counts as a value', () => {
		expect(issues(track({ identifierType: 'external_id', externalId: '={{ $json.id }}' }))).toEqual({});
	});

	it('the other operations mark their identifiers too', () => {
		expect(Object.keys(issues({ resource: 'user', operation: 'delete', identifierType: 'braze_id' }))).toEqual(['brazeId']);
		expect(Object.keys(issues({ resource: 'user', operation: 'exportByIdentifier', identifierType: 'email' }))).toEqual(['identifierEmail']);
		expect(Object.keys(issues({ resource: 'subscription', operation: 'setGroupStatus', identifierType: 'phone' }))).toEqual([
			'subscriptionGroupId',
			'identifierPhone',
		]);
		expect(Object.keys(issues({ resource: 'user', operation: 'createAlias' }))).toEqual(['aliasName', 'aliasLabel']);
		expect(Object.keys(issues({ resource: 'user', operation: 'identify' }))).toEqual(['externalId', 'aliasName', 'aliasLabel']);
		expect(Object.keys(issues({ resource: 'email', operation: 'setGlobalSubscriptionStatus' }))).toEqual(['email']);
	});

	it('a custom event needs its name and a purchase its product ID, once added', () => {
		const found = issues(
			track({
				identifierType: 'external_id',
				externalId: 'u1',
				events: { event: [{ name: '', time: '' }] },
				purchases: { purchase: [{ productId: '', currency: 'USD', price: 1, quantity: 1 }] },
			}),
		);
		expect(Object.keys(found)).toEqual(['name', 'productId']);
	});

	it('n8n refuses to run a workflow with an empty identifier, naming the field, before anything is sent', async () => {
		await expect(run(sb, track({ identifierType: 'external_id', externalId: '' }), [{}])).rejects.toThrow(
			/The 'Braze' node has issues:\s+- Parameter "External ID" is required/,
		);
		expect(apiRequests(sb)).toEqual([]);
	});

	it('a workflow whose identifiers are expressions runs; an item whose expression gives nothing fails alone', async () => {
		const result = await run(sb, track({ identifierType: 'external_id', externalId: '={{ $json.id }}' }), [{ id: 'u1' }, {}, { id: 'u3' }], {
			continueOnFail: true,
		});
		expect(result.json.map((j) => j.success)).toEqual([true, false, true]);
		expect(result.json[1].error).toMatch(/^Item 1: /);
		expect(apiRequests(sb, '/users/track')[0].body.attributes.map((a: Json) => a.external_id)).toEqual(['u1', 'u3']);
	});
});

describe('identifier fields: the type', () => {
	const selector = () => description().properties.find((p) => p.name === 'identifierType' && p.displayOptions?.show?.operation?.[0] === 'track');

	it('is chosen from a list (no expression: n8n would then require every type\'s fields), kinds by name, per item last', () => {
		expect(selector()).toMatchObject({ noDataExpression: true, default: 'external_id' });
		expect((selector()?.options as Array<{ name: string }>).map((o) => o.name)).toEqual([
			'Braze ID',
			'Email',
			'External ID',
			'Phone',
			'User Alias',
			'Chosen per Item',
		]);
	});

	it('"Chosen per Item" requires only the Identifier Type expression; the value fields are optional', () => {
		expect(Object.keys(issues(track({ identifierType: 'perItem' })))).toEqual(['perItemIdentifierType']);
		expect(issues(track({ identifierType: 'perItem', perItemIdentifierType: '={{ $json.kind }}' }))).toEqual({});
	});

	it('"Chosen per Item" sends each item with its own identifier; a type the operation does not take fails that item', async () => {
		const result = await run(
			sb,
			track({
				identifierType: 'perItem',
				perItemIdentifierType: '={{ $json.kind }}',
				externalId: '={{ $json.id }}',
				identifierEmail: '={{ $json.email }}',
			}),
			[{ kind: 'email', email: 'ann@example.com' }, { kind: 'external_id', id: 'u2' }, { kind: 'device_id', id: 'x' }],
			{ continueOnFail: true },
		);
		expect(result.json.map((j) => j.identifier ?? j.error)).toEqual([
			{ email: 'ann@example.com' },
			{ external_id: 'u2' },
			'Item 2: identifierType: "device_id" is not one of external_id, user_alias, braze_id, email, phone',
		]);
	});

	it('placeholders start with "e.g."', () => {
		const placeholders = description()
			.properties.filter((p) => ['externalId', 'aliasName', 'aliasLabel', 'brazeId', 'identifierEmail', 'identifierPhone', 'perItemIdentifierType'].includes(p.name))
			.map((p) => p.placeholder);
		expect(placeholders.length).toBeGreaterThan(10);
		for (const placeholder of placeholders) expect(placeholder).toMatch(/^e\.g\. /);
	});
});
