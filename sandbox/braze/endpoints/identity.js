// @ts-check
'use strict';
/**
 * POST /users/alias/new, /users/identify and /users/delete (Braze docs: api/endpoints/user_data/
 * post_user_alias, post_user_identify, post_user_delete). All three are queued like /users/track.
 */
const { Workspace, touch } = require('../state');
const v = require('../validate');
const { fatal, notAnObject, listProblem } = require('./common');
const { mergeInto } = require('./merging');

/** @typedef {import('./common').Request} Request @typedef {import('./common').Result} Result */
/** @typedef {{type: string, input_array: string, index: number}} ItemError */

/**
 * POST /users/alias/new
 * @param {Request} req @returns {Result}
 */
function aliasNew({ body, ws, o }) {
	const bad = listProblem(body, 'user_aliases', o.maxIdsPerRequest);
	if (bad) return bad;
	/** @type {ItemError[]} */
	const errors = [];
	/** @type {{alias_name: string, alias_label: string, external_id?: string}[]} */
	const valid = [];
	body.user_aliases.forEach((/** @type {any} */ a, /** @type {number} */ index) => {
		const externalId = v.isPlainObject(a) ? a.external_id : undefined;
		if (!v.isAlias(a)) errors.push({ type: 'alias_name and alias_label are required', input_array: 'user_aliases', index });
		else if (externalId !== undefined && !v.isNonEmptyString(externalId))
			errors.push({ type: 'external_id must be a non-empty string', input_array: 'user_aliases', index });
		else valid.push(a);
	});
	if (valid.length === 0) return { status: 400, body: { message: 'No valid user_aliases given', errors } };
	const later = () => {
		let changed = false;
		const visibleAt = o.aliasDelayMs > 0 ? Date.now() + o.aliasDelayMs : undefined;
		for (const a of valid) {
			/** @type {{alias_name: string, alias_label: string, visible_at?: number}} */
			const alias = { alias_name: a.alias_name, alias_label: a.alias_label };
			if (ws.byAlias(alias, true)) continue; // the alias exists already: nothing to do
			if (visibleAt) alias.visible_at = visibleAt;
			if (a.external_id === undefined) {
				ws.createUser({ alias });
				changed = true;
				continue;
			}
			const user = ws.byExternalId(a.external_id);
			if (!user) continue; // "the alias will not be added to any users"
			// "Users can have only one alias for a specific label": the new one replaces it
			user.user_aliases = user.user_aliases.filter((/** @type {any} */ x) => x.alias_label !== alias.alias_label);
			user.user_aliases.push(alias);
			touch(user);
			changed = true;
		}
		return changed;
	};
	/** @type {Record<string, any>} */
	const out = { aliases_processed: valid.length, message: 'success' };
	if (errors.length) out.errors = errors;
	return { status: 201, body: out, later };
}

const IDENTIFY_LISTS = /** @type {const} */ (['aliases_to_identify', 'emails_to_identify', 'phone_numbers_to_identify']);

/**
 * @param {string} list @param {any} item
 * @returns {string | undefined}
 */
function identifyItemProblem(list, item) {
	if (!v.isPlainObject(item) || !v.isNonEmptyString(item.external_id)) return 'external_id is required';
	if (list === 'aliases_to_identify') return v.isAlias(item.user_alias) ? undefined : 'user_alias requires alias_name and alias_label';
	if (list === 'emails_to_identify' && !v.isEmail(item.email)) return 'a valid email is required';
	if (list === 'phone_numbers_to_identify' && !v.isNonEmptyString(item.phone)) return 'phone is required';
	return v.prioritizationProblem(item.prioritization);
}

/**
 * Identifies one unidentified profile with an external_id: it gets the external_id when no profile
 * has it, else it is merged into that profile and removed, unless that profile already has an alias
 * with the same label (Braze docs: post_user_identify, "How it works").
 * @param {Workspace} ws @param {Record<string, any>} anon @param {string} externalId
 * @param {string} [aliasLabel] the label of the alias that named the unidentified profile
 * @returns {boolean} changed
 */
function identifyProfile(ws, anon, externalId, aliasLabel) {
	if (anon.external_id !== undefined) return false; // already identified
	const known = ws.byExternalId(externalId);
	if (!known) {
		ws.setExternalId(anon, externalId);
		touch(anon);
		return true;
	}
	if (aliasLabel !== undefined && known.user_aliases.some((/** @type {any} */ a) => a.alias_label === aliasLabel)) return false;
	mergeInto(anon, known);
	ws.remove(anon);
	return true;
}

/**
 * POST /users/identify: by alias, email or phone ("One of the following is required:
 * aliases_to_identify, emails_to_identify, or phone_numbers_to_identify"); up to 50 per request.
 * @param {Request} req @returns {Result}
 */
function identify({ body, ws, o }) {
	const bad = notAnObject(body);
	if (bad) return bad;
	const given = IDENTIFY_LISTS.filter((k) => body[k] !== undefined);
	for (const k of given) if (!Array.isArray(body[k])) return fatal(400, `'${k}' must be an array`);
	const total = given.reduce((n, k) => n + body[k].length, 0);
	if (total === 0) return fatal(400, "One of 'aliases_to_identify', 'emails_to_identify' or 'phone_numbers_to_identify' is required");
	if (total > o.maxIdsPerRequest) return fatal(400, `The max number of identifiers per request was exceeded (${o.maxIdsPerRequest})`);
	/** @type {ItemError[]} */
	const errors = [];
	/** @type {{list: string, item: any}[]} */
	const valid = [];
	for (const list of given) {
		body[list].forEach((/** @type {any} */ item, /** @type {number} */ index) => {
			const problem = identifyItemProblem(list, item);
			if (problem) errors.push({ type: problem, input_array: list, index });
			else valid.push({ list, item });
		});
	}
	if (valid.length === 0) return { status: 400, body: { message: 'No valid identifiers to identify given', errors } };
	const later = () => {
		let changed = false;
		for (const { list, item } of valid) {
			if (list === 'aliases_to_identify') {
				const anon = ws.byAlias(item.user_alias);
				if (anon) changed = identifyProfile(ws, anon, item.external_id, item.user_alias.alias_label) || changed;
				continue;
			}
			const candidates = list === 'emails_to_identify' ? ws.byEmail(item.email) : ws.byPhone(item.phone);
			const anon = Workspace.pick(candidates, item.prioritization);
			if (anon) changed = identifyProfile(ws, anon, item.external_id) || changed;
		}
		return changed;
	};
	/** @type {Record<string, any>} */
	const out = { aliases_processed: valid.length, message: 'success' };
	if (errors.length) out.errors = errors;
	return { status: 201, body: out, later };
}

const DELETE_KINDS = /** @type {const} */ (['external_ids', 'user_aliases', 'braze_ids', 'email_addresses', 'phone_numbers']);
/** Braze docs: post_user_delete ("The allowed values for the array are ..."). */
const DELETE_PRIORITIZATIONS = ['identified', 'unidentified', 'most_recently_updated'];

/**
 * @param {string} kind @param {any} id
 * @returns {string | undefined}
 */
function deleteIdProblem(kind, id) {
	if (kind === 'external_ids' || kind === 'braze_ids') return v.isNonEmptyString(id) ? undefined : `'${kind}' must hold non-empty strings`;
	if (kind === 'user_aliases') return v.isAlias(id) ? undefined : "'user_aliases' must hold {alias_name, alias_label} objects";
	const field = kind === 'email_addresses' ? 'email' : 'phone';
	if (!v.isPlainObject(id)) return `'${kind}' must hold {${field}, prioritization} objects`;
	if (field === 'email' ? !v.isEmail(id.email) : !v.isNonEmptyString(id.phone)) return `'${kind}' entries need a valid ${field}`;
	const p = v.prioritizationProblem(id.prioritization, DELETE_PRIORITIZATIONS);
	return p ? `${kind}: ${p}` : undefined;
}

/**
 * POST /users/delete: up to 50 identifiers of one kind; answers how many were "queued for deletion".
 * @param {Request} req @returns {Result}
 */
function del({ body, ws, o }) {
	const bad = notAnObject(body);
	if (bad) return bad;
	const given = DELETE_KINDS.filter((k) => body[k] !== undefined && body[k] !== null);
	if (given.length === 0) return fatal(400, `No user identifier given: send one of ${DELETE_KINDS.join(', ')}`);
	if (given.length > 1) return fatal(400, `Only one of ${DELETE_KINDS.join(', ')} can be included in a single request, got ${given.join(', ')}`);
	const kind = given[0];
	const ids = body[kind];
	if (!Array.isArray(ids) || ids.length === 0) return fatal(400, `'${kind}' must be a non-empty array`);
	if (ids.length > o.maxIdsPerRequest) return fatal(400, 'The max number of ids per request was exceeded');
	for (const id of ids) {
		const problem = deleteIdProblem(kind, id);
		if (problem) return fatal(400, problem);
	}
	const later = () => {
		const users = new Set();
		for (const id of ids) {
			if (kind === 'external_ids') users.add(ws.byExternalId(id));
			else if (kind === 'braze_ids') users.add(ws.byBrazeId(id));
			else if (kind === 'user_aliases') users.add(ws.byAlias(id));
			else users.add(Workspace.pick(kind === 'email_addresses' ? ws.byEmail(id.email) : ws.byPhone(id.phone), id.prioritization));
		}
		users.delete(undefined);
		for (const u of users) ws.remove(u);
		return users.size > 0;
	};
	return { status: 201, body: { deleted: ids.length, message: 'success' }, later };
}

module.exports = { aliasNew, identify, del, identifyProfile };
