import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalid } from '../../../shared/braze/errors';
import type { UserIdentifier } from '../../../shared/braze/identifiers';
import type { LocatorSpec } from '../../helpers/locator';
import { locatorField, readLocator } from '../../helpers/locator';
import { param } from '../../helpers/parameters';
import type { BrazeClient } from '../../transport/client';
import type { TriggerSendRequest } from '../../transport/messaging';
import type { SendOutcome, SendRetry } from '../../transport/sends';
import type { BrazeOperation } from '../types';
import { readPersonalization, readRecipientAttributes } from './personalization';
import type { Recipient } from './recipient';
import { readRecipient, recipientFields } from './recipient';
import { readSendId, readSendRetry, readWaitSeconds, sendOptions } from './sendOptions';
import type { WaitedOutcome } from './waitForUsers';
import { sendWhenUsersExist } from './waitForUsers';

/**
 * Campaign › Trigger Send and Canvas › Trigger Send (Braze docs: api/endpoints/messaging/
 * send_messages/post_send_triggered_campaigns, post_send_triggered_canvases): each item is one
 * recipient with its own personalization and attributes, up to 50 per request; or, guarded, a
 * broadcast to everyone in the campaign's or Canvas's segment.
 */

export interface TriggerItem extends TriggerSendRequest {
	shown?: IDataObject;
	/** The user to wait for before sending (Options › Wait for Recipient). */
	lookup?: UserIdentifier;
}

export interface TriggerSpec {
	/** `campaign` or `Canvas`: what the operation sends. */
	noun: string;
	/** What one send delivers to a user, e.g. `message`, `Canvas entry`. */
	delivers: string;
	value: string;
	name: string;
	action: string;
	description: string;
	outputName: string;
	locator: LocatorSpec;
	/** Output key of the target id, e.g. `campaign_id`. */
	idKey: string;
	properties: { name: string; displayName: string; brazeKey: string; description: string };
	sendId: boolean;
	send(client: BrazeClient, requests: TriggerSendRequest[], retry: SendRetry): Promise<SendOutcome[]>;
}

const recipients = { audience: ['recipients'] };

function fields(spec: TriggerSpec): INodeProperties[] {
	const audience = (forAgents: boolean): INodeProperties => ({
		displayName: 'Send To',
		name: 'audience',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Recipients', value: 'recipients', description: 'The user each item names, up to 50 per request' },
			...(forAgents
				? []
				: [{ name: 'Broadcast to the Segment', value: 'broadcast', description: `Everyone in the ${spec.noun}'s target segment, once per item` }]),
		],
		default: 'recipients',
		displayOptions: { show: { '@tool': [forAgents] } },
	});
	return [
		locatorField(spec.locator),
		audience(false),
		// Agents never broadcast.
		audience(true),
		{
			displayName: `Broadcast sends this ${spec.noun} to every user in its target segment, for each input item. Braze warns that this may reach a larger audience than expected: check the segment first. A second broadcast of the same ${spec.noun} in one execution is refused.`,
			name: 'broadcastNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { audience: ['broadcast'] } },
		},
		...recipientFields(['external_id', 'user_alias', 'braze_id', 'email', 'userObject'], recipients),
		{
			displayName: 'Send to Existing Users Only',
			name: 'sendToExistingOnly',
			type: 'boolean',
			default: true,
			description:
				"Whether to send only to users Braze already has. Off: when no user has this external ID, Braze creates one with the Attributes before sending, Braze's remedy for a user written a moment ago and not processed yet. Braze allows it for external IDs only (a user object naming another identifier ignores it).",
			displayOptions: { show: { ...recipients, recipientType: ['external_id', 'userObject'] } },
		},
		{
			displayName: 'Attributes',
			name: 'recipientAttributes',
			type: 'json',
			default: '{}',
			description:
				'User attributes Braze writes to the recipient before sending, e.g. {"email": "ada@example.com"} (checked like Track\'s). With Send to Existing Users Only off they are sent even when empty, as Braze requires.',
			displayOptions: { show: recipients },
		},
		{
			displayName: spec.properties.displayName,
			name: spec.properties.name,
			type: 'json',
			default: '{}',
			description: spec.properties.description,
		},
	];
}

/** Broadcasts already prepared in an execution, by environment and target: one per target. */
const broadcasts = new WeakMap<IExecuteFunctions, Map<string, number>>();

function guardBroadcast(ctx: IExecuteFunctions, spec: TriggerSpec, key: string, itemIndex: number): void {
	let seen = broadcasts.get(ctx);
	if (!seen) broadcasts.set(ctx, (seen = new Map()));
	const earlier = seen.get(key);
	if (earlier !== undefined && earlier !== itemIndex) {
		throw invalid('audience', `item ${earlier} already broadcasts this ${spec.noun} in this execution: a second broadcast would send the whole segment the ${spec.noun} again, so it was not sent`);
	}
	seen.set(key, itemIndex);
}

/** The identifier an export looks the recipient up by. */
function lookupOf(recipient: Recipient): UserIdentifier {
	const o = recipient.object;
	if (o.external_user_id !== undefined) return { external_id: o.external_user_id as string };
	if (o.user_alias !== undefined) return { user_alias: { ...(o.user_alias as { alias_name: string; alias_label: string }) } };
	if (o.braze_id !== undefined) return { braze_id: o.braze_id as string };
	return { email: o.email as string };
}

function prepare(spec: TriggerSpec, ctx: IExecuteFunctions, itemIndex: number, environment: TriggerItem['environment']): TriggerItem {
	const targetId = readLocator(ctx, spec.locator.name, itemIndex, spec.idKey, spec.locator.whereToFindId) as string;
	const sendId = spec.sendId ? readSendId(ctx, itemIndex) : undefined;
	const properties = readPersonalization(param(ctx, spec.properties.name, itemIndex, '{}'), spec.properties.brazeKey);
	const base = { itemIndex, environment, targetId, sendId, batchKey: `${targetId}\u0000${sendId ?? ''}` };
	if (param<string>(ctx, 'audience', itemIndex, 'recipients') === 'broadcast') {
		guardBroadcast(ctx, spec, `${environment}\u0000${targetId}`, itemIndex);
		return { ...base, broadcast: true, alone: true, properties };
	}
	const recipient = readRecipient(ctx, itemIndex, ['external_id', 'user_alias', 'braze_id', 'email', 'userObject']);
	const attributes = readRecipientAttributes(param(ctx, 'recipientAttributes', itemIndex, '{}'), 'attributes');
	const byExternalId = recipient.object.external_user_id !== undefined;
	const createsUser = byExternalId && param<boolean>(ctx, 'sendToExistingOnly', itemIndex, true) === false;
	const object: IDataObject = { ...recipient.object };
	if (Object.keys(properties).length) object[spec.properties.brazeKey] = properties;
	// "if set to false, an attributes object must also be included" (recipient_object)
	if (Object.keys(attributes).length || createsUser) object.attributes = attributes;
	if (createsUser) object.send_to_existing_only = false;
	return {
		...base,
		broadcast: false,
		recipient: object,
		recipientKey: recipient.key,
		shown: recipient.shown,
		lookup: createsUser ? undefined : lookupOf(recipient),
	};
}

export function triggerSendOperation(spec: TriggerSpec): BrazeOperation<TriggerItem, WaitedOutcome> {
	return {
		value: spec.value,
		name: spec.name,
		action: spec.action,
		description: spec.description,
		outputName: spec.outputName,
		properties: fields(spec),
		options: sendOptions({ noun: spec.delivers, sendId: spec.sendId, createsUsers: true }),
		prepare: (ctx, itemIndex, environment) => prepare(spec, ctx, itemIndex, environment),
		send: async (ctx, client, requests) =>
			await sendWhenUsersExist(client, requests, readWaitSeconds(ctx), async (ready) => await spec.send(client, ready, readSendRetry(ctx))),
		describe(request, outcome) {
			const json: IDataObject = { [spec.idKey]: request.targetId };
			if (request.broadcast) json.broadcast = true;
			else json.recipient = request.shown;
			if (outcome.dispatchId) json.dispatch_id = outcome.dispatchId;
			if (outcome.sendId ?? request.sendId) json.send_id = outcome.sendId ?? request.sendId;
			if (outcome.waitedMs !== undefined) json.user_found_after_ms = outcome.waitedMs;
			return json;
		},
	};
}
