import { triggerCampaigns } from '../../transport/messaging';
import { triggerSendOperation } from '../message/triggerSend';

/** Campaign › Trigger Send: /campaigns/trigger/send (key permission campaigns.trigger.send). */
export const campaignTriggerSendOperation = triggerSendOperation({
	noun: 'campaign',
	delivers: 'message',
	value: 'triggerSend',
	name: 'Trigger Send',
	action: 'Trigger an API-triggered campaign',
	description: 'Send an API-triggered campaign to the user of each item, with trigger properties (batched /campaigns/trigger/send)',
	outputName: 'campaign.triggerSend',
	idKey: 'campaign_id',
	locator: {
		name: 'campaignId',
		displayName: 'Campaign',
		searchListMethod: 'searchTriggerCampaigns',
		listed: 'campaigns (API campaigns left out: they are sent with Message › Send)',
		listPermission: 'campaigns.list',
		whereToFindId: 'Campaign API Identifier, at the bottom of the campaign page in Braze',
		placeholder: 'a campaign',
		description: 'An API-triggered campaign. Sending needs the key permission campaigns.trigger.send.',
	},
	properties: {
		name: 'triggerProperties',
		displayName: 'Trigger Properties',
		brazeKey: 'trigger_properties',
		description:
			'Personalization for this item\'s message, read in the campaign as {{api_trigger_properties.${name}}}, e.g. {"coupon_code": "{{ $json.coupon }}"}. At most 50 KB; keys whose value is undefined are left out.',
	},
	sendId: true,
	send: triggerCampaigns,
});
