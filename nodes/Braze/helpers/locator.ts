import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalid } from '../../shared/braze/errors';

/**
 * Pickers of what the Braze dashboard holds (campaigns, Canvases, segments): a
 * `resourceLocator` with a searchable list (the node's `listSearch` methods, which need the
 * key's list permission) and an ID mode that needs no other permission than the operation's
 * own. There is no URL mode: the ID in a dashboard URL (`.../engagement/campaigns/<24 hex>/...`)
 * is the dashboard's own, not the API identifier the REST API takes (Braze docs:
 * api/identifier_types: the API identifier is shown at the bottom of the campaign, Canvas or
 * segment page, or under Settings > APIs and Identifiers).
 */

export interface LocatorSpec {
	name: string;
	displayName: string;
	/** The node's `listSearch` method. */
	searchListMethod: string;
	/** What the list shows, e.g. `API-triggered campaigns`. */
	listed: string;
	/** The key permission the list needs, e.g. `campaigns.list`. */
	listPermission: string;
	/** Where Braze shows the API identifier. */
	whereToFindId: string;
	placeholder: string;
	required?: boolean;
	description?: string;
}

export function locatorField(spec: LocatorSpec): INodeProperties {
	const description = [
		spec.description,
		`From List shows the ${spec.listed} of the workspace of the chosen Environment and needs the key permission ${spec.listPermission}; By ID needs no permission beyond the operation's own: paste the API identifier (${spec.whereToFindId}).`,
	]
		.filter(Boolean)
		.join(' ');
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: spec.required ?? true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${spec.placeholder}...`,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 3bbc4555-8fa0-4c9b-a5c0-4505edf3e064',
			},
		],
	};
}

/** A dashboard address pasted where the API identifier belongs. */
const DASHBOARD_URL = /^https?:\/\/|braze\.(com|eu)\//i;

/**
 * The API identifier an item's picker holds (an expression may give it per item); undefined when
 * empty and optional. `field` names it in errors, `whereToFindId` tells where Braze shows it.
 */
export function readLocator(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
	whereToFindId: string,
	required = true,
): string | undefined {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const value = typeof raw === 'string' ? raw.trim() : raw === undefined || raw === null ? '' : String(raw).trim();
	if (value === '') {
		if (!required) return undefined;
		throw invalid(field, `is required: choose one from the list or paste its API identifier (${whereToFindId})`);
	}
	if (DASHBOARD_URL.test(value)) {
		throw invalid(
			field,
			`"${value.slice(0, 80)}" is an address, not an API identifier: the ID in a dashboard URL is not the one the API takes. Paste the API identifier (${whereToFindId}).`,
		);
	}
	if (/^REPLACE_/i.test(value)) {
		throw invalid(field, `is still the template's placeholder ${value}: choose yours from the list or paste its API identifier (${whereToFindId})`);
	}
	return value;
}
