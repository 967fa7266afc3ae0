/**
 * A workflow saved before Sync Extole Event had one Options collection
 * (test/workflows/saved/extole-braze-rewards.json: the rewards template as this package shipped
 * it, with more entries in its former "Sync Options" and the former millisecond entries in
 * "Options"), imported and run in-process as n8n would: it keeps working as saved.
 */
import * as fs from 'fs';
import * as path from 'path';

import type { INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Json, brazeNode, rewardEvent, runTemplate, sandboxRequests, sandboxUsers, settle, userByAlias, useSandbox } from './helpers';

const { loadTypes, resolveType } = require('../harness');

const SAVED: Json = JSON.parse(fs.readFileSync(path.join(__dirname, 'saved', 'extole-braze-rewards.json'), 'utf8'));

const sandbox = useSandbox();

describe('a workflow saved with the former Sync Options and millisecond options', () => {
	it("keeps every saved value through n8n's parameter resolution", () => {
		const description: INodeTypeDescription = loadTypes().nodes.get(resolveType('braze')).description;
		const node = brazeNode(SAVED);
		const parameters = NodeHelpers.getNodeParameters(description.properties, node.parameters as INodeParameters, true, false, node as INode, description) as Json;
		expect(parameters.syncOptions).toEqual(node.parameters.syncOptions);
		expect(parameters.options).toEqual(node.parameters.options);
	});

	it('counts rewards in its Reward Counter Attribute, on the alias-only user of its Alias Label', async () => {
		const run = await runTemplate(SAVED, sandbox, [rewardEvent({ email: 'adv@example.com' }), rewardEvent({ email: 'adv@example.com' })]);
		expect(run.status).toBe('success');
		expect(run.items.map((item) => item.identity)).toEqual(['email_alias', 'email_alias']);
		await settle(sandbox);
		const user = userByAlias(await sandboxUsers(sandbox), 'adv@example.com', 'extole_email');
		expect(user?.custom_attributes.extole_rewards_earned).toBe(2);
		expect(await sandboxRequests(sandbox, '/users/export/ids')).toHaveLength(1);
	});
});
