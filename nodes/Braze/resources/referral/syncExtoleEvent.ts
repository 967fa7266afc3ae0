import type { IDataObject } from 'n8n-workflow';

import { BrazeItemError } from '../../../shared/braze/errors';
import { param } from '../../helpers/parameters';
import type { BrazeClient } from '../../transport/client';
import { DELIVERY, withDelivery } from '../../transport/delivery';
import type { TrackOutcome, TrackRequest } from '../../transport/track';
import type { BrazeCallSummary } from '../../transport/types';
import { MAX_TRACK_PER_ARRAY, trackUsers } from '../../transport/track';
import type { BrazeOperation } from '../types';
import type { Identified } from './emailLookup';
import { resolveEmailIdentities } from './emailLookup';
import { text } from './extoleItem';
import type { BrazeIdentifier, IdentityPath } from './identity';
import { describeIdentifier, trackObjects } from './identity';
import { planItem } from './plan';
import { syncExtoleEventFields, syncOptionEntries } from './syncExtoleEventFields';
import { readLookupConcurrency, readSyncOptions, resolveEnvironment } from './syncOptions';
import type { SyncEnvironmentMode } from './syncOptions';

interface SyncRequest extends Identified, TrackRequest {
	extole: IDataObject;
}

interface SyncOutcome extends TrackOutcome {
	identifier?: BrazeIdentifier;
	identity?: IdentityPath;
	matchedProfiles?: number;
}

/**
 * Sends the planned items: users without external_id are looked up by email first; then every
 * item that has a Braze user goes out in batched users/track requests. One outcome per request.
 */
async function send(client: BrazeClient, requests: SyncRequest[], concurrency: number): Promise<SyncOutcome[]> {
	await resolveEmailIdentities(client, requests, concurrency);
	const sending: SyncRequest[] = [];
	const positions: number[] = [];
	const outcomes: SyncOutcome[] = requests.map((entry, position) => {
		const { itemIndex, environment } = entry;
		const sent = { attributes: 0, events: 0, purchases: 0 };
		if (entry.error || !entry.identifier) {
			const error =
				entry.error ??
				new BrazeItemError({ kind: 'validation', reason: 'no Braze identifier could be found' }, itemIndex);
			// Nothing of the item was sent: the lookup that had to come first failed.
			return { itemIndex, environment, ok: false, error: withDelivery(error, DELIVERY.notWritten), sent, delivery: DELIVERY.notWritten };
		}
		const objects = trackObjects(entry.plan, entry.identifier);
		entry.attributes = [objects.attributes as IDataObject];
		entry.events = objects.event ? [objects.event as IDataObject] : [];
		sending.push(entry);
		positions.push(position);
		return { itemIndex, environment, ok: true, sent };
	});
	const tracked = await trackUsers(client, sending);
	sending.forEach(({ identifier, identity, matchedProfiles }, i) => {
		outcomes[positions[i]] = Object.assign(tracked[i], { identifier, identity, matchedProfiles });
	});
	return outcomes;
}

/**
 * The `braze` field of the items one request carried: one object for all of them, as Track's
 * items share their call summary, instead of a copy per item (100,000 items, bench/memory.js).
 */
const brazeFields = new WeakMap<BrazeCallSummary, IDataObject>();
function brazeField(call: BrazeCallSummary): IDataObject {
	let field = brazeFields.get(call);
	if (!field) {
		field = { ...call.response, request: call.request, attempts: call.attempts };
		brazeFields.set(call, field);
	}
	return field;
}

export const syncExtoleEventOperation: BrazeOperation<SyncRequest, SyncOutcome> = {
	value: 'syncExtoleEvent',
	name: 'Sync Extole Event',
	action: 'Sync an Extole event to Braze',
	description:
		'Update the Braze user of an Extole Trigger event (found by external_id, else by email, else the alias-only user of its email) and record its custom event and subscription change',
	outputName: 'syncExtoleEvent',
	properties: syncExtoleEventFields,
	options: { own: syncOptionEntries, batchSize: MAX_TRACK_PER_ARRAY, usersTrack: true },
	// Only an item without external_id is looked up by email, and that lookup reads the other items
	// of the execution: when every item carries one, no item waits for another and the first
	// items go out while the rest are prepared (peak memory of a large execution, bench/memory.js).
	independentItems: (items) => items.every((item) => text((item.json as IDataObject | undefined)?.external_id) !== null),
	readEnvironment: (ctx, itemIndex, item) =>
		resolveEnvironment(param(ctx, 'syncEnvironment', itemIndex, 'fromEvent') as SyncEnvironmentMode, item.json?.sandbox),
	prepare(ctx, itemIndex, _environment, item) {
		const options = readSyncOptions(ctx, itemIndex);
		const plan = planItem(item.json as IDataObject, options);
		const request: SyncRequest = { itemIndex, environment: plan.environment, extole: item.json, plan, aliasLabel: options.aliasLabel };
		if (plan.externalId) Object.assign(request, { identifier: { external_id: plan.externalId }, identity: 'external_id' });
		return request;
	},
	send: async (ctx, client, requests) => await send(client, requests, readLookupConcurrency(ctx, client.options.requestsInFlight)),
	describe(request, outcome) {
		const json: IDataObject = {
			identity: outcome.identity,
			braze_user: describeIdentifier(outcome.identifier as BrazeIdentifier),
			extole_event: (request.extole.event as string) ?? null,
			event_id: (request.extole.event_id as string) ?? null,
			braze_event: request.plan.event?.name ?? null,
			attributes_sent: Object.keys(request.plan.attributes),
		};
		if (outcome.matchedProfiles !== undefined) json.matched_profiles = outcome.matchedProfiles;
		if (request.plan.dataAdjustments.length) json.data_adjustments = request.plan.dataAdjustments;
		return json;
	},
	describeCall(outcome) {
		const fields: IDataObject = {};
		if (outcome.call) fields.braze = brazeField(outcome.call);
		if (outcome.warnings?.length) fields.braze_warnings = outcome.warnings;
		return fields;
	},
};
