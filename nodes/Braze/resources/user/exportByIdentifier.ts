import type { INodeProperties } from 'n8n-workflow';

import { identifierFields, identifierOutput, readIdentifier } from '../../helpers/identifier';
import { param } from '../../helpers/parameters';
import type { ExportOutcome, ExportRequest } from '../../transport/export';
import { exportUsers } from '../../transport/export';
import type { BrazeOperation } from '../types';

/** Fields Braze can export for a user. */
const EXPORT_FIELDS = [
	'apps',
	'attributed_ad',
	'attributed_adgroup',
	'attributed_campaign',
	'attributed_source',
	'braze_id',
	'campaigns_received',
	'canvases_received',
	'cards_clicked',
	'country',
	'created_at',
	'custom_attributes',
	'custom_events',
	'devices',
	'dob',
	'email',
	'email_subscribe',
	'external_id',
	'first_name',
	'gender',
	'home_city',
	'language',
	'last_coordinates',
	'last_name',
	'phone',
	'purchases',
	'push_subscribe',
	'push_tokens',
	'random_bucket',
	'subscription_groups',
	'time_zone',
	'total_revenue',
	'uninstalled_at',
	'user_aliases',
];

export const DEFAULT_EXPORT_FIELDS = [
	'braze_id',
	'created_at',
	'custom_attributes',
	'email',
	'email_subscribe',
	'external_id',
	'first_name',
	'last_name',
	'phone',
	'push_subscribe',
	'user_aliases',
];

const label = (field: string) =>
	field
		.split('_')
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ')
		.replace(/\bId\b/g, 'ID')
		.replace(/\bDob\b/, 'Date of Birth');

const properties: INodeProperties[] = [
	...identifierFields(['external_id', 'user_alias', 'braze_id', 'email', 'phone']),
	{
		displayName: 'Fields to Export',
		name: 'fieldsToExport',
		type: 'multiOptions',
		options: EXPORT_FIELDS.map((f) => ({ name: label(f), value: f })),
		default: [...DEFAULT_EXPORT_FIELDS],
		description:
			'Profile fields to return. Required by Braze for workspaces created after August 2024; fewer fields answer faster.',
	},
];

export const exportByIdentifierOperation: BrazeOperation<ExportRequest, ExportOutcome> = {
	value: 'exportByIdentifier',
	name: 'Export by Identifier',
	action: 'Export users by identifier',
	description:
		'Look users up by external ID, alias, Braze ID, email or phone, in batches; not found is a normal result',
	outputName: 'user.exportByIdentifier',
	writes: false,
	properties,
	prepare: (ctx, itemIndex, environment) => ({
		itemIndex,
		environment,
		identifier: readIdentifier(ctx, itemIndex),
		fieldsToExport: (param(ctx, 'fieldsToExport', itemIndex, DEFAULT_EXPORT_FIELDS) as string[]) ?? [],
	}),
	send: async (_ctx, client, requests) => await exportUsers(client, requests),
	describe: (request, outcome) => ({
		identifier: identifierOutput(request.identifier),
		found: outcome.found,
		count: outcome.users.length,
		users: outcome.users,
	}),
};
