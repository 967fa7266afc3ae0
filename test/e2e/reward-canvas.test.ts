/**
 * Real n8n end to end: templates/extole-braze-reward-canvas.json imported into n8n (2.41.0, or
 * N8N_VERSION; Node 24, from the cache folder) with this package installed, its credentials
 * pointing at the Braze sandbox (strict: writes are processed after Braze answered them) and its
 * Canvas placeholders filled with the sandbox's example API-triggered Canvas, published, and
 * driven by signed Extole reward events from the event sender. Run with
 * `npm run build && node scripts/e2e.js --part=n8n2 test/e2e/reward-canvas`.
 */
import * as path from 'path';

import { Any, REPO_ROOT, RUN, brazeUsers, buildEvent, byExternalId, sendEvent, waitFor } from './helpers';

const { ensureN8nInstalled } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'n8n-install.js'));
const { startStack, prepareWorkflow, loadTemplate } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'stack.js'));

const SECRET = `e2e-canvas-secret-${RUN}`;
const WORKFLOW = 'xtlBrzRwdCanvas1';
/** The sandbox's example API-triggered Canvas "Extole reward journey", in every workspace (docs/braze-sandbox.md). */
const CANVAS = 'c4a7a500-0000-4000-8000-0000000000d1';

let stack: Any;
let n8n: Any;
let brazeUrl: string;

/** The template with its Canvas placeholders filled in, as a user does in the editor. */
function filledTemplate(): Any {
	const text = JSON.stringify(loadTemplate('extole-braze-reward-canvas.json'));
	return JSON.parse(text.replace('REPLACE_STAGING_CANVAS_ID', CANVAS).replace('REPLACE_CANVAS_ID', CANVAS));
}

async function send(overrides: Record<string, unknown>): Promise<Any> {
	const body = buildEvent('earned_reward', 'reward', overrides);
	const res = await sendEvent({ url: stack.webhooks[WORKFLOW], body, secret: SECRET, algorithm: 'HS256' });
	expect(res.status).toBe(200);
	expect(res.body).toMatchObject({ status: 'accepted', event: 'earned_reward' });
	return body;
}

/** The user of a workspace once it has received a message. */
async function messaged(workspace: string, find: (users: Any[]) => Any | undefined, what: string): Promise<Any> {
	return await waitFor(
		`${what} to receive the Canvas in Braze ${workspace}`,
		async () => {
			const user = find(await brazeUsers(brazeUrl, workspace));
			return user && (user.messages ?? []).length ? user : null;
		},
		{ timeoutMs: 60000 },
	);
}

/** The Send Reward Canvas output of the execution that handled an Extole event. */
async function canvasOutput(eventId: string): Promise<Any> {
	return await waitFor(`the execution of event ${eventId}`, async () => {
		for (const execution of await n8n.listExecutions(WORKFLOW)) {
			if (!['success', 'error'].includes(execution.status)) continue;
			const [trigger] = await n8n.nodeOutput(execution.id, 'Extole Trigger');
			if (trigger?.event_id !== eventId) continue;
			return { status: execution.status, item: (await n8n.nodeOutput(execution.id, 'Send Reward Canvas'))[0] };
		}
		return null;
	});
}

beforeAll(async () => {
	const install = await ensureN8nInstalled({ quiet: true });
	const log = (m: string) => process.stderr.write(`[e2e] ${m}\n`);
	stack = await startStack({
		install,
		log,
		webhookSecret: SECRET,
		workflows: ({ credentialIds }: Any) => [prepareWorkflow(filledTemplate(), { credentialIds })],
	});
	n8n = stack.n8n;
	brazeUrl = stack.brazeUrl;
	// n8n answers before it has registered every published webhook: until then the trigger's URL is a 404.
	await waitFor('the published webhook', async () => (await fetch(stack.webhooks[WORKFLOW], { method: 'POST', body: '{}' })).status !== 404);
}, 600000);

afterAll(async () => {
	if (stack) await stack.stop();
}, 60000);

describe('reward canvas template in real n8n', () => {
	test('a reward with an external ID enters the user into the Canvas with the reward as context', async () => {
		const externalId = `rc-${RUN}`;
		const body = await send({ external_id: externalId, email: `${externalId}@example.com` });
		const user = await messaged('production', (users) => byExternalId(users, externalId)[0], externalId);
		expect(user.messages).toEqual([
			expect.objectContaining({
				canvas_id: CANVAS,
				name: 'Extole reward journey',
				context: expect.objectContaining({ reward_id: body.reward_id, reward_amount: '10', reward_currency: 'USD', coupon_code: body.data.coupon_code, extole_event_id: body.event_id }),
			}),
		]);
		const { status, item } = await canvasOutput(body.event_id);
		expect(status).toBe('success');
		expect(item).toMatchObject({ success: true, delivery: 'written', recipient: { external_id: externalId }, canvas_id: CANVAS });
	});

	test('a reward of a person known only by email reaches the alias-only user Record Reward creates, once Braze shows it', async () => {
		const email = `rc-alias-${RUN}@example.com`;
		const body = await send({ external_id: null, email });
		const alias = (u: Any) => (u.user_aliases ?? []).some((a: Any) => a.alias_name === email && a.alias_label === 'email');
		const user = await messaged('production', (users) => users.find(alias), email);
		expect(user.messages[0].context).toMatchObject({ coupon_code: body.data.coupon_code });
		const { item } = await canvasOutput(body.event_id);
		expect(item).toMatchObject({ success: true, recipient: { user_alias: { alias_name: email, alias_label: 'email' } }, user_found_after_ms: expect.any(Number) });
	});

	test("a sandbox reward goes to the staging workspace's Canvas only", async () => {
		const externalId = `rc-staging-${RUN}`;
		await send({ external_id: externalId, email: `${externalId}@example.com`, sandbox: true });
		const user = await messaged('staging', (users) => byExternalId(users, externalId)[0], externalId);
		expect(user.messages[0].canvas_id).toBe(CANVAS);
		expect(byExternalId(await brazeUsers(brazeUrl, 'production'), externalId)).toHaveLength(0);
	});
});
