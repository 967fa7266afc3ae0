import type { IDataObject } from 'n8n-workflow';

import type { UserAlias } from '../../shared/braze/identifiers';
import { MAX_IDS_PER_REQUEST } from './batching';
import type { BrazeClient } from './client';
import type { SendOutcome, SendRequest, SendRetry } from './sends';
import { runSends } from './sends';

/**
 * API-triggered campaigns and Canvases, and messages sent through the API (Braze docs:
 * api/endpoints/messaging/send_messages/post_send_triggered_campaigns,
 * post_send_triggered_canvases, post_send_messages; api/objects_filters/recipient_object).
 * Up to 50 recipients per request ("Up to 50 specific external_ids, each with individual message
 * parameters"); a broadcast is a request of its own.
 */

/** Braze's answers (api/errors) that refuse what all recipients of a trigger send share. */
const TRIGGER_REQUEST_WIDE = /invalid (campaign|canvas) id|send_id|attachments|broadcast/i;

export interface TriggerSendRequest extends SendRequest {
	/** The campaign or Canvas API identifier. */
	targetId: string;
	/** Campaigns only: the send identifier the request's analytics are grouped under. */
	sendId?: string;
	/** Everyone in the campaign's or Canvas's segment instead of `recipient`. */
	broadcast: boolean;
	/** The item's recipient object (identifier, its properties, attributes, send_to_existing_only). */
	recipient?: IDataObject;
	/** A broadcast's personalization (trigger_properties or context for all). */
	properties?: IDataObject;
}

interface TriggerEndpoint {
	path: string;
	idKey: 'campaign_id' | 'canvas_id';
	/** The personalization key: trigger_properties, or context (Canvas; formerly canvas_entry_properties). */
	propertiesKey: 'trigger_properties' | 'context';
}

const CAMPAIGN: TriggerEndpoint = { path: '/campaigns/trigger/send', idKey: 'campaign_id', propertiesKey: 'trigger_properties' };
const CANVAS: TriggerEndpoint = { path: '/canvas/trigger/send', idKey: 'canvas_id', propertiesKey: 'context' };

function triggerBody(endpoint: TriggerEndpoint, batch: TriggerSendRequest[]): IDataObject {
	const [first] = batch;
	const body: IDataObject = { [endpoint.idKey]: first.targetId };
	if (first.sendId) body.send_id = first.sendId;
	if (first.broadcast) {
		body.broadcast = true;
		if (first.properties && Object.keys(first.properties).length) body[endpoint.propertiesKey] = first.properties;
		return body;
	}
	body.recipients = batch.map((r) => r.recipient as IDataObject);
	return body;
}

async function triggerSend(client: BrazeClient, endpoint: TriggerEndpoint, requests: TriggerSendRequest[], retry: SendRetry): Promise<SendOutcome[]> {
	return await runSends(client, requests, {
		path: endpoint.path,
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		retry,
		body: (batch) => triggerBody(endpoint, batch),
		isolateRefused: true,
		requestWide: TRIGGER_REQUEST_WIDE,
	});
}

/** /campaigns/trigger/send. */
export async function triggerCampaigns(client: BrazeClient, requests: TriggerSendRequest[], retry: SendRetry): Promise<SendOutcome[]> {
	return await triggerSend(client, CAMPAIGN, requests, retry);
}

/** /canvas/trigger/send. */
export async function triggerCanvases(client: BrazeClient, requests: TriggerSendRequest[], retry: SendRetry): Promise<SendOutcome[]> {
	return await triggerSend(client, CANVAS, requests, retry);
}

/** What the recipients of one /messages/send request share: everything but the users. */
export interface MessageSpec extends IDataObject {
	messages: IDataObject;
	campaign_id?: string;
	send_id?: string;
	segment_id?: string;
	recipient_subscription_state?: string;
	override_frequency_capping?: boolean;
}

export interface MessageSendRequest extends SendRequest {
	spec: MessageSpec;
	/** The item's user (absent for a broadcast to the segment). */
	user?: { external_user_id?: string; user_alias?: UserAlias };
	broadcast: boolean;
}

/**
 * /messages/send: items whose messages and settings are the same share a request (up to 50
 * users); a broadcast goes alone. A 400 refuses what the users share (the message), so it is not
 * tried user by user.
 */
export async function sendMessages(client: BrazeClient, requests: MessageSendRequest[], retry: SendRetry): Promise<SendOutcome[]> {
	return await runSends(client, requests, {
		path: '/messages/send',
		size: Math.min(MAX_IDS_PER_REQUEST, client.options.batchSize),
		retry,
		body: (batch) => {
			const body: IDataObject = { ...batch[0].spec };
			if (batch[0].broadcast) return { ...body, broadcast: true };
			const ids = batch.map((r) => r.user?.external_user_id).filter((id): id is string => id !== undefined);
			const aliases = batch.map((r) => r.user?.user_alias).filter((a): a is UserAlias => a !== undefined);
			if (ids.length) body.external_user_ids = ids;
			if (aliases.length) body.user_aliases = aliases.map((a) => ({ ...a }));
			return body;
		},
	});
}
