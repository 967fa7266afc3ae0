// @ts-check
'use strict';
/** What the Extole sandbox holds: webhooks, client keys, deliveries and the API requests it saw. */

/**
 * @typedef {object} StateFilter A REWARD webhook's state filter.
 * @property {string} id
 * @property {'STATE'} type
 * @property {string[]} states
 */

/**
 * @typedef {object} Webhook
 * @property {string} id
 * @property {string} name
 * @property {string} url
 * @property {string} type CLIENT, GENERIC, PARTNER or REWARD
 * @property {string} default_method POST, GET, PUT or PATCH
 * @property {boolean} enabled
 * @property {string | null} client_key_id
 * @property {string | null} description
 * @property {string[]} tags
 * @property {number[] | null} retry_intervals milliseconds in the sandbox
 * @property {string} created_at
 * @property {string} updated_at
 * @property {Set<string>} campaign_ids campaigns whose controller calls the webhook
 * @property {StateFilter[]} filters
 * @property {boolean} archived
 */

/**
 * @typedef {object} ClientKey
 * @property {string} id
 * @property {'WEBHOOK'} type
 * @property {string} algorithm HS256, PASSWORD or HTTP_BASIC
 * @property {string} name
 * @property {string} key the secret
 * @property {string} created_date
 * @property {string} updated_date
 * @property {boolean} archived
 */

/**
 * @typedef {object} Attempt
 * @property {string} at
 * @property {number | null} status null when no HTTP answer came
 * @property {string} [method]
 * @property {string} [body] the first 500 characters of the answer
 * @property {string} [error]
 * @property {number} duration_ms
 */

/**
 * @typedef {object} DeliveryRecord
 * @property {string} id
 * @property {string} webhook_id
 * @property {string} url
 * @property {string | null} event_id
 * @property {number} copy 0 for the first copy, then 1, 2 ... for duplicates
 * @property {'PENDING' | 'DELIVERED' | 'FAILED'} status
 * @property {Attempt[]} attempts
 */

/**
 * @typedef {object} RequestRecord
 * @property {string} at
 * @property {string | undefined} method
 * @property {string} path
 * @property {string} query
 * @property {number | null} status
 */

/**
 * @typedef {object} SandboxState
 * @property {Map<string, Webhook>} webhooks
 * @property {Map<string, ClientKey>} keys
 * @property {DeliveryRecord[]} deliveries
 * @property {RequestRecord[]} requests
 */

/** @returns {SandboxState} */
function createState() {
	return { webhooks: new Map(), keys: new Map(), deliveries: [], requests: [] };
}

/**
 * A webhook as the API shows it: no filters, no archive flag, campaign ids as a list.
 * @param {Webhook} w
 */
function webhookView(w) {
	const { filters: _filters, archived: _archived, campaign_ids, ...rest } = w;
	return { ...rest, campaign_ids: [...campaign_ids] };
}

/**
 * A client key as the API shows it: no part of the secret, not even a prefix.
 * @param {ClientKey} k
 */
function publicKey(k) {
	const { key: _secret, ...rest } = k;
	return rest;
}

module.exports = { createState, webhookView, publicKey };
