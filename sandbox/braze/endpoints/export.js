// @ts-check
'use strict';
/** POST /users/export/ids (Braze docs: api/endpoints/export/user_data/post_users_identifier). */
const { EXPORT_FIELDS } = require('../catalogue');
const v = require('../validate');
const { fatal, clone, notAnObject } = require('./common');

/** @typedef {import('./common').Request} Request @typedef {import('./common').Result} Result */

/**
 * The export form of a user: only what is known ("if a field is missing from the object it
 * should be assumed to be null or empty").
 * @param {Record<string, any>} u
 * @returns {Record<string, any>}
 */
function exportUser(u) {
	/** @type {Record<string, any>} */
	const out = {};
	if (u.external_id !== undefined) out.external_id = u.external_id;
	const aliases = u.user_aliases
		.filter((/** @type {any} */ a) => !a.visible_at || a.visible_at <= Date.now())
		.map((/** @type {any} */ a) => ({ alias_name: a.alias_name, alias_label: a.alias_label }));
	if (aliases.length) out.user_aliases = aliases;
	out.braze_id = u.braze_id;
	for (const [k, val] of Object.entries(u.attributes)) out[k] = clone(val);
	if (Object.keys(u.custom_attributes).length) out.custom_attributes = clone(u.custom_attributes);
	const events = Object.entries(u.custom_events).map(([name, c]) => ({ name, ...c }));
	if (events.length) out.custom_events = events;
	const purchases = Object.entries(u.purchases).map(([name, c]) => ({ name, ...c }));
	if (purchases.length) {
		out.purchases = purchases;
		out.total_revenue = Math.round(u.purchase_events.reduce((/** @type {number} */ s, /** @type {any} */ p) => s + p.price * p.quantity, 0) * 100) / 100;
	}
	const campaigns = Object.values(u.campaigns_received || {});
	if (campaigns.length) out.campaigns_received = clone(campaigns);
	const canvases = Object.values(u.canvases_received || {});
	if (canvases.length) out.canvases_received = clone(canvases);
	out.random_bucket = parseInt(u.braze_id.slice(-4), 16) % 10000;
	out.created_at = u.created_at;
	return out;
}

/**
 * POST /users/export/ids. `fields_to_export` is required (workspaces onboarded on or after
 * 22 August 2024) unless the sandbox plays an older workspace.
 * @param {Request} req @returns {Result}
 */
function exportIds({ body, ws, o }) {
	const bad = notAnObject(body);
	if (bad) return bad;
	const externalIds = body.external_ids ?? [];
	const aliases = body.user_aliases ?? [];
	if (!Array.isArray(externalIds) || externalIds.some((x) => typeof x !== 'string')) return fatal(400, "'external_ids' must be an array of strings");
	if (!Array.isArray(aliases) || aliases.some((a) => !v.isAlias(a))) return fatal(400, "'user_aliases' must be an array of {alias_name, alias_label} objects");
	if (externalIds.length + aliases.length > o.maxIdsPerRequest) return fatal(400, 'The max number of external_ids and aliases per request was exceeded');
	const singles = ['email_address', 'phone', 'device_id', 'braze_id'].filter((k) => body[k] !== undefined && body[k] !== null);
	if (singles.length > 1) return fatal(400, `Only one of email_address, phone, device_id or braze_id may be given per request, got ${singles.join(', ')}`);
	for (const k of singles) if (typeof body[k] !== 'string' || body[k] === '') return fatal(400, `'${k}' must be a non-empty string`);
	if (externalIds.length + aliases.length + singles.length === 0)
		return fatal(400, 'No user identifier given: send external_ids, user_aliases, email_address, phone, device_id or braze_id');
	/** @type {string[] | undefined} */
	let fields = body.fields_to_export;
	if (fields === undefined || fields === null) {
		if (o.requireFieldsToExport) return fatal(400, "'fields_to_export' is required (workspaces onboarded on or after August 22, 2024)");
		fields = undefined;
	} else {
		if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) return fatal(400, "'fields_to_export' must be an array of strings");
		const unknown = fields.filter((f) => !EXPORT_FIELDS.includes(f));
		if (unknown.length) return fatal(400, `Invalid fields_to_export: ${unknown.join(', ')}`);
	}

	/** @type {Record<string, any>[]} */
	const found = [];
	/** @type {string[]} */
	const invalid = [];
	/** @param {(Record<string, any> | undefined)[]} users @param {string} label */
	const add = (users, label) => {
		const known = users.filter((u) => u !== undefined);
		if (known.length === 0) invalid.push(label);
		for (const u of known) if (!found.includes(u)) found.push(u);
	};
	for (const id of externalIds) add([ws.byExternalId(id)], id);
	for (const a of aliases) add([ws.byAlias(a)], a.alias_name);
	if (body.braze_id) add([ws.byBrazeId(body.braze_id)], body.braze_id);
	if (body.email_address) add(ws.byEmail(body.email_address), body.email_address);
	if (body.phone) add(ws.byPhone(body.phone), body.phone);
	if (body.device_id) add([], body.device_id);

	const users = found.map((u) => {
		const full = exportUser(u);
		if (!fields) return full;
		/** @type {Record<string, any>} */
		const picked = {};
		for (const f of fields) if (full[f] !== undefined) picked[f] = full[f];
		return picked;
	});
	/** @type {Record<string, any>} */
	const out = { message: 'success', users };
	if (invalid.length) out.invalid_user_ids = invalid;
	return { status: 201, body: out };
}

module.exports = { exportIds, exportUser };
