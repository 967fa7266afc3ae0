// @ts-check
'use strict';
/** HTTP plumbing of the sandbox: JSON answers and request bodies. */

/**
 * @param {import('http').ServerResponse} res
 * @param {number} status
 * @param {any} body JSON body (undefined for none)
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
	const text = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
		'content-length': String(Buffer.byteLength(text)),
	});
	res.end(text);
}

/** Larger bodies are refused (Braze's own limits are far below). */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

/**
 * @param {import('http').IncomingMessage} req
 * @returns {Promise<string>}
 */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('body too large'));
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** @param {string} text @returns {any} the parsed JSON, or the (shortened) text when it is not JSON */
function jsonOrText(text) {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
	}
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = { sendJson, readBody, jsonOrText, sleep };
