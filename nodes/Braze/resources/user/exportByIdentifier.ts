import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { identifierChoice, identifierOutput } from '../../helpers/identifier';
import { param } from '../../helpers/parameters';
import type { ExportOutcome, ExportRequest } from '../../transport/export';
import { exportUsers } from '../../transport/export';
import { MAX_IDS_PER_REQUEST } from '../../transport/batching';
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

const identity = identifierChoice(['external_id', 'user_alias', 'braze_id', 'email', 'phone']);

const properties: INodeProperties[] = [
	...identity.fields,
	{
		displayName: 'Fields to Export',
		name: 'fieldsToExport',
		type: 'multiOptions',
		options: EXPORT_FIELDS.map((f) => ({ name: label(f), value: f })).sort((a, b) => a.name.localeCompare(b.name)),
		default: [...DEFAULT_EXPORT_FIELDS],
		description:
			'Profile fields to return. Required by Braze for workspaces created after August 2024; fewer fields answer faster.',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return one item per user found, holding the exported fields. Off returns one item per input item with found, count and users, also when no user was found.',
	},
];

/** Simplify: each found user becomes an item paired with its input item; failed items stay. */
function oneItemPerUser(ctx: IExecuteFunctions, output: INodeExecutionData[]): INodeExecutionData[] {
	if (!(ctx.getNodeParameter('simplify', 0, true) as boolean)) return output;
	return output.flatMap((item) => {
		const { json } = item;
		if (json.success !== true || !Array.isArray(json.users)) return [item];
		return (json.users as IDataObject[]).map((user) => ({ json: user, pairedItem: item.pairedItem }));
	});
}

export const exportByIdentifierOperation: BrazeOperation<ExportRequest, ExportOutcome> = {
	value: 'exportByIdentifier',
	name: 'Export by Identifier',
	action: 'Export users by identifier',
	description:
		'Look users up by external ID, alias, Braze ID, email or phone and return their profile fields; a user not found is a normal result, not an error',
	outputName: 'user.exportByIdentifier',
	writes: false,
	properties,
	options: { batchSize: MAX_IDS_PER_REQUEST },
	prepare: (ctx, itemIndex, environment) => ({
		itemIndex,
		environment,
		identifier: identity.read(ctx, itemIndex),
		fieldsToExport: (param(ctx, 'fieldsToExport', itemIndex, DEFAULT_EXPORT_FIELDS) as string[]) ?? [],
	}),
	send: async (_ctx, client, requests) => await exportUsers(client, requests),
	describe: (request, outcome) => ({
		identifier: identifierOutput(request.identifier),
		found: outcome.found,
		count: outcome.users.length,
		users: outcome.users,
	}),
	shapeOutput: oneItemPerUser,
};
