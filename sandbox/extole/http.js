// @ts-check
'use strict';
/** Small HTTP helpers of the Extole sandbox: JSON answers in Extole's error format, ids, bodies. */
const crypto = require('crypto');

/** A new Extole-like id: a long decimal string. */
function newId() {
	return (BigInt('0x' + crypto.randomBytes(8).toString('hex')) % 10n ** 19n).toString().padStart(19, '9');
}

/**
 * @param {import('http').ServerResponse} res
 * @param {number} status
 * @param {unknown} [body]
 */
function send(res, status, body) {
	const text = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

/**
 * An error in Extole's format: unique_id, http_status_code, code, message, parameters.
 * @param {import('http').ServerResponse} res
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @param {Record<string, unknown>} [parameters]
 */
function error(res, status, code, message, parameters) {
	send(res, status, { unique_id: newId(), http_status_code: status, code, message, ...(parameters ? { parameters } : {}) });
}

/**
 * Reads a JSON request body; `value` is undefined for an empty body.
 * @param {import('http').IncomingMessage} req
 * @returns {Promise<{ ok: true, value: any } | { ok: false }>}
 */
async function readJson(req) {
	const chunks = [];
	for await (const chunk of req) chunks.push(chunk);
	const raw = Buffer.concat(chunks).toString('utf8');
	if (raw.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(raw) };
	} catch {
		return { ok: false };
	}
}

/** @param {unknown} value */
function isHttpUrl(value) {
	try {
		const u = new URL(String(value));
		return u.protocol === 'http:' || u.protocol === 'https:';
	} catch {
		return false;
	}
}

module.exports = { newId, send, error, readJson, isHttpUrl };
