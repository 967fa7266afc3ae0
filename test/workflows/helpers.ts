/**
 * Shared by the in-process workflow tests: the templates as shipped, a Braze sandbox as strict as
 * Braze with a production and a staging workspace, credentials pointing at it, and Extole events
 * normalised by the compiled Extole Trigger code (the same items the trigger emits in n8n), or
 * delivered to the compiled trigger over HTTP as Extole delivers them.
 *
 * Braze processes writes after it answered (docs/braze-sandbox.md): a test that reads what a run
 * wrote first calls `settle(sandbox)`, which lets Braze process them as waiting would.
 */
import * as fs from 'fs';
import * as path from 'path';

import { PRODUCTION_KEY, credentials as brazeCredentials, startSandbox } from '../nodes/Braze/helpers';
import type { Json } from '../nodes/Braze/helpers';

const harness = require('../harness');
const triggerHarness = require('../nodes/ExtoleTrigger/harness');
const { authHeaders } = require('../../sandbox/extole/payloads');

const ROOT = path.resolve(__dirname, '..', '..');
export const TEMPLATES_DIR = path.join(ROOT, 'templates');

export type { Json };

/** What these tests use of a Braze sandbox (the Braze node tests' sandbox, over HTTP). */
export interface Sandbox {
	url: string;
	stop(): Promise<void>;
	reset(): void;
}

/**
 * One Braze sandbox per test file, emptied before each test. Returns a handle that stays valid
 * across the file (the server itself starts in beforeAll).
 */
export function useSandbox(): Sandbox {
	let current: Sandbox | undefined;
	const started = (): Sandbox => {
		if (!current) throw new Error('the Braze sandbox is not started (use useSandbox() at file level)');
		return current;
	};
	beforeAll(async () => {
		current = await startSandbox();
	});
	afterAll(async () => {
		await current?.stop();
	});
	beforeEach(async () => {
		await resetSandbox(started());
	});
	return {
		get url() {
			return started().url;
		},
		stop: () => started().stop(),
		reset: () => started().reset(),
	};
}

const WEBHOOK_KEY = 'wf-extole-signing-secret';

/** Credentials as a user fills them in: sandbox URL, production key, test key for staging. */
export function credentialsFor(sandbox: Sandbox): Json {
	return {
		...brazeCredentials(sandbox),
		extoleWebhookKeyApi: { key: WEBHOOK_KEY },
	};
}

/** Every template file: a new one is checked without being listed here. */
export const TEMPLATE_FILES = fs
	.readdirSync(TEMPLATES_DIR)
	.filter((file) => file.endsWith('.json'))
	.sort();

export function loadTemplate(file: string): Json {
	return JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8'));
}

/** A copy of a template with some parameters of one node replaced (what a user edits). */
export function withParameters(workflow: Json, nodeName: string, parameters: Json): Json {
	const copy = JSON.parse(JSON.stringify(workflow));
	const node = copy.nodes.find((n: Json) => n.name === nodeName);
	if (!node) throw new Error(`no node ${nodeName} in ${copy.name}`);
	node.parameters = { ...node.parameters, ...parameters };
	return copy;
}

/** The first Braze node of a template (the one the Extole Trigger feeds). */
export function brazeNode(workflow: Json): Json {
	return workflow.nodes.find((n: Json) => n.type === 'n8n-nodes-extole-braze.braze');
}

/** Every Braze node of a template. */
export function brazeNodes(workflow: Json): Json[] {
	return workflow.nodes.filter((n: Json) => n.type === 'n8n-nodes-extole-braze.braze');
}

export function triggerNode(workflow: Json): Json {
	return workflow.nodes.find((n: Json) => n.type === 'n8n-nodes-extole-braze.extoleTrigger');
}

let normalise: ((body: Json) => Json) | undefined;

/** An Extole webhook body as the Extole Trigger turns it into an item (compiled trigger code). */
export function extoleItem(body: Json): Json {
	if (!normalise) {
		normalise = require(path.join(ROOT, 'dist', 'nodes', 'ExtoleTrigger', 'events.js')).normaliseEvent;
	}
	return (normalise as (b: Json) => Json)(body);
}

let counter = 0;

/** A realistic Extole GENERIC webhook body for a person event. */
export function personEvent(eventName: string, person: Json = {}, extra: Json = {}): Json {
	counter++;
	return {
		event_name: eventName,
		event_id: `evt-${Date.now()}-${counter}`,
		event_time: '2026-11-20T09:30:00Z',
		sandbox: false,
		...extra,
		data: { channel: 'EMAIL', campaign: 'spring-referral', ...person },
	};
}

/** A realistic Extole REWARD webhook body. */
export function rewardEvent(person: Json = {}, extra: Json = {}): Json {
	counter++;
	return {
		type: 'reward_earned',
		event_id: `rwd-${Date.now()}-${counter}`,
		event_time: '2026-11-21T12:00:00Z',
		reward_id: `r-${counter}`,
		person_id: `p-${counter}`,
		face_value: '10',
		face_value_type: 'USD',
		reward_supplier_type: 'CUSTOM_REWARD',
		schema_version: 1,
		...person,
		...extra,
		data: { program: 'refer-a-friend' },
	};
}

/**
 * Extole's documented reward body (Extole's "Reward Webhooks" page, "Reward Event Payload"):
 * `reward_id` and `data` only, no event name, no state, no event id; the person in `data` as in
 * the account-credit example of Extole's webhooks page (`recipient_email`).
 */
export function documentedRewardBody(person: Json = {}): Json {
	counter++;
	return {
		reward_id: `b600f6fdd06c83f8ffdd${String(counter).padStart(4, '0')}`,
		data: { earned_event_value: '100.00', journey_name: 'ADVOCATE', rewardee_role: 'advocate', custom_key: 'custom_value', ...person },
	};
}

export interface TemplateRun {
	status: string;
	error?: any;
	items: Json[];
	run: any;
}

/** Runs a workflow JSON with the Extole Trigger as start node emitting `bodies` as items. */
export async function runTemplate(workflow: Json, sandbox: Sandbox, bodies: Json[]): Promise<TemplateRun> {
	const trigger = triggerNode(workflow);
	const run = await harness.runWorkflow({
		workflow,
		credentials: credentialsFor(sandbox),
		startItems: bodies.map((body) => ({ json: extoleItem(body) })),
		startNode: trigger.name,
	});
	const braze = brazeNode(workflow);
	return {
		status: run.status,
		error: run.error ?? run.nodeError(braze.name),
		items: run.items(braze.name).map((i: Json) => i.json),
		run,
	};
}

/** One Extole webhook request: its body and the query string of the URL it is sent to (e.g. `?reward_state=EARNED`). */
export interface ExtoleDelivery {
	body: Json;
	query?: string;
}

/**
 * Delivers Extole webhook bodies, signed with the template's webhook key (HS256), to the compiled
 * Extole Trigger set up with the template's trigger parameters, then runs the workflow once per
 * execution the trigger started (as n8n does). `answers` are the trigger's HTTP answers.
 */
export async function runFromExtole(workflow: Json, sandbox: Sandbox, deliveries: ExtoleDelivery[]): Promise<TemplateRun & { answers: Json[] }> {
	const trigger = triggerNode(workflow);
	const h = await triggerHarness.createHarness({ parameters: trigger.parameters, credentials: { extoleWebhookKeyApi: { key: WEBHOOK_KEY } } });
	const answers: Json[] = [];
	try {
		for (const { body, query = '' } of deliveries) {
			const bytes = JSON.stringify(body);
			answers.push(await triggerHarness.post(`${h.productionUrl}${query}`, bytes, authHeaders(bytes, WEBHOOK_KEY, 'HS256')));
		}
	} finally {
		await h.stop();
	}
	const braze = brazeNode(workflow);
	const runs = [];
	for (const execution of h.executions as Array<{ items: Json[] }>) {
		runs.push(
			await harness.runWorkflow({
				workflow,
				credentials: credentialsFor(sandbox),
				startItems: execution.items.map((json) => ({ json })),
				startNode: trigger.name,
			}),
		);
	}
	const failed = runs.find((run) => run.status !== 'success');
	return {
		status: failed ? failed.status : 'success',
		error: failed ? (failed.error ?? failed.nodeError(braze.name)) : undefined,
		items: runs.flatMap((run) => run.items(braze.name).map((i: Json) => i.json)),
		run: runs,
		answers,
	};
}

/** Runs only the Sync Extole Event node with the given parameters (for options not in templates). */
export async function runSync(sandbox: Sandbox, parameters: Json, bodies: Json[], continueOnFail = false, brazeApi?: Json) {
	const result = await harness.runNode({
		type: 'braze',
		name: 'Sync Extole Event',
		parameters: { resource: 'referral', operation: 'syncExtoleEvent', ...parameters },
		items: bodies.map((body) => ({ json: extoleItem(body) })),
		credentials: { brazeApi: brazeApi ?? credentialsFor(sandbox).brazeApi },
		continueOnFail,
	});
	return { ...result, json: result.items.map((i: Json) => i.json) };
}

async function getJson(url: string): Promise<Json> {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
	return (await response.json()) as Json;
}

/** The users of a sandbox workspace, from the admin API. */
export async function sandboxUsers(sandbox: Sandbox, workspace = 'production'): Promise<Json[]> {
	const body = await getJson(`${sandbox.url}/_sandbox/users?workspace=${encodeURIComponent(workspace)}`);
	return body.users;
}

/** The request log of the sandbox (optionally one path only). */
export async function sandboxRequests(sandbox: Sandbox, apiPath?: string): Promise<Json[]> {
	const query = apiPath ? `?path=${encodeURIComponent(apiPath)}` : '';
	const body = await getJson(`${sandbox.url}/_sandbox/requests${query}`);
	return body.requests;
}

/** Lets Braze process every write it accepted (the sandbox's settle, as waiting would); returns how many. */
export async function settle(sandbox: Sandbox): Promise<number> {
	const response = await fetch(`${sandbox.url}/_sandbox/settle`, { method: 'POST' });
	if (!response.ok) throw new Error(`settle: HTTP ${response.status}`);
	return ((await response.json()) as Json).processed;
}

export async function resetSandbox(sandbox: Sandbox): Promise<void> {
	const response = await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
	if (!response.ok) throw new Error(`reset: HTTP ${response.status}`);
}

/** Seeds a user straight through the sandbox's users/track, processed (as if it already existed in Braze). */
export async function seedUser(sandbox: Sandbox, attributes: Json, workspaceKey = PRODUCTION_KEY): Promise<void> {
	const response = await fetch(`${sandbox.url}/users/track`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${workspaceKey}` },
		body: JSON.stringify({ attributes: [attributes] }),
	});
	if (response.status !== 201) throw new Error(`seed: HTTP ${response.status} ${await response.text()}`);
	await settle(sandbox);
	// Seeding is not part of what the tests observe.
	await fetch(`${sandbox.url}/_sandbox/requests`, { method: 'DELETE' });
}

export function userByExternalId(users: Json[], externalId: string): Json | undefined {
	return users.find((u) => u.external_id === externalId);
}

export function userByAlias(users: Json[], name: string, label = 'email'): Json | undefined {
	return users.find((u) => (u.user_aliases ?? []).some((a: Json) => a.alias_name === name && a.alias_label === label));
}
