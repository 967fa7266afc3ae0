import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiResponse, ExtoleWebhook } from './extoleApi';
import { apiError, callExtole, deleteClientKey, deleteWebhook, isOk, listWebhooks } from './extoleApi';
import { ALL_EVENTS, getEventDefinition, getRewardState, OTHER_EVENT, REWARD_STATES } from '../shared/extole/catalogue';

/**
 * Registration of the trigger in Extole (publish/unpublish of the workflow): an HS256 WEBHOOK
 * client key with a random secret; a GENERIC webhook for person events at the node's
 * production URL; and one REWARD webhook per selected reward state, filtered to that state, at
 * the production URL with `?reward_state=<STATE>`. Extole's reward body (`reward_id` and
 * `data`) names neither event nor state (Reward Webhooks page): the URL tells the trigger which
 * state each delivery is for. Every webhook POSTs, so the signature covers the whole body.
 */

export type WebhookKind = 'GENERIC' | 'REWARD';

/** The URL query parameter that tells the trigger the reward state of a delivery. */
export const REWARD_STATE_PARAMETER = 'reward_state';

export interface Plan {
	kinds: WebhookKind[];
	/** One REWARD webhook per state. */
	rewardStates: string[];
}

/** What is kept in the node's static data once registered. */
export interface Registration extends IDataObject {
	clientKeyId: string;
	signingSecret: string;
	webhookUrl: string;
	/** Webhook id per planned webhook: `GENERIC`, `REWARD:<STATE>`. */
	webhooks: IDataObject;
	/** The plan the webhooks were made for, to notice changed events. */
	kinds: string[];
	rewardStates: string[];
}

export const REGISTRATION_KEY = 'extoleRegistration';

/** Which webhooks the selected events need. */
export function planWebhooks(events: string[]): Plan {
	const all = events.includes(ALL_EVENTS);
	let person = all || events.includes(OTHER_EVENT);
	const states = new Set<string>(all ? REWARD_STATES.map((s) => s.state) : []);
	for (const key of events) {
		const def = getEventDefinition(key);
		if (!def) continue;
		if (def.kind === 'reward' && def.rewardState) states.add(def.rewardState);
		if (def.kind === 'person') person = true;
	}
	// In the order of Extole's states, whatever the order of the selection.
	const rewardStates = REWARD_STATES.map((s) => s.state).filter((s) => states.has(s));
	const kinds: WebhookKind[] = [];
	if (person) kinds.push('GENERIC');
	if (rewardStates.length > 0) kinds.push('REWARD');
	return { kinds, rewardStates };
}

/** The URL of the REWARD webhook for `state`. */
export function rewardWebhookUrl(url: string, state: string): string {
	return `${url}${url.includes('?') ? '&' : '?'}${REWARD_STATE_PARAMETER}=${encodeURIComponent(state)}`;
}

export function getRegistration(staticData: IDataObject): Registration | undefined {
	const value = staticData[REGISTRATION_KEY];
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const reg = value as Registration;
	if (typeof reg.signingSecret !== 'string' || reg.signingSecret === '') return undefined;
	return reg;
}

/** Webhooks in Extole that point at `url`, with or without a query. */
export async function findWebhooksByUrl(ctx: IHookFunctions, url: string): Promise<ExtoleWebhook[]> {
	return (await listWebhooks(ctx)).filter((w) => typeof w.url === 'string' && (w.url === url || w.url.startsWith(`${url}?`)));
}

interface PlannedWebhook {
	/** Its key in `Registration.webhooks`. */
	slot: string;
	kind: WebhookKind;
	url: string;
	state?: string;
}

function plannedWebhooks(plan: Plan, url: string): PlannedWebhook[] {
	const list: PlannedWebhook[] = [];
	if (plan.kinds.includes('GENERIC')) list.push({ slot: 'GENERIC', kind: 'GENERIC', url });
	for (const state of plan.rewardStates) {
		list.push({ slot: `REWARD:${state}`, kind: 'REWARD', url: rewardWebhookUrl(url, state), state });
	}
	return list;
}

function samePlan(plan: Plan, registration: Registration): boolean {
	const norm = (list: unknown) => (Array.isArray(list) ? list.map(String).sort().join(',') : '');
	return norm(plan.kinds) === norm(registration.kinds) && norm(plan.rewardStates) === norm(registration.rewardStates);
}

/** True when exactly the webhooks the plan needs exist at the URL and use the key we hold. */
export async function registrationExists(ctx: IHookFunctions, events: string[]): Promise<boolean> {
	const registration = getRegistration(ctx.getWorkflowStaticData('node'));
	if (!registration) return false;
	const url = ctx.getNodeWebhookUrl('default') as string;
	if (registration.webhookUrl !== url) return false;
	const plan = planWebhooks(events);
	if (!samePlan(plan, registration)) return false;
	const planned = plannedWebhooks(plan, url);
	const existing = await findWebhooksByUrl(ctx, url);
	if (existing.length !== planned.length) return false;
	return planned.every((p) =>
		existing.some(
			(w) =>
				w.type === p.kind &&
				w.url === p.url &&
				w.enabled !== false &&
				String(w.client_key_id ?? '') === registration.clientKeyId &&
				registration.webhooks[p.slot] === w.id,
		),
	);
}

function webhookName(ctx: IHookFunctions, planned: PlannedWebhook): string {
	const workflow = ctx.getWorkflow();
	const what = planned.state ? `rewards: ${getRewardState(planned.state)?.label ?? planned.state}` : 'events';
	return `n8n ${workflow.name ?? workflow.id ?? 'workflow'} (${what})`.slice(0, 100);
}

function asNodeError(ctx: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeApiError(ctx.getNode(), { message: (error as Error)?.message ?? String(error) } as JsonObject);
}

async function setUpWebhooks(ctx: IHookFunctions, url: string, plan: Plan, keyId: string, webhooks: IDataObject): Promise<void> {
	const existing = await findWebhooksByUrl(ctx, url);
	// A GENERIC webhook is kept (updated) rather than replaced: campaigns call it by its id.
	// Every other webhook at this URL is removed; REWARD webhooks are made anew with their filter.
	const keep = plan.kinds.includes('GENERIC') ? existing.find((w) => w.type === 'GENERIC' && w.url === url) : undefined;
	for (const w of existing) if (w !== keep) await deleteWebhook(ctx, w.id);
	for (const planned of plannedWebhooks(plan, url)) {
		const payload: IDataObject = {
			name: webhookName(ctx, planned),
			url: planned.url,
			type: planned.kind,
			default_method: 'POST',
			enabled: true,
			client_key_id: keyId,
			description: 'Created by the n8n Extole Trigger; deleted when the workflow is unpublished',
			tags: ['n8n'],
		};
		const match = planned.kind === 'GENERIC' ? keep : undefined;
		let response: ApiResponse;
		if (match) {
			response = await callExtole(ctx, 'PUT', `/v6/webhooks/${encodeURIComponent(match.id)}`, payload);
			if (!isOk(response)) throw apiError(ctx, `updating the ${planned.kind} webhook`, response);
		} else {
			response = await callExtole(ctx, 'POST', '/v6/webhooks', payload);
			if (!isOk(response)) throw apiError(ctx, `creating the ${planned.kind} webhook`, response);
		}
		const id = String((response.body as IDataObject)?.id ?? match?.id ?? '');
		webhooks[planned.slot] = id;
		if (planned.state) {
			const filter = await callExtole(ctx, 'POST', `/v4/webhooks/reward/${encodeURIComponent(id)}/filters/state`, {
				states: [planned.state],
			});
			if (!isOk(filter)) throw apiError(ctx, 'setting the reward state filter', filter);
		}
	}
}

/**
 * Creates the signing key and the webhooks (or re-points webhooks that already target this URL
 * at the new key, so that publishing again never leaves two webhooks for one URL).
 */
export async function createRegistration(ctx: IHookFunctions, events: string[]): Promise<boolean> {
	const url = ctx.getNodeWebhookUrl('default') as string;
	if (!url) throw new NodeOperationError(ctx.getNode(), 'The webhook URL of this node is unknown');
	const plan = planWebhooks(events);
	if (plan.kinds.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Select at least one event to register a webhook in Extole');
	}
	const staticData = ctx.getWorkflowStaticData('node');
	const previous = getRegistration(staticData);

	const secret = randomBytes(32).toString('hex');
	const keyResponse = await callExtole(ctx, 'POST', '/v2/settings/security/keys', {
		type: 'WEBHOOK',
		algorithm: 'HS256',
		name: `n8n-${ctx.getWorkflow().id ?? 'workflow'}-${ctx.getNode().id ?? 'extole'}-${Date.now()}`.slice(0, 100),
		key: secret,
	});
	if (!isOk(keyResponse)) throw apiError(ctx, 'creating the webhook client key', keyResponse);
	const keyId = String((keyResponse.body as IDataObject)?.id ?? '');
	if (!keyId) throw apiError(ctx, 'creating the webhook client key (no id returned)', keyResponse);

	const webhooks: IDataObject = {};
	try {
		await setUpWebhooks(ctx, url, plan, keyId, webhooks);
	} catch (failure) {
		// Do not leave the new key behind; the original error is what the user needs to see.
		try {
			await deleteClientKey(ctx, keyId);
		} catch (cleanupError) {
			ctx.logger.warn(`Extole Trigger: could not delete client key ${keyId} after a failed registration: ${(cleanupError as Error).message}`);
		}
		throw asNodeError(ctx, failure);
	}

	staticData[REGISTRATION_KEY] = {
		clientKeyId: keyId,
		signingSecret: secret,
		webhookUrl: url,
		webhooks,
		kinds: plan.kinds,
		rewardStates: plan.rewardStates,
	} satisfies Registration;

	if (previous && previous.clientKeyId !== keyId) await deleteClientKey(ctx, previous.clientKeyId);
	return true;
}

/** Deletes the webhooks pointing at this node's URL and the key, and forgets them. */
export async function deleteRegistration(ctx: IHookFunctions): Promise<boolean> {
	const staticData = ctx.getWorkflowStaticData('node');
	const registration = getRegistration(staticData);
	const url = (registration?.webhookUrl as string | undefined) ?? (ctx.getNodeWebhookUrl('default') as string);
	const ids = new Set<string>();
	if (registration) for (const id of Object.values(registration.webhooks)) if (id) ids.add(String(id));
	for (const w of await findWebhooksByUrl(ctx, url)) ids.add(w.id);
	for (const id of ids) await deleteWebhook(ctx, id);
	if (registration) await deleteClientKey(ctx, registration.clientKeyId);
	delete staticData[REGISTRATION_KEY];
	return true;
}
