import type { BrazeEnvironment } from '../../../shared/braze/instances';
import type { JsonObject } from '../../../shared/braze/properties';
import { joined } from '../../../shared/braze/objects';
import { text } from './extoleItem';
import type { ItemPlan } from './plan';

/**
 * Which Braze user an Extole event updates, and how that user was found. Each path says only
 * what the node knows when it sends (Braze processes writes asynchronously, docs/pipeline.md):
 * - `external_id`: the event's external_id;
 * - `email_match`: the export by email found the profile;
 * - `external_id_in_execution`: the export found none, another item of this execution carries
 *   an external_id with this email;
 * - `email_alias`: the export found none: the alias-only user named by the email alias, which
 *   Braze creates unless a profile already has that alias (an earlier event may have created it
 *   and Braze may not show it yet).
 */
export type IdentityPath = 'external_id' | 'email_match' | 'external_id_in_execution' | 'email_alias';

/** The Braze identifier the item's objects will carry. */
export type BrazeIdentifier =
	| { external_id: string }
	| { braze_id: string }
	| { user_alias: { alias_name: string; alias_label: string }; _update_existing_only: false };

export interface ExportedUser {
	external_id?: unknown;
	braze_id?: unknown;
	user_aliases?: unknown;
	email?: unknown;
	[key: string]: unknown;
}

/** Key for de-duplicating export-by-email lookups within an execution. */
export function emailKey(environment: BrazeEnvironment, email: string): string {
	return `${environment}\u0000${email.toLowerCase()}`;
}

/**
 * Picks the profile to update among those Braze exported for an email. Identified profiles
 * (with an external_id) win, because that is the user the customer's own systems know and keep
 * updating; among several candidates the most recently created one wins (ties: Braze's order).
 * An identified profile is targeted by its external_id; an anonymous one by its braze_id, which
 * names exactly that profile (targeting by `email` would let Braze pick among duplicates).
 */
export function chooseProfile(users: ExportedUser[]): { identifier: BrazeIdentifier; user: ExportedUser } | null {
	const newestFirst = (list: ExportedUser[]) =>
		list
			.map((user, index) => ({ user, index, created: Date.parse(String(user.created_at ?? '')) || 0 }))
			.sort((a, b) => b.created - a.created || a.index - b.index)
			.map((entry) => entry.user);
	const identified = newestFirst(users.filter((user) => text(user.external_id)));
	if (identified.length) return { identifier: { external_id: text(identified[0].external_id) as string }, user: identified[0] };
	const anonymous = newestFirst(users.filter((user) => text(user.braze_id)));
	if (anonymous.length) return { identifier: { braze_id: text(anonymous[0].braze_id) as string }, user: anonymous[0] };
	return null;
}

/**
 * The alias of an alias-only user created for an email: name = the email, trimmed and
 * lower-cased (so `Ada@X.com` and `ada@x.com` never become two users; Braze compares alias
 * names exactly), label = the configured label (default `email`).
 */
export function aliasIdentifier(email: string, aliasLabel: string): BrazeIdentifier {
	return {
		user_alias: { alias_name: email.trim().toLowerCase(), alias_label: aliasLabel || 'email' },
		_update_existing_only: false,
	};
}

/** Attaches the identifier to the item's attribute and event objects for users/track. */
export function trackObjects(plan: ItemPlan, identifier: BrazeIdentifier): { attributes: JsonObject; event: JsonObject | null } {
	const id = identifier as unknown as JsonObject;
	const attributes = joined<JsonObject>(id, plan.attributes);
	let event: JsonObject | null = null;
	if (plan.event) {
		// An alias target keeps `_update_existing_only: false` on the event too: attributes are
		// processed first in the same request, and the flag makes the event land either way.
		event = joined<JsonObject>(id, { name: plan.event.name, time: plan.event.time });
		if (Object.keys(plan.event.properties).length > 0) event.properties = plan.event.properties;
	}
	return { attributes, event };
}

/** Describes the identifier for the output item. */
export function describeIdentifier(identifier: BrazeIdentifier): JsonObject {
	if ('external_id' in identifier) return { external_id: identifier.external_id };
	if ('braze_id' in identifier) return { braze_id: identifier.braze_id };
	return { user_alias: { ...identifier.user_alias } };
}
