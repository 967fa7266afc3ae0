import type { IDataObject } from 'n8n-workflow';

/**
 * The REST API key permissions the Braze node's operations need (Braze docs: api/basics, "REST
 * API key permissions"; each endpoint page names its permission), and for each a probe: a call
 * to that permission's endpoint that writes and sends nothing (an empty list or body, a read of
 * a user that does not exist, a list of the dashboard). Braze answers a probe 401 when it does
 * not know the key on that instance, 403 when the key lacks the permission (or the plan does
 * not allow the endpoint), and otherwise 2xx, or 400 for the empty body, which both show the key
 * holds the permission (Braze docs: api/errors: a send answered 400 sends no message).
 */

export interface BrazePermission {
	/** Braze's name of the permission, e.g. `users.track`. */
	name: string;
	/** The operations that need it, by their names in the node. */
	neededBy: string;
	/** A POST with a JSON body, or a GET with query parameters. */
	probe: { method: 'POST'; path: string; body: IDataObject } | { method: 'GET'; path: string; query?: Record<string, string> };
}

/** An id nothing in a workspace has: what a probe reads. */
const NOBODY = 'n8n-credential-test';

export const BRAZE_PERMISSIONS: readonly BrazePermission[] = [
	{
		name: 'users.track',
		neededBy: 'Track, Sync Extole Event',
		// No attributes, events or purchases: nothing to record.
		probe: { method: 'POST', path: '/users/track', body: {} },
	},
	{
		name: 'users.export.ids',
		neededBy: "Export by Identifier, Sync Extole Event for events without an external ID, and the sends' Wait for Recipient",
		// Read-only: an external ID no user has.
		probe: { method: 'POST', path: '/users/export/ids', body: { external_ids: [NOBODY], fields_to_export: ['external_id'] } },
	},
	{
		name: 'users.alias.new',
		neededBy: 'Create Alias',
		probe: { method: 'POST', path: '/users/alias/new', body: { user_aliases: [] } },
	},
	{
		name: 'users.identify',
		neededBy: 'Identify',
		probe: { method: 'POST', path: '/users/identify', body: { aliases_to_identify: [] } },
	},
	{
		name: 'users.delete',
		neededBy: 'Delete',
		probe: { method: 'POST', path: '/users/delete', body: { external_ids: [] } },
	},
	{
		name: 'users.merge',
		neededBy: 'Merge',
		// Braze docs: post_users_merge ("'merge_updates' must be an array of objects").
		probe: { method: 'POST', path: '/users/merge', body: { merge_updates: [] } },
	},
	{
		name: 'users.external_ids.rename',
		neededBy: 'Rename External ID',
		// Braze docs: post_external_ids_rename ("Empty external_id_renames array" is an error).
		probe: { method: 'POST', path: '/users/external_ids/rename', body: { external_id_renames: [] } },
	},
	{
		name: 'users.external_ids.remove',
		neededBy: 'Remove External ID',
		// Braze docs: post_external_ids_remove ("Empty external_ids array" is an error).
		probe: { method: 'POST', path: '/users/external_ids/remove', body: { external_ids: [] } },
	},
	{
		name: 'subscription.status.set',
		neededBy: 'Set Group Status',
		probe: { method: 'POST', path: '/v2/subscription/status/set', body: { subscription_groups: [] } },
	},
	{
		name: 'subscription.status.get',
		neededBy: 'Get Status',
		// Read-only: a user no group knows (Braze answers Unknown, or 400 for a group it does not have).
		probe: { method: 'GET', path: '/subscription/status/get', query: { subscription_group_id: NOBODY, 'external_id[]': NOBODY } },
	},
	{
		name: 'email.status',
		neededBy: 'Set Global Subscription Status',
		// No email address: nothing to change.
		probe: { method: 'POST', path: '/email/status', body: {} },
	},
	{
		name: 'campaigns.trigger.send',
		neededBy: 'Campaign Trigger Send',
		// No campaign and no recipients: 400, and "any of these error codes indicate that no messages will be sent" (api/errors).
		probe: { method: 'POST', path: '/campaigns/trigger/send', body: {} },
	},
	{
		name: 'canvas.trigger.send',
		neededBy: 'Canvas Trigger Send',
		probe: { method: 'POST', path: '/canvas/trigger/send', body: {} },
	},
	{
		name: 'messages.send',
		neededBy: 'Message Send',
		// No recipients and no message: 400 ("No Recipients", "No message to send").
		probe: { method: 'POST', path: '/messages/send', body: {} },
	},
	{
		name: 'campaigns.list',
		neededBy: 'choosing a campaign From List (Campaign Trigger Send, Message Send)',
		probe: { method: 'GET', path: '/campaigns/list' },
	},
	{
		name: 'canvas.list',
		neededBy: 'choosing a Canvas From List (Canvas Trigger Send)',
		probe: { method: 'GET', path: '/canvas/list' },
	},
	{
		name: 'segments.list',
		neededBy: 'choosing a segment From List (Message Send)',
		probe: { method: 'GET', path: '/segments/list' },
	},
];

/**
 * What Braze's Extole partner page asks a key for: enough for Track, and for Sync Extole Event
 * on events that carry an external ID.
 */
export const DEFAULT_CHECKED_PERMISSIONS = ['users.track'];

export function findPermission(name: string): BrazePermission | undefined {
	return BRAZE_PERMISSIONS.find((permission) => permission.name === name);
}
