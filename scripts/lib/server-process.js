// @ts-check
'use strict';
/**
 * One long-running child process (n8n, a worker, PostgreSQL, Redis) in its own process group,
 * its output appended to a log file. Stopping signals the whole group (so an n8n's task runner
 * goes with it), waits, then SIGKILLs what is left. Its pid is appended to `pidFile` when one is
 * given (scripts/e2e.js passes N8N_E2E_PID_FILE and kills those groups if jest dies without its
 * afterAll).
 */
const fs = require('fs');
const { spawn } = require('child_process');

/** @typedef {{ code: number | null, signal: NodeJS.Signals | null }} ExitInfo */

class ServerProcess {
	/**
	 * @param {object} o
	 * @param {string} o.name           for messages ("n8n worker 1", "postgres")
	 * @param {string} o.command
	 * @param {string[]} o.args
	 * @param {string} o.cwd
	 * @param {NodeJS.ProcessEnv} [o.env]
	 * @param {string} o.logFile
	 * @param {string} [o.pidFile]
	 * @param {boolean} [o.echo]        also copy the output to this process's stderr
	 */
	constructor(o) {
		this.name = o.name;
		this.command = o.command;
		this.args = o.args;
		this.cwd = o.cwd;
		this.env = o.env || process.env;
		this.logFile = o.logFile;
		this.pidFile = o.pidFile ?? process.env.N8N_E2E_PID_FILE;
		this.echo = !!o.echo;
		/** @type {import('child_process').ChildProcess | null} */
		this.child = null;
		/** @type {ExitInfo | null} */
		this.exitInfo = null;
		/** @type {Promise<ExitInfo>} */
		this.exited = Promise.resolve({ code: null, signal: null });
		this.pid = 0;
		/** How long the last stop() took, in ms (a slow shutdown shows in the stack's log). */
		this.stopMs = 0;
	}

	get running() {
		return this.child !== null && this.exitInfo === null;
	}

	start() {
		if (this.child) throw new Error(`${this.name} already started`);
		const out = fs.openSync(this.logFile, 'a');
		fs.writeSync(out, `\n$ ${this.command} ${this.args.join(' ')}   ${new Date().toISOString()}\n`);
		const child = spawn(this.command, this.args, {
			cwd: this.cwd,
			env: this.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.child = child;
		this.pid = child.pid || 0;
		if (this.pidFile && this.pid) fs.appendFileSync(this.pidFile, `${this.pid}\n`);
		/** @param {Buffer} d */
		const onData = (d) => {
			fs.writeSync(out, d);
			if (this.echo) process.stderr.write(d);
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		this.exited = new Promise((resolve) => {
			child.on('error', (error) => {
				fs.writeSync(out, `\n${this.name} could not start: ${error.message}\n`);
				this.exitInfo = { code: -1, signal: null };
				resolve(this.exitInfo);
			});
			child.on('exit', (code, signal) => {
				this.exitInfo = { code, signal };
				// The pipes may still hold output: close the log once they are drained.
				child.once('close', () => closeQuietly(out));
				resolve(this.exitInfo);
			});
		});
		return this;
	}

	/**
	 * Signals the process group, waits up to `graceMs`, then SIGKILLs the group.
	 * @param {{ signal?: NodeJS.Signals, graceMs?: number }} [options]
	 */
	async stop({ signal = 'SIGTERM', graceMs = 20000 } = {}) {
		if (!this.child) return;
		const started = Date.now();
		if (!this.exitInfo) signalGroup(this.pid, signal);
		/** @type {NodeJS.Timeout | undefined} */
		let timer;
		const exitedInTime = await Promise.race([
			this.exited.then(() => true),
			new Promise((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
		]);
		clearTimeout(timer);
		// Anything left in the group (a task runner, a stuck child) goes now.
		signalGroup(this.pid, 'SIGKILL');
		if (!exitedInTime) await this.exited;
		this.stopMs = Date.now() - started;
	}

	/** Synchronous last resort (for process 'exit' handlers). */
	killNow() {
		if (this.child) signalGroup(this.pid, 'SIGKILL');
	}

	/** @param {number} [lines] */
	logTail(lines = 40) {
		return this.log().split('\n').slice(-lines).join('\n');
	}

	log() {
		try {
			return fs.readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}
}

/** @param {number} pid @param {NodeJS.Signals} signal */
function signalGroup(pid, signal) {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		/* group already empty */
	}
}

/** @param {number} fd */
function closeQuietly(fd) {
	try {
		fs.closeSync(fd);
	} catch {
		/* closed */
	}
}

module.exports = { ServerProcess, signalGroup };
