// @ts-check
'use strict';
/** The sandbox's request log: every API call with its body and answer (never the key). */

class RequestLog {
	/** @param {number} max entries kept */
	constructor(max) {
		this.max = max;
		/** @type {Record<string, any>[]} */
		this.entries = [];
		this.lastId = 0;
	}

	/** @returns {number} the id of an entry about to be recorded */
	nextId() {
		return ++this.lastId;
	}

	/** @param {Record<string, any>} entry with its `id` */
	record(entry) {
		this.entries.push(entry);
		if (this.entries.length > this.max) this.entries = this.entries.slice(this.entries.length - this.max);
	}

	/** @param {number | undefined} id @returns {Record<string, any> | undefined} */
	find(id) {
		for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i].id === id) return this.entries[i];
		return undefined;
	}

	/**
	 * @param {{path?: string | null, workspace?: string | null, limit?: number}} [filter]
	 * @returns {Record<string, any>[]} copies, oldest first
	 */
	list(filter = {}) {
		let list = this.entries;
		if (filter.path) list = list.filter((e) => e.path === filter.path);
		if (filter.workspace) list = list.filter((e) => e.workspace === filter.workspace);
		if (filter.limit && filter.limit > 0) list = list.slice(-filter.limit);
		return list.map((e) => ({ ...e }));
	}

	clear() {
		this.entries = [];
	}
}

module.exports = { RequestLog };
