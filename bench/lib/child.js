'use strict';
/** Runs a Node script as a child process and collects its output. */
const { spawn } = require('child_process');

/**
 * @param {string} script absolute path
 * @param {string[]} args
 * @param {{ execArgv?: string[], timeoutMs?: number, echo?: boolean }} [options] echo: pass stderr through
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string, timedOut: boolean }>}
 */
function runChild(script, args, { execArgv = [], timeoutMs = 30 * 60 * 1000, echo = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...execArgv, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			if (echo) process.stderr.write(chunk);
		});
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGTERM');
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, timedOut });
		});
	});
}

/** The last line of `stdout` that parses as JSON. */
function lastJson(stdout) {
	const lines = stdout.trim().split('\n').reverse();
	for (const line of lines) {
		try {
			return JSON.parse(line);
		} catch {
			// not JSON: keep looking
		}
	}
	throw new Error('the child printed no JSON line');
}

module.exports = { runChild, lastJson };
