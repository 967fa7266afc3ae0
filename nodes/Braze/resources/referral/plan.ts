import { normalizeEmail } from '../../../shared/braze/email';
import { BrazeItemError, invalid } from '../../../shared/braze/errors';
import type { BrazeEnvironment } from '../../../shared/braze/instances';
import { normalizePhone } from '../../../shared/braze/phone';
import type { JsonObject } from '../../../shared/braze/properties';
import { checkString } from '../../../shared/braze/strings';
import { checkEventName } from '../../../shared/braze/trackObjects';
import { normaliseTime } from '../../../shared/extole/time';
import { brazeEventName } from './eventNames';
import { eventProperties } from './eventProperties';
import type { ExtoleItem } from './extoleItem';
import { isPlainObject, text } from './extoleItem';
import type { SyncOptions } from './syncOptions';
import { resolveEnvironment } from './syncOptions';

/**
 * What one Extole Trigger item sends to Braze, decided without I/O so that it can be tested on
 * its own: the Braze data rules check the person fields; Extole's free-form data is fitted to
 * Braze's property rules, and each change is reported.
 */

/** What one item will do, before its Braze identifier is known. */
export interface ItemPlan {
	environment: BrazeEnvironment;
	/** Set when the event carries an external_id (identity path `external_id`). */
	externalId: string | null;
	/** Trimmed email, when the event carries one. */
	email: string | null;
	/** The user's attributes without the identifier. */
	attributes: JsonObject;
	/** The custom event without the identifier, or null when no event is sent. */
	event: { name: string; time: string; properties: JsonObject } | null;
	/** Where `data` had to be changed to fit Braze's rules (JSON-path-like). */
	dataAdjustments: string[];
}

function refuse(fields: string[], reason: string): BrazeItemError {
	return new BrazeItemError({ kind: 'validation', fields, reason });
}

/** The person fields as standard and custom attributes (null fields are left out, never erased). */
function personAttributes(item: ExtoleItem, options: SyncOptions, email: string | null): JsonObject {
	const attributes: JsonObject = {};
	if (email) attributes.email = email;
	const phone = text(item.phone_number);
	if (phone) {
		attributes.phone = normalizePhone(phone, 'phone_number', {
			defaultCountryCode: options.defaultCountryCode,
			remedy: options.defaultCountryCode ? undefined : 'set a Default Country Code for national numbers',
		});
	}
	for (const field of ['first_name', 'last_name'] as const) {
		const value = checkString(text(item[field]) ?? undefined, field);
		if (value) attributes[field] = value;
	}
	return attributes;
}

/** email_subscribe or a subscription group for Subscribed / Unsubscribed events. */
function subscriptionAttributes(key: string, environment: BrazeEnvironment, options: SyncOptions): JsonObject {
	if (key !== 'subscribed' && key !== 'unsubscribed') return {};
	if (options.subscriptionHandling === 'emailSubscribe') {
		return { email_subscribe: key === 'subscribed' ? options.subscribedState : 'unsubscribed' };
	}
	if (options.subscriptionHandling !== 'subscriptionGroup') return {};
	const groupId = (environment === 'test' && options.testSubscriptionGroupId.trim()) || options.subscriptionGroupId.trim();
	if (!groupId) {
		throw refuse(['subscriptionGroupId'], 'Subscription Group ID is empty: set it or choose another Subscription Handling');
	}
	if (/^REPLACE_/i.test(groupId)) {
		throw refuse(
			['subscriptionGroupId'],
			`Subscription Group ID is still the template placeholder "${groupId.slice(0, 60)}": paste the ID of your Braze subscription group`,
		);
	}
	return { subscription_groups: [{ subscription_group_id: groupId, subscription_state: key }] };
}

/**
 * The event's time: `event_time` read by the Extole Trigger's own rule, so that the trigger's
 * output (valid ISO 8601 kept exactly as Extole sent it) passes unchanged; now when there is none.
 */
function eventTime(value: unknown, now: string): string {
	if (value === undefined || value === null || value === '') return now;
	const time = normaliseTime(value);
	if (time === null) throw invalid('event_time', `"${String(value).slice(0, 60)}" is not a time`);
	return time;
}

/**
 * Builds what one Extole item will send to Braze, minus its Braze identifier. Throws a
 * BrazeItemError naming the fields when the item cannot be sent.
 */
export function planItem(item: ExtoleItem, options: SyncOptions): ItemPlan {
	if (!isPlainObject(item)) throw refuse(['json'], 'The item is not an Extole event object');
	const environment = resolveEnvironment(options.environmentMode, item.sandbox);
	const externalId = text(item.external_id);
	const rawEmail = text(item.email);
	if (!externalId && !rawEmail) {
		throw refuse(
			['external_id', 'email'],
			'The Extole event has neither external_id nor email: Braze needs one of them to find or create the user',
		);
	}
	if (externalId) checkString(externalId, 'external_id');
	const email = rawEmail ? normalizeEmail(rawEmail, 'email') : null;
	const attributes = personAttributes(item, options, email);
	const shareLink = checkString(text(item.share_link) ?? undefined, 'share_link');
	const funnel = text(item.funnel)?.toLowerCase();
	if (shareLink && options.shareLinkAttribute.trim()) attributes[options.shareLinkAttribute.trim()] = shareLink;
	if (funnel && options.funnelAttribute.trim()) attributes[options.funnelAttribute.trim()] = funnel;

	const key = text(item.event) ?? 'other';
	Object.assign(attributes, subscriptionAttributes(key, environment, options));
	if (key === 'earned_reward' && options.rewardCounterAttribute.trim()) {
		attributes[options.rewardCounterAttribute.trim()] = { inc: 1 };
	}

	const dataAdjustments: string[] = [];
	const name = brazeEventName(item, options);
	const event = name
		? {
				name: checkEventName(name, 'event'),
				time: eventTime(item.event_time, options.now),
				properties: eventProperties(item, key, options, dataAdjustments),
			}
		: null;
	return { environment, externalId, email, attributes, event, dataAdjustments };
}
