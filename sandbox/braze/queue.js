// @ts-check
'use strict';
/**
 * Braze's asynchronous processing. Braze answers /users/track, /users/alias/new,
 * /users/identify, /users/delete and /users/merge once it has queued the work ("queued to be
 * processed", "queued for deletion", "this endpoint is asynchronous"); the data shows up a little
 * later ("under normal conditions ... 10-100 ms", Braze docs: api/api_limits, "Optimal delay
 * between endpoints"). The sandbox keeps those writes here and applies them, in the order they
 * were received, `delayMs` after each request.
 */

/**
 * @typedef {object} Job
 * @property {number} id
 * @property {string} workspace
 * @property {string} path the endpoint
 * @property {number | undefined} requestId the request log entry that queued it
 * @property {number} queuedAt epoch ms
 * @property {number} dueAt epoch ms
 * @property {() => boolean} run applies the write; true when the state changed
 */

class ProcessingQueue {
	/**
	 * @param {object} options
	 * @param {number} options.delayMs 0 = apply at once, inside the request
	 * @param {(job: Job, changed: boolean) => void} options.onProcessed called after each job ran
	 */
	constructor(options) {
		this.delayMs = Math.max(0, options.delayMs);
		this.onProcessed = options.onProcessed;
		/** @type {Job[]} */
		this.jobs = [];
		this.nextId = 1;
		/** @type {NodeJS.Timeout | undefined} */
		this.timer = undefined;
	}

	/**
	 * Queues a write, or applies it at once when the delay is 0.
	 * @param {{workspace: string, path: string, requestId?: number, run: () => boolean}} work
	 * @returns {Job}
	 */
	enqueue(work) {
		const now = Date.now();
		/** @type {Job} */
		const job = { id: this.nextId++, workspace: work.workspace, path: work.path, requestId: work.requestId, queuedAt: now, dueAt: now + this.delayMs, run: work.run };
		if (this.delayMs === 0) {
			this.process(job);
			return job;
		}
		this.jobs.push(job);
		this.schedule();
		return job;
	}

	/** @param {Job} job */
	process(job) {
		const changed = job.run();
		this.onProcessed(job, changed);
	}

	/** Arms the timer for the oldest job (jobs are due in the order they came). */
	schedule() {
		if (this.timer || this.jobs.length === 0) return;
		const wait = Math.max(0, this.jobs[0].dueAt - Date.now());
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.runDue(Date.now());
			this.schedule();
		}, wait);
		this.timer.unref();
	}

	/** @param {number} now runs every job due by then, oldest first */
	runDue(now) {
		while (this.jobs.length && this.jobs[0].dueAt <= now) this.process(/** @type {Job} */ (this.jobs.shift()));
	}

	/**
	 * Applies every queued write now, as if the processing delay had passed.
	 * @returns {number} how many were applied
	 */
	settle() {
		const n = this.jobs.length;
		this.runDue(Infinity);
		this.cancelTimer();
		return n;
	}

	/** @returns {Omit<Job, 'run'>[]} the writes not applied yet, oldest first */
	pending() {
		return this.jobs.map((j) => ({ id: j.id, workspace: j.workspace, path: j.path, requestId: j.requestId, queuedAt: j.queuedAt, dueAt: j.dueAt }));
	}

	/** Forgets the queued writes without applying them. */
	clear() {
		this.jobs = [];
		this.cancelTimer();
	}

	cancelTimer() {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
	}
}

module.exports = { ProcessingQueue };
