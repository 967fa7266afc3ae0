/**
 * The names Extole and its partners give the fields of a webhook body
 * (shared/reference/extole-webhooks.md; Extole's "Reward Webhooks" page): the Extole Trigger
 * reads the item's fields under them, and Sync Extole Event recognises them in `data` so that a
 * person field it writes to Braze is not repeated in the event properties.
 */

/** Fields that may hold the event name, in priority order. */
export const EVENT_NAME_FIELDS = ['event_name', 'eventName', 'type', 'event', 'name'];

export const FIELD_ALIASES = {
	event_id: ['event_id', 'eventId'],
	event_time: ['event_time', 'eventTime', 'occurred_at', 'timestamp', 'event_date', 'time', 'created_at'],
	external_id: ['external_id', 'externalId', 'partner_user_id', 'partnerUserId', 'user_id', 'userId'],
	email: ['email', 'email_address', 'emailAddress'],
	// Extole's reward webhooks name the reward's recipient (the account-credit example of the
	// webhooks page: data.recipient_email); used only when no person email is present.
	recipient_email: ['recipient_email', 'recipientEmail'],
	phone_number: ['phone_number', 'phoneNumber', 'phone', 'mobile_number', 'mobile'],
	share_link: ['share_link', 'shareLink', 'shareable_link', 'shareableLink', 'share_url', 'shareUrl', 'link'],
	first_name: ['first_name', 'firstName', 'given_name'],
	last_name: ['last_name', 'lastName', 'family_name'],
	// `rewardee_role` and `journey_name` carry the side in Extole's reward body (Reward Webhooks page).
	funnel: ['funnel', 'rewardee_role', 'journey_name', 'person_role', 'role', 'side'],
};
