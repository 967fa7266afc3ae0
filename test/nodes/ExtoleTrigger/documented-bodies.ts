/**
 * Every Extole webhook body shape the documents show, each with its source and the item the
 * Extole Trigger must make of it. Sources:
 * - REF: shared/reference/extole-webhooks.md (section named in `source`);
 * - REWARD_PAGE: Extole's "Reward Webhooks" page (dev.extole.com/docs/reward-webhooks;
 *   extole/product-docs technical/platform-integrations/webhooks/reward-webhooks.mdx);
 * - BRAZE_PAGE: Braze's Extole partner page (shared/reference/seed-braze-extole-partner-page.md);
 * - HELP_PAGE: Extole's help-centre webhooks page (success.extole.com, "Webhooks";
 *   extole/product-docs technical/platform-integrations/webhooks/index.mdx).
 * Values the documents leave as "..." are filled with realistic ones.
 */

export interface DocumentedBody {
	name: string;
	source: string;
	body: Record<string, unknown>;
	/** The reward state the delivery comes for (the URL's or the node's), when the body needs it. */
	rewardState?: string;
	/** Fields the item must have (toMatchObject). */
	item: Record<string, unknown>;
	/** The item's `data`, exactly. */
	data: Record<string, unknown>;
}

export const DOCUMENTED_BODIES: DocumentedBody[] = [
	{
		name: 'data map with reward_earned',
		source: 'REF, "How a client sends events out of Extole": {"event_name":"reward_earned","event_id":"...","data":{"email":"...","value":"50"}}',
		body: { event_name: 'reward_earned', event_id: '7001', data: { email: 'adv@example.com', value: '50' } },
		item: { event: 'earned_reward', event_name: 'Earned Reward', event_name_raw: 'reward_earned', event_id: '7001', email: 'adv@example.com', funnel: null },
		data: { value: '50' },
	},
	{
		name: 'data map with referral_registered',
		source: 'REF, "How a client sends events out of Extole": {"event_name":"referral_registered","data":{"email":"...","advocate":"..."}}',
		body: { event_name: 'referral_registered', data: { email: 'friend@example.com', advocate: 'adv@example.com' } },
		// No funnel field: Referred Signed Up is a friend's event (the catalogue's fixed side).
		item: { event: 'referred_signed_up', email: 'friend@example.com', event_id: null, external_id: null, funnel: 'friend' },
		data: { advocate: 'adv@example.com' },
	},
	{
		name: 'REWARD webhook body with a type',
		source: 'REF, "How a client sends events out of Extole", reward webhook; RudderStack\'s Extole source keys on `type`',
		body: {
			type: 'reward_earned',
			event_id: '8123',
			event_time: '2024-06-01T12:00:00Z',
			reward_id: 'r-9',
			person_id: 'p-9',
			partner_user_id: 'cust-9',
			face_value: '10',
			face_value_type: 'USD',
			reward_supplier_type: 'CUSTOM_REWARD',
			data: { coupon_code: 'ABC' },
			schema_version: 1,
		},
		item: { event: 'earned_reward', event_id: '8123', event_time: '2024-06-01T12:00:00Z', external_id: 'cust-9', sandbox: false },
		data: {
			reward_id: 'r-9',
			person_id: 'p-9',
			face_value: '10',
			face_value_type: 'USD',
			reward_supplier_type: 'CUSTOM_REWARD',
			coupon_code: 'ABC',
			schema_version: 1,
		},
	},
	{
		name: "the webhooks page's signature example (full reward shape)",
		source: 'REF, "Shapes checked against Extole\'s pages": the webhook page\'s signature example',
		body: {
			type: 'reward_fulfilled',
			event_id: '9001',
			event_time: '2024-06-02T08:30:00.000Z',
			reward_id: 'r-10',
			reward_supplier_name: '$10 account credit',
			reward_supplier_id: 's-1',
			partner_reward_supplier_id: 'credit-10',
			reward_supplier_type: 'CUSTOM_REWARD',
			person_id: 'p-10',
			partner_user_id: 'cust-10',
			face_value: '10',
			face_value_type: 'USD',
			message: 'fulfilled',
			schema_version: 1,
		},
		item: { event: 'reward_fulfilled', event_name: 'Reward Fulfilled', event_id: '9001', event_time: '2024-06-02T08:30:00.000Z', external_id: 'cust-10', email: null },
		data: {
			reward_id: 'r-10',
			reward_supplier_name: '$10 account credit',
			reward_supplier_id: 's-1',
			partner_reward_supplier_id: 'credit-10',
			reward_supplier_type: 'CUSTOM_REWARD',
			person_id: 'p-10',
			face_value: '10',
			face_value_type: 'USD',
			message: 'fulfilled',
			schema_version: 1,
		},
	},
	{
		name: "the webhooks page's account-credit example (recipient_email in data)",
		source: 'REF, "Shapes checked against Extole\'s pages": an account-credit example adds `data` with `recipient_email`',
		body: { type: 'reward_earned', event_id: '9002', reward_id: 'r-11', partner_user_id: 'cust-11', face_value: '25', data: { recipient_email: 'credit@example.com' } },
		item: { event: 'earned_reward', external_id: 'cust-11', email: 'credit@example.com' },
		data: { reward_id: 'r-11', face_value: '25' },
	},
	{
		name: "the Reward Webhooks page's body: reward_id and data only, from the EARNED webhook",
		source: 'REWARD_PAGE, "Reward Event Payload"',
		body: { reward_id: 'b600f6fdd06c83f8ffdd6309', data: { earned_event_value: '100.00', journey_name: 'ADVOCATE', rewardee_role: 'advocate', custom_key: 'custom_value' } },
		rewardState: 'EARNED',
		item: {
			event: 'earned_reward',
			event_name: 'Earned Reward',
			event_name_raw: null,
			event_id: 'b600f6fdd06c83f8ffdd6309:earned_reward',
			funnel: 'advocate',
		},
		// rewardee_role became the funnel; journey_name says more than the side and stays.
		data: { reward_id: 'b600f6fdd06c83f8ffdd6309', earned_event_value: '100.00', journey_name: 'ADVOCATE', custom_key: 'custom_value' },
	},
	{
		name: "the Reward Webhooks page's body from a FULFILLED webhook, with a friend's journey",
		source: 'REWARD_PAGE, "Reward Event Payload" and "Filter Reward Events by State" (FULFILLED: reward_fulfilled)',
		body: { reward_id: 'c700', data: { journey_name: 'FRIEND', partner_reward_id: 'COUPON-1' } },
		rewardState: 'FULFILLED',
		item: { event: 'reward_fulfilled', event_id: 'c700:reward_fulfilled', funnel: 'friend' },
		data: { reward_id: 'c700', partner_reward_id: 'COUPON-1' },
	},
	{
		name: "the Reward Webhooks page's body without a state from the setup",
		source: 'REWARD_PAGE, "Reward Event Payload": no event name, no state, no event id',
		body: { reward_id: 'b600f6fdd06c83f8ffdd6309', data: { earned_event_value: '100.00' } },
		item: { event: 'other', event_name: null, event_id: null },
		data: { reward_id: 'b600f6fdd06c83f8ffdd6309', earned_event_value: '100.00' },
	},
	{
		name: 'SentRewardEvent: the email the reward was delivered to',
		source: 'REWARD_PAGE, "Additional Attributes": SentRewardEvent `email`',
		body: { type: 'reward_sent', event_id: '9003', reward_id: 'r-12', email: 'sent-to@example.com' },
		item: { event: 'reward_sent', email: 'sent-to@example.com' },
		data: { reward_id: 'r-12' },
	},
	{
		name: "internal event envelope (Extole's attribute names in data)",
		source: 'REF, "How a client sends events out of Extole", internal event envelope fields; "Person attributes sent to Braze"',
		body: {
			event_id: '1',
			client_id: '2',
			event_time: '2024-06-01T12:00:00.123Z',
			webhook_id: '3',
			cause_event_id: '4',
			root_event_id: '5',
			campaign_id: '6',
			program_label: 'refer-a-friend',
			sandbox: true,
			event_name: 'extole_shared',
			data: { email_address: 'e@example.com', partner_user_id: 'u-1', channel: 'FACEBOOK', city: 'Lyon' },
		},
		// Shared is an advocate's share (the help page): the side without a funnel field.
		item: { event: 'shared', event_id: '1', event_time: '2024-06-01T12:00:00.123Z', email: 'e@example.com', external_id: 'u-1', sandbox: true, funnel: 'advocate' },
		data: { client_id: '2', webhook_id: '3', cause_event_id: '4', root_event_id: '5', campaign_id: '6', program_label: 'refer-a-friend', channel: 'FACEBOOK', city: 'Lyon' },
	},
	{
		name: "Braze's Extole page: flat attributes and the page's event name",
		source: 'BRAZE_PAGE, "Define Event Names and Attributes"',
		body: {
			event_name: 'Referred Converted',
			external_id: 'friend-1',
			email: 'friend@example.com',
			phone_number: '+15555550100',
			share_link: 'https://refer.example.com/ada',
			first_name: 'Ben',
			last_name: 'Okafor',
			funnel: 'friend',
			data: { order_id: 'o-1', cart_value: '129.90' },
		},
		item: {
			event: 'referred_converted',
			event_name: 'Referred Converted',
			external_id: 'friend-1',
			email: 'friend@example.com',
			phone_number: '+15555550100',
			share_link: 'https://refer.example.com/ada',
			first_name: 'Ben',
			last_name: 'Okafor',
			funnel: 'friend',
		},
		data: { order_id: 'o-1', cart_value: '129.90' },
	},
	{
		name: 'an Email Captures person webhook',
		source: 'HELP_PAGE: "Email Captures: ... an email capture is detected from a referred friend"',
		body: { event_name: 'email_captured', event_id: '9004', data: { email: 'captured@example.com', advocate: 'adv@example.com' } },
		item: { event: 'email_captured', event_name: 'Email Captured', email: 'captured@example.com', funnel: 'friend' },
		data: { advocate: 'adv@example.com' },
	},
];
