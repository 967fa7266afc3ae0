// @ts-check
'use strict';
/**
 * The sandbox's own API under /_sandbox/ (no Braze key): the request log, users, the processing
 * queue, the dashboard (campaigns, Canvases, segments), the sends, faults, reset and config.
 */
const { sendJson, readBody } = require('./http');

/**
 * @typedef {object} AdminContext
 * @property {import('./store').Store} store
 * @property {import('./log').RequestLog} log
 * @property {import('./queue').ProcessingQueue} queue
 * @property {import('./faults').Faults} faults
 * @property {() => number} settle
 * @property {(what?: {dashboard?: boolean}) => void} reset
 * @property {(workspace?: string) => any} usersOf
 * @property {() => object} config
 */

const NO_STORE = { 'cache-control': 'no-store' };

/** Dashboard collections: admin path -> Dashboard method adding one. */
const DASHBOARD = /** @type {const} */ ({ campaigns: 'addCampaign', canvases: 'addCanvas', segments: 'addSegment' });

/**
 * @param {AdminContext} ctx
 * @returns {(req: import('http').IncomingMessage, res: import('http').ServerResponse, url: URL) => Promise<void>}
 */
function createAdmin(ctx) {
	const { store, log, queue, faults } = ctx;
	/** @param {import('http').ServerResponse} res @param {string} allow */
	const notAllowed = (res, allow) => sendJson(res, 405, { message: 'Method Not Allowed' }, { allow });

	return async function admin(req, res, url) {
		const method = req.method || 'GET';
		const route = url.pathname.replace(/\/+$/, '');
		const q = url.searchParams;
		const text = await readBody(req);
		/** @type {any} */
		let body;
		try {
			body = text.trim() === '' ? undefined : JSON.parse(text);
		} catch {
			return sendJson(res, 400, { message: 'Body is not valid JSON' });
		}
		if (route === '/_sandbox/requests') {
			if (method === 'DELETE') {
				log.clear();
				return sendJson(res, 200, { message: 'cleared' });
			}
			if (method !== 'GET') return notAllowed(res, 'GET, DELETE');
			return sendJson(res, 200, { requests: log.list({ path: q.get('path'), workspace: q.get('workspace'), limit: Number(q.get('limit')) }) }, NO_STORE);
		}
		if (route === '/_sandbox/users') {
			if (method !== 'GET') return notAllowed(res, 'GET');
			const w = q.get('workspace');
			if (w) return sendJson(res, 200, { workspace: w, users: ctx.usersOf(w) }, NO_STORE);
			return sendJson(res, 200, { workspaces: ctx.usersOf() }, NO_STORE);
		}
		if (route === '/_sandbox/queue') {
			if (method !== 'GET') return notAllowed(res, 'GET');
			return sendJson(res, 200, { delayMs: queue.delayMs, pending: queue.pending() }, NO_STORE);
		}
		if (route === '/_sandbox/settle') {
			if (method !== 'POST') return notAllowed(res, 'POST');
			return sendJson(res, 200, { processed: ctx.settle() });
		}
		if (route === '/_sandbox/reset') {
			if (method !== 'POST') return notAllowed(res, 'POST');
			ctx.reset({ dashboard: q.get('dashboard') === 'true' });
			return sendJson(res, 200, { message: 'reset' });
		}
		const collection = /^\/_sandbox\/(campaigns|canvases|segments)$/.exec(route);
		if (collection) {
			const kind = /** @type {keyof typeof DASHBOARD} */ (collection[1]);
			if (method === 'GET') {
				const w = q.get('workspace') || 'production';
				return sendJson(res, 200, { workspace: w, [kind]: [...store.workspace(w).dashboard[kind].values()] }, NO_STORE);
			}
			if (method !== 'POST') return notAllowed(res, 'GET, POST');
			const specs = Array.isArray(body) ? body : [body];
			try {
				const added = specs.map((spec) => {
					const w = (spec && spec.workspace) || q.get('workspace') || 'production';
					const { workspace, ...rest } = spec || {};
					return { workspace: w, ...store.workspace(w).dashboard[DASHBOARD[kind]](rest) };
				});
				store.save();
				return sendJson(res, 201, { [kind]: added });
			} catch (e) {
				return sendJson(res, 400, { message: /** @type {Error} */ (e).message });
			}
		}
		if (route === '/_sandbox/dispatches') {
			if (method !== 'GET') return notAllowed(res, 'GET');
			const w = q.get('workspace') || 'production';
			return sendJson(res, 200, { workspace: w, dispatches: store.workspace(w).dispatches }, NO_STORE);
		}
		if (route === '/_sandbox/faults') {
			if (method === 'GET') return sendJson(res, 200, { faults: faults.all() }, NO_STORE);
			if (method === 'DELETE') {
				faults.clear();
				return sendJson(res, 200, { faults: [] });
			}
			if (method === 'POST' || method === 'PUT') {
				const input = body && !Array.isArray(body) && Array.isArray(body.faults) ? body.faults : body;
				try {
					return sendJson(res, 201, { faults: method === 'PUT' ? faults.set(input) : faults.add(input) });
				} catch (e) {
					return sendJson(res, 400, { message: /** @type {Error} */ (e).message });
				}
			}
			return notAllowed(res, 'GET, POST, PUT, DELETE');
		}
		const one = /^\/_sandbox\/faults\/([^/]+)$/.exec(route);
		if (one) {
			if (method !== 'DELETE') return notAllowed(res, 'DELETE');
			faults.clear(decodeURIComponent(one[1]));
			return sendJson(res, 200, { faults: faults.all() });
		}
		if (route === '/_sandbox/config') return sendJson(res, 200, ctx.config(), NO_STORE);
		return sendJson(res, 404, { message: `Unknown sandbox admin path ${url.pathname}` });
	};
}

module.exports = { createAdmin };
