import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { BrazeEnvironment } from '../../../shared/braze/instances';
import { hasExpression, param } from '../../helpers/parameters';
import type { BrazeNames, EventNaming, UnmappedEventHandling } from './eventNames';
import { ATTRIBUTE_NAMES, eventNamesFromMapping } from './eventNames';

export type SyncEnvironmentMode = 'fromEvent' | 'production' | 'test';
export type SubscriptionHandling = 'emailSubscribe' | 'subscriptionGroup' | 'none';

/** What the fields of Sync Extole Event decide for one item. */
export interface SyncOptions extends EventNaming {
	environmentMode: SyncEnvironmentMode;
	shareLinkAttribute: string;
	funnelAttribute: string;
	subscriptionHandling: SubscriptionHandling;
	subscriptionGroupId: string;
	/** Group used for items going to the test environment; '' = subscriptionGroupId. */
	testSubscriptionGroupId: string;
	subscribedState: 'subscribed' | 'opted_in';
	aliasLabel: string;
	includeData: boolean;
	includeRewardProperties: boolean;
	rewardCounterAttribute: string;
	defaultCountryCode: string;
	/** Time of events without event_time (ISO string). */
	now: string;
}

/** The options of a node whose fields are all at their defaults (Extole's native names). */
export const DEFAULT_SYNC_OPTIONS: Omit<SyncOptions, 'now'> = {
	environmentMode: 'fromEvent',
	brazeNames: 'native',
	eventNames: {},
	unmappedEvents: 'derive',
	shareLinkAttribute: ATTRIBUTE_NAMES.native.shareLink,
	funnelAttribute: ATTRIBUTE_NAMES.native.funnel,
	subscriptionHandling: 'emailSubscribe',
	subscriptionGroupId: '',
	testSubscriptionGroupId: '',
	subscribedState: 'subscribed',
	aliasLabel: 'email',
	includeData: true,
	includeRewardProperties: true,
	rewardCounterAttribute: '',
	defaultCountryCode: '',
};

/** Events Extole flags as sandbox go to Test in "From Event" mode; a fixed mode wins. */
export function resolveEnvironment(mode: SyncEnvironmentMode, sandbox: unknown): BrazeEnvironment {
	if (mode === 'production' || mode === 'test') return mode;
	return sandbox === true || sandbox === 'true' ? 'test' : 'production';
}

function asString(value: unknown, fallback: string): string {
	return typeof value === 'string' ? value : fallback;
}

function asBoolean(value: unknown, fallback: boolean): boolean {
	return typeof value === 'boolean' ? value : fallback;
}

/**
 * The operation's entries of its Options collection for one item, over those of the former
 * "Sync Options" collection (`syncOptions`, workflows saved before the two were one): an entry
 * set under Options wins.
 */
function syncEntries(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const former = (param(ctx, 'syncOptions', itemIndex, {}) as IDataObject) ?? {};
	const options = (param(ctx, 'options', itemIndex, {}) as IDataObject) ?? {};
	return { ...former, ...options };
}

/** Per execution: the options every item shares when no parameter is an expression (null: read per item). */
const sharedOptions = new WeakMap<IExecuteFunctions, SyncOptions | null>();

/**
 * Reads the operation's fields for one item (fields may be expressions). When no parameter of
 * the node is an expression, every item gets the same options object, read once: an object per
 * item, and the parameter copies behind it, made most of the garbage of preparing 100,000 items
 * (bench/memory.js). `now` stays the time it is read.
 */
export function readSyncOptions(ctx: IExecuteFunctions, itemIndex: number): SyncOptions {
	let shared = sharedOptions.get(ctx);
	if (shared === undefined) {
		// Any expression among the node's parameters, not only those read below: no list to keep
		// in step with readItemOptions.
		shared = hasExpression(ctx.getNode().parameters) ? null : Object.freeze(withClock(readItemOptions(ctx, 0)));
		sharedOptions.set(ctx, shared);
	}
	return shared ?? readItemOptions(ctx, itemIndex);
}

/** The options with `now` read from the clock whenever it is asked for. */
function withClock(options: SyncOptions): SyncOptions {
	return Object.defineProperty(options, 'now', { get: () => new Date().toISOString(), enumerable: true });
}

function readItemOptions(ctx: IExecuteFunctions, itemIndex: number): SyncOptions {
	const mapping = param(ctx, 'eventMapping', itemIndex, {}) as IDataObject;
	const rows = Array.isArray(mapping?.mappings) ? (mapping.mappings as IDataObject[]) : [];
	const extra = syncEntries(ctx, itemIndex);
	const handling = param(ctx, 'subscriptionHandling', itemIndex, 'emailSubscribe') as SubscriptionHandling;
	const d = DEFAULT_SYNC_OPTIONS;
	const brazeNames: BrazeNames = extra.brazeNames === 'prefixed' ? 'prefixed' : 'native';
	// An attribute option the user set wins; otherwise the naming gives the attribute names.
	const attributeNames = ATTRIBUTE_NAMES[brazeNames];
	return {
		environmentMode: param(ctx, 'syncEnvironment', itemIndex, 'fromEvent') as SyncEnvironmentMode,
		brazeNames,
		eventNames: eventNamesFromMapping(rows),
		unmappedEvents: asString(extra.unmappedEvents, d.unmappedEvents) as UnmappedEventHandling,
		shareLinkAttribute: asString(extra.shareLinkAttribute, attributeNames.shareLink),
		funnelAttribute: asString(extra.funnelAttribute, attributeNames.funnel),
		subscriptionHandling: handling,
		subscriptionGroupId:
			handling === 'subscriptionGroup' ? String(param(ctx, 'subscriptionGroupId', itemIndex, '') ?? '') : '',
		testSubscriptionGroupId: asString(extra.testSubscriptionGroupId, d.testSubscriptionGroupId),
		subscribedState: extra.subscribedState === 'opted_in' ? 'opted_in' : 'subscribed',
		aliasLabel: asString(extra.aliasLabel, d.aliasLabel).trim() || d.aliasLabel,
		includeData: asBoolean(extra.includeData, d.includeData),
		includeRewardProperties: asBoolean(extra.includeRewardProperties, d.includeRewardProperties),
		rewardCounterAttribute: asString(extra.rewardCounterAttribute, d.rewardCounterAttribute),
		defaultCountryCode: asString(extra.defaultCountryCode, d.defaultCountryCode),
		now: new Date().toISOString(),
	};
}

/**
 * How many email lookups run at once (read once per execution, from the first item): as many as
 * Requests in Flight lets go out, or fewer when a workflow saved with the former Sync Options
 * entry Lookup Concurrency says so.
 */
export function readLookupConcurrency(ctx: IExecuteFunctions, requestsInFlight: number): number {
	try {
		const former = (ctx.getNodeParameter('syncOptions', 0, {}) as IDataObject) ?? {};
		const n = Number(former.lookupConcurrency);
		if (former.lookupConcurrency === undefined || former.lookupConcurrency === '' || !Number.isFinite(n)) return requestsInFlight;
		return Math.max(1, Math.min(20, requestsInFlight, Math.floor(n)));
	} catch {
		return requestsInFlight;
	}
}
