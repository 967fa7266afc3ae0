import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	exportUsers,
	finalizeItems,
	trackUsers,
	type BrazeItemError,
	type ExportOutcome,
	type ItemResult,
	type TrackRequest,
} from '../../transport';
import type { BrazeOperation } from '../types';
import {
	DEFAULT_SYNC_OPTIONS,
	ItemMappingError,
	aliasIdentifier,
	chooseProfile,
	describeIdentifier,
	emailKey,
	eventNamesFromMapping,
	planItem,
	trackObjects,
	type BrazeEnvironment,
	type BrazeIdentifier,
	type ExportedUser,
	type IdentityPath,
	type ItemPlan,
	type SubscriptionHandling,
	type SyncEnvironmentMode,
	type SyncOptions,
	type UnmappedEventHandling,
} from './mapping';
import { syncExtoleEventProperties } from './properties';

export const OPERATION = 'syncExtoleEvent';

/** Fields Sync Extole Event needs from an export by email (identity decision only). */
const LOOKUP_FIELDS = ['external_id', 'braze_id', 'user_aliases', 'email', 'created_at'];

interface Planned {
	itemIndex: number;
	extole: IDataObject;
	plan: ItemPlan;
	aliasLabel: string;
	identifier?: BrazeIdentifier;
	identity?: IdentityPath;
	matchedProfiles?: number;
	error?: BrazeItemError;
}

function asString(value: unknown, fallback: string): string {
	return typeof value === 'string' ? value : fallback;
}

/** Reads the operation's fields for one item (fields may be expressions). */
function readOptions(ctx: IExecuteFunctions, itemIndex: number, now: string): SyncOptions {
	const mapping = ctx.getNodeParameter('eventMapping', itemIndex, {}) as IDataObject;
	const rows = Array.isArray(mapping?.mappings) ? (mapping.mappings as IDataObject[]) : [];
	const extra = (ctx.getNodeParameter('syncOptions', itemIndex, {}) as IDataObject) ?? {};
	const handling = ctx.getNodeParameter('subscriptionHandling', itemIndex, 'emailSubscribe') as SubscriptionHandling;
	const d = DEFAULT_SYNC_OPTIONS;
	return {
		environmentMode: ctx.getNodeParameter('syncEnvironment', itemIndex, 'fromEvent') as SyncEnvironmentMode,
		eventNames: eventNamesFromMapping(rows),
		unmappedEvents: asString(extra.unmappedEvents, d.unmappedEvents) as UnmappedEventHandling,
		shareLinkAttribute: asString(extra.shareLinkAttribute, d.shareLinkAttribute),
		funnelAttribute: asString(extra.funnelAttribute, d.funnelAttribute),
		subscriptionHandling: handling,
		subscriptionGroupId:
			handling === 'subscriptionGroup'
				? String(ctx.getNodeParameter('subscriptionGroupId', itemIndex, '') ?? '')
				: '',
		testSubscriptionGroupId: asString(extra.testSubscriptionGroupId, d.testSubscriptionGroupId),
		subscribedState: extra.subscribedState === 'opted_in' ? 'opted_in' : 'subscribed',
		aliasLabel: asString(extra.aliasLabel, d.aliasLabel).trim() || d.aliasLabel,
		includeData: typeof extra.includeData === 'boolean' ? extra.includeData : d.includeData,
		includeRewardProperties:
			typeof extra.includeRewardProperties === 'boolean'
				? extra.includeRewardProperties
				: d.includeRewardProperties,
		rewardCounterAttribute: asString(extra.rewardCounterAttribute, d.rewardCounterAttribute),
		defaultCountryCode: asString(extra.defaultCountryCode, d.defaultCountryCode),
		now,
	};
}

function itemError(itemIndex: number, error: unknown): BrazeItemError {
	if (error instanceof ItemMappingError) {
		return {
			kind: 'validation',
			field: error.fields.join(', '),
			message: `Item ${itemIndex}: ${error.message}`,
		};
	}
	const message = error instanceof Error ? error.message : String(error);
	return { kind: 'validation', message: `Item ${itemIndex}: ${message}` };
}

/** Runs `task` over `list` with at most `limit` tasks at a time. */
async function pool<T>(list: T[], limit: number, task: (entry: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < list.length) {
			const entry = list[next++];
			await task(entry);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, list.length)) }, worker));
}

/**
 * Resolves the Braze identifier of the items without external_id: one export by email per
 * distinct (environment, email), several at a time; found -> that profile, not found -> an
 * external_id another item of this execution has for that email, else a new alias-only user.
 */
async function resolveEmailIdentities(ctx: IExecuteFunctions, planned: Planned[], concurrency: number): Promise<void> {
	const byEmail = new Map<string, Planned[]>();
	for (const entry of planned) {
		if (entry.identifier || !entry.plan.email) continue;
		const key = emailKey(entry.plan.environment, entry.plan.email);
		const group = byEmail.get(key);
		if (group) group.push(entry);
		else byEmail.set(key, [entry]);
	}
	// external_ids that items of this execution carry for an email (first one wins).
	const knownExternal = new Map<string, string>();
	for (const entry of planned) {
		if (entry.plan.externalId && entry.plan.email) {
			const key = emailKey(entry.plan.environment, entry.plan.email);
			if (!knownExternal.has(key)) knownExternal.set(key, entry.plan.externalId);
		}
	}

	const results = new Map<string, ExportOutcome>();
	await pool([...byEmail.entries()], concurrency, async ([key, group]) => {
		const first = group[0];
		const [outcome] = await exportUsers(ctx, [
			{
				itemIndex: first.itemIndex,
				environment: first.plan.environment,
				identifier: { email: first.plan.email as string },
				fieldsToExport: LOOKUP_FIELDS,
			},
		]);
		results.set(key, outcome);
	});

	for (const [key, group] of byEmail) {
		const outcome = results.get(key) as ExportOutcome;
		for (const entry of group) {
			if (!outcome.ok) {
				const reason = (outcome.error?.message ?? 'unknown error').replace(/^Item \d+: /, '');
				entry.error = {
					...(outcome.error as BrazeItemError),
					message: `Item ${entry.itemIndex}: looking the user up by email (users/export/ids) failed: ${reason}`,
				};
				continue;
			}
			const chosen = outcome.found ? chooseProfile(outcome.users as ExportedUser[]) : null;
			if (chosen) {
				entry.identifier = chosen.identifier;
				entry.identity = 'email_match';
				entry.matchedProfiles = outcome.users.length;
				continue;
			}
			const external = knownExternal.get(key);
			if (external) {
				entry.identifier = { external_id: external };
				entry.identity = 'email_match';
				entry.matchedProfiles = 0;
				continue;
			}
			entry.identifier = aliasIdentifier(entry.plan.email as string, entry.aliasLabel);
			entry.identity = 'alias_created';
			entry.matchedProfiles = 0;
		}
	}
}

async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const now = new Date().toISOString();
	const results: ItemResult[] = [];
	const planned: Planned[] = [];
	let concurrency = 4;
	try {
		const extra = (this.getNodeParameter('syncOptions', 0, {}) as IDataObject) ?? {};
		const n = Number(extra.lookupConcurrency);
		if (Number.isFinite(n) && n >= 1) concurrency = Math.min(20, Math.floor(n));
	} catch {
		concurrency = 4;
	}

	items.forEach((item, itemIndex) => {
		let environment: BrazeEnvironment | undefined;
		try {
			const options = readOptions(this, itemIndex, now);
			const plan = planItem(item.json as IDataObject, options);
			environment = plan.environment;
			const entry: Planned = { itemIndex, extole: item.json, plan, aliasLabel: options.aliasLabel };
			if (plan.externalId) {
				entry.identifier = { external_id: plan.externalId };
				entry.identity = 'external_id';
			}
			planned.push(entry);
		} catch (error) {
			results.push({ itemIndex, environment, ok: false, error: itemError(itemIndex, error) });
		}
	});

	await resolveEmailIdentities(this, planned, concurrency);

	const requests: TrackRequest[] = [];
	const sending: Planned[] = [];
	for (const entry of planned) {
		if (entry.error || !entry.identifier) {
			results.push({
				itemIndex: entry.itemIndex,
				environment: entry.plan.environment,
				ok: false,
				error: entry.error ?? { kind: 'validation', message: `Item ${entry.itemIndex}: no Braze identifier could be found` },
			});
			continue;
		}
		const objects = trackObjects(entry.plan, entry.identifier);
		requests.push({
			itemIndex: entry.itemIndex,
			environment: entry.plan.environment,
			attributes: [objects.attributes as IDataObject],
			events: objects.event ? [objects.event as IDataObject] : [],
		});
		sending.push(entry);
	}

	const outcomes = requests.length ? await trackUsers(this, requests) : [];
	outcomes.forEach((outcome, position) => {
		const entry = sending[position];
		if (!outcome.ok) {
			results.push({
				itemIndex: entry.itemIndex,
				environment: entry.plan.environment,
				ok: false,
				error: outcome.error as BrazeItemError,
			});
			return;
		}
		const json: IDataObject = {
			success: true,
			operation: OPERATION,
			environment: entry.plan.environment,
			identity: entry.identity,
			braze_user: describeIdentifier(entry.identifier as BrazeIdentifier),
			extole_event: (entry.extole.event as string) ?? null,
			event_id: (entry.extole.event_id as string) ?? null,
			braze_event: entry.plan.event?.name ?? null,
			attributes_sent: Object.keys(entry.plan.attributes),
		};
		if (entry.matchedProfiles !== undefined) json.matched_profiles = entry.matchedProfiles;
		if (entry.plan.dataAdjustments.length) json.data_adjustments = entry.plan.dataAdjustments;
		if (outcome.call) {
			json.braze = { ...outcome.call.response, request: outcome.call.request, attempts: outcome.call.attempts };
		}
		if (outcome.warnings?.length) json.braze_warnings = outcome.warnings;
		results.push({ itemIndex: entry.itemIndex, environment: entry.plan.environment, ok: true, json });
	});

	return finalizeItems(this, OPERATION, results);
}

export const syncExtoleEventOperation: BrazeOperation = {
	value: OPERATION,
	name: 'Sync Extole Event',
	action: 'Sync an Extole event to Braze',
	description:
		'Update the Braze user of an Extole Trigger event (found by external_id, else by email, else created as an alias-only user) and record the mapped custom event and subscription change',
	ownEnvironment: true,
	properties: syncExtoleEventProperties,
	execute,
};
