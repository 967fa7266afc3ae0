// @ts-check
'use strict';
/**
 * A Braze workspace as the sandbox keeps it: its users, the subscription states remembered for
 * addresses on no profile yet, its dashboard configuration and the messages it sent (store.js
 * holds the workspaces and persists them).
 *
 * A stored user ("profile"):
 * {
 *   braze_id, external_id?, deprecated_external_ids?: [], user_aliases: [{alias_name, alias_label, visible_at?}],
 *   attributes: { first_name, email, phone, email_subscribe, ... },   // standard fields
 *   custom_attributes: {},
 *   custom_events: { [name]: { first, last, count } },
 *   events: [{ name, time, properties?, app_id?, received_at }],       // every event, for inspection
 *   purchases: { [product_id]: { first, last, count } },
 *   purchase_events: [{ product_id, currency, price, quantity, time, properties?, received_at }],
 *   subscription_groups: { [subscription_group_id]: 'subscribed' | 'unsubscribed' },
 *   messages: [{ dispatch_id, source, name, channels, properties?, sent_at, ... }],   // what was "sent" to the user
 *   campaigns_received: { [campaign_id]: {...} }, canvases_received: { [canvas_id]: {...} },
 *   created_at, updated_at
 * }
 */
const crypto = require('crypto');
const { Dashboard } = require('./dashboard');

/** @typedef {{alias_name: string, alias_label: string, visible_at?: number}} Alias */
/** @typedef {Record<string, any>} User */

let lastSeq = 0;

/**
 * Marks a user as updated now: `updated_at`, plus a strictly increasing `seq` that orders updates
 * made within the same millisecond.
 * @param {User} user
 */
function touch(user) {
	const now = Date.now();
	lastSeq = Math.max(now * 1000, lastSeq + 1);
	user.updated_at = new Date(now).toISOString();
	user.seq = lastSeq;
}

/** @returns {string} a 24 hex characters id, like Braze's braze_id */
function newBrazeId() {
	return crypto.randomBytes(12).toString('hex');
}

/**
 * @param {string | undefined | null} email
 * @returns {string} the comparison form of an email address
 */
function normEmail(email) {
	return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

/** A workspace: its users, remembered subscription states, dashboard and sends. */
class Workspace {
	/**
	 * @param {string} name
	 * @param {{subscribeNewProfiles?: boolean}} [options] `subscribeNewProfiles: false` leaves the
	 * subscription states of new profiles unset (Braze sets them; only for tests written before)
	 */
	constructor(name, options = {}) {
		this.name = name;
		this.subscribeNewProfiles = options.subscribeNewProfiles !== false;
		/** @type {User[]} */
		this.users = [];
		/** @type {Map<string, User>} external_id (current or deprecated) -> user */
		this.extIndex = new Map();
		/** @type {Map<string, User>} braze_id -> user */
		this.brazeIndex = new Map();
		/** @type {Record<string, {email_subscribe?: string, subscription_groups?: Record<string,string>}>} normalized email -> states applied when a profile gets that email */
		this.pendingEmail = {};
		/** @type {Record<string, {subscription_groups?: Record<string,string>}>} phone -> states */
		this.pendingPhone = {};
		this.dashboard = new Dashboard();
		/** @type {any[]} every send made in this workspace (dispatches), oldest first */
		this.dispatches = [];
	}

	/** @returns {object} JSON form for persistence */
	toJSON() {
		return {
			users: this.users,
			pendingEmail: this.pendingEmail,
			pendingPhone: this.pendingPhone,
			dashboard: this.dashboard.toJSON(),
			dispatches: this.dispatches,
		};
	}

	/**
	 * Creates a profile. New profiles start `subscribed` to email and push, as Braze's do
	 * (Braze docs: user_guide/audience/subscription_preferences/subscription_status).
	 * @param {{external_id?: string, alias?: Alias}} [ids] identifiers to start with
	 * @returns {User} the new user
	 */
	createUser(ids = {}) {
		const now = new Date().toISOString();
		/** @type {User} */
		const user = {
			braze_id: newBrazeId(),
			user_aliases: [],
			attributes: this.subscribeNewProfiles ? { email_subscribe: 'subscribed', push_subscribe: 'subscribed' } : {},
			custom_attributes: {},
			custom_events: {},
			events: [],
			purchases: {},
			purchase_events: [],
			subscription_groups: {},
			messages: [],
			campaigns_received: {},
			canvases_received: {},
			created_at: now,
			updated_at: now,
		};
		if (ids.alias) user.user_aliases.push({ ...ids.alias });
		touch(user);
		this.users.push(user);
		this.brazeIndex.set(user.braze_id, user);
		if (ids.external_id !== undefined) this.setExternalId(user, ids.external_id);
		return user;
	}

	/** @param {User} user @param {string} externalId gives the user its (primary) external_id */
	setExternalId(user, externalId) {
		user.external_id = externalId;
		this.extIndex.set(externalId, user);
	}

	/** Rebuilds the indexes (after loading). */
	reindex() {
		this.extIndex.clear();
		this.brazeIndex.clear();
		for (const u of this.users) {
			this.brazeIndex.set(u.braze_id, u);
			if (u.external_id !== undefined) this.extIndex.set(u.external_id, u);
			for (const d of u.deprecated_external_ids || []) this.extIndex.set(d, u);
		}
	}

	/** @param {string} externalId current or deprecated @returns {User | undefined} */
	byExternalId(externalId) {
		return this.extIndex.get(externalId);
	}

	/** @param {string} brazeId @returns {User | undefined} */
	byBrazeId(brazeId) {
		return this.brazeIndex.get(brazeId);
	}

	/**
	 * @param {{alias_name: string, alias_label: string}} alias
	 * @param {boolean} [includeHidden] also aliases still inside their `aliasDelayMs`
	 * @returns {User | undefined}
	 */
	byAlias(alias, includeHidden = false) {
		const now = Date.now();
		return this.users.find((u) =>
			u.user_aliases.some(
				(/** @type {Alias} */ a) =>
					a.alias_name === alias.alias_name &&
					a.alias_label === alias.alias_label &&
					(includeHidden || !a.visible_at || a.visible_at <= now),
			),
		);
	}

	/** @param {string} email @returns {User[]} every profile with that email */
	byEmail(email) {
		const n = normEmail(email);
		return this.users.filter((u) => normEmail(u.attributes.email) === n && n !== '');
	}

	/** @param {string} phone @returns {User[]} every profile with that phone */
	byPhone(phone) {
		return this.users.filter((u) => u.attributes.phone === phone);
	}

	/**
	 * The profile /users/track updates when several share an email or phone: the most recently
	 * updated one with an external_id, else the most recently updated one (Braze docs: post_user_track, FAQ).
	 * @param {User[]} users
	 * @returns {User | undefined}
	 */
	static prioritized(users) {
		if (users.length === 0) return undefined;
		const sorted = [...users].sort((a, b) => (b.seq || 0) - (a.seq || 0));
		return sorted.find((u) => u.external_id !== undefined) || sorted[0];
	}

	/**
	 * The one profile a `prioritization` array selects among those sharing an email or phone: each
	 * value filters in turn; when more than one profile (or none) is left, nothing is selected
	 * (Braze docs: post_user_identify, post_user_delete, post_users_merge, "prioritization").
	 * @param {User[]} users
	 * @param {string[]} prioritization
	 * @returns {User | undefined}
	 */
	static pick(users, prioritization) {
		let left = [...users];
		const bySeq = (/** @type {User} */ a, /** @type {User} */ b) => (a.seq || 0) - (b.seq || 0);
		for (const p of prioritization) {
			if (p === 'identified') left = left.filter((u) => u.external_id !== undefined);
			else if (p === 'unidentified') left = left.filter((u) => u.external_id === undefined);
			else if (p === 'most_recently_updated') left = left.sort(bySeq).slice(-1);
			else if (p === 'least_recently_updated') left = left.sort(bySeq).slice(0, 1);
		}
		return left.length === 1 ? left[0] : undefined;
	}

	/** @param {User} user */
	remove(user) {
		const i = this.users.indexOf(user);
		if (i >= 0) this.users.splice(i, 1);
		for (const id of [user.external_id, ...(user.deprecated_external_ids || [])]) {
			if (id !== undefined && this.extIndex.get(id) === user) this.extIndex.delete(id);
		}
		this.brazeIndex.delete(user.braze_id);
	}

	/**
	 * Applies the subscription states remembered for the user's email / phone (from /email/status or
	 * /v2/subscription/status/set sent before any profile had that address).
	 * @param {User} user
	 */
	applyPending(user) {
		const e = this.pendingEmail[normEmail(user.attributes.email)];
		if (e) {
			if (e.email_subscribe) user.attributes.email_subscribe = e.email_subscribe;
			if (e.subscription_groups) Object.assign(user.subscription_groups, e.subscription_groups);
		}
		const p = user.attributes.phone !== undefined ? this.pendingPhone[user.attributes.phone] : undefined;
		if (p && p.subscription_groups) Object.assign(user.subscription_groups, p.subscription_groups);
	}
}

/**
 * The inspection form of a user (what `/_sandbox/users` returns): everything, aggregated lists as arrays.
 * @param {User} u
 * @returns {object}
 */
function inspectUser(u) {
	/** @type {Record<string, any>} */
	const out = { braze_id: u.braze_id };
	if (u.external_id !== undefined) out.external_id = u.external_id;
	if (u.deprecated_external_ids && u.deprecated_external_ids.length) out.deprecated_external_ids = u.deprecated_external_ids;
	out.user_aliases = u.user_aliases.map((/** @type {Alias} */ a) => {
		/** @type {Record<string, any>} */
		const alias = { alias_name: a.alias_name, alias_label: a.alias_label };
		if (a.visible_at && a.visible_at > Date.now()) alias.visible_at = new Date(a.visible_at).toISOString();
		return alias;
	});
	Object.assign(out, {
		attributes: u.attributes,
		custom_attributes: u.custom_attributes,
		custom_events: Object.entries(u.custom_events).map(([name, c]) => ({ name, ...c })),
		events: u.events,
		purchases: Object.entries(u.purchases).map(([name, c]) => ({ name, ...c })),
		purchase_events: u.purchase_events,
		subscription_groups: u.subscription_groups,
		messages: u.messages || [],
		created_at: u.created_at,
		updated_at: u.updated_at,
	});
	return JSON.parse(JSON.stringify(out));
}

module.exports = { Workspace, inspectUser, newBrazeId, normEmail, touch };
