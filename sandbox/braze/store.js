// @ts-check
'use strict';
/** The sandbox's workspaces, with optional JSON-file persistence. */
const fs = require('fs');
const path = require('path');
const { Dashboard } = require('./dashboard');
const { Workspace } = require('./state');

/** All workspaces of one sandbox, with optional JSON-file persistence. */
class Store {
	/** @param {{persistFile?: string, subscribeNewProfiles?: boolean}} [options] */
	constructor(options = {}) {
		/** @type {Map<string, Workspace>} */
		this.workspaces = new Map();
		this.persistFile = options.persistFile;
		this.workspaceOptions = { subscribeNewProfiles: options.subscribeNewProfiles };
		if (this.persistFile) this.load();
	}

	/** @param {string} name @returns {Workspace} the workspace, created on first use */
	workspace(name) {
		let ws = this.workspaces.get(name);
		if (!ws) {
			ws = new Workspace(name, this.workspaceOptions);
			this.workspaces.set(name, ws);
		}
		return ws;
	}

	/**
	 * Forgets every user, remembered subscription state and send; the dashboard (campaigns,
	 * Canvases, segments, send ids) too when `dashboard` is true.
	 * @param {{dashboard?: boolean}} [what]
	 */
	reset(what = {}) {
		for (const [name, ws] of this.workspaces) {
			const fresh = new Workspace(name, this.workspaceOptions);
			if (!what.dashboard) fresh.dashboard = ws.dashboard;
			this.workspaces.set(name, fresh);
		}
		this.save();
	}

	/**
	 * Makes every new alias findable now (its `aliasDelayMs` over).
	 * @returns {boolean} whether any was still hidden
	 */
	revealAliases() {
		let changed = false;
		for (const ws of this.workspaces.values()) {
			for (const u of ws.users) {
				for (const a of u.user_aliases) {
					if (a.visible_at === undefined) continue;
					delete a.visible_at;
					changed = true;
				}
			}
		}
		return changed;
	}

	/** Loads the persisted state, if the file exists. */
	load() {
		if (!this.persistFile || !fs.existsSync(this.persistFile)) return;
		const data = JSON.parse(fs.readFileSync(this.persistFile, 'utf8'));
		for (const [name, w] of Object.entries(data.workspaces || {})) {
			const ws = this.workspace(name);
			ws.users = w.users || [];
			ws.pendingEmail = w.pendingEmail || {};
			ws.pendingPhone = w.pendingPhone || {};
			ws.dispatches = w.dispatches || [];
			if (w.dashboard) ws.dashboard = Dashboard.fromJSON(w.dashboard);
			ws.reindex();
		}
	}

	/** Writes the state atomically (temp file + rename) when persistence is on. */
	save() {
		if (!this.persistFile) return;
		/** @type {Record<string, object>} */
		const workspaces = {};
		for (const [name, ws] of this.workspaces) workspaces[name] = ws.toJSON();
		const data = JSON.stringify({ version: 2, savedAt: new Date().toISOString(), workspaces }, null, 1);
		const dir = path.dirname(path.resolve(this.persistFile));
		fs.mkdirSync(dir, { recursive: true });
		const tmp = path.join(dir, `.${path.basename(this.persistFile)}.${process.pid}.${Date.now()}.tmp`);
		fs.writeFileSync(tmp, data);
		fs.renameSync(tmp, this.persistFile);
	}
}

module.exports = { Store };
