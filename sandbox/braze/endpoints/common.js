// @ts-check
'use strict';
/** What the endpoint modules share: their types, error results, and small helpers. */
const v = require('../validate');

/**
 * @typedef {object} EndpointOptions
 * @property {number} trackMaxPerArray objects per attributes/events/purchases array (75)
 * @property {number | null} trackMaxCombined cap on all three arrays together (null = none; 50 on some plans)
 * @property {number} maxIdsPerRequest ids per request for export/alias/identify/delete/merge/subscriptions/sends (50)
 * @property {number} eventPropertiesMaxBytes size cap of an event's properties (100 KB)
 * @property {number} purchasePropertiesMaxBytes size cap of a purchase's properties (50 KB)
 * @property {number} arrayAttributeMaxLength elements kept in an array attribute (500)
 * @property {boolean} requireFieldsToExport 400 when /users/export/ids has no fields_to_export
 * @property {number} aliasDelayMs extra time before an alias made by /users/alias/new can be found
 */

/**
 * @typedef {object} Request
 * @property {any} body the parsed JSON body (undefined for GET)
 * @property {URLSearchParams} query
 * @property {import('../state').Workspace} ws the workspace of the key
 * @property {EndpointOptions} o
 */

/**
 * @typedef {object} Result
 * @property {number} status
 * @property {object} body
 * @property {boolean} [changed] the state was changed at once (persist it)
 * @property {() => boolean} [later] the write Braze queues: applied after the processing delay; true when it changed the state
 */

/** @param {number} status @param {string} message @param {object[]} [errors] @returns {Result} */
function fatal(status, message, errors) {
	return { status, body: errors ? { message, errors } : { message } };
}

/** @param {any} x @returns {any} a deep copy of JSON data */
function clone(x) {
	return x === undefined ? undefined : JSON.parse(JSON.stringify(x));
}

/** @param {any} body @returns {Result | undefined} a 400 when the body is not a JSON object */
function notAnObject(body) {
	return v.isPlainObject(body) ? undefined : fatal(400, 'Request body must be a JSON object');
}

/**
 * Common checks of a required id list in a body.
 * @param {any} body @param {string} field @param {number} max
 * @returns {Result | undefined} a 400 result, or undefined when fine
 */
function listProblem(body, field, max) {
	const bad = notAnObject(body);
	if (bad) return bad;
	if (!Array.isArray(body[field]) || body[field].length === 0) return fatal(400, `'${field}' must be a non-empty array`);
	if (body[field].length > max) return fatal(400, `The max number of ${field} per request was exceeded (${max})`);
	return undefined;
}

/**
 * Adds an occurrence to an aggregate {first, last, count}.
 * @param {Record<string, {first: string, last: string, count: number}>} agg
 * @param {string} name
 * @param {string} time ISO
 * @param {number} [count]
 */
function bump(agg, name, time, count = 1) {
	const c = agg[name];
	if (!c) agg[name] = { first: time, last: time, count };
	else {
		if (time < c.first) c.first = time;
		if (time > c.last) c.last = time;
		c.count += count;
	}
}

/**
 * @param {string} time a time {@link v.parseTime} reads
 * @returns {string} the time as ISO string, replaced by now when in the future ("Events with
 * timestamps in the future will default to the current time", Braze docs: event_object)
 */
function pastOrNow(time) {
	const t = v.parseTime(time);
	const now = Date.now();
	return new Date(t > now ? now : t).toISOString();
}

module.exports = { fatal, clone, notAnObject, listProblem, bump, pastOrNow };
