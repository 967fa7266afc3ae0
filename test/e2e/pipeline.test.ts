/**
 * Real n8n end to end: n8n (2.41.0, or the version in N8N_VERSION: scripts/e2e.js also runs this
 * file against 1.123.81; Node 24, from the cache folder) with this package installed as
 * a community package, the templates imported and published with credentials pointing at the
 * Braze and Extole sandboxes, driven by signed Extole events from the event sender. The templates
 * write the event and attribute names of Extole's own Braze integration (Braze's Extole page).
 */
import * as crypto from 'crypto';
import * as path from 'path';

import {
	Any,
	REPO_ROOT,
	RUN,
	brazeRequests,
	brazeUsers,
	buildEvent,
	byEmail,
	byExternalId,
	customEvent,
	eventsNamed,
	sendEvent,
	signBody,
	sleep,
	waitFor,
} from './helpers';

const { ensureN8nInstalled } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'n8n-install.js'));
const { startStack, prepareWorkflow, loadTemplate } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'stack.js'));

const PKG = 'n8n-nodes-extole-braze';
const SECRET = `e2e-webhook-secret-${RUN}`;
const SUBSCRIPTION_GROUP = 'e2e-subscription-group';
const REFERRAL = 'xtlBrzReferral01';
const REWARDS = 'xtlBrzRewards001';
const SUBSCRIPTION = 'xtlBrzSubscrpt01';
const REGISTRATION = 'xtlBrzRegister01';
const REGISTRATION_WEBHOOK_ID = '5e2e0000-0000-4000-8000-00000000e2e1';

let stack: Any;
let n8n: Any;
let brazeUrl: string;
let install: Any;

/** Executions of a workflow, waiting until none is still running. */
async function settledExecutions(workflowId: string): Promise<Any[]> {
	return await waitFor(`executions of ${workflowId} to finish`, async () => {
		const list = await n8n.listExecutions(workflowId);
		return list.every((e: Any) => e.finished || ['success', 'error', 'crashed', 'canceled'].includes(e.status))
			? list
			: null;
	});
}

async function onlyUser(workspace: string, find: (users: Any[]) => Any[], what: string): Promise<Any> {
	const users = await waitFor(`${what} in Braze ${workspace}`, async () => {
		const list = find(await brazeUsers(brazeUrl, workspace));
		return list.length ? list : null;
	});
	expect(users).toHaveLength(1);
	return users[0];
}

beforeAll(async () => {
	install = await ensureN8nInstalled({ quiet: true });
	const log = (m: string) => process.stderr.write(`[e2e] ${m}\n`);
	stack = await startStack({
		install,
		log,
		webhookSecret: SECRET,
		workflows: ({ credentialIds }: Any) => {
			const list: Any[] = [];
			list.push(prepareWorkflow(loadTemplate('extole-braze-referral-sync.json'), { credentialIds }));
			list.push(prepareWorkflow(loadTemplate('extole-braze-rewards.json'), { credentialIds }));
			list.push(
					prepareWorkflow(loadTemplate('extole-braze-subscription-sync.json'), {
						credentialIds,
						placeholders: { REPLACE_SUBSCRIPTION_GROUP_ID: SUBSCRIPTION_GROUP },
					}),
				);
			if (credentialIds.extoleApi) {
				// The referral template with automatic registration in the Extole sandbox.
				const wf = prepareWorkflow(loadTemplate('extole-braze-referral-sync.json'), {
					credentialIds,
					overrides: {
						[`${PKG}.extoleTrigger`]: {
							parameters: { registerWebhook: true },
							credentials: { extoleApi: { id: credentialIds.extoleApi, name: 'Extole sandbox API' } },
						},
					},
				});
				wf.id = REGISTRATION;
				wf.name = `${wf.name} (registered in Extole)`;
				for (const node of wf.nodes) {
					if (node.type === `${PKG}.extoleTrigger`) node.webhookId = REGISTRATION_WEBHOOK_ID;
					node.id = crypto.randomUUID();
				}
				list.push(wf);
			}
			return list;
		},
	});
	n8n = stack.n8n;
	brazeUrl = stack.brazeUrl;
	log(`n8n ${n8n.url}, Braze sandbox ${brazeUrl}, workflows: ${stack.workflows.map((w: Any) => w.id).join(', ')}`);
}, 600000);

afterAll(async () => {
	if (stack) await stack.stop();
}, 60000);

describe(`the package in real n8n ${process.env.N8N_VERSION || ''}`.trim(), () => {
	test('n8n knows both nodes and all three credentials of the package', async () => {
		await n8n.login();
		// The n8n that answers is the one this run is about.
		expect((await n8n.rest('GET', '/settings')).versionCli).toBe(install.version);
		const types = await n8n.knownTypes();
		expect(types.nodes).toEqual(expect.arrayContaining([`${PKG}.braze`, `${PKG}.extoleTrigger`]));
		expect(types.credentials).toEqual(expect.arrayContaining(['brazeApi', 'extoleApi', 'extoleWebhookKeyApi']));
		expect(n8n.log()).not.toMatch(new RegExp(`Failed to load package "${PKG}"|Skipping package "${PKG}"`));
	});

	test('every imported workflow is published and its trigger webhook is registered', async () => {
		for (const wf of stack.workflows) {
			const stored = await n8n.getWorkflow(wf.id);
			expect(stored.active).toBe(true);
		}
		expect(Object.keys(stack.webhooks).sort()).toEqual(stack.workflows.map((w: Any) => w.id).sort());
	});
});

describe('referral template: Extole events become Braze users, attributes, events and subscriptions', () => {
	const url = () => stack.webhooks[REFERRAL];
	const send = async (event: string, style: string, overrides: Record<string, unknown>) => {
		const body = buildEvent(event, style, overrides);
		const res = await sendEvent({ url: url(), body, secret: SECRET, algorithm: 'HS256' });
		expect(res.status).toBe(200);
		// The trigger answers accepted events itself, as JSON (not n8n's default `responseData`).
		expect(res.body).toMatchObject({ status: 'accepted', event });
		return body;
	};

	test('an advocate with an external_id: attributes, one custom event per Extole event, email subscription', async () => {
		const externalId = `adv-${RUN}`;
		const email = `advocate.${RUN}@example.com`;
		const person = {
			external_id: externalId,
			email,
			phone_number: '+15555550100',
			first_name: 'Ada',
			last_name: 'Vocate',
			share_link: `https://refer.example.com/ada-${RUN}`,
		};
		const created = await send('created_share_link', 'braze', person);
		await waitFor('created_share_link in Braze', async () => {
			const u = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId)[0];
			return u && customEvent(u, 'Created Share Link');
		});
		const shared = await send('shared', 'braze', person);
		await waitFor('shared in Braze', async () => {
			const u = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId)[0];
			return u && customEvent(u, 'Shared');
		});
		await send('subscribed', 'braze', person);
		const user = await waitFor('subscribed in Braze', async () => {
			const u = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId)[0];
			return u && customEvent(u, 'Subscribed') && u;
		});
		await settledExecutions(REFERRAL);

		const users = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId);
		expect(users).toHaveLength(1);
		const u = users[0];
		expect(u.attributes).toMatchObject({
			email,
			phone: '+15555550100',
			first_name: 'Ada',
			last_name: 'Vocate',
			email_subscribe: 'subscribed',
		});
		expect(u.custom_attributes).toMatchObject({ share_link: person.share_link, funnel: 'advocate' });
		for (const name of ['Created Share Link', 'Shared', 'Subscribed']) expect(customEvent(u, name)).toMatchObject({ count: 1 });
		const [sharedEvent] = eventsNamed(u, 'Shared');
		expect(sharedEvent.properties).toMatchObject({
			extole_event_id: shared.event_id,
			funnel: 'advocate',
			data: expect.objectContaining({ channel: 'EMAIL' }),
		});
		// The share link is the user's attribute, not repeated as an event property.
		expect(sharedEvent.properties).not.toHaveProperty('share_link');
		expect(eventsNamed(u, 'Created Share Link')[0].properties.extole_event_id).toBe(created.event_id);
		// Nothing of it in the staging workspace.
		expect(byExternalId(await brazeUsers(brazeUrl, 'staging'), externalId)).toHaveLength(0);
		expect(user.external_id).toBe(externalId);

		// Unsubscribed flips the state.
		await send('unsubscribed', 'braze', person);
		const after = await waitFor('unsubscribed in Braze', async () => {
			const x = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId)[0];
			return x && customEvent(x, 'Unsubscribed') && x;
		});
		expect(after.attributes.email_subscribe).toBe('unsubscribed');
	});

	test('the Extole Trigger hands the workflow one normalised item per event (checked in the execution n8n stored)', async () => {
		const externalId = `item-${RUN}`;
		const sent = await send('referred_converted', 'envelope', { external_id: externalId, email: `${externalId}@example.com` });
		const executions = await waitFor('the execution', async () => {
			const list = await settledExecutions(REFERRAL);
			for (const e of list.slice(0, 5)) {
				const items = await n8n.nodeOutput(e.id, 'Extole Trigger');
				if (items.length && items[0].event_id === sent.event_id) return { id: e.id, items };
			}
			return null;
		});
		expect(executions.items).toHaveLength(1);
		const item = executions.items[0];
		for (const key of ['event', 'event_name', 'event_name_raw', 'event_id', 'event_time', 'external_id', 'email', 'phone_number', 'share_link', 'first_name', 'last_name', 'funnel', 'sandbox', 'data', 'raw'])
			expect(item).toHaveProperty(key);
		expect(item).toMatchObject({
			event: 'referred_converted',
			event_id: sent.event_id,
			external_id: externalId,
			email: `${externalId}@example.com`,
			funnel: 'friend',
			sandbox: false,
		});
		expect(item.raw).toEqual(sent);
		const [out] = await n8n.nodeOutput(executions.id, 'Sync Extole Event');
		expect(JSON.stringify(out)).toContain('external_id');
	});

	test('a friend without external_id: alias-only user keyed by email, then found again by email', async () => {
		const email = `friend.${RUN}@example.com`;
		const person = { external_id: null, email, first_name: 'Fred', last_name: 'Friend', funnel: 'friend' };
		await send('referred_signed_up', 'braze', person);
		const alias = await onlyUser('production', (users) => byEmail(users, email), 'alias-only friend');
		expect(alias.external_id).toBeUndefined();
		expect(alias.user_aliases).toEqual([{ alias_name: email, alias_label: 'email' }]);
		expect(customEvent(alias, 'Referred Signed Up')).toMatchObject({ count: 1 });
		await settledExecutions(REFERRAL);

		await send('referred_converted', 'braze', person);
		const converted = await waitFor('referred_converted in Braze', async () => {
			const list = byEmail(await brazeUsers(brazeUrl, 'production'), email);
			return list.length && customEvent(list[0], 'Referred Converted') ? list : null;
		});
		expect(converted).toHaveLength(1); // the same profile, not a second one
		expect(converted[0].braze_id).toBe(alias.braze_id);
		expect(converted[0].custom_attributes).toMatchObject({ funnel: 'friend' });
		expect(customEvent(converted[0], 'Referred Converted')).toMatchObject({ count: 1 });
		expect(eventsNamed(converted[0], 'Referred Converted')[0].properties.data).toMatchObject({
			order_id: expect.any(String),
		});
	});

	test.each(['envelope', 'data-map', 'person', 'reward'])(
		'payload style %s reaches Braze as the same user and event',
		async (style) => {
			const externalId = `style-${style}-${RUN}`;
			const [event, brazeEvent] = style === 'reward' ? ['earned_reward', 'Earned Reward'] : ['shared', 'Shared'];
			await send(event, style, { external_id: externalId, email: `${externalId}@example.com` });
			const u = await onlyUser('production', (users) => byExternalId(users, externalId), `${style} user`);
			expect(u.attributes.email).toBe(`${externalId}@example.com`);
			expect(customEvent(u, brazeEvent)).toMatchObject({ count: 1 });
		},
	);

	test('events flagged sandbox: true go to the staging workspace (test key) only', async () => {
		const externalId = `sbx-${RUN}`;
		const before = (await brazeRequests(brazeUrl)).length;
		await send('shared', 'braze', { external_id: externalId, email: `${externalId}@example.com`, sandbox: true });
		await send('shared', 'envelope', { external_id: `${externalId}-env`, sandbox: true });
		const staged = await onlyUser('staging', (users) => byExternalId(users, externalId), 'sandbox user in staging');
		expect(customEvent(staged, 'Shared')).toMatchObject({ count: 1 });
		await onlyUser('staging', (users) => byExternalId(users, `${externalId}-env`), 'envelope sandbox user');
		await settledExecutions(REFERRAL);
		const production = await brazeUsers(brazeUrl, 'production');
		expect(byExternalId(production, externalId)).toHaveLength(0);
		expect(byExternalId(production, `${externalId}-env`)).toHaveLength(0);
		// Every request made for them used the test key's workspace.
		const requests = (await brazeRequests(brazeUrl)).slice(before);
		const forThem = requests.filter((r: Any) => JSON.stringify(r.body || {}).includes(externalId));
		expect(forThem.length).toBeGreaterThan(0);
		for (const r of forThem) expect(r.workspace).toBe('staging');
	});

	test('forged, missing and wrong-key signatures get 401 and start no execution', async () => {
		const before = (await settledExecutions(REFERRAL)).length;
		const externalId = `forged-${RUN}`;
		const body = buildEvent('shared', 'braze', { external_id: externalId });
		const bytes = Buffer.from(JSON.stringify(body));
		const forged = await sendEvent({ url: url(), body: bytes, headers: { 'X-Extole-Signature': 'ab'.repeat(32) } });
		const wrongKey = await sendEvent({ url: url(), body: bytes, secret: 'not-the-secret' });
		const missing = await sendEvent({ url: url(), body: bytes });
		// Signed correctly, then one byte changed.
		const tampered = await sendEvent({
			url: url(),
			body: Buffer.from(JSON.stringify({ ...body, external_id: `${externalId}-x` })),
			headers: { 'X-Extole-Signature': signBody(bytes, SECRET) },
		});
		expect([forged.status, wrongKey.status, missing.status, tampered.status]).toEqual([401, 401, 401, 401]);
		await sleep(3000);
		expect(await n8n.listExecutions(REFERRAL)).toHaveLength(before);
		const all = await brazeUsers(brazeUrl, 'production');
		expect(all.filter((u: Any) => String(u.external_id || '').startsWith(externalId))).toHaveLength(0);
	});

	test('duplicate event_ids (one after the other and concurrent) start one execution and make one Braze event', async () => {
		const before = (await settledExecutions(REFERRAL)).length;
		const externalId = `dup-${RUN}`;
		const body = buildEvent('shared', 'braze', { external_id: externalId, email: `${externalId}@example.com` });
		const bytes = Buffer.from(JSON.stringify(body));
		const first = await sendEvent({ url: url(), body: bytes, secret: SECRET });
		expect(first.status).toBe(200);
		await waitFor('the first copy\'s execution', async () => (await settledExecutions(REFERRAL)).length === before + 1);
		const again = await sendEvent({ url: url(), body: bytes, secret: SECRET });
		const burst = await Promise.all(Array.from({ length: 4 }, () => sendEvent({ url: url(), body: bytes, secret: SECRET })));
		expect([again.status, ...burst.map((r) => r.status)]).toEqual([200, 200, 200, 200, 200]);

		// A new event_id arriving 4 times at the same moment.
		const fresh = buildEvent('shared', 'braze', { external_id: `${externalId}-c`, email: `${externalId}-c@example.com` });
		const freshBytes = Buffer.from(JSON.stringify(fresh));
		const concurrent = await Promise.all(
			Array.from({ length: 4 }, () => sendEvent({ url: url(), body: freshBytes, secret: SECRET })),
		);
		expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200, 200]);
		await waitFor('the concurrent copy\'s execution', async () => (await settledExecutions(REFERRAL)).length >= before + 2);
		await sleep(2500);
		expect(await settledExecutions(REFERRAL)).toHaveLength(before + 2);

		const production = await brazeUsers(brazeUrl, 'production');
		const [u] = byExternalId(production, externalId);
		expect(customEvent(u, 'Shared')).toMatchObject({ count: 1 });
		const copies = byExternalId(production, `${externalId}-c`);
		expect(copies).toHaveLength(1);
		expect(customEvent(copies[0], 'Shared')).toMatchObject({ count: 1 });
	});

	test('a body that is not JSON is refused (400 from the trigger, 422 from n8n for application/json) and starts no execution', async () => {
		const before = (await settledExecutions(REFERRAL)).length;
		const bytes = Buffer.from('{"event_name": "Shared", not json');
		// n8n itself parses application/json bodies and answers 422 before any node runs.
		const asJson = await sendEvent({ url: url(), body: bytes, secret: SECRET });
		expect([400, 422]).toContain(asJson.status);
		// Any other content type reaches the trigger, which must answer 400.
		const asText = await sendEvent({ url: url(), body: bytes, secret: SECRET, headers: { 'Content-Type': 'text/plain' } });
		expect(asText.status).toBe(400);
		await sleep(1500);
		expect(await n8n.listExecutions(REFERRAL)).toHaveLength(before);
	});
});

describe('rewards template', () => {
	test('Earned Reward becomes the event "Earned Reward" with reward properties and increments the counter', async () => {
		const externalId = `rwd-${RUN}`;
		for (let i = 0; i < 2; i++) {
			const res = await sendEvent({
				url: stack.webhooks[REWARDS],
				body: buildEvent('earned_reward', 'reward', { external_id: externalId, email: `${externalId}@example.com` }),
				secret: SECRET,
			});
			expect(res.status).toBe(200);
			await waitFor(`reward ${i + 1}`, async () => {
				const u = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId)[0];
				return u && (customEvent(u, 'Earned Reward') || {}).count === i + 1;
			});
		}
		await settledExecutions(REWARDS);
		const [u] = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId);
		expect(u.custom_attributes.extole_rewards_earned).toBe(2);
		expect(eventsNamed(u, 'Earned Reward')[0].properties).toMatchObject({ face_value: expect.anything(), reward_state: 'EARNED' });
	});

	// Extole's "Reward Webhooks" page: reward_id and data only; the template's Reward State (Earned) says which event it is.
	test("Extole's documented reward body (no event name, state or id) becomes an Earned Reward and counts, on one user", async () => {
		const externalId = `rwd-doc-${RUN}`;
		const body = buildEvent('earned_reward', 'reward-payload', { external_id: externalId, email: `${externalId}@example.com` });
		expect(body).not.toHaveProperty('type');
		const res = await sendEvent({ url: stack.webhooks[REWARDS], body, secret: SECRET });
		expect(res.body).toMatchObject({ status: 'accepted', event: 'earned_reward', event_id: `${body.reward_id}:earned_reward` });
		const u = await waitFor('the documented reward in Braze', async () => {
			const x = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId)[0];
			return x && customEvent(x, 'Earned Reward') && x;
		});
		expect(byEmail(await brazeUsers(brazeUrl, 'production'), `${externalId}@example.com`)).toHaveLength(1);
		expect(u.custom_attributes).toMatchObject({ extole_rewards_earned: 1, funnel: 'advocate' });
		expect(eventsNamed(u, 'Earned Reward')[0].properties).toMatchObject({
			extole_event_id: `${body.reward_id}:earned_reward`,
			reward_id: body.reward_id,
			reward_state: 'EARNED',
			earned_event_value: '100.00',
		});
	});
});

describe('subscription group template', () => {
	test('Subscribed / Unsubscribed set the state in the subscription group', async () => {
		const externalId = `grp-${RUN}`;
		const url = stack.webhooks[SUBSCRIPTION];
		const person = { external_id: externalId, email: `${externalId}@example.com` };
		expect((await sendEvent({ url, body: buildEvent('subscribed', 'braze', person), secret: SECRET })).status).toBe(200);
		const u = await waitFor('subscription group state', async () => {
			const x = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId)[0];
			return x && JSON.stringify(x.subscription_groups || {}).includes(SUBSCRIPTION_GROUP) && x;
		});
		expect(JSON.stringify(u.subscription_groups)).toMatch(/subscribed/);
		// The workflow leaves the global email state alone: nothing of it was sent (the profile has
		// Braze's default for a new profile, subscribed).
		const tracks = (await brazeRequests(brazeUrl)).filter((r: Any) => r.path === '/users/track' && JSON.stringify(r.body || {}).includes(externalId));
		expect(tracks.length).toBeGreaterThan(0);
		for (const r of tracks) for (const a of r.body.attributes || []) expect(a).not.toHaveProperty('email_subscribe');
		expect(u.attributes.email_subscribe).toBe('subscribed');
		expect((await sendEvent({ url, body: buildEvent('unsubscribed', 'braze', person), secret: SECRET })).status).toBe(200);
		await waitFor('unsubscribed in the group', async () => {
			const x = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId)[0];
			return x && /unsubscribed/.test(JSON.stringify(x.subscription_groups)) && x;
		});
	});
});

describe('automatic registration in the Extole sandbox', () => {
	// The GENERIC webhook at the URL, the REWARD webhooks at <url>?reward_state=<STATE>.
	const hooksFor = (url: string) => stack.extole.webhooks().filter((w: Any) => w.url === url || w.url.startsWith(`${url}?`));
	let clientKeyId = '';

	test('publishing created the webhooks (GENERIC for person events, REWARD filtered to EARNED at ?reward_state=EARNED) and one HS256 key; Extole deliveries reach Braze', async () => {
		const url = stack.webhooks[REGISTRATION];
		const hooks = await waitFor('webhooks in the Extole sandbox', () => (hooksFor(url).length >= 2 ? hooksFor(url) : null));
		await sleep(500);
		expect(hooksFor(url)).toHaveLength(2); // the template listens to person events and Earned Reward
		const generic = hooks.find((h: Any) => h.type === 'GENERIC');
		const reward = hooks.find((h: Any) => h.type === 'REWARD');
		expect(generic.url).toBe(url);
		expect(reward.url).toBe(`${url}?reward_state=EARNED`);
		expect(reward.filters).toEqual([expect.objectContaining({ type: 'STATE', states: ['EARNED'] })]);
		expect(reward.client_key_id).toBe(generic.client_key_id);
		const key = stack.extole.keys().find((k: Any) => String(k.id) === String(generic.client_key_id));
		expect(key).toMatchObject({ algorithm: 'HS256' });
		clientKeyId = String(key.id);

		// Extole (the sandbox) delivers signed events to the registered URL: person and reward.
		const externalId = `reg-${RUN}`;
		const records = await stack.extole.deliver('shared', { overrides: { external_id: externalId } });
		expect(records.map((r: Any) => r.attempts[r.attempts.length - 1].status)).toEqual([200]);
		const rewardRecords = await stack.extole.deliver('earned_reward', { overrides: { external_id: externalId } });
		expect(rewardRecords.map((r: Any) => r.attempts[r.attempts.length - 1].status)).toEqual([200]);
		await waitFor('both deliveries executed', async () => (await settledExecutions(REGISTRATION)).length === 2);
		const u = await onlyUser('production', (users) => byExternalId(users, externalId), 'registered delivery');
		expect(customEvent(u, 'Shared')).toMatchObject({ count: 1 });
		await waitFor('reward delivery in Braze', async () => {
			const x = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId)[0];
			return x && customEvent(x, 'Earned Reward');
		});
	});

	// Issue 10: Extole's "Reward Webhooks" page documents the reward body as reward_id and data, no event name, state or id.
	test("Extole's documented reward body reaches Braze as an Earned Reward on one user in real n8n", async () => {
		const before = (await settledExecutions(REGISTRATION)).length;
		const externalId = `reg-doc-${RUN}`;
		const email = `${externalId}@example.com`;
		const records = await stack.extole.deliver('earned_reward', { style: 'reward-payload', overrides: { external_id: externalId, email } });
		expect(records).toHaveLength(1); // only the EARNED webhook takes it
		expect(records[0].url).toBe(`${stack.webhooks[REGISTRATION]}?reward_state=EARNED`);
		expect(records[0].attempts[records[0].attempts.length - 1].status).toBe(200);
		const u = await waitFor('the documented reward in Braze', async () => {
			const x = byExternalId(await brazeUsers(brazeUrl, 'production'), externalId)[0];
			return x && customEvent(x, 'Earned Reward') && x;
		});
		await waitFor('its execution', async () => (await settledExecutions(REGISTRATION)).length === before + 1);
		const production = await brazeUsers(brazeUrl, 'production');
		expect(byEmail(production, email)).toHaveLength(1); // one user: the recipient, by partner_user_id
		expect(u.attributes.email).toBe(email);
		expect(customEvent(u, 'Earned Reward')).toMatchObject({ count: 1 });
		const [event] = eventsNamed(u, 'Earned Reward');
		expect(event.properties).toMatchObject({ reward_state: 'EARNED', earned_event_value: '100.00', funnel: 'advocate' });
		expect(event.properties.extole_event_id).toBe(`${event.properties.reward_id}:earned_reward`);
		// Each value once: the reward fields are not repeated in data, the person fields not at all.
		expect(event.properties.data).not.toHaveProperty('reward_id');
		expect(JSON.stringify(event.properties)).not.toContain(email);
	});

	test('unpublishing deletes the webhooks and key in Extole; publishing again creates them exactly once', async () => {
		const url = stack.webhooks[REGISTRATION];
		await n8n.deactivate(REGISTRATION);
		// The trigger removes the webhooks first, then their key: wait for the whole teardown.
		const keyIds = () => stack.extole.keys().map((k: Any) => String(k.id));
		await waitFor(
			'webhooks and key removed from the Extole sandbox',
			() => hooksFor(url).length === 0 && !keyIds().includes(clientKeyId),
		);
		expect(hooksFor(url)).toEqual([]);
		expect(keyIds()).not.toContain(clientKeyId);
		await n8n.activate(REGISTRATION);
		await waitFor('webhooks back', () => hooksFor(url).length >= 2);
		await sleep(1000);
		expect(hooksFor(url).map((h: Any) => h.type).sort()).toEqual(['GENERIC', 'REWARD']);
		expect(new Set(hooksFor(url).map((h: Any) => h.client_key_id)).size).toBe(1);
	});
});
