/**
 * The Braze node as the n8n editor shows it: resources and operations, subtitle, what an AI
 * agent is offered (the tool variant n8n derives from `usableAsTool`), and the codex.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { harness } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const braze = () => harness.loadTypes().nodes.get(harness.resolveType('braze'));
const description = (): INodeTypeDescription => braze().description;
/** The tool variant's description: n8n names it `<name>Tool`, which `@tool` display rules read. */
const asTool = (): INodeTypeDescription => ({ ...description(), name: 'brazeTool' });

/** The operation selector the editor shows for these parameters. */
function operationSelector(resource: string, forAgent = false): INodeProperties {
	const type = forAgent ? asTool() : description();
	const shown = type.properties.filter(
		(p) => p.name === 'operation' && NodeHelpers.displayParameter({ resource }, p, { typeVersion: 1 }, type),
	);
	expect(shown).toHaveLength(1);
	return shown[0];
}

const names = (property: INodeProperties) => (property.options as Array<{ name: string }>).map((o) => o.name);
const sorted = (list: string[]) => [...list].sort((a, b) => a.localeCompare(b));

describe('Braze node: resources and operations', () => {
	it('lists resources and each resource\'s operations by name, defaulting to User > Track', () => {
		const resource = description().properties.find((p) => p.name === 'resource') as INodeProperties;
		expect(names(resource)).toEqual(['Campaign', 'Canvas', 'Email', 'Message', 'Referral', 'Subscription', 'User']);
		expect(resource.default).toBe('user');
		expect(names(operationSelector('user'))).toEqual([
			'Create Alias',
			'Delete',
			'Export by Identifier',
			'Identify',
			'Merge',
			'Remove External ID',
			'Rename External ID',
			'Track',
		]);
		expect(operationSelector('user').default).toBe('track');
		expect(names(operationSelector('subscription'))).toEqual(['Get Status', 'Set Group Status']);
		expect(names(operationSelector('campaign'))).toEqual(['Trigger Send']);
		expect(names(operationSelector('canvas'))).toEqual(['Trigger Send']);
		expect(names(operationSelector('message'))).toEqual(['Send']);
		for (const name of ['email', 'referral', 'subscription']) {
			expect(names(operationSelector(name))).toEqual(sorted(names(operationSelector(name))));
		}
	});

	// n8n's own convention (its nodes and eslint-plugin-n8n-nodes-base's action rule): a sentence-case
	// verb phrase with the article where English has one, as in "Create a contact".
	it('names each action as a sentence-case verb phrase, as n8n\'s own nodes do', () => {
		const actions = description()
			.properties.filter((p) => p.name === 'operation')
			.flatMap((p) => (p.options as Array<{ action: string; value: string }>).map((o) => [o.value, o.action]));
		const own = actions.filter(([value]) => value !== 'syncExtoleEvent');
		expect(Object.fromEntries(own.filter(([value]) => value !== 'triggerSend'))).toEqual({
			createAlias: 'Create a user alias',
			delete: 'Delete a user',
			exportByIdentifier: 'Export users by identifier',
			identify: 'Identify an alias-only user',
			merge: 'Merge two users',
			renameExternalId: 'Rename a user external ID',
			removeExternalId: 'Remove a deprecated external ID',
			track: 'Track user attributes, events and purchases',
			setGroupStatus: 'Set a subscription group status',
			getStatus: 'Get a subscription group status',
			setGlobalSubscriptionStatus: 'Set global email subscription status',
			send: 'Send a message',
		});
		expect(own.filter(([value]) => value === 'triggerSend').map(([, action]) => action)).toEqual([
			'Trigger an API-triggered campaign',
			'Trigger an API-triggered Canvas',
		]);
		// Acronyms and Braze's product name Canvas keep their capitals.
		for (const [, action] of own) expect(action.replace(/\b(ID|API|Canvas)\b/g, 'x')).toMatch(/^[A-Z][a-z]+ [^A-Z]*$/);
	});

	it('shows a human subtitle, e.g. "Track: User", as n8n evaluates it on the canvas', () => {
		const node = { id: '1', name: 'Braze', type: description().name, typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const subtitleOf = (resource: string, operation: string) => {
			const workflow = new Workflow({
				nodes: [{ ...node, parameters: { resource, operation } }],
				connections: {},
				active: false,
				nodeTypes: { getByName: () => braze(), getByNameAndVersion: () => braze(), getKnownTypes: () => ({}) },
			});
			return workflow.expression.getSimpleParameterValue(workflow.getNode('Braze')!, description().subtitle as string, 'internal', {});
		};
		expect(subtitleOf('user', 'track')).toBe('Track: User');
		expect(subtitleOf('user', 'exportByIdentifier')).toBe('Export by Identifier: User');
		expect(subtitleOf('subscription', 'setGroupStatus')).toBe('Set Group Status: Subscription');
		expect(subtitleOf('email', 'setGlobalSubscriptionStatus')).toBe('Set Global Subscription Status: Email');
		expect(subtitleOf('referral', 'syncExtoleEvent')).toBe('Sync Extole Event: Referral');
		expect(subtitleOf('canvas', 'triggerSend')).toBe('Trigger Send: Canvas');
	});
});

describe('Braze node as an AI agent tool', () => {
	it('is usable as a tool', () => {
		expect(description().usableAsTool).toBe(true);
	});

	it('does not offer Delete, Merge or Remove External ID to agents; the node itself still has them, each with a notice that it cannot be undone', () => {
		expect(names(operationSelector('user', true))).toEqual(['Create Alias', 'Export by Identifier', 'Identify', 'Rename External ID', 'Track']);
		expect(names(operationSelector('user'))).toEqual(expect.arrayContaining(['Delete', 'Merge', 'Remove External ID']));
		for (const [name, operation] of [
			['mergeNotice', 'merge'],
			['removeExternalIdNotice', 'removeExternalId'],
		]) {
			const warning = description().properties.find((p) => p.name === name) as INodeProperties;
			expect(warning.displayName).toMatch(/cannot be undone|cannot undo it/);
			expect(warning.displayOptions?.show).toMatchObject({ resource: ['user'], operation: [operation] });
		}
		const notice = description().properties.find((p) => p.name === 'deleteNotice') as INodeProperties;
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/cannot undo it/);
		expect(notice.displayOptions?.show).toMatchObject({ resource: ['user'], operation: ['delete'] });
	});

	it('never offers agents a broadcast: they send to the users of the items only, and the node warns before a broadcast', () => {
		const audiences = (type: INodeTypeDescription, resource: string, operation: string) =>
			type.properties
				.filter((p) => p.name === 'audience' && NodeHelpers.displayParameter({ resource, operation }, p, { typeVersion: 1 }, type))
				.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => o.value));
		for (const resource of ['campaign', 'canvas']) {
			expect(audiences(asTool(), resource, 'triggerSend')).toEqual(['recipients']);
			expect(audiences(description(), resource, 'triggerSend')).toEqual(['recipients', 'broadcast']);
		}
		expect(audiences(asTool(), 'message', 'send')).toEqual(['users']);
		expect(audiences(description(), 'message', 'send')).toEqual(['users', 'segmentUsers', 'broadcast']);
		const notices = description().properties.filter((p) => p.name === 'broadcastNotice');
		expect(notices).toHaveLength(3);
		for (const notice of notices) {
			expect(notice.type).toBe('notice');
			expect(notice.displayName).toMatch(/larger audience than expected/);
			expect(notice.displayOptions?.show?.audience).toEqual(['broadcast']);
		}
	});

	it('offers Track with fields only: JSON mode reads the objects of an item stream', () => {
		const modes = (type: INodeTypeDescription) =>
			type.properties
				.filter((p) => p.name === 'inputMode' && NodeHelpers.displayParameter({ resource: 'user', operation: 'track' }, p, { typeVersion: 1 }, type))
				.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => o.value));
		expect(modes(asTool())).toEqual(['fields']);
		expect(modes(description())).toEqual(['fields', 'json']);
	});
});

describe('Braze node: codex', () => {
	const codex = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes/Braze/Braze.node.json'), 'utf8'));

	it('uses category names of n8n\'s own codex files and search aliases', () => {
		expect(codex.node).toBe('n8n-nodes-extole-braze.braze');
		expect(codex.categories).toEqual(['Marketing', 'Communication', 'Analytics']);
		expect(codex.alias).toEqual(expect.arrayContaining(['Braze', 'users track', 'custom events', 'referral']));
	});

	it('is found by the messaging and user operations too: campaign, Canvas, send, message, merge, external ID, subscription status', () => {
		const aliases = (codex.alias as string[]).map((a) => a.toLowerCase());
		for (const word of ['campaign', 'canvas', 'send', 'message', 'email', 'sms', 'push', 'merge', 'external id', 'subscription status', 'segment']) {
			expect(aliases.some((a) => a.includes(word))).toBe(true);
		}
		expect(new Set(aliases).size).toBe(aliases.length);
	});

	it('links "Docs" and the credential\'s docs to this package\'s documentation on GitHub', () => {
		const repository = String(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).repository.url)
			.replace(/^git\+/, '')
			.replace(/\.git$/, '');
		expect(codex.resources.primaryDocumentation).toEqual([{ url: `${repository}/blob/main/docs/braze-node.md` }]);
		expect(codex.resources.credentialDocumentation).toEqual([{ url: `${repository}/blob/main/docs/braze-node.md#credential-braze-api` }]);
	});

	it('is copied next to the compiled node', () => {
		expect(fs.existsSync(path.join(ROOT, 'dist/nodes/Braze/Braze.node.json'))).toBe(true);
	});
});
