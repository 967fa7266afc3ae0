'use strict';
/**
 * CPU profiles of a running n8n through the inspector protocol: n8n is started with
 * `--inspect-port` in NODE_OPTIONS (nothing listens yet), SIGUSR1 opens the inspector on that
 * port, and Profiler.start / Profiler.stop bracket exactly the load of one scenario. The
 * WebSocket client is the `ws` package n8n itself ships.
 */
const path = require('path');

class Inspector {
	/** @param {{ pid: number, port: number, n8nModules: string }} o */
	constructor(o) {
		this.pid = o.pid;
		this.port = o.port;
		this.WebSocket = require(path.join(o.n8nModules, 'ws'));
		this.nextId = 1;
		/** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>} */
		this.pending = new Map();
		this.socket = null;
	}

	async connect() {
		process.kill(this.pid, 'SIGUSR1');
		let targets;
		for (let i = 0; i < 50 && !targets; i++) {
			try {
				const res = await fetch(`http://127.0.0.1:${this.port}/json/list`);
				targets = await res.json();
			} catch {
				await new Promise((r) => setTimeout(r, 100));
			}
		}
		if (!targets || !targets.length) throw new Error(`no inspector on port ${this.port} after SIGUSR1 to ${this.pid}`);
		const socket = new this.WebSocket(targets[0].webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
		await new Promise((resolve, reject) => {
			socket.once('open', resolve);
			socket.once('error', reject);
		});
		socket.on('message', (data) => {
			const message = JSON.parse(String(data));
			const waiter = message.id && this.pending.get(message.id);
			if (!waiter) return;
			this.pending.delete(message.id);
			if (message.error) waiter.reject(new Error(`${message.error.message}`));
			else waiter.resolve(message.result);
		});
		this.socket = socket;
		await this.send('Profiler.enable');
		return this;
	}

	/** @param {string} method @param {object} [params] */
	send(method, params = {}) {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			this.socket.send(JSON.stringify({ id, method, params }));
		});
	}

	/** @param {number} [intervalUs] sampling interval */
	async start(intervalUs = 200) {
		await this.send('Profiler.setSamplingInterval', { interval: intervalUs });
		await this.send('Profiler.start');
	}

	/** @returns {Promise<any>} the .cpuprofile object */
	async stop() {
		const { profile } = await this.send('Profiler.stop');
		return profile;
	}

	close() {
		if (this.socket) this.socket.close();
	}
}

module.exports = { Inspector };
