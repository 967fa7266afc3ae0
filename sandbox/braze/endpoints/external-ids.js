// @ts-check
'use strict';
/**
 * POST /users/external_ids/rename and /users/external_ids/remove (Braze docs:
 * api/endpoints/user_data/external_id_migration/post_external_ids_rename, post_external_ids_remove).
 * A rename gives the user a new primary external_id and keeps the old one as a deprecated id that
 * still identifies the user until it is removed.
 */
const { touch } = require('../state');
const v = require('../validate');
const { fatal, notAnObject } = require('./common');

/** @typedef {import('./common').Request} Request @typedef {import('./common').Result} Result */

/** @param {any} body @param {string} field @param {number} max @returns {Result | undefined} */
function fatalList(body, field, max) {
	const bad = notAnObject(body);
	if (bad) return bad;
	// "The message field returns an error in the case of: ... Empty array ... more than 50 objects"
	if (!Array.isArray(body[field]) || body[field].length === 0) return fatal(400, `'${field}' must be a non-empty array`);
	if (body[field].length > max) return fatal(400, `'${field}' may hold at most ${max} items`);
	return undefined;
}

/**
 * POST /users/external_ids/rename. Answers the current ids renamed in `external_ids` and
 * `[index, message]` pairs in `rename_errors`.
 * @param {Request} req @returns {Result}
 */
function rename({ body, ws, o }) {
	const bad = fatalList(body, 'external_id_renames', o.maxIdsPerRequest);
	if (bad) return bad;
	/** @type {string[]} */
	const renamed = [];
	/** @type {[number, string][]} */
	const errors = [];
	body.external_id_renames.forEach((/** @type {any} */ r, /** @type {number} */ index) => {
		if (!v.isPlainObject(r) || !v.isNonEmptyString(r.current_external_id) || !v.isNonEmptyString(r.new_external_id)) {
			errors.push([index, 'current_external_id and new_external_id must be non-empty strings']);
			return;
		}
		const user = ws.byExternalId(r.current_external_id);
		if (!user) errors.push([index, 'current_external_id does not exist']);
		else if (user.external_id !== r.current_external_id) errors.push([index, 'current_external_id must be a primary ID, not a deprecated one']);
		else if (r.current_external_id === r.new_external_id) errors.push([index, 'current_external_id and new_external_id cannot be the same']);
		else if (ws.byExternalId(r.new_external_id)) errors.push([index, 'new_external_id is already in use']);
		else {
			user.deprecated_external_ids = [...(user.deprecated_external_ids || []), r.current_external_id];
			ws.setExternalId(user, r.new_external_id);
			touch(user);
			renamed.push(r.current_external_id);
		}
	});
	return { status: 201, body: { message: 'success', external_ids: renamed, rename_errors: errors }, changed: renamed.length > 0 };
}

/**
 * POST /users/external_ids/remove: removes deprecated ids ("attempting to remove a primary
 * external ID will result in an error").
 * @param {Request} req @returns {Result}
 */
function remove({ body, ws, o }) {
	const bad = fatalList(body, 'external_ids', o.maxIdsPerRequest);
	if (bad) return bad;
	/** @type {string[]} */
	const removed = [];
	/** @type {[number, string][]} */
	const errors = [];
	body.external_ids.forEach((/** @type {any} */ id, /** @type {number} */ index) => {
		const user = v.isNonEmptyString(id) ? ws.byExternalId(id) : undefined;
		if (!v.isNonEmptyString(id)) errors.push([index, 'external_ids must hold non-empty strings']);
		else if (!user) errors.push([index, 'external_id does not exist']);
		else if (user.external_id === id) errors.push([index, 'only deprecated external IDs can be removed; this is a primary ID']);
		else {
			user.deprecated_external_ids = user.deprecated_external_ids.filter((/** @type {string} */ d) => d !== id);
			ws.extIndex.delete(id);
			touch(user);
			removed.push(id);
		}
	});
	return { status: 201, body: { message: 'success', removed_ids: removed, removal_errors: errors }, changed: removed.length > 0 };
}

module.exports = { rename, remove };
