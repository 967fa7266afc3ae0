import type { IDataObject } from 'n8n-workflow';

/**
 * The REST API key permissions the Braze node's operations need (Braze docs: api/basics, "REST
 * API key permissions"; each endpoint page names its permission), and for each a probe: a call
 * to that permission's endpoint that writes nothing (an empty list, or a lookup of a user that
 * does not exist). Braze answers a probe 401 when it does not know the key on that instance,
 * 403 when the key lacks the permission (or the plan does not allow the endpoint), and
 * otherwise 2xx, or 400 for the empty body, which both show the key holds the permission
 * (Braze docs: api/errors).
 */

export interface BrazePermission {
	/** Braze's name of the permission, e.g. `users.track`. */
	name: string;
	/** The operations that need it, by their names in the node. */
	neededBy: string;
	probe: { path: string; body: IDataObject };
}

export const BRAZE_PERMISSIONS: readonly BrazePermission[] = [
	{
		name: 'users.track',
		neededBy: 'Track, Sync Extole Event',
		// No attributes, events or purchases: nothing to record.
		probe: { path: '/users/track', body: {} },
	},
	{
		name: 'users.export.ids',
		neededBy: 'Export by Identifier, and Sync Extole Event for events without an external ID',
		// Read-only: an external ID no user has.
		probe: { path: '/users/export/ids', body: { external_ids: ['n8n-credential-test'], fields_to_export: ['external_id'] } },
	},
	{
		name: 'users.alias.new',
		neededBy: 'Create Alias',
		probe: { path: '/users/alias/new', body: { user_aliases: [] } },
	},
	{
		name: 'users.identify',
		neededBy: 'Identify',
		probe: { path: '/users/identify', body: { aliases_to_identify: [] } },
	},
	{
		name: 'users.delete',
		neededBy: 'Delete',
		probe: { path: '/users/delete', body: { external_ids: [] } },
	},
	{
		name: 'subscription.status.set',
		neededBy: 'Set Group Status',
		probe: { path: '/v2/subscription/status/set', body: { subscription_groups: [] } },
	},
	{
		name: 'email.status',
		neededBy: 'Set Global Subscription Status',
		// No email address: nothing to change.
		probe: { path: '/email/status', body: {} },
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
