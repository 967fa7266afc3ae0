'use strict';
/**
 * CPU time of a process tree from /proc (Linux): user + system time of the process and of every
 * live descendant, plus what exited children left in their parents' cutime/cstime. n8n's main
 * process spawns its task runner, so the whole tree is what a request costs.
 */
const fs = require('fs');
const { execFileSync } = require('child_process');

let ticksPerSecond = 0;
function clockTicks() {
	if (!ticksPerSecond) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			ticksPerSecond = 100;
		}
	}
	return ticksPerSecond;
}

/** @param {string} pid @returns {{ ppid: number, ticks: number } | null} */
function readStat(pid) {
	let text;
	try {
		text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return null;
	}
	// The command name may hold spaces and parentheses: the fields start after the last ')'.
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	const ppid = Number(fields[1]);
	const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
	return { ppid, ticks };
}

/** @param {number} rootPid @returns {number[]} the root and its live descendants */
function treePids(rootPid) {
	/** @type {Map<number, number[]>} */
	const children = new Map();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const stat = readStat(name);
		if (!stat) continue;
		const list = children.get(stat.ppid) || [];
		list.push(Number(name));
		children.set(stat.ppid, list);
	}
	const out = [];
	const todo = [rootPid];
	while (todo.length) {
		const pid = /** @type {number} */ (todo.pop());
		out.push(pid);
		todo.push(...(children.get(pid) || []));
	}
	return out;
}

/** CPU milliseconds used so far by the process tree under `rootPid`. @param {number} rootPid */
function treeCpuMs(rootPid) {
	let ticks = 0;
	for (const pid of treePids(rootPid)) {
		const stat = readStat(String(pid));
		if (stat) ticks += stat.ticks;
	}
	return (ticks * 1000) / clockTicks();
}

module.exports = { treeCpuMs, treePids };
