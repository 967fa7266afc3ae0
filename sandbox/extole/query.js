// @ts-check
'use strict';
/**
 * How the sandbox and the sender put a body into query parameters for GET deliveries. Extole's
 * "Webhook Creation" page says a webhook may GET or POST its payload URL but does not document
 * the query encoding; the sandbox sends top-level fields as parameters and nested objects in
 * bracket notation (`data[email]=...`), the form encoding of most web frameworks. The Extole
 * Trigger reads that, and also nested objects sent as JSON text (`data={"email":...}`).
 */

/**
 * @param {Record<string, unknown>} body
 * @returns {string} without a leading `?`
 */
function toQueryString(body) {
	const params = new URLSearchParams();
	/**
	 * @param {string} name
	 * @param {unknown} value
	 */
	const add = (name, value) => {
		if (value === undefined || value === null) return;
		if (Array.isArray(value)) {
			value.forEach((v, i) => add(`${name}[${i}]`, v));
		} else if (typeof value === 'object') {
			for (const [k, v] of Object.entries(/** @type {Record<string, unknown>} */ (value))) add(`${name}[${k}]`, v);
		} else {
			params.append(name, String(value));
		}
	};
	for (const [k, v] of Object.entries(body)) add(k, v);
	return params.toString();
}

module.exports = { toQueryString };
