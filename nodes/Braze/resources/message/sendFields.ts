import type { INodeProperties } from 'n8n-workflow';

import { locatorField } from '../../helpers/locator';
import { recipientFields } from './recipient';

/** Fields of Message › Send (Braze docs: api/endpoints/messaging/send_messages/post_send_messages). */

export const SEGMENT_ID_HINT = 'segment identifier, at the bottom of the segment page in Braze';
export const API_CAMPAIGN_ID_HINT = 'Campaign API Identifier of an API campaign, at the bottom of its page in Braze';

const toUsers = { audience: ['users', 'segmentUsers'] };
const email = { show: { channel: ['email'] } };
const sms = { show: { channel: ['sms'] } };

const audience = (forAgents: boolean): INodeProperties => ({
	displayName: 'Send To',
	name: 'audience',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Users', value: 'users', description: 'The user each item names, up to 50 per request' },
		...(forAgents
			? []
			: [
					{ name: 'Users in a Segment', value: 'segmentUsers', description: 'The user each item names, only if in the segment' },
					{ name: 'Broadcast to a Segment', value: 'broadcast', description: 'Everyone in the segment, once per item' },
				]),
	],
	default: 'users',
	displayOptions: { show: { '@tool': [forAgents] } },
});

const messageVariation: INodeProperties = {
	displayName: 'Message Variation ID',
	name: 'messageVariationId',
	type: 'string',
	default: '',
	description: "The API campaign's message variation of this channel (required by Braze when a campaign is set)",
};

export const sendFields: INodeProperties[] = [
	audience(false),
	// Agents never send to a whole segment.
	audience(true),
	{
		displayName:
			'Broadcast sends this message to every user in the segment, for each input item. Braze warns that this may reach a larger audience than expected: check the segment first. A second broadcast to the same segment in one execution is refused.',
		name: 'broadcastNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { audience: ['broadcast'] } },
	},
	{
		...locatorField({
			name: 'segmentId',
			displayName: 'Segment',
			searchListMethod: 'searchSegments',
			listed: 'segments',
			listPermission: 'segments.list',
			whereToFindId: SEGMENT_ID_HINT,
			placeholder: 'a segment',
		}),
		displayOptions: { show: { audience: ['segmentUsers', 'broadcast'] } },
	},
	...recipientFields(['external_id', 'user_alias', 'userObject'], toUsers),
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Email', value: 'email', description: 'An email object: app ID, from, subject, body or template' },
			{ name: 'SMS', value: 'sms', description: 'An SMS object: subscription group, app ID, body' },
			{ name: 'Messages (JSON)', value: 'json', description: 'Braze messaging objects as JSON: push, webhook, content card, several channels' },
		],
		default: 'email',
	},
	{
		displayName: 'App ID',
		name: 'emailAppId',
		type: 'string',
		required: true,
		default: '',
		description: 'The app identifier the email is reported under (Settings > APIs and Identifiers > App Identifiers)',
		displayOptions: email,
	},
	{ displayName: 'From', name: 'emailFrom', type: 'string', required: true, default: '', placeholder: 'e.g. Rewards <rewards@example.com>', displayOptions: email },
	{ displayName: 'Subject', name: 'emailSubject', type: 'string', default: '', placeholder: 'e.g. You earned a reward', displayOptions: email },
	{
		displayName: 'Body (HTML)',
		name: 'emailBody',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		description: 'Required unless Email Template ID is set (Additional Email Fields). Liquid is rendered by Braze.',
		displayOptions: email,
	},
	{
		// Parts of the email object (n8n's "Additional Fields"); how the node sends is under Options.
		displayName: 'Additional Email Fields',
		name: 'emailFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: email,
		options: [
			{ displayName: 'Email Template ID', name: 'emailTemplateId', type: 'string', default: '', description: 'A Braze email template, instead of a body' },
			messageVariation,
			{
				displayName: 'Plain Text Body',
				name: 'plainTextBody',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'The text version of the email; without it Braze makes one from the HTML body',
			},
			{ displayName: 'Preheader', name: 'preheader', type: 'string', default: '', description: 'The preview text shown after the subject in the inbox' },
			{ displayName: 'Reply To', name: 'replyTo', type: 'string', default: '', placeholder: 'e.g. help@example.com', description: 'The address replies go to' },
		],
	},
	{
		displayName: 'Subscription Group ID',
		name: 'smsSubscriptionGroupId',
		type: 'string',
		required: true,
		default: '',
		description: 'The SMS subscription group the message is sent from (Audience > Subscriptions)',
		displayOptions: sms,
	},
	{ displayName: 'App ID', name: 'smsAppId', type: 'string', required: true, default: '', displayOptions: sms },
	{ displayName: 'Body', name: 'smsBody', type: 'string', typeOptions: { rows: 3 }, required: true, default: '', displayOptions: sms },
	{
		displayName: 'Additional SMS Fields',
		name: 'smsFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: sms,
		options: [messageVariation],
	},
	{
		displayName: 'Messages',
		name: 'messagesJson',
		type: 'json',
		default: '{\n  "webhook": { "url": "https://example.com/hook" }\n}',
		description:
			'The messages object as Braze documents it: one key per channel (apple_push, android_push, web_push, webhook, content_card, email, sms ...)',
		displayOptions: { show: { channel: ['json'] } },
	},
	locatorField({
		name: 'campaignId',
		displayName: 'Campaign',
		searchListMethod: 'searchApiCampaigns',
		listed: 'API campaigns',
		listPermission: 'campaigns.list',
		whereToFindId: API_CAMPAIGN_ID_HINT,
		placeholder: 'an API campaign (optional)',
		required: false,
		description: 'Optional: an API campaign to report the message under; each message then needs its Message Variation ID.',
	}),
];
