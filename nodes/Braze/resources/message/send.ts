import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isEmail, normalizeEmail } from '../../../shared/braze/email';
import { invalid } from '../../../shared/braze/errors';
import type { UserIdentifier } from '../../../shared/braze/identifiers';
import { checkString } from '../../../shared/braze/strings';
import { readLocator } from '../../helpers/locator';
import { param } from '../../helpers/parameters';
import type { MessageSendRequest, MessageSpec } from '../../transport/messaging';
import { sendMessages } from '../../transport/messaging';
import type { BrazeOperation } from '../types';
import { jsonObject } from './personalization';
import { readRecipient } from './recipient';
import { API_CAMPAIGN_ID_HINT, SEGMENT_ID_HINT, sendFields } from './sendFields';
import { MESSAGE_DELIVERY_ENTRIES, readSendId, readSendOptions, readSendRetry, readWaitSeconds, sendOptions } from './sendOptions';
import type { WaitedOutcome } from './waitForUsers';
import { sendWhenUsersExist } from './waitForUsers';

/**
 * Message › Send: a message written in the node, sent through /messages/send (Braze docs:
 * api/endpoints/messaging/send_messages/post_send_messages; the messaging objects:
 * api/objects_filters/messaging/email_object, sms_object), to the user of each item (by external
 * ID or user alias: the endpoint takes no other identifier), or, guarded, to a segment.
 */

interface MessageItem extends MessageSendRequest {
	shown?: IDataObject;
	lookup?: UserIdentifier;
}

/** Messaging object keys Braze documents for /messages/send. */
const MESSAGE_KEYS = ['email', 'sms', 'whats_app', 'apple_push', 'android_push', 'kindle_push', 'web_push', 'webhook', 'content_card'];

/** "Display Name <email@address.com>" (email_object), or a bare address. */
function checkFrom(value: unknown): string {
	const from = (checkString(value, 'email.from', true) as string).trim();
	const named = /^([^<>]*)<([^<>]+)>$/.exec(from);
	const address = named ? named[2].trim() : from;
	if (!isEmail(address)) throw invalid('email.from', `must be "Display Name <email@address.com>" (got "${from.slice(0, 80)}")`);
	return named ? `${named[1].trim()} <${normalizeEmail(address, 'email.from')}>` : normalizeEmail(address, 'email.from');
}

function emailMessage(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = (param(ctx, 'emailFields', itemIndex, {}) as IDataObject) ?? {};
	const text = (name: string) => {
		const value = param(ctx, name, itemIndex, '') as unknown;
		return value === undefined || value === null || String(value) === '' ? undefined : String(value);
	};
	const message: IDataObject = { app_id: checkString(text('emailAppId'), 'email.app_id', true), from: checkFrom(text('emailFrom')) };
	const subject = text('emailSubject');
	const body = text('emailBody');
	const template = fields.emailTemplateId ? String(fields.emailTemplateId).trim() : '';
	if (!body && !template) throw invalid('email.body', 'is required unless Email Template ID is set');
	if (subject) message.subject = subject;
	if (body) message.body = body;
	if (template) message.email_template_id = template;
	if (fields.plainTextBody) message.plain_text_body = String(fields.plainTextBody);
	if (fields.preheader) message.preheader = String(fields.preheader);
	if (fields.replyTo) message.reply_to = normalizeEmail(fields.replyTo, 'email.reply_to');
	if (fields.messageVariationId) message.message_variation_id = String(fields.messageVariationId).trim();
	return { email: message };
}

function smsMessage(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = (param(ctx, 'smsFields', itemIndex, {}) as IDataObject) ?? {};
	const required = (name: string, field: string) => (checkString(param(ctx, name, itemIndex, ''), field, true) as string).trim();
	const message: IDataObject = {
		subscription_group_id: required('smsSubscriptionGroupId', 'sms.subscription_group_id'),
		app_id: required('smsAppId', 'sms.app_id'),
		// The body may be longer than Braze's attribute strings: it is a message, not an attribute.
		body: String(param(ctx, 'smsBody', itemIndex, '') ?? ''),
	};
	if (message.body === '') throw invalid('sms.body', 'is required');
	if (fields.messageVariationId) message.message_variation_id = String(fields.messageVariationId).trim();
	return { sms: message };
}

function jsonMessages(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const messages = jsonObject(param(ctx, 'messagesJson', itemIndex, ''), 'messages');
	const keys = Object.keys(messages);
	if (keys.length === 0) throw invalid('messages', 'is empty: give at least one messaging object, e.g. {"webhook": {"url": "..."}}');
	const unknown = keys.find((k) => !MESSAGE_KEYS.includes(k));
	if (unknown !== undefined) throw invalid(`messages.${unknown}`, `is not a messaging object Braze knows (${MESSAGE_KEYS.join(', ')})`);
	for (const key of keys) {
		const m = messages[key];
		if (typeof m !== 'object' || m === null || Array.isArray(m)) throw invalid(`messages.${key}`, 'must be an object');
	}
	return messages;
}

function readMessages(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const channel = param<string>(ctx, 'channel', itemIndex, 'email');
	if (channel === 'sms') return smsMessage(ctx, itemIndex);
	if (channel === 'json') return jsonMessages(ctx, itemIndex);
	return emailMessage(ctx, itemIndex);
}

/** Broadcasts prepared in an execution, by environment and segment: one per segment. */
const broadcasts = new WeakMap<IExecuteFunctions, Map<string, number>>();

function prepare(ctx: IExecuteFunctions, itemIndex: number, environment: MessageItem['environment']): MessageItem {
	const audience = param<string>(ctx, 'audience', itemIndex, 'users');
	const messages = readMessages(ctx, itemIndex);
	const campaignId = readLocator(ctx, 'campaignId', itemIndex, 'campaign_id', API_CAMPAIGN_ID_HINT, false);
	const sendId = readSendId(ctx, itemIndex);
	if (sendId && !campaignId) throw invalid('options.sendId', 'needs a Campaign: Braze groups send IDs under an API campaign');
	if (campaignId) {
		const unmarked = Object.keys(messages).find((k) => !(messages[k] as IDataObject).message_variation_id);
		if (unmarked) throw invalid(`messages.${unmarked}.message_variation_id`, "is required with a Campaign: give the campaign's variation for this channel");
	}
	const options = readSendOptions(ctx, itemIndex);
	const spec: MessageSpec = { messages };
	if (campaignId) spec.campaign_id = campaignId;
	if (sendId) spec.send_id = sendId;
	if (audience !== 'users') spec.segment_id = readLocator(ctx, 'segmentId', itemIndex, 'segment_id', SEGMENT_ID_HINT) as string;
	if (options.recipientSubscriptionState && options.recipientSubscriptionState !== 'subscribed') {
		spec.recipient_subscription_state = String(options.recipientSubscriptionState);
	}
	if (options.overrideFrequencyCapping === true) spec.override_frequency_capping = true;
	const base = { itemIndex, environment, spec, batchKey: JSON.stringify(spec) };
	if (audience === 'broadcast') {
		let seen = broadcasts.get(ctx);
		if (!seen) broadcasts.set(ctx, (seen = new Map()));
		const key = `${environment}\u0000${spec.segment_id as string}`;
		const earlier = seen.get(key);
		if (earlier !== undefined && earlier !== itemIndex) {
			throw invalid('audience', `item ${earlier} already broadcasts to this segment in this execution: a second broadcast would message the whole segment again, so it was not sent`);
		}
		seen.set(key, itemIndex);
		return { ...base, broadcast: true, alone: true };
	}
	const recipient = readRecipient(ctx, itemIndex, ['external_id', 'user_alias', 'userObject']);
	const user = recipient.object as MessageItem['user'] & IDataObject;
	const lookup: UserIdentifier = user.external_user_id !== undefined ? { external_id: user.external_user_id } : { user_alias: user.user_alias };
	return { ...base, broadcast: false, user, recipientKey: recipient.key, shown: recipient.shown, lookup };
}

export const sendOperation: BrazeOperation<MessageItem, WaitedOutcome> = {
	value: 'send',
	name: 'Send',
	action: 'Send a message',
	description: 'Send an email, SMS or other message written here to the user of each item (batched /messages/send)',
	outputName: 'message.send',
	properties: sendFields,
	options: sendOptions({ noun: 'message', sendId: true, createsUsers: false, extra: MESSAGE_DELIVERY_ENTRIES }),
	prepare: (ctx, itemIndex, environment) => prepare(ctx, itemIndex, environment),
	send: async (ctx, client, requests) =>
		await sendWhenUsersExist(client, requests, readWaitSeconds(ctx), async (ready) => await sendMessages(client, ready, readSendRetry(ctx))),
	describe(request, outcome) {
		const json: IDataObject = request.broadcast ? { broadcast: true } : { recipient: request.shown };
		if (request.spec.segment_id) json.segment_id = request.spec.segment_id;
		if (request.spec.campaign_id) json.campaign_id = request.spec.campaign_id;
		json.channels = Object.keys(request.spec.messages);
		if (outcome.dispatchId) json.dispatch_id = outcome.dispatchId;
		if (outcome.sendId ?? request.spec.send_id) json.send_id = outcome.sendId ?? request.spec.send_id;
		if (outcome.waitedMs !== undefined) json.user_found_after_ms = outcome.waitedMs;
		return json;
	},
};
