import type { BrazeItemError } from '../../../shared/braze/errors';
import type { BrazeClient } from '../../transport/client';
import type { ExportOutcome } from '../../transport/export';
import { exportUsers } from '../../transport/export';
import type { BrazeIdentifier, ExportedUser, IdentityPath } from './identity';
import { aliasIdentifier, chooseProfile, emailKey } from './identity';
import type { ItemPlan } from './plan';

/** Fields Sync Extole Event needs from an export by email (identity decision only). */
const LOOKUP_FIELDS = ['external_id', 'braze_id', 'user_aliases', 'email', 'created_at'];

/** An item on its way to Braze: its plan and, once known, its Braze user. */
export interface Identified {
	itemIndex: number;
	plan: ItemPlan;
	aliasLabel: string;
	identifier?: BrazeIdentifier;
	identity?: IdentityPath;
	matchedProfiles?: number;
	error?: BrazeItemError;
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
 * Finds the Braze user of the items without one (no external_id), as Extole's own Braze
 * integration does (Braze's Extole page): one export by email per distinct (environment, email),
 * `concurrency` at a time; found -> that profile, not found -> an external_id another item of
 * this execution has for that email, else the alias-only user named by the email, through
 * users/track with `_update_existing_only: false` ("guarantees that one profile with that alias
 * will exist", Braze docs: post_user_track). No second export is made when the first finds
 * nothing: the alias makes repeated events of a new person land on one profile however late
 * Braze processes them; what an export cannot see yet is in docs/pipeline.md.
 */
export async function resolveEmailIdentities(client: BrazeClient, entries: Identified[], concurrency: number): Promise<void> {
	const byEmail = new Map<string, Identified[]>();
	const knownExternal = new Map<string, string>();
	for (const entry of entries) {
		const { email, externalId, environment } = entry.plan;
		if (!email) continue;
		const key = emailKey(environment, email);
		// external_ids that items of this execution carry for an email (first one wins).
		if (externalId && !knownExternal.has(key)) knownExternal.set(key, externalId);
		if (entry.identifier) continue;
		const group = byEmail.get(key);
		if (group) group.push(entry);
		else byEmail.set(key, [entry]);
	}

	const results = new Map<string, ExportOutcome>();
	await pool([...byEmail.entries()], concurrency, async ([key, group]) => {
		const { itemIndex, plan } = group[0];
		const [outcome] = await exportUsers(client, [
			{ itemIndex, environment: plan.environment, identifier: { email: plan.email as string }, fieldsToExport: LOOKUP_FIELDS },
		]);
		results.set(key, outcome);
	});

	for (const [key, group] of byEmail) {
		const outcome = results.get(key) as ExportOutcome;
		const chosen = outcome.ok && outcome.found ? chooseProfile(outcome.users as ExportedUser[]) : null;
		const external = knownExternal.get(key);
		for (const entry of group) {
			if (!outcome.ok) {
				const error = outcome.error as BrazeItemError;
				entry.error = error.forItem(entry.itemIndex, `looking the user up by email (users/export/ids) failed: ${error.reason}`);
			} else if (chosen) {
				Object.assign(entry, { identifier: chosen.identifier, identity: 'email_match', matchedProfiles: outcome.users.length });
			} else if (external) {
				Object.assign(entry, { identifier: { external_id: external }, identity: 'external_id_in_execution', matchedProfiles: 0 });
			} else {
				Object.assign(entry, {
					identifier: aliasIdentifier(entry.plan.email as string, entry.aliasLabel),
					identity: 'email_alias',
					matchedProfiles: 0,
				});
			}
		}
	}
}
