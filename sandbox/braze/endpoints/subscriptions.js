// @ts-check
'use strict';
/**
 * Subscription endpoints (Braze docs: api/endpoints/subscription_groups/
 * post_update_user_subscription_group_status_v2, get_list_user_subscription_group_status;
 * api/endpoints/email/post_email_subscription_status). Braze does not document these as queued:
 * the sandbox applies them at once.
 */
const { Workspace, normEmail, touch } = require('../state');
const v = require('../validate');
const { fatal, notAnObject, listProblem } = require('./common');
const { GROUP_STATES, SUBSCRIBE_STATES } = require('./attributes');

/** @typedef {import('./common').Request} Request @typedef {import('./common').Result} Result */

/**
 * `emails` and `phones` may be a single string or an array (post_update_user_subscription_group_status_v2).
 * @param {unknown} x @returns {unknown}
 */
const listOf = (x) => (typeof x === 'string' ? [x] : x);

/** @param {unknown} x @returns {number} how many values a list (or single string) holds */
const countOf = (x) => {
	const list = listOf(x);
	return Array.isArray(list) ? list.length : 0;
};

/**
 * @param {any} g a subscription_groups entry
 * @param {string} at its position, for messages
 * @param {number} max
 * @returns {string | undefined}
 */
function groupProblem(g, at, max) {
	if (!v.isPlainObject(g)) return `${at} must be an object`;
	if (!v.isNonEmptyString(g.subscription_group_id)) return `${at}: subscription_group_id is required`;
	if (!GROUP_STATES.includes(g.subscription_state)) return `${at}: subscription_state must be 'subscribed' or 'unsubscribed'`;
	for (const k of ['external_ids', 'emails', 'phones']) {
		if (g[k] === undefined) continue;
		const list = k === 'external_ids' ? g[k] : listOf(g[k]);
		if (!Array.isArray(list) || list.some((x) => !v.isNonEmptyString(x))) return `${at}: ${k} must be ${k === 'external_ids' ? 'an array of strings' : 'a string or an array of strings'}`;
		if (list.length > max) return `${at}: at most ${max} ${k} per request`;
	}
	if (g.emails !== undefined && g.phones !== undefined) return `${at}: send emails or phones, not both`;
	if (!countOf(g.external_ids) && !countOf(g.emails) && !countOf(g.phones)) return `${at}: external_ids, emails or phones is required`;
	const badEmail = /** @type {string[]} */ (listOf(g.emails) || []).find((e) => !v.isEmail(e));
	if (badEmail !== undefined) return `${at}: invalid email address: ${badEmail}`;
	const badPhone = /** @type {string[]} */ (listOf(g.phones) || []).find((p) => !v.isE164(p));
	if (badPhone !== undefined) return `${at}: phones must be in E.164 format: ${badPhone}`;
	if (g.use_double_opt_in_logic !== undefined && typeof g.use_double_opt_in_logic !== 'boolean') return `${at}: use_double_opt_in_logic must be a boolean`;
	return undefined;
}

/**
 * POST /v2/subscription/status/set: any problem is a 400 and nothing is applied. Unknown
 * external_ids are ignored; for an email or phone on no profile yet, the state is remembered.
 * @param {Request} req @returns {Result}
 */
function subscriptionStatusSet({ body, ws, o }) {
	const bad = listProblem(body, 'subscription_groups', o.maxIdsPerRequest);
	if (bad) return bad;
	for (const [i, g] of body.subscription_groups.entries()) {
		const problem = groupProblem(g, `subscription_groups[${i}]`, o.maxIdsPerRequest);
		if (problem) return fatal(400, problem);
	}
	for (const g of body.subscription_groups) {
		const id = g.subscription_group_id;
		const state = g.subscription_state;
		/** @param {Record<string, any>} u */
		const set = (u) => {
			u.subscription_groups[id] = state;
			touch(u);
		};
		for (const x of g.external_ids || []) {
			const u = ws.byExternalId(x);
			if (u) set(u);
		}
		for (const e of /** @type {string[]} */ (listOf(g.emails) || [])) {
			const users = ws.byEmail(e);
			users.forEach(set);
			if (users.length === 0) {
				const p = (ws.pendingEmail[normEmail(e)] ??= {});
				p.subscription_groups = { ...p.subscription_groups, [id]: state };
			}
		}
		for (const ph of /** @type {string[]} */ (listOf(g.phones) || [])) {
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

/** @param {URLSearchParams} q @param {string} name @returns {string[]} `name=` and `name[]=` values */
const params = (q, name) => [...q.getAll(name), ...q.getAll(`${name}[]`)];

/** @param {string | undefined} state @returns {string} as this endpoint spells it */
const spelled = (state) => (state === 'subscribed' ? 'Subscribed' : state === 'unsubscribed' ? 'Unsubscribed' : 'Unknown');

/**
 * GET /subscription/status/get: the state of users in one group, keyed by the identifiers asked
 * for. "When both an external_id and email/phone are submitted, only the external_id(s) ... are
 * applied"; "Submitting both an email address and phone number (with no external_id) will result
 * in an error".
 * @param {Request} req @returns {Result}
 */
function subscriptionStatusGet({ query, ws, o }) {
	const group = query.get('subscription_group_id');
	if (!group) return fatal(400, "'subscription_group_id' is required");
	const externalIds = params(query, 'external_id');
	const emails = params(query, 'email');
	const phones = params(query, 'phone');
	for (const [name, list] of /** @type {const} */ ([['external_id', externalIds], ['email', emails], ['phone', phones]])) {
		if (list.length > o.maxIdsPerRequest) return fatal(400, `at most ${o.maxIdsPerRequest} ${name} values per request`);
	}
	if (externalIds.length + emails.length + phones.length === 0) return fatal(400, 'One of external_id, email or phone is required');
	if (externalIds.length === 0 && emails.length && phones.length) return fatal(400, 'Send email or phone, not both (without external_id)');
	const badPhone = phones.find((p) => !v.isE164(p));
	if (externalIds.length === 0 && badPhone !== undefined) return fatal(400, `phone must be in E.164 format: ${badPhone}`);
	/** @type {Record<string, string>} */
	const status = {};
	if (externalIds.length) {
		for (const id of externalIds) status[id] = spelled(ws.byExternalId(id)?.subscription_groups[group]);
	} else if (emails.length) {
		for (const e of emails) {
			const user = Workspace.prioritized(ws.byEmail(e));
			status[e] = spelled(user ? user.subscription_groups[group] : ws.pendingEmail[normEmail(e)]?.subscription_groups?.[group]);
		}
	} else {
		for (const p of phones) {
			const user = Workspace.prioritized(ws.byPhone(p));
			status[p] = spelled(user ? user.subscription_groups[group] : ws.pendingPhone[p]?.subscription_groups?.[group]);
		}
	}
	return { status: 200, body: { status, message: 'success' } };
}

/**
 * POST /email/status: the global email subscription of addresses, remembered for addresses on no
 * profile yet ("When that email address is later associated with a user, it will automatically
 * set the email subscription state").
 * @param {Request} req @returns {Result}
 */
function emailStatus({ body, ws, o }) {
	const bad = notAnObject(body);
	if (bad) return bad;
	const emails = typeof body.email === 'string' ? [body.email] : body.email;
	if (!Array.isArray(emails) || emails.length === 0) return fatal(400, "'email' must be an email address or an array of them");
	if (emails.length > o.maxIdsPerRequest) return fatal(400, `At most ${o.maxIdsPerRequest} email addresses per request`);
	const badEmail = emails.find((e) => !v.isEmail(e));
	if (badEmail !== undefined) return fatal(400, `Invalid email address: ${String(badEmail)}`);
	if (!SUBSCRIBE_STATES.includes(body.subscription_state)) return fatal(400, `'subscription_state' must be one of ${SUBSCRIBE_STATES.join(', ')}`);
	for (const e of emails) {
		(ws.pendingEmail[normEmail(e)] ??= {}).email_subscribe = body.subscription_state;
		for (const u of ws.byEmail(e)) {
			u.attributes.email_subscribe = body.subscription_state;
			touch(u);
		}
	}
	return { status: 201, body: { message: 'success' }, changed: true };
}

module.exports = { subscriptionStatusSet, subscriptionStatusGet, emailStatus };
