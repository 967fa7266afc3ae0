// @ts-check
'use strict';
/**
 * Combining two profiles (what /users/identify and /users/merge do), and POST /users/merge
 * (Braze docs: api/endpoints/user_data/post_users_merge).
 */
const { Workspace, touch } = require('../state');
const v = require('../validate');
const { fatal, bump } = require('./common');

/** @typedef {import('./common').Request} Request @typedef {import('./common').Result} Result */

/**
 * The standard fields carried over when the kept profile has none (Braze docs: post_user_identify
 * and post_users_merge, "Merging behavior"). Subscription states are not in those lists.
 */
const MERGED_FIELDS = ['first_name', 'last_name', 'email', 'gender', 'dob', 'phone', 'time_zone', 'home_city', 'country', 'language'];

/**
 * Merges one profile into another: fields are carried over only where the kept profile has none;
 * event and purchase aggregates are summed (earlier first, later last); events, purchases and
 * messages received are added; aliases move unless the kept profile has one with that label.
 * @param {Record<string, any>} from @param {Record<string, any>} to
 */
function mergeInto(from, to) {
	for (const k of MERGED_FIELDS) if (to.attributes[k] === undefined && from.attributes[k] !== undefined) to.attributes[k] = from.attributes[k];
	for (const [k, val] of Object.entries(from.custom_attributes)) if (to.custom_attributes[k] === undefined) to.custom_attributes[k] = val;
	for (const agg of /** @type {const} */ (['custom_events', 'purchases'])) {
		for (const [name, c] of Object.entries(from[agg])) {
			bump(to[agg], name, /** @type {any} */ (c).first, /** @type {any} */ (c).count);
			bump(to[agg], name, /** @type {any} */ (c).last, 0);
		}
	}
	to.events.push(...from.events);
	to.purchase_events.push(...from.purchase_events);
	to.messages = [...(to.messages || []), ...(from.messages || [])];
	for (const kind of /** @type {const} */ (['campaigns_received', 'canvases_received'])) {
		to[kind] = to[kind] || {};
		for (const [id, r] of Object.entries(from[kind] || {})) {
			const mine = to[kind][id];
			const last = (/** @type {any} */ x) => x.last_received || x.last_received_message || '';
			if (!mine || last(r) > last(mine)) to[kind][id] = r;
		}
	}
	for (const a of from.user_aliases) if (!to.user_aliases.some((/** @type {any} */ x) => x.alias_label === a.alias_label)) to.user_aliases.push(a);
	touch(to);
}

const IDENTIFIER_MESSAGE =
	"identifiers must be objects with an 'external_id' property that is a string, 'user_alias' property that is an object, 'email' property that is a string, or 'phone' property that is a string";

/** @param {any} id @returns {string | undefined} */
function identifierProblem(id) {
	if (!v.isPlainObject(id)) return IDENTIFIER_MESSAGE;
	const kinds = ['external_id', 'user_alias', 'email', 'phone'].filter((k) => id[k] !== undefined);
	if (kinds.length !== 1) return IDENTIFIER_MESSAGE;
	const kind = kinds[0];
	if (kind === 'user_alias' ? !v.isAlias(id.user_alias) : !v.isNonEmptyString(id[kind])) return IDENTIFIER_MESSAGE;
	if (kind === 'email' || kind === 'phone') return v.prioritizationProblem(id.prioritization);
	return undefined;
}

/**
 * @param {Workspace} ws @param {Record<string, any>} id a valid identifier
 * @returns {Record<string, any> | undefined}
 */
function find(ws, id) {
	if (id.external_id !== undefined) return ws.byExternalId(id.external_id);
	if (id.user_alias !== undefined) return ws.byAlias(id.user_alias);
	return Workspace.pick(id.email !== undefined ? ws.byEmail(id.email) : ws.byPhone(id.phone), id.prioritization);
}

/**
 * POST /users/merge: up to 50 merges; "This endpoint is asynchronous" and answers 202.
 * @param {Request} req @returns {Result}
 */
function usersMerge({ body, ws, o }) {
	const updates = v.isPlainObject(body) ? body.merge_updates : undefined;
	if (!Array.isArray(updates) || updates.length === 0 || updates.some((u) => !v.isPlainObject(u)))
		return fatal(400, "'merge_updates' must be an array of objects");
	if (updates.length > o.maxIdsPerRequest) return fatal(400, `a single request may not contain more than ${o.maxIdsPerRequest} merge updates`);
	for (const u of updates) {
		if (Object.keys(u).some((k) => k !== 'identifier_to_merge' && k !== 'identifier_to_keep') || !u.identifier_to_merge || !u.identifier_to_keep)
			return fatal(400, "'merge_updates' must only have 'identifier_to_merge' and 'identifier_to_keep'");
		const problem = identifierProblem(u.identifier_to_merge) || identifierProblem(u.identifier_to_keep);
		if (problem) return fatal(400, problem);
	}
	const later = () => {
		let changed = false;
		for (const u of updates) {
			const from = find(ws, u.identifier_to_merge);
			const to = find(ws, u.identifier_to_keep);
			if (!from || !to || from === to) continue;
			mergeInto(from, to);
			ws.remove(from);
			changed = true;
		}
		return changed;
	};
	return { status: 202, body: { message: 'success' }, later };
}

module.exports = { mergeInto, usersMerge };
