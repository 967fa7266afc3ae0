/**
 * Real n8n (2.41.0, regular mode): the referral template with Batching on in its Extole Trigger
 * (version 2).
 * Signed events sent together become fewer executions than events; every request is answered 200
 * only once an execution holding its event exists; every event lands in the Braze sandbox once,
 * and copies sent afterwards start nothing.
 *
 * Only against n8n 2.x: n8n 1.x answers a webhook in "on received" mode before it starts the
 * execution, so there the answer cannot wait for the start (docs/extole-trigger.md, Batching).
 */
import * as path from 'path';

import { Any, REPO_ROOT, RUN, brazeUsers, buildEvent, byExternalId, customEvent, sendEvent, waitFor } from './helpers';

const { ensureN8nInstalled } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'n8n-install.js'));
const { startStack, prepareWorkflow, loadTemplate } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'stack.js'));

const PKG = 'n8n-nodes-extole-braze';
const SECRET = `e2e-batching-secret-${RUN}`;
const EVENTS = 40;
const MAX_EVENTS = 20;
/** n8n 2.41 creates an expression isolate per request before the node runs: a burst is slow here. */
const ANSWER_TIMEOUT_MS = 90000;

let stack: Any;
let n8n: Any;
let workflowId: string;

beforeAll(async () => {
	const install = await ensureN8nInstalled({ quiet: true });
	const log = (m: string) => process.stderr.write(`[e2e batching] ${m}\n`);
	stack = await startStack({
		install,
		log,
		webhookSecret: SECRET,
		// The template's trigger is at version 2, the version new nodes get.
		workflows: ({ credentialIds }: Any) => {
			const wf = prepareWorkflow(loadTemplate('extole-braze-referral-sync.json'), {
				credentialIds,
				overrides: {
					[`${PKG}.extoleTrigger`]: { parameters: { batching: true, maxEventsPerExecution: MAX_EVENTS, maxWaitSeconds: 1 } },
				},
			});
			return [wf];
		},
	});
	n8n = stack.n8n;
	workflowId = stack.workflows[0].id;
}, 600000);

afterAll(async () => {
	if (stack) await stack.stop();
}, 60000);

async function settledExecutions(): Promise<Any[]> {
	return await waitFor(
		'executions to finish',
		async () => {
			const list = await n8n.allExecutions(workflowId);
			return list.every((e: Any) => e.finished || ['success', 'error', 'crashed', 'canceled'].includes(e.status)) ? list : null;
		},
		{ timeoutMs: 120000 },
	);
}

describe('Extole Trigger with Batching in real n8n', () => {
	const sent: Any[] = [];
	const answers: Array<{ status: number; body: Any; answeredAt: number }> = [];

	test(`${EVENTS} signed events sent together: fewer executions than events, each answered 200 once its execution exists`, async () => {
		// Published by n8n's publication outbox shortly after start: wait until the URL is known.
		await waitFor('the webhook to be registered', async () => (await fetch(stack.webhooks[workflowId], { method: 'POST' })).status !== 404);
		await n8n.login();
		const url = stack.webhooks[workflowId];
		for (let i = 0; i < EVENTS; i += 1) {
			sent.push(buildEvent('shared', 'braze', { event_id: `batch-${RUN}-${i}`, external_id: `batch-${RUN}-${i}`, email: `batch.${RUN}.${i}@example.com` }));
		}
		await Promise.all(
			sent.map(async (body) => {
				const res = await sendEvent({ url, body, secret: SECRET, algorithm: 'HS256', timeoutMs: ANSWER_TIMEOUT_MS });
				answers.push({ ...res, answeredAt: Date.now() });
			}),
		);
		expect(answers.map((a) => a.status)).toEqual(sent.map(() => 200));
		expect(answers.every((a) => a.body.status === 'accepted')).toBe(true);

		const executions = await settledExecutions();
		expect(executions.length).toBeLessThan(EVENTS);
		expect(executions.length).toBeGreaterThanOrEqual(Math.ceil(EVENTS / MAX_EVENTS));
		const executionOf = new Map<string, Any>();
		for (const execution of executions) {
			expect(execution.status).toBe('success');
			const items = await n8n.nodeOutput(String(execution.id), 'Extole Trigger');
			expect(items.length).toBeLessThanOrEqual(MAX_EVENTS);
			for (const item of items) {
				expect(executionOf.has(item.event_id)).toBe(false);
				executionOf.set(item.event_id, execution);
			}
		}
		expect([...executionOf.keys()].sort()).toEqual(sent.map((b) => b.event_id).sort());
		// n8n stamps createdAt when WorkflowRunner.run creates the execution (same machine clock).
		for (const answer of answers) {
			expect(Date.parse(executionOf.get(answer.body.event_id).createdAt)).toBeLessThanOrEqual(answer.answeredAt);
		}
	});

	test('every event lands in the Braze sandbox once', async () => {
		const users = await waitFor('all users in Braze', async () => {
			const list = await brazeUsers(stack.brazeUrl, 'production');
			return sent.every((b) => byExternalId(list, b.external_id).length > 0) ? list : null;
		});
		for (const body of sent) {
			const mine = byExternalId(users, body.external_id);
			expect(mine).toHaveLength(1);
			expect(customEvent(mine[0], 'Shared')).toMatchObject({ count: 1 });
		}
	});

	test('copies of the same events sent together are answered 200 and start nothing', async () => {
		const before = (await settledExecutions()).length;
		const copies = await Promise.all(
			sent.map((body) => sendEvent({ url: stack.webhooks[workflowId], body, secret: SECRET, algorithm: 'HS256', timeoutMs: ANSWER_TIMEOUT_MS })),
		);
		expect(copies.map((c) => [c.status, c.body.status])).toEqual(sent.map(() => [200, 'duplicate']));
		expect((await settledExecutions()).length).toBe(before);
	});
});
