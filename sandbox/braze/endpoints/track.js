// @ts-check
'use strict';
/**
 * POST /users/track (Braze docs: api/endpoints/user_data/post_user_track, and the attributes,
 * event and purchase objects under api/objects_filters/).
 */
const { RESERVED_EVENT_PROPERTIES } = require('../catalogue');
const { touch } = require('../state');
const v = require('../validate');
const { identifierOf, resolveUser, attributesProblem, applyAttributes } = require('./attributes');
const { fatal, clone, bump, pastOrNow } = require('./common');

/** @typedef {import('./common').Request} Request @typedef {import('./common').Result} Result */

const NOTHING_VALID = "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields.";
const ARRAYS = /** @type {const} */ (['attributes', 'events', 'purchases']);

/**
 * @param {Record<string, any>} e
 * @param {import('./common').EndpointOptions} o
 * @returns {string | undefined}
 */
function eventProblem(e, o) {
	if (typeof e.name !== 'string' || e.name === '') return "event 'name' is required";
	if (e.name.length > v.MAX_STRING) return `event name longer than ${v.MAX_STRING} characters`;
	if (e.time === undefined || e.time === null) return "event 'time' is required";
	if (!v.isTime(e.time)) return "event 'time' must be an ISO-8601 time or yyyy-MM-dd'T'HH:mm:ss:SSSZ";
	if (e.app_id !== undefined && typeof e.app_id !== 'string') return "'app_id' must be a string";
	return v.propertiesProblem(e.properties, o.eventPropertiesMaxBytes, RESERVED_EVENT_PROPERTIES);
}

/**
 * @param {Record<string, any>} p
 * @param {import('./common').EndpointOptions} o
 * @returns {string | undefined}
 */
function purchaseProblem(p, o) {
	if (typeof p.product_id !== 'string' || p.product_id === '') return "purchase 'product_id' is required";
	if (p.product_id.length > v.MAX_STRING) return `product_id longer than ${v.MAX_STRING} characters`;
	if (typeof p.currency !== 'string' || !/^[A-Za-z]{3}$/.test(p.currency)) return "'currency' must be a three-letter ISO 4217 code";
	if (!v.isCurrency(p.currency)) return `'currency' ${p.currency} is not an ISO 4217 currency code`;
	if (typeof p.price !== 'number' || !Number.isFinite(p.price)) return "'price' must be a number";
	if (p.quantity !== undefined && !(Number.isInteger(p.quantity) && p.quantity >= 1 && p.quantity <= 100))
		return "'quantity' must be an integer from 1 to 100";
	if (p.time === undefined || p.time === null) return "purchase 'time' is required";
	if (!v.isTime(p.time)) return "purchase 'time' must be an ISO-8601 time";
	if (p.app_id !== undefined && typeof p.app_id !== 'string') return "'app_id' must be a string";
	return v.propertiesProblem(p.properties, o.purchasePropertiesMaxBytes);
}

/**
 * @param {Record<string, any>} user @param {Record<string, any>} obj @param {string} receivedAt
 */
function recordEvent(user, obj, receivedAt) {
	const time = pastOrNow(obj.time);
	/** @type {Record<string, any>} */
	const ev = { name: obj.name, time, received_at: receivedAt };
	if (obj.properties) ev.properties = clone(obj.properties);
	if (obj.app_id) ev.app_id = obj.app_id;
	user.events.push(ev);
	bump(user.custom_events, obj.name, time);
}

/**
 * @param {Record<string, any>} user @param {Record<string, any>} obj @param {string} receivedAt
 */
function recordPurchase(user, obj, receivedAt) {
	const time = pastOrNow(obj.time);
	/** @type {Record<string, any>} */
	const p = {
		product_id: obj.product_id,
		currency: obj.currency.toUpperCase(),
		price: obj.price,
		quantity: obj.quantity === undefined ? 1 : obj.quantity,
		time,
		received_at: receivedAt,
	};
	if (obj.properties) p.properties = clone(obj.properties);
	if (obj.app_id) p.app_id = obj.app_id;
	user.purchase_events.push(p);
	bump(user.purchases, obj.product_id, time);
}

/**
 * POST /users/track. The answer counts the objects "queued to be processed"; they are applied
 * later, attributes first, then events, then purchases (Braze docs: api_limits, "Batching requests
 * for Track users endpoint").
 * @param {Request} req @returns {Result}
 */
function track({ body, ws, o }) {
	if (!v.isPlainObject(body)) return fatal(400, NOTHING_VALID);
	let total = 0;
	for (const name of ARRAYS) {
		if (body[name] === undefined || body[name] === null) continue;
		if (!Array.isArray(body[name])) return fatal(400, `'${name}' must be an array`);
		if (body[name].length > o.trackMaxPerArray) return fatal(400, 'Max Input Length Exceeded');
		total += body[name].length;
	}
	if (o.trackMaxCombined && total > o.trackMaxCombined) return fatal(400, 'Max Input Length Exceeded');
	if (total === 0) return fatal(400, NOTHING_VALID);

	/** @type {{type: string, input_array: string, index: number}[]} */
	const errors = [];
	/** @type {Record<string, number>} */
	const processed = {};
	/** @type {{name: string, obj: Record<string, any>, id: import('./attributes').Identifier}[]} */
	const valid = [];
	for (const name of ARRAYS) {
		const list = body[name];
		if (!Array.isArray(list)) continue;
		processed[`${name}_processed`] = 0;
		list.forEach((obj, index) => {
			if (!v.isPlainObject(obj)) {
				errors.push({ type: `${name} objects must be JSON objects`, input_array: name, index });
				return;
			}
			const { id, error } = identifierOf(obj);
			const problem = error || (name === 'attributes' ? attributesProblem(obj) : name === 'events' ? eventProblem(obj, o) : purchaseProblem(obj, o));
			if (problem || !id) {
				errors.push({ type: problem || 'no identifier', input_array: name, index });
				return;
			}
			processed[`${name}_processed`]++;
			valid.push({ name, obj, id });
		});
	}
	if (valid.length === 0) return { status: 400, body: { message: NOTHING_VALID, errors } };
	const receivedAt = new Date().toISOString();
	const later = () => {
		let changed = false;
		for (const { name, obj, id } of valid) {
			// _update_existing_only and no such user: Braze accepted it and drops it silently
			const user = resolveUser(ws, id, obj);
			if (!user) continue;
			changed = true;
			if (name === 'attributes') applyAttributes(ws, user, obj, o);
			else if (name === 'events') recordEvent(user, obj, receivedAt);
			else recordPurchase(user, obj, receivedAt);
			touch(user);
		}
		return changed;
	};
	/** @type {Record<string, any>} */
	const out = { message: 'success', ...processed };
	if (errors.length) out.errors = errors;
	return { status: 201, body: out, later };
}

module.exports = { track, NOTHING_VALID };
