// @ts-check
'use strict';
/**
 * The user attributes object (Braze docs: api/objects_filters/user_attributes_object): who a
 * /users/track object names, its checks, and what it does to a profile. The messaging endpoints'
 * `attributes` use the same checks and writes.
 */
const { STANDARD_ATTRIBUTES } = require('../catalogue');
const { DROP, standardValue, setArray, changeArray } = require('../normalize');
const { Workspace, normEmail, touch } = require('../state');
const v = require('../validate');
const { clone } = require('./common');

const CONTROL_KEYS = new Set(['external_id', 'user_alias', 'braze_id', '_update_existing_only', '_merge_objects']);
const SUBSCRIBE_STATES = ['opted_in', 'subscribed', 'unsubscribed'];
const GROUP_STATES = ['subscribed', 'unsubscribed'];

/** @typedef {{kind: string, value: any}} Identifier */

/**
 * Works out which identifier a track object uses. external_id, user_alias and braze_id exclude each
 * other; without them the object is identified by `email`, else by `phone` ("If you include a
 * request with both email and phone, Braze will use the email as the identifier", post_user_track).
 * @param {Record<string, any>} obj
 * @returns {{id?: Identifier, error?: string}}
 */
function identifierOf(obj) {
	const primary = ['external_id', 'user_alias', 'braze_id'].filter((k) => obj[k] !== undefined && obj[k] !== null);
	if (primary.length > 1) return { error: `only one of external_id, user_alias or braze_id may be given, got ${primary.join(', ')}` };
	if (primary.length === 1) {
		const kind = primary[0];
		const value = obj[kind];
		if (kind === 'user_alias') {
			if (!v.isAlias(value)) return { error: 'user_alias requires a non-empty alias_name and alias_label' };
		} else if (typeof value !== 'string' || value === '' || value.length > v.MAX_STRING) {
			return { error: `${kind} must be a non-empty string of at most ${v.MAX_STRING} characters` };
		}
		return { id: { kind, value } };
	}
	if (obj.email !== undefined && obj.email !== null) {
		if (!v.isEmail(obj.email)) return { error: 'invalid email address' };
		return { id: { kind: 'email', value: obj.email } };
	}
	if (obj.phone !== undefined && obj.phone !== null) {
		if (typeof obj.phone !== 'string' || obj.phone === '') return { error: 'phone must be a non-empty string' };
		return { id: { kind: 'phone', value: obj.phone } };
	}
	return { error: 'one of external_id, user_alias, braze_id, email or phone is required' };
}

/**
 * Finds (or creates) the user a track object names. `_update_existing_only` defaults to false for
 * external_id, email and phone, and to true for user_alias (Braze docs: user_attributes_object).
 * @param {Workspace} ws
 * @param {Identifier} id
 * @param {Record<string, any>} obj
 * @returns {Record<string, any> | undefined} the user, or undefined when it does not exist and must not be created
 */
function resolveUser(ws, id, obj) {
	const updateOnly = typeof obj._update_existing_only === 'boolean' ? obj._update_existing_only : id.kind === 'user_alias';
	switch (id.kind) {
		case 'external_id':
			return ws.byExternalId(id.value) || (updateOnly ? undefined : ws.createUser({ external_id: id.value }));
		case 'user_alias': {
			const alias = { alias_name: id.value.alias_name, alias_label: id.value.alias_label };
			return ws.byAlias(alias) || (updateOnly ? undefined : ws.createUser({ alias }));
		}
		case 'braze_id':
			return ws.byBrazeId(id.value);
		case 'email':
		case 'phone': {
			const existing = Workspace.prioritized(id.kind === 'email' ? ws.byEmail(id.value) : ws.byPhone(id.value));
			if (existing || updateOnly) return existing;
			const created = ws.createUser();
			created.attributes[id.kind] = id.value;
			ws.applyPending(created);
			return created;
		}
		default:
			return undefined;
	}
}

/** @param {any} op @returns {boolean} `{inc: n}`, `{add: [...]}`, `{remove: [...]}` (add and remove may be combined) */
function isOperation(op) {
	if (!v.isPlainObject(op)) return false;
	const keys = Object.keys(op);
	if (keys.length === 1 && keys[0] === 'inc') return true;
	return keys.length > 0 && keys.every((k) => k === 'add' || k === 'remove');
}

/**
 * Checks an attributes object (its identifier is checked separately).
 * @param {Record<string, any>} obj
 * @returns {string | undefined}
 */
function attributesProblem(obj) {
	for (const [key, value] of Object.entries(obj)) {
		if (CONTROL_KEYS.has(key)) continue;
		if (key === 'subscription_groups') {
			if (!Array.isArray(value)) return "'subscription_groups' must be an array";
			for (const g of value) {
				if (!v.isPlainObject(g) || typeof g.subscription_group_id !== 'string' || g.subscription_group_id === '')
					return 'subscription_groups entries need a subscription_group_id';
				if (!GROUP_STATES.includes(g.subscription_state)) return "subscription_state must be 'subscribed' or 'unsubscribed'";
			}
			continue;
		}
		const np = v.nameProblem(key);
		if (np) return np;
		if (value === null) continue;
		if (key === 'email' && !v.isEmail(value)) return 'invalid email address';
		if ((key === 'email_subscribe' || key === 'push_subscribe') && !SUBSCRIBE_STATES.includes(value))
			return `${key} must be one of ${SUBSCRIBE_STATES.join(', ')}`;
		if (key === 'dob' && !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) return 'dob must be a YYYY-MM-DD date';
		if (isOperation(value)) {
			if ('inc' in value && (typeof value.inc !== 'number' || !Number.isFinite(value.inc))) return `'inc' needs a number: ${key}`;
			if ('add' in value && !Array.isArray(value.add)) return `'add' needs an array: ${key}`;
			if ('remove' in value && !Array.isArray(value.remove)) return `'remove' needs an array: ${key}`;
		}
		const vp = v.valueProblem(value, key);
		if (vp) return vp;
	}
	return undefined;
}

/**
 * Deep merge of nested custom attributes (`_merge_objects: true`); null removes a key.
 * @param {Record<string, any>} target
 * @param {Record<string, any>} src
 */
function deepMerge(target, src) {
	for (const [k, val] of Object.entries(src)) {
		if (val === null) delete target[k];
		else if (v.isPlainObject(val) && v.isPlainObject(target[k])) deepMerge(target[k], val);
		else target[k] = clone(val);
	}
}

/**
 * @param {Record<string, any>} ca the custom attributes
 * @param {string} key
 * @param {any} value a valid, non-null value
 * @param {boolean} merge `_merge_objects`
 * @param {number} maxArray
 */
function setCustom(ca, key, value, merge, maxArray) {
	if (isOperation(value)) {
		if ('inc' in value) ca[key] = (typeof ca[key] === 'number' ? ca[key] : 0) + value.inc;
		else {
			const current = Array.isArray(ca[key]) ? ca[key] : ca[key] === undefined ? [] : [ca[key]];
			ca[key] = changeArray(current, clone(value), maxArray);
		}
	} else if (Array.isArray(value)) ca[key] = setArray(clone(value), maxArray);
	else if (v.isPlainObject(value) && merge && v.isPlainObject(ca[key])) deepMerge(ca[key], value);
	else ca[key] = clone(value);
}

/**
 * Applies a valid attributes object to a user: standard fields as Braze normalises them, array
 * attributes de-duplicated and capped, subscription groups also on the profiles sharing the email.
 * @param {Workspace} ws
 * @param {Record<string, any>} user
 * @param {Record<string, any>} obj
 * @param {{arrayAttributeMaxLength: number, subscriptionGroups?: boolean}} o `subscriptionGroups: false` ignores them
 */
function applyAttributes(ws, user, obj, o) {
	const merge = obj._merge_objects === true;
	// email first: subscription states remembered for that address apply, then anything this object sets.
	if ('email' in obj) {
		const before = normEmail(user.attributes.email);
		if (obj.email === null) delete user.attributes.email;
		else user.attributes.email = obj.email;
		if (obj.email !== null && normEmail(obj.email) !== before) ws.applyPending(user);
	}
	for (const [key, value] of Object.entries(obj)) {
		if (CONTROL_KEYS.has(key) || key === 'email') continue;
		if (key === 'subscription_groups') {
			if (o.subscriptionGroups === false) continue;
			// Braze also updates the other profiles that share the user's email address (post_user_track)
			const sharing = user.attributes.email ? ws.byEmail(user.attributes.email) : [];
			for (const u of new Set([user, ...sharing])) {
				for (const g of value) u.subscription_groups[g.subscription_group_id] = g.subscription_state;
				if (u !== user) touch(u);
			}
			continue;
		}
		if (STANDARD_ATTRIBUTES.has(key)) {
			const stored = value === null ? null : standardValue(key, value);
			if (stored === DROP) continue;
			if (stored === null) delete user.attributes[key];
			else user.attributes[key] = clone(stored);
			if (key === 'phone' && stored !== null) ws.applyPending(user);
			continue;
		}
		if (value === null) delete user.custom_attributes[key];
		else setCustom(user.custom_attributes, key, value, merge, o.arrayAttributeMaxLength);
	}
}

module.exports = { CONTROL_KEYS, SUBSCRIBE_STATES, GROUP_STATES, identifierOf, resolveUser, attributesProblem, applyAttributes };
