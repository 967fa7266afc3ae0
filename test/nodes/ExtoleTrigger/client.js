'use strict';
/** Requests to the harness's webhook URLs, the way Extole sends them. */

/** POSTs raw bytes (string or Buffer) with headers; returns { status, body }. */
async function post(url, bytes, headers = {}) {
	return answer(await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: bytes }));
}

/** GETs `url` with `query` (a string, or an object of parameters) and headers; returns { status, body }. */
async function get(url, query = '', headers = {}) {
	const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
	const target = search ? `${url}${url.includes('?') ? '&' : '?'}${search}` : url;
	return answer(await fetch(target, { method: 'GET', headers }));
}

async function answer(res) {
	const text = await res.text();
	let body = text;
	try {
		body = JSON.parse(text);
	} catch {
		// keep text
	}
	return { status: res.status, body };
}

module.exports = { post, get };
