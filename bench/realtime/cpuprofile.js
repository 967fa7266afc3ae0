'use strict';
/**
 * Summaries of a V8 CPU profile (.cpuprofile, as the inspector's Profiler.stop or node
 * --cpu-prof write it): self time per function and per source area, and total (inclusive) time
 * of the frames matching given patterns, each counted once per sample.
 */

/**
 * Which part of the stack a script belongs to: this package, an n8n package, or another
 * dependency (by its node_modules name), node's internals, V8's pseudo-frames.
 * @param {string} url
 */
function areaOf(url) {
	if (!url) return '(vm / native)';
	if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
	const pkgs = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].map((m) => m[1]);
	const last = pkgs[pkgs.length - 1];
	if (last === 'n8n-nodes-extole-braze' || /n8n-nodes-extole-braze\/dist\//.test(url)) {
		const rel = url.split('/dist/').pop() || url;
		return `extole-braze:${rel.split('/').slice(0, 2).join('/')}`;
	}
	if (last) return last;
	return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

/** @param {any} node */
function frameKey(node) {
	const cf = node.callFrame;
	const file = (cf.url || '').replace(/^file:\/\//, '').replace(/^.*node_modules\//, '');
	return `${cf.functionName || '(anonymous)'} ${file}${file ? `:${cf.lineNumber + 1}` : ''}`;
}

/**
 * @param {any} profile a .cpuprofile object
 * @param {{ patterns?: Record<string, RegExp>, top?: number }} [options]
 *   patterns: label -> RegExp tested on "functionName url" of each frame for inclusive time
 */
function summarise(profile, { patterns = {}, top = 25 } = {}) {
	/** @type {Map<number, any>} */
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	/** @type {Map<number, number>} */
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
	/** @type {Map<number, number>} */
	const selfUs = new Map();
	const samples = profile.samples || [];
	const deltas = profile.timeDeltas || [];
	let totalUs = 0;
	for (let i = 0; i < samples.length; i++) {
		// Each sample's time is the delta to the next one (V8 records the delta before it).
		const us = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
		selfUs.set(samples[i], (selfUs.get(samples[i]) || 0) + us);
		totalUs += us;
	}
	/** @type {Map<string, number>} */
	const byFunction = new Map();
	/** @type {Map<string, number>} */
	const byArea = new Map();
	let idleUs = 0;
	for (const [id, us] of selfUs) {
		const node = byId.get(id);
		const name = node.callFrame.functionName;
		if (name === '(idle)') idleUs += us;
		const key = frameKey(node);
		byFunction.set(key, (byFunction.get(key) || 0) + us);
		const area = name.startsWith('(') ? name : areaOf(node.callFrame.url);
		byArea.set(area, (byArea.get(area) || 0) + us);
	}
	/** @type {Record<string, number>} */
	const inclusive = {};
	const labels = Object.keys(patterns);
	if (labels.length) {
		/** @type {Map<number, string[]>} node id -> labels on its path (memoised) */
		const memo = new Map();
		const labelsOf = (id) => {
			if (memo.has(id)) return memo.get(id);
			const node = byId.get(id);
			const text = `${node.callFrame.functionName} ${node.callFrame.url}`;
			const own = labels.filter((l) => patterns[l].test(text));
			const up = parent.has(id) ? labelsOf(parent.get(id)) : [];
			const all = [...new Set([...own, ...up])];
			memo.set(id, all);
			return all;
		};
		for (const [id, us] of selfUs) for (const l of labelsOf(id)) inclusive[l] = (inclusive[l] || 0) + us;
	}
	const busyUs = totalUs - idleUs;
	const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]);
	return {
		totalMs: totalUs / 1000,
		busyMs: busyUs / 1000,
		topFunctions: sorted(byFunction).slice(0, top).map(([k, us]) => ({ frame: k, selfMs: us / 1000, pctBusy: (100 * us) / busyUs })),
		areas: sorted(byArea).map(([k, us]) => ({ area: k, selfMs: us / 1000, pctBusy: (100 * us) / busyUs })),
		inclusive: Object.fromEntries(labels.map((l) => [l, { ms: (inclusive[l] || 0) / 1000, pctBusy: (100 * (inclusive[l] || 0)) / busyUs }])),
	};
}

module.exports = { summarise, areaOf };
