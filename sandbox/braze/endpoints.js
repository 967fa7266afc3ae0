'use strict';
/**
 * The Braze REST endpoints the sandbox models. Each handler takes the parsed JSON body, the
 * workspace of the key and the sandbox options, changes the workspace, and returns
 * `{ status, body, changed }`.
 */
const { Workspace, normEmail, touch } = require('./state');
const v = require('./validate');

/**
 * @typedef {object} EndpointOptions
 * @property {number} trackMaxPerArray objects per attributes/events/purchases array (75)
 * @property {number | null} trackMaxCombined cap on all three arrays together (null = none; 50 on some plans)
 * @property {number} maxIdsPerRequest ids per request for export/alias/identify/delete/subscriptions (50)
 * @property {number} eventPropertiesMaxBytes size cap of an event's or purchase's properties (51200)
 * @property {boolean} requireFieldsToExport 400 when /users/export/ids has no fields_to_export
 * @property {number} aliasDelayMs time before an alias made by /users/alias/new can be found
 */

/**
 * @typedef {object} Result
 * @property {number} status
 * @property {object} body
 * @property {boolean} [changed] the state was changed (persist it)
 */

const NOTHING_VALID = "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields.";

/** Standard (non-custom) user attributes of /users/track. */
const STANDARD_ATTRIBUTES = new Set([
	'first_name',
	'last_name',
	'email',
	'phone',
	'dob',
	'gender',
	'country',
	'language',
	'time_zone',
	'home_city',
	'email_subscribe',
	'push_subscribe',
	'image_url',
	'email_open_tracking_disabled',
	'email_click_tracking_disabled',
	'date_of_first_session',
	'date_of_last_session',
	'current_location',
]);
const CONTROL_KEYS = new Set(['external_id', 'user_alias', 'braze_id', '_update_existing_only', '_merge_objects']);
const SUBSCRIBE_STATES = ['opted_in', 'subscribed', 'unsubscribed'];
const GROUP_STATES = ['subscribed', 'unsubscribed'];

/** @param {number} status @param {string} message @param {object[]} [errors] @returns {Result} */
function fatal(status, message, errors) {
	return { status, body: errors ? { message, errors } : { message } };
}

/** @param {any} x @returns {any} a deep copy of JSON data */
function clone(x) {
	return x === undefined ? undefined : JSON.parse(JSON.stringify(x));
}

/** @param {any} a @param {any} b @returns {boolean} JSON equality */
function same(a, b) {
	return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Works out which identifier a track object uses. external_id, user_alias and braze_id exclude each
 * other; without them the object is identified by `email`, else by `phone` (email wins when both).
 * @param {Record<string, any>} obj
 * @returns {{kind?: string, value?: any, error?: string}}
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
		return { kind, value };
	}
	if (obj.email !== undefined && obj.email !== null) {
		if (!v.isEmail(obj.email)) return { error: 'invalid email address' };
		return { kind: 'email', value: obj.email };
	}
	if (obj.phone !== undefined && obj.phone !== null) {
		if (typeof obj.phone !== 'string' || obj.phone === '') return { error: 'phone must be a non-empty string' };
		return { kind: 'phone', value: obj.phone };
	}
	return { error: 'one of external_id, user_alias, braze_id, email or phone is required' };
}

/**
 * Finds (or creates) the user a track object names.
 * `_update_existing_only` defaults to false for external_id, email and phone, and to true for user_alias.
 * @param {Workspace} ws
 * @param {{kind: string, value: any}} id
 * @param {Record<string, any>} obj
 * @returns {any} the user, or undefined when it does not exist and must not be created
 */
function resolveUser(ws, id, obj) {
	const defaultUpdateOnly = id.kind === 'user_alias';
	const updateOnly = typeof obj._update_existing_only === 'boolean' ? obj._update_existing_only : defaultUpdateOnly;
	switch (id.kind) {
		case 'external_id': {
			const u = ws.byExternalId(id.value);
			return u || (updateOnly ? undefined : ws.createUser({ external_id: id.value }));
		}
		case 'user_alias': {
			const u = ws.byAlias(id.value);
			return (
				u || (updateOnly ? undefined : ws.createUser({ alias: { alias_name: id.value.alias_name, alias_label: id.value.alias_label } }))
			);
		}
		case 'braze_id':
			return ws.byBrazeId(id.value);
		case 'email': {
			const u = Workspace.prioritized(ws.byEmail(id.value));
			if (u || updateOnly) return u;
			const created = ws.createUser();
			created.attributes.email = id.value;
			ws.applyPending(created);
			return created;
		}
		case 'phone': {
			const u = Workspace.prioritized(ws.byPhone(id.value));
			if (u || updateOnly) return u;
			const created = ws.createUser();
			created.attributes.phone = id.value;
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
 * Checks an attributes object (identifier checked separately).
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
				if (!GROUP_STATES.includes(g.subscription_state))
					return "subscription_state must be 'subscribed' or 'unsubscribed'";
			}
			continue;
		}
		const np = v.nameProblem(key);
		if (np) return np;
		if (value === null) continue;
		if (key === 'email' && !v.isEmail(value)) return 'invalid email address';
		if ((key === 'email_subscribe' || key === 'push_subscribe') && !SUBSCRIBE_STATES.includes(value))
			return `${key} must be one of ${SUBSCRIBE_STATES.join(', ')}`;
		if (key === 'dob' && !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)))
			return 'dob must be a YYYY-MM-DD date';
		if (isOperation(value)) {
			if ('inc' in value && (typeof value.inc !== 'number' || !Number.isFinite(value.inc)))
				return `'inc' needs a number: ${key}`;
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
 * Applies a valid attributes object to a user.
 * @param {Workspace} ws
 * @param {any} user
 * @param {Record<string, any>} obj
 */
function applyAttributes(ws, user, obj) {
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
			// Braze also updates the other profiles that share the user's email address
			const sharing = user.attributes.email ? ws.byEmail(user.attributes.email) : [];
			for (const u of new Set([user, ...sharing])) {
				for (const g of value) u.subscription_groups[g.subscription_group_id] = g.subscription_state;
				if (u !== user) touch(u);
			}
			continue;
		}
		if (STANDARD_ATTRIBUTES.has(key)) {
			if (value === null) delete user.attributes[key];
			else user.attributes[key] = clone(value);
			if (key === 'phone' && value !== null) ws.applyPending(user);
			continue;
		}
		const ca = user.custom_attributes;
		if (value === null) {
			delete ca[key];
		} else if (isOperation(value)) {
			if ('inc' in value) {
				ca[key] = (typeof ca[key] === 'number' ? ca[key] : 0) + value.inc;
			} else {
				let arr = Array.isArray(ca[key]) ? ca[key] : ca[key] === undefined ? [] : [ca[key]];
				if (value.add) arr = arr.concat(clone(value.add));
				if (value.remove) arr = arr.filter((x) => !value.remove.some((/** @type {any} */ r) => same(r, x)));
				ca[key] = arr;
			}
		} else if (v.isPlainObject(value) && merge && v.isPlainObject(ca[key])) {
			deepMerge(ca[key], value);
		} else {
			ca[key] = clone(value);
		}
	}
}

/**
 * @param {string} time ISO-8601
 * @returns {string} the time as ISO string, replaced by now when in the future
 */
function pastOrNow(time) {
	const t = Date.parse(time);
	const now = Date.now();
	return new Date(t > now ? now : t).toISOString();
}

/**
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
 * @param {Record<string, any>} e
 * @param {EndpointOptions} o
 * @returns {string | undefined}
 */
function eventProblem(e, o) {
	if (typeof e.name !== 'string' || e.name === '') return "event 'name' is required";
	if (e.name.length > v.MAX_STRING) return `event name longer than ${v.MAX_STRING} characters`;
	if (e.time === undefined || e.time === null) return "event 'time' is required";
	if (!v.isIsoTime(e.time)) return "event 'time' must be an ISO-8601 time";
	if (e.app_id !== undefined && typeof e.app_id !== 'string') return "'app_id' must be a string";
	return v.propertiesProblem(e.properties, o.eventPropertiesMaxBytes);
}

/**
 * @param {Record<string, any>} p
 * @param {EndpointOptions} o
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
	if (!v.isIsoTime(p.time)) return "purchase 'time' must be an ISO-8601 time";
	if (p.app_id !== undefined && typeof p.app_id !== 'string') return "'app_id' must be a string";
	return v.propertiesProblem(p.properties, o.eventPropertiesMaxBytes);
}

/**
 * POST /users/track
 * @param {any} body @param {Workspace} ws @param {EndpointOptions} o @returns {Result}
 */
function track(body, ws, o) {
	if (!v.isPlainObject(body)) return fatal(400, NOTHING_VALID);
	const arrays = /** @type {const} */ (['attributes', 'events', 'purchases']);
	let total = 0;
	for (const name of arrays) {
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
	let valid = 0;
	let changed = false;
	const now = new Date().toISOString();
	for (const name of arrays) {
		const list = body[name];
		if (!Array.isArray(list)) continue;
		processed[`${name}_processed`] = 0;
		list.forEach((obj, index) => {
			if (!v.isPlainObject(obj)) {
				errors.push({ type: `${name} objects must be JSON objects`, input_array: name, index });
				return;
			}
			const id = identifierOf(obj);
			const problem =
				id.error ||
				(name === 'attributes' ? attributesProblem(obj) : name === 'events' ? eventProblem(obj, o) : purchaseProblem(obj, o));
			if (problem) {
				errors.push({ type: problem, input_array: name, index });
				return;
			}
			valid++;
			processed[`${name}_processed`]++;
			const user = resolveUser(ws, /** @type {{kind: string, value: any}} */ (id), obj);
			if (!user) return; // _update_existing_only and no such user: accepted, nothing created
			changed = true;
			if (name === 'attributes') {
				applyAttributes(ws, user, obj);
			} else if (name === 'events') {
				const time = pastOrNow(obj.time);
				/** @type {Record<string, any>} */
				const ev = { name: obj.name, time, received_at: now };
				if (obj.properties) ev.properties = clone(obj.properties);
				if (obj.app_id) ev.app_id = obj.app_id;
				user.events.push(ev);
				bump(user.custom_events, obj.name, time);
			} else {
				const time = pastOrNow(obj.time);
				/** @type {Record<string, any>} */
				const p = {
					product_id: obj.product_id,
					currency: obj.currency.toUpperCase(),
					price: obj.price,
					quantity: obj.quantity === undefined ? 1 : obj.quantity,
					time,
					received_at: now,
				};
				if (obj.properties) p.properties = clone(obj.properties);
				if (obj.app_id) p.app_id = obj.app_id;
				user.purchase_events.push(p);
				bump(user.purchases, obj.product_id, time);
			}
			touch(user);
		});
	}
	if (valid === 0) return { status: 400, body: { message: NOTHING_VALID, errors }, changed };
	/** @type {Record<string, any>} */
	const out = { message: 'success', ...processed };
	if (errors.length) out.errors = errors;
	return { status: 201, body: out, changed };
}

/** Fields /users/export/ids accepts in fields_to_export. */
const EXPORT_FIELDS = [
	'apps',
	'attributed_campaign',
	'attributed_source',
	'attributed_adgroup',
	'attributed_ad',
	'braze_id',
	'campaigns_received',
	'canvases_received',
	'cards_clicked',
	'country',
	'created_at',
	'custom_attributes',
	'custom_events',
	'devices',
	'dob',
	'email',
	'email_subscribe',
	'external_id',
	'first_name',
	'gender',
	'home_city',
	'language',
	'last_coordinates',
	'last_name',
	'phone',
	'purchases',
	'push_subscribe',
	'push_tokens',
	'random_bucket',
	'subscription_groups',
	'time_zone',
	'total_revenue',
	'uninstalled_at',
	'user_aliases',
];

/**
 * The export form of a user: only what is known ("a missing field means null/empty").
 * @param {any} u
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
	const groups = Object.entries(u.subscription_groups).map(([id, state]) => ({ subscription_group_id: id, subscription_state: state }));
	if (groups.length) out.subscription_groups = groups;
	out.random_bucket = parseInt(u.braze_id.slice(-4), 16) % 10000;
	out.created_at = u.created_at;
	return out;
}

/**
 * POST /users/export/ids
 * @param {any} body @param {Workspace} ws @param {EndpointOptions} o @returns {Result}
 */
function exportIds(body, ws, o) {
	if (!v.isPlainObject(body)) return fatal(400, 'Request body must be a JSON object');
	const externalIds = body.external_ids ?? [];
	const aliases = body.user_aliases ?? [];
	if (!Array.isArray(externalIds) || externalIds.some((x) => typeof x !== 'string'))
		return fatal(400, "'external_ids' must be an array of strings");
	if (!Array.isArray(aliases) || aliases.some((a) => !v.isAlias(a)))
		return fatal(400, "'user_aliases' must be an array of {alias_name, alias_label} objects");
	if (externalIds.length + aliases.length > o.maxIdsPerRequest)
		return fatal(400, 'The max number of external_ids and aliases per request was exceeded');
	const singles = ['email_address', 'phone', 'device_id', 'braze_id'].filter((k) => body[k] !== undefined && body[k] !== null);
	if (singles.length > 1)
		return fatal(400, `Only one of email_address, phone, device_id or braze_id may be given per request, got ${singles.join(', ')}`);
	for (const k of singles) if (typeof body[k] !== 'string' || body[k] === '') return fatal(400, `'${k}' must be a non-empty string`);
	if (externalIds.length + aliases.length + singles.length === 0)
		return fatal(400, 'No user identifier given: send external_ids, user_aliases, email_address, phone, device_id or braze_id');
	let fields = body.fields_to_export;
	if (fields === undefined || fields === null) {
		if (o.requireFieldsToExport) return fatal(400, "'fields_to_export' is required");
		fields = undefined;
	} else {
		if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) return fatal(400, "'fields_to_export' must be an array of strings");
		const unknown = fields.filter((f) => !EXPORT_FIELDS.includes(f));
		if (unknown.length) return fatal(400, `Invalid fields_to_export: ${unknown.join(', ')}`);
	}

	/** @type {any[]} */
	const found = [];
	/** @type {string[]} */
	const invalid = [];
	/** @param {any[]} users @param {string} label */
	const add = (users, label) => {
		if (users.length === 0) invalid.push(label);
		for (const u of users) if (!found.includes(u)) found.push(u);
	};
	for (const id of externalIds) add([ws.byExternalId(id)].filter(Boolean), id);
	for (const a of aliases) add([ws.byAlias(a)].filter(Boolean), a.alias_name);
	if (body.braze_id) add([ws.byBrazeId(body.braze_id)].filter(Boolean), body.braze_id);
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

/**
 * Common checks of an id list in a body.
 * @param {any} body @param {string} field @param {EndpointOptions} o
 * @returns {Result | undefined} a 400 result, or undefined when fine
 */
function listProblem(body, field, o) {
	if (!v.isPlainObject(body)) return fatal(400, 'Request body must be a JSON object');
	if (!Array.isArray(body[field]) || body[field].length === 0) return fatal(400, `'${field}' must be a non-empty array`);
	if (body[field].length > o.maxIdsPerRequest) return fatal(400, `The max number of ${field} per request was exceeded (${o.maxIdsPerRequest})`);
	return undefined;
}

/**
 * POST /users/alias/new
 * @param {any} body @param {Workspace} ws @param {EndpointOptions} o @returns {Result}
 */
function aliasNew(body, ws, o) {
	const bad = listProblem(body, 'user_aliases', o);
	if (bad) return bad;
	/** @type {object[]} */
	const errors = [];
	let processed = 0;
	let changed = false;
	const visibleAt = o.aliasDelayMs > 0 ? Date.now() + o.aliasDelayMs : undefined;
	body.user_aliases.forEach((/** @type {any} */ a, /** @type {number} */ index) => {
		if (!v.isAlias(a)) {
			errors.push({ type: 'alias_name and alias_label are required', input_array: 'user_aliases', index });
			return;
		}
		if (a.external_id !== undefined && (typeof a.external_id !== 'string' || a.external_id === '')) {
			errors.push({ type: 'external_id must be a non-empty string', input_array: 'user_aliases', index });
			return;
		}
		processed++;
		/** @type {{alias_name: string, alias_label: string, visible_at?: number}} */
		const alias = { alias_name: a.alias_name, alias_label: a.alias_label };
		if (ws.byAlias(alias, true)) return; // the alias exists already: nothing to do
		if (visibleAt) alias.visible_at = visibleAt;
		if (a.external_id === undefined) {
			ws.createUser({ alias });
			changed = true;
			return;
		}
		const user = ws.byExternalId(a.external_id);
		if (!user) return; // unknown external_id: nothing happens
		// one alias per label: a new alias with the same label replaces the old one
		user.user_aliases = user.user_aliases.filter((/** @type {any} */ x) => x.alias_label !== alias.alias_label);
		user.user_aliases.push(alias);
		touch(user);
		changed = true;
	});
	if (processed === 0) return { status: 400, body: { message: 'No valid user_aliases given', errors } };
	/** @type {Record<string, any>} */
	const out = { aliases_processed: processed, message: 'success' };
	if (errors.length) out.errors = errors;
	return { status: 201, body: out, changed };
}

/**
 * Merges an anonymous (alias-only) profile into an identified one: fields are carried over only where
 * the identified profile has none; events and purchases are added; the anonymous profile's aliases move.
 * @param {any} from @param {any} to
 */
function mergeInto(from, to) {
	for (const [k, val] of Object.entries(from.attributes)) if (to.attributes[k] === undefined) to.attributes[k] = val;
	for (const [k, val] of Object.entries(from.custom_attributes)) if (to.custom_attributes[k] === undefined) to.custom_attributes[k] = val;
	for (const [k, val] of Object.entries(from.subscription_groups)) if (to.subscription_groups[k] === undefined) to.subscription_groups[k] = val;
	for (const [name, c] of Object.entries(from.custom_events)) {
		bump(to.custom_events, name, /** @type {any} */ (c).first, /** @type {any} */ (c).count);
		bump(to.custom_events, name, /** @type {any} */ (c).last, 0);
	}
	for (const [name, c] of Object.entries(from.purchases)) {
		bump(to.purchases, name, /** @type {any} */ (c).first, /** @type {any} */ (c).count);
		bump(to.purchases, name, /** @type {any} */ (c).last, 0);
	}
	to.events.push(...from.events);
	to.purchase_events.push(...from.purchase_events);
	for (const a of from.user_aliases) if (!to.user_aliases.some((/** @type {any} */ x) => x.alias_label === a.alias_label)) to.user_aliases.push(a);
	touch(to);
}

/**
 * POST /users/identify
 * @param {any} body @param {Workspace} ws @param {EndpointOptions} o @returns {Result}
 */
function identify(body, ws, o) {
	const bad = listProblem(body, 'aliases_to_identify', o);
	if (bad) return bad;
	/** @type {object[]} */
	const errors = [];
	let processed = 0;
	let changed = false;
	body.aliases_to_identify.forEach((/** @type {any} */ item, /** @type {number} */ index) => {
		if (!v.isPlainObject(item) || typeof item.external_id !== 'string' || item.external_id === '') {
			errors.push({ type: 'external_id is required', input_array: 'aliases_to_identify', index });
			return;
		}
		if (!v.isAlias(item.user_alias)) {
			errors.push({ type: 'user_alias requires alias_name and alias_label', input_array: 'aliases_to_identify', index });
			return;
		}
		processed++;
		const anon = ws.byAlias(item.user_alias);
		if (!anon || anon.external_id !== undefined) return; // no alias-only profile: nothing to do
		const known = ws.byExternalId(item.external_id);
		if (!known) {
			ws.setExternalId(anon, item.external_id); // the alias-only profile becomes the identified one
			touch(anon);
			changed = true;
			return;
		}
		// the identified profile already has an alias with that label: profiles are not combined
		if (known.user_aliases.some((/** @type {any} */ a) => a.alias_label === item.user_alias.alias_label)) return;
		mergeInto(anon, known);
		ws.remove(anon);
		changed = true;
	});
	if (processed === 0) return { status: 400, body: { message: 'No valid aliases_to_identify given', errors } };
	/** @type {Record<string, any>} */
	const out = { aliases_processed: processed, message: 'success' };
	if (errors.length) out.errors = errors;
	return { status: 201, body: out, changed };
}

/**
 * POST /users/delete
 * @param {any} body @param {Workspace} ws @param {EndpointOptions} o @returns {Result}
 */
function del(body, ws, o) {
	if (!v.isPlainObject(body)) return fatal(400, 'Request body must be a JSON object');
	const ext = body.external_ids ?? [];
	const aliases = body.user_aliases ?? [];
	const brazeIds = body.braze_ids ?? [];
	if (!Array.isArray(ext) || ext.some((x) => typeof x !== 'string')) return fatal(400, "'external_ids' must be an array of strings");
	if (!Array.isArray(brazeIds) || brazeIds.some((x) => typeof x !== 'string')) return fatal(400, "'braze_ids' must be an array of strings");
	if (!Array.isArray(aliases) || aliases.some((a) => !v.isAlias(a)))
		return fatal(400, "'user_aliases' must be an array of {alias_name, alias_label} objects");
	const n = ext.length + aliases.length + brazeIds.length;
	if (n === 0) return fatal(400, 'No user identifier given: send external_ids, user_aliases or braze_ids');
	if (n > o.maxIdsPerRequest) return fatal(400, 'The max number of ids per request was exceeded');
	const users = new Set();
	for (const id of ext) users.add(ws.byExternalId(id));
	for (const a of aliases) users.add(ws.byAlias(a));
	for (const id of brazeIds) users.add(ws.byBrazeId(id));
	users.delete(undefined);
	for (const u of users) ws.remove(u);
	return { status: 201, body: { deleted: users.size, message: 'success' }, changed: users.size > 0 };
}

/**
 * POST /v2/subscription/status/set
 * @param {any} body @param {Workspace} ws @param {EndpointOptions} o @returns {Result}
 */
function subscriptionStatusSet(body, ws, o) {
	const bad = listProblem(body, 'subscription_groups', o);
	if (bad) return bad;
	for (const [i, g] of body.subscription_groups.entries()) {
		const at = `subscription_groups[${i}]`;
		if (!v.isPlainObject(g)) return fatal(400, `${at} must be an object`);
		if (typeof g.subscription_group_id !== 'string' || g.subscription_group_id === '')
			return fatal(400, `${at}: subscription_group_id is required`);
		if (!GROUP_STATES.includes(g.subscription_state))
			return fatal(400, `${at}: subscription_state must be 'subscribed' or 'unsubscribed'`);
		for (const k of ['external_ids', 'emails', 'phones']) {
			if (g[k] === undefined) continue;
			if (!Array.isArray(g[k]) || g[k].some((/** @type {any} */ x) => typeof x !== 'string' || x === ''))
				return fatal(400, `${at}: ${k} must be an array of strings`);
			if (g[k].length > o.maxIdsPerRequest) return fatal(400, `${at}: at most ${o.maxIdsPerRequest} ${k} per request`);
		}
		if (g.emails !== undefined && g.phones !== undefined) return fatal(400, `${at}: send emails or phones, not both`);
		if (!g.external_ids?.length && !g.emails?.length && !g.phones?.length)
			return fatal(400, `${at}: external_ids, emails or phones is required`);
		const badEmail = (g.emails || []).find((/** @type {string} */ e) => !v.isEmail(e));
		if (badEmail !== undefined) return fatal(400, `${at}: invalid email address: ${badEmail}`);
	}
	for (const g of body.subscription_groups) {
		const id = g.subscription_group_id;
		const state = g.subscription_state;
		/** @param {any} u */
		const set = (u) => {
			u.subscription_groups[id] = state;
			touch(u);
		};
		for (const x of g.external_ids || []) {
			const u = ws.byExternalId(x);
			if (u) set(u);
		}
		for (const e of g.emails || []) {
			const users = ws.byEmail(e);
			users.forEach(set);
			if (users.length === 0) {
				const p = (ws.pendingEmail[normEmail(e)] ??= {});
				p.subscription_groups = { ...p.subscription_groups, [id]: state };
			}
		}
		for (const ph of g.phones || []) {
			const users = ws.byPhone(ph);
			users.forEach(set);
			if (users.length === 0) {
				const p = (ws.pendingPhone[ph] ??= {});
				p.subscription_groups = { ...p.subscription_groups, [id]: state };
			}
		}
	}
	return { status: 201, body: { message: 'success' }, changed: true };
}

/**
 * POST /email/status: the global email subscription of addresses, remembered for addresses on no
 * profile yet and applied when a profile gets that address.
 * @param {any} body @param {Workspace} ws @param {EndpointOptions} o @returns {Result}
 */
function emailStatus(body, ws, o) {
	if (!v.isPlainObject(body)) return fatal(400, 'Request body must be a JSON object');
	const emails = typeof body.email === 'string' ? [body.email] : body.email;
	if (!Array.isArray(emails) || emails.length === 0) return fatal(400, "'email' must be an email address or an array of them");
	if (emails.length > o.maxIdsPerRequest) return fatal(400, `At most ${o.maxIdsPerRequest} email addresses per request`);
	const badEmail = emails.find((e) => !v.isEmail(e));
	if (badEmail !== undefined) return fatal(400, `Invalid email address: ${String(badEmail)}`);
	if (!SUBSCRIBE_STATES.includes(body.subscription_state))
		return fatal(400, `'subscription_state' must be one of ${SUBSCRIBE_STATES.join(', ')}`);
	for (const e of emails) {
		(ws.pendingEmail[normEmail(e)] ??= {}).email_subscribe = body.subscription_state;
		for (const u of ws.byEmail(e)) {
			u.attributes.email_subscribe = body.subscription_state;
			touch(u);
		}
	}
	return { status: 201, body: { message: 'success' }, changed: true };
}

/**
 * The endpoints: path -> permission, rate-limit family and handler.
 * @type {Record<string, {permission: string, family: string, handler: (body: any, ws: Workspace, o: EndpointOptions) => Result}>}
 */
const ENDPOINTS = {
	'/users/track': { permission: 'users.track', family: 'users.track', handler: track },
	'/users/export/ids': { permission: 'users.export.ids', family: 'users.export.ids', handler: exportIds },
	'/users/alias/new': { permission: 'users.alias.new', family: 'users.identity', handler: aliasNew },
	'/users/identify': { permission: 'users.identify', family: 'users.identity', handler: identify },
	'/users/delete': { permission: 'users.delete', family: 'users.identity', handler: del },
	'/v2/subscription/status/set': {
		permission: 'subscription.status.set',
		family: 'subscription.status.set',
		handler: subscriptionStatusSet,
	},
	'/email/status': { permission: 'email.status', family: 'email.status', handler: emailStatus },
};

module.exports = { ENDPOINTS, EXPORT_FIELDS, STANDARD_ATTRIBUTES, NOTHING_VALID };
