/**
 * The in-process harness itself: loads dist, runs workflow JSON, seeds trigger output, stubs
 * sticky notes, resolves and applies credentials.
 */
export {};

const harness = require('./index') as typeof import('./index');
const { startBrazeSandbox } = require('../../sandbox/braze');

let sb: { url: string; stop(): Promise<void>; requests(): any[]; reset(): void };
beforeAll(async () => {
	sb = await startBrazeSandbox({ port: 0, keys: [{ key: 'h-key', workspace: 'production' }] });
});
afterAll(async () => await sb.stop());
beforeEach(() => sb.reset());

const brazeCreds = () => ({ brazeApi: { instance: 'custom', customUrl: sb.url, apiKey: 'h-key' } });
const brazeNode = {
	name: 'Braze',
	type: 'n8n-nodes-extole-braze.braze',
	typeVersion: 1,
	position: [200, 0],
	parameters: { resource: 'user', operation: 'track', externalId: '={{ $json.id }}', standardAttributes: { first_name: 'X' } },
	credentials: { brazeApi: { id: '1', name: 'Braze' } },
};

describe('harness', () => {
	it('loads this package\'s compiled nodes and credentials from dist', () => {
		const { nodes, credentials, errors } = harness.loadTypes();
		expect(errors).toEqual([]);
		expect(nodes.has('n8n-nodes-extole-braze.braze')).toBe(true);
		expect(credentials.has('brazeApi')).toBe(true);
	});

	it('runs workflow JSON with a sticky note and a Manual Trigger, feeding startItems', async () => {
		const workflow = {
			nodes: [
				{ name: 'Note', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, position: [0, -200], parameters: { content: '## hi' } },
				{ name: 'When clicking', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				brazeNode,
			],
			connections: { 'When clicking': { main: [[{ node: 'Braze', type: 'main', index: 0 }]] } },
		};
		const run = await harness.runWorkflow({ workflow, credentials: brazeCreds(), startItems: [{ id: 'a' }, { json: { id: 'b' } }] });
		expect(run.status).toBe('success');
		expect(run.executionOrder).toEqual(['When clicking', 'Braze']);
		expect(run.items('Braze').map((i) => i.json.identifier)).toEqual([{ external_id: 'a' }, { external_id: 'b' }]);
		expect(run.runData.Note).toBeUndefined();
	});

	it('seeds a webhook trigger (the Extole Trigger) with the given items as its output', async () => {
		const workflow = {
			nodes: [
				{ name: 'Extole Trigger', type: 'n8n-nodes-extole-braze.extoleTrigger', typeVersion: 1, position: [0, 0], parameters: {}, webhookId: 'w1' },
				brazeNode,
			],
			connections: { 'Extole Trigger': { main: [[{ node: 'Braze', type: 'main', index: 0 }]] } },
		};
		const run = await harness.runWorkflow({ workflow, credentials: brazeCreds(), startItems: [{ json: { id: 'from-extole' } }] });
		expect(run.items('Extole Trigger').map((i) => i.json)).toEqual([{ id: 'from-extole' }]);
		expect(run.items('Braze')[0].json.identifier).toEqual({ external_id: 'from-extole' });
	});

	// An identifier that resolves to nothing fails in the node (an empty field would stop n8n before the run).
	it('runNode reports a node error instead of throwing', async () => {
		const result = await harness.runNode({ type: 'braze', parameters: { resource: 'user', operation: 'track', externalId: '={{ $json.id }}' }, items: [{}], credentials: brazeCreds() });
		expect(result.error?.message).toMatch(/no identifier/);
		expect(result.items).toEqual([]);
	});

	it('applies the credential\'s authenticate to each request (recorded with the key redacted)', async () => {
		harness.resetAuthenticatedRequests();
		await harness.runNode({ type: 'braze', parameters: brazeNode.parameters, items: [{ id: 'a' }], credentials: brazeCreds() });
		const requests = harness.getAuthenticatedRequests();
		expect(requests).toHaveLength(1);
		expect(requests[0].headers.Authorization).toBe('Bearer [redacted]');
		expect(sb.requests()[0]).toMatchObject({ path: '/users/track', status: 201, workspace: 'production' });
	});

	it('fills credential defaults like n8n does (testInstance defaults to "same")', async () => {
		const result = await harness.runNode({
			type: 'braze',
			parameters: { ...brazeNode.parameters, environment: 'test' },
			items: [{ id: 'a' }],
			credentials: { brazeApi: { instance: 'custom', customUrl: sb.url, apiKey: 'h-key', testApiKey: 'h-key' } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.environment).toBe('test');
	});
});
