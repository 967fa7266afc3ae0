import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiResponse, ExtoleWebhook } from './extoleApi';
import { apiError, callExtole, deleteClientKey, deleteWebhook, isOk, listWebhooks } from './extoleApi';
import { ALL_EVENTS, getEventDefinition, OTHER_EVENT } from '../shared/extole/catalogue';

/**
 * Registration of the trigger in Extole (publish/unpublish of the workflow):
 * an HS256 WEBHOOK client key with a random secret, and one webhook per kind of event
 * selected (GENERIC for person events, REWARD with a state filter for reward events), all
 * pointing at the node's production URL.
 */

export type WebhookKind = 'GENERIC' | 'REWARD';

export interface Plan {
	kinds: WebhookKind[];
	/** Reward states to filter on; empty = all reward states. */
	rewardStates: string[];
}

/** What is kept in the node's static data once registered. */
export interface Registration extends IDataObject {
	clientKeyId: string;
	signingSecret: string;
	webhookUrl: string;
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
	let reward = all;
	const states: string[] = [];
	for (const key of events) {
		const def = getEventDefinition(key);
		if (!def) continue;
		if (def.kind === 'reward') {
			reward = true;
			if (def.rewardState) states.push(def.rewardState);
		} else {
			person = true;
		}
	}
	const kinds: WebhookKind[] = [];
	if (person) kinds.push('GENERIC');
	if (reward) kinds.push('REWARD');
	return { kinds, rewardStates: all ? [] : states };
}

export function getRegistration(staticData: IDataObject): Registration | undefined {
	const value = staticData[REGISTRATION_KEY];
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const reg = value as Registration;
	if (typeof reg.signingSecret !== 'string' || reg.signingSecret === '') return undefined;
	return reg;
}

/** Webhooks in Extole that point at `url`. */
export async function findWebhooksByUrl(ctx: IHookFunctions, url: string): Promise<ExtoleWebhook[]> {
	return (await listWebhooks(ctx)).filter((w) => w.url === url);
}

function samePlan(plan: Plan, registration: Registration): boolean {
	const norm = (list: unknown) => (Array.isArray(list) ? list.map(String).sort().join(',') : '');
	return norm(plan.kinds) === norm(registration.kinds) && norm(plan.rewardStates) === norm(registration.rewardStates);
}

/** True when every webhook the plan needs exists at `url` and uses the key we hold. */
export async function registrationExists(ctx: IHookFunctions, events: string[]): Promise<boolean> {
	const registration = getRegistration(ctx.getWorkflowStaticData('node'));
	if (!registration) return false;
	const url = ctx.getNodeWebhookUrl('default') as string;
	if (registration.webhookUrl !== url) return false;
	const plan = planWebhooks(events);
	if (!samePlan(plan, registration)) return false;
	const existing = await findWebhooksByUrl(ctx, url);
	if (existing.some((w) => !plan.kinds.includes(w.type as WebhookKind))) return false;
	return plan.kinds.every((kind) =>
		existing.some(
			(w) =>
				w.type === kind &&
				w.enabled !== false &&
				String(w.client_key_id ?? '') === registration.clientKeyId &&
				registration.webhooks[kind] === w.id,
		),
	);
}

function webhookName(ctx: IHookFunctions, kind: WebhookKind): string {
	const workflow = ctx.getWorkflow();
	return `n8n ${workflow.name ?? workflow.id ?? 'workflow'} (${kind === 'REWARD' ? 'rewards' : 'events'})`.slice(0, 100);
}

function asNodeError(ctx: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeApiError(ctx.getNode(), { message: (error as Error)?.message ?? String(error) } as JsonObject);
}

async function setUpWebhooks(
	ctx: IHookFunctions,
	url: string,
	plan: Plan,
	keyId: string,
	webhooks: IDataObject,
): Promise<void> {
	const existing = await findWebhooksByUrl(ctx, url);
	// Webhooks at this URL that the plan does not reuse are removed: kinds no longer needed,
	// and REWARD webhooks (their state filters are replaced by making a new webhook).
	const keep = plan.kinds.includes('GENERIC') ? existing.find((w) => w.type === 'GENERIC') : undefined;
	for (const w of existing) if (w !== keep) await deleteWebhook(ctx, w.id);
	for (const kind of plan.kinds) {
		const payload: IDataObject = {
			name: webhookName(ctx, kind),
			url,
			type: kind,
			default_method: 'POST',
			enabled: true,
			client_key_id: keyId,
			description: 'Created by the n8n Extole Trigger; deleted when the workflow is unpublished',
			tags: ['n8n'],
		};
		// A GENERIC webhook is kept (updated) rather than replaced: campaigns call it by its id.
		const match = kind === 'GENERIC' ? keep : undefined;
		let response: ApiResponse;
		if (match) {
			response = await callExtole(ctx, 'PUT', `/v6/webhooks/${encodeURIComponent(match.id)}`, payload);
			if (!isOk(response)) throw apiError(ctx, `updating the ${kind} webhook`, response);
		} else {
			response = await callExtole(ctx, 'POST', '/v6/webhooks', payload);
			if (!isOk(response)) throw apiError(ctx, `creating the ${kind} webhook`, response);
		}
		const id = String((response.body as IDataObject)?.id ?? match?.id ?? '');
		webhooks[kind] = id;
		if (kind === 'REWARD' && plan.rewardStates.length > 0) {
			const filter = await callExtole(ctx, 'POST', `/v4/webhooks/reward/${encodeURIComponent(id)}/filters/state`, {
				states: plan.rewardStates,
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
	let failure: unknown;
	try {
		await setUpWebhooks(ctx, url, plan, keyId, webhooks);
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
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
