/**
 * The templates as files: importable n8n workflow JSON with fixed ids, placeholder credentials
 * only, sticky notes, and parameters the compiled nodes actually have.
 */
import { Json, TEMPLATE_FILES, brazeNode, brazeNodes, loadTemplate, triggerNode } from './helpers';

const { loadTypes } = require('../harness');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const nodeDescription = (type: string): Json => {
	const nodeType = loadTypes().nodes.get(type);
	if (!nodeType) throw new Error(`node type ${type} is not in dist`);
	return nodeType.description;
};

/** Parameter names a node type has (top level), with the option values of options fields. */
const parameterNames = (type: string): Set<string> => new Set(nodeDescription(type).properties.map((p: Json) => p.name));

describe.each(TEMPLATE_FILES)('template %s', (file) => {
	const workflow = loadTemplate(file);

	it('has a fixed workflow id, a name and no active flag set', () => {
		expect(workflow.id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(workflow.name).toMatch(/Extole/);
		expect(workflow.active).toBe(false);
	});

	it('gives every node a unique UUID id and a unique name', () => {
		const ids = workflow.nodes.map((n: Json) => n.id);
		const names = workflow.nodes.map((n: Json) => n.name);
		for (const id of ids) expect(id).toMatch(UUID);
		expect(new Set(ids).size).toBe(ids.length);
		expect(new Set(names).size).toBe(names.length);
	});

	it('has the workflow id and node ids unique across all templates', () => {
		const all = TEMPLATE_FILES.map(loadTemplate);
		expect(new Set(all.map((w) => w.id)).size).toBe(all.length);
		const nodeIds = all.flatMap((w) => w.nodes.map((n: Json) => n.id).concat(triggerNode(w).webhookId));
		expect(new Set(nodeIds).size).toBe(nodeIds.length);
	});

	it('uses only this package\'s nodes and sticky notes', () => {
		for (const node of workflow.nodes) {
			expect(['n8n-nodes-extole-braze.extoleTrigger', 'n8n-nodes-extole-braze.braze', 'n8n-nodes-base.stickyNote']).toContain(node.type);
		}
	});

	it('connects the Extole Trigger to the Braze node', () => {
		const trigger = triggerNode(workflow);
		const braze = brazeNode(workflow);
		expect(workflow.connections[trigger.name].main[0]).toEqual([{ node: braze.name, type: 'main', index: 0 }]);
	});

	it('gives the trigger a UUID webhookId and signature authentication', () => {
		const trigger = triggerNode(workflow);
		expect(trigger.webhookId).toMatch(UUID);
		expect(trigger.parameters.authentication).toBe('signature');
	});

	it('references placeholder credentials only', () => {
		expect(triggerNode(workflow).credentials).toEqual({
			extoleWebhookKeyApi: { id: 'REPLACE_EXTOLE_WEBHOOK_KEY_CREDENTIAL', name: 'Extole webhook key' },
		});
		for (const braze of brazeNodes(workflow)) expect(braze.credentials).toEqual({ brazeApi: { id: 'REPLACE_BRAZE_CREDENTIAL', name: 'Braze account' } });
		const text = JSON.stringify(workflow);
		expect(text).not.toMatch(/apiKey|testApiKey|"key"\s*:/);
	});

	it('explains the setup in sticky notes', () => {
		const notes = workflow.nodes.filter((n: Json) => n.type === 'n8n-nodes-base.stickyNote');
		expect(notes.length).toBeGreaterThanOrEqual(2);
		const text = notes.map((n: Json) => n.parameters.content).join('\n');
		for (const step of ['Braze credential', 'Extole webhook key', 'Webhook URL', 'HS256']) expect(text).toContain(step);
	});

	it('only sets parameters the compiled nodes have', () => {
		for (const node of [triggerNode(workflow), ...brazeNodes(workflow)]) {
			const known = parameterNames(node.type);
			for (const name of Object.keys(node.parameters)) expect({ node: node.name, name, known: known.has(name) }).toEqual({ node: node.name, name, known: true });
		}
	});

	// One Options collection per operation: a template sets only entries it offers, none of the former Sync Options.
	it('sets only Options entries that Sync Extole Event offers, and no former parameter', () => {
		const parameters = brazeNode(workflow).parameters;
		expect(parameters).not.toHaveProperty('syncOptions');
		const collection = nodeDescription('n8n-nodes-extole-braze.braze').properties.find(
			(p: Json) => p.name === 'options' && p.displayOptions?.show?.operation?.includes('syncExtoleEvent'),
		);
		const offered = collection.options.filter((o: Json) => o.type !== 'hidden').map((o: Json) => o.name);
		for (const name of Object.keys(parameters.options ?? {})) expect(offered).toContain(name);
	});

	it('selects trigger events the trigger offers', () => {
		const eventsProperty = nodeDescription('n8n-nodes-extole-braze.extoleTrigger').properties.find((p: Json) => p.name === 'events');
		const offered = eventsProperty.options.map((o: Json) => o.value);
		for (const event of triggerNode(workflow).parameters.events) expect(offered).toContain(event);
	});

	it('uses the Referral > Sync Extole Event operation with the environment taken from the event', () => {
		const parameters = brazeNode(workflow).parameters;
		expect(parameters).toMatchObject({ resource: 'referral', operation: 'syncExtoleEvent', syncEnvironment: 'fromEvent' });
	});
});

describe('template specifics', () => {
	it('referral sync listens to the seven partner-page events and Email Captured, reward bodies without a name being Earned Rewards', () => {
		const trigger = triggerNode(loadTemplate('extole-braze-referral-sync.json'));
		expect(trigger.parameters.events).toEqual([
			'created_share_link',
			'shared',
			'referred_signed_up',
			'referred_converted',
			'subscribed',
			'unsubscribed',
			'earned_reward',
			'email_captured',
		]);
		expect(trigger.parameters.rewardState).toBe('EARNED');
	});

	// Braze's Extole page: the names Extole's own integration writes; the templates leave Sync Extole Event at its defaults, which are those names.
	it.each(TEMPLATE_FILES)('%s writes the names of Extole\'s integration: no event mapping, no attribute names, no Braze Names option', (file) => {
		const parameters = brazeNode(loadTemplate(file)).parameters;
		expect(parameters).not.toHaveProperty('eventMapping');
		for (const option of ['brazeNames', 'shareLinkAttribute', 'funnelAttribute']) expect(parameters.options ?? {}).not.toHaveProperty(option);
	});

	// Extole's Webhook Creation page: client keys are made in the Security Center, webhooks in Tech Center > Outbound Webhooks.
	it.each(TEMPLATE_FILES)('%s says where Extole makes the client key and the webhook, and links the setup guide', (file) => {
		const notes = loadTemplate(file)
			.nodes.filter((n: Json) => n.type === 'n8n-nodes-base.stickyNote')
			.map((n: Json) => n.parameters.content)
			.join('\n');
		expect(notes).toMatch(/Security Center\*\* → Keys/);
		expect(notes).toMatch(/Tech Center → Outbound Webhooks/);
		expect(notes).not.toMatch(/Tech Center[^\n]*client key/);
		expect(notes).toContain('https://github.com/extole-braze/n8n-nodes-extole-braze/blob/main/docs/extole-trigger.md#manually');
	});

	it.each(['extole-braze-referral-sync.json', 'extole-braze-rewards.json', 'extole-braze-reward-canvas.json'])('%s tells to filter the REWARD webhook on Earned or to add ?reward_state=EARNED', (file) => {
		const workflow = loadTemplate(file);
		expect(triggerNode(workflow).parameters.rewardState).toBe('EARNED');
		const notes = workflow.nodes.map((n: Json) => n.parameters.content ?? '').join('\n');
		expect(notes).toMatch(/REWARD\*\* webhook[^\n]*filtered on the \*\*Earned\*\* state/);
		expect(notes).toContain('?reward_state=EARNED');
	});

	it('subscription sync says the key needs users.export.ids for events without external_id', () => {
		const notes = loadTemplate('extole-braze-subscription-sync.json')
			.nodes.map((n: Json) => n.parameters.content ?? '')
			.join('\n');
		expect(notes).toMatch(/`users\.export\.ids` \(finds the user by email when Extole sends no `external_id`: without it those events fail\)/);
	});

	it('subscription sync ships a clearly marked subscription group placeholder', () => {
		const workflow = loadTemplate('extole-braze-subscription-sync.json');
		expect(triggerNode(workflow).parameters.events).toEqual(['subscribed', 'unsubscribed']);
		expect(brazeNode(workflow).parameters).toMatchObject({
			subscriptionHandling: 'subscriptionGroup',
			subscriptionGroupId: 'REPLACE_SUBSCRIPTION_GROUP_ID',
		});
	});

	it('reward canvas records the reward, then sends the user Sync Extole Event resolved into the Canvas, with the reward as context', () => {
		const workflow = loadTemplate('extole-braze-reward-canvas.json');
		expect(triggerNode(workflow).parameters.events).toEqual(['earned_reward']);
		const [record, send] = brazeNodes(workflow);
		expect(workflow.connections[record.name].main[0]).toEqual([{ node: send.name, type: 'main', index: 0 }]);
		expect(send.parameters).toMatchObject({
			resource: 'canvas',
			operation: 'triggerSend',
			environment: '={{ $json.environment }}',
			recipientType: 'userObject',
			userObject: '={{ $json.braze_user }}',
			sendToExistingOnly: false,
			options: { waitForUserSeconds: 60 },
		});
		expect(send.parameters.canvasId.value).toMatch(/REPLACE_STAGING_CANVAS_ID.*REPLACE_CANVAS_ID/);
		for (const key of ['reward_amount', 'coupon_code', 'share_link']) expect(send.parameters.canvasContext).toContain(`${key}:`);
		const notes = workflow.nodes.map((n: Json) => n.parameters.content ?? '').join('\n');
		expect(notes).toMatch(/`canvas\.trigger\.send`/);
		expect(notes).toContain('{{context.${coupon_code}}}');
	});

	it('rewards listens to Earned Reward and counts rewards in extole_rewards_earned', () => {
		const workflow = loadTemplate('extole-braze-rewards.json');
		expect(triggerNode(workflow).parameters.events).toEqual(['earned_reward']);
		expect(brazeNode(workflow).parameters.options).toEqual({ rewardCounterAttribute: 'extole_rewards_earned' });
	});
});
