/**
 * Runs `npm start` (scripts/start.js) as a developer would, for the e2e tests of it
 * (start.test.ts, start-queue-mode.test.ts): own process group, state in a temporary
 * N8N_START_HOME, free ports; parses what it prints; Ctrl-C (SIGINT to the group) and the check
 * that nothing it started is left (processes gone, ports closed).
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ChildProcess, spawn } from 'child_process';

import { Any, REPO_ROOT, RUN, brazeUsers, customEvent, eventsNamed, sleep, waitFor } from './helpers';

const START_TIMEOUT_MS = 120000;
const STOP_TIMEOUT_MS = 40000;

/** Environment a developer's shell might carry that must not reach the runs under test. */
const SCRUB = /^(BRAZE_|EXTOLE_|N8N_(PORT|PUBLIC_URL|OWNER_|START_HOME)|START_SKIP_BUILD$)/;

/** N8N_START_HOME of every run in this test file (one per jest worker process). */
export const home = fs.mkdtempSync(path.join(os.tmpdir(), 'start-e2e-'));
const runs: StartRun[] = [];

/**
 * After a failed test: Ctrl-C to every run still going (so it stops its servers and deletes their
 * temporary folders), SIGKILL to what is left after STOP_TIMEOUT_MS; then the temporary home goes.
 */
export async function cleanupRuns(): Promise<void> {
	await Promise.all(
		runs.map(async (run) => {
			if (!run.exited) {
				try {
					await run.interrupt();
				} catch {
					/* did not stop in time: killed below */
				}
			}
			run.killNow();
		}),
	);
	fs.rmSync(home, { recursive: true, force: true });
}

export interface Printed {
	editorUrl: string;
	email: string;
	password: string;
	webhookUrl: string;
	sendLine?: string;
	sandboxUrl?: string;
	realBrazeUrl?: string;
	extoleSandboxUrl?: string;
}

export class StartRun {
	child: ChildProcess;
	stdout = '';
	stderr = '';
	exit: Promise<{ code: number | null; signal: string | null }>;
	exited: { code: number | null; signal: string | null } | null = null;
	pidFile: string;

	/** @param env added to a scrubbed copy of this environment @param args start.js's arguments (`--queue` ...) */
	constructor(env: Record<string, string>, args: string[] = []) {
		this.pidFile = path.join(home, `pids-${runs.length}`);
		fs.writeFileSync(this.pidFile, '');
		const base: Record<string, string> = {};
		for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SCRUB.test(k)) base[k] = v;
		this.child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.js'), ...args], {
			cwd: REPO_ROOT,
			env: { ...base, START_SKIP_BUILD: '1', N8N_START_HOME: home, N8N_E2E_PID_FILE: this.pidFile, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // its own process group, as a terminal's foreground job
		});
		// If jest dies without afterAll, scripts/e2e.js kills this group.
		if (process.env.N8N_E2E_PID_FILE) fs.appendFileSync(process.env.N8N_E2E_PID_FILE, `${this.child.pid}\n`);
		this.child.stdout!.on('data', (d) => (this.stdout += d));
		this.child.stderr!.on('data', (d) => (this.stderr += d));
		this.exit = new Promise((resolve) =>
			this.child.on('exit', (code, signal) => resolve((this.exited = { code, signal }))),
		);
		runs.push(this);
	}

	get pid(): number {
		return this.child.pid!;
	}

	/** Pids of the servers start.js started (n8n processes, PostgreSQL, Redis), as they record them for a supervisor. */
	serverPids(): number[] {
		const pids = fs.readFileSync(this.pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
		if (process.env.N8N_E2E_PID_FILE) fs.appendFileSync(process.env.N8N_E2E_PID_FILE, pids.map((p) => `${p}\n`).join(''));
		return pids;
	}

	/** n8n's pid: the one server of a single-process start. */
	n8nPid(): number {
		const pids = this.serverPids();
		expect(pids).toHaveLength(1);
		return pids[0];
	}

	output(): string {
		return `--- stdout\n${this.stdout}\n--- stderr\n${this.stderr.slice(-4000)}`;
	}

	async ready(): Promise<Printed> {
		const started = Date.now();
		while (!/Ctrl-C stops n8n and the sandboxes/.test(this.stdout)) {
			if (this.exited) throw new Error(`start.js exited ${JSON.stringify(this.exited)} before it was ready\n${this.output()}`);
			if (Date.now() - started > START_TIMEOUT_MS)
				throw new Error(`start.js not ready after ${START_TIMEOUT_MS / 1000} s\n${this.output()}`);
			await sleep(250);
		}
		const get = (re: RegExp) => {
			const m = re.exec(this.stdout);
			return m ? m[1] : undefined;
		};
		const login = /^ {3}login {9}(\S+) \/ (\S+)$/m.exec(this.stdout);
		const printed: Printed = {
			editorUrl: get(/^ n8n editor {6}(http:\/\/\S+)$/m)!,
			email: login ? login[1] : '',
			password: login ? login[2] : '',
			webhookUrl: get(/^ Extole webhook {2}(http:\/\/\S+)$/m)!,
			sendLine: get(/^ {3}(npm run extole:send -- .+)$/m),
			sandboxUrl: get(/^ Braze sandbox {3}(http:\/\/\S+?)\/? /m),
			realBrazeUrl: get(/^ Braze {11}(http:\/\/\S+) \(real Braze/m),
			extoleSandboxUrl: get(/^ Extole sandbox {2}(http:\/\/\S+) /m),
		};
		expect(printed.editorUrl).toBeDefined();
		expect(printed.email).toMatch(/@/);
		expect(printed.password).not.toBe('');
		expect(printed.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/[\w-]+\/extole$/);
		return printed;
	}

	/** Ctrl-C: SIGINT to the process group. Resolves with start.js's exit. */
	async interrupt() {
		process.kill(-this.pid, 'SIGINT');
		let timer: NodeJS.Timeout | undefined;
		const result = await Promise.race([
			this.exit,
			new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS))),
		]);
		clearTimeout(timer);
		if (!result) throw new Error(`start.js still running ${STOP_TIMEOUT_MS / 1000} s after SIGINT\n${this.output()}`);
		return result;
	}

	killNow() {
		const pids = [this.pid];
		try {
			pids.push(...fs.readFileSync(this.pidFile, 'utf8').split('\n').filter(Boolean).map(Number));
		} catch {
			/* none */
		}
		for (const pid of pids) {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
	}
}

/** pid, ppid, pgid of every process. */
export function processTable(): { pid: number; ppid: number; pgid: number }[] {
	const out: { pid: number; ppid: number; pgid: number }[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (fields[0] === 'Z') continue; // a zombie is gone, only not reaped yet
			out.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]) });
		} catch {
			/* exited meanwhile */
		}
	}
	return out;
}

/** The processes below `root` (its descendants) and in the process groups `groups`. */
export function processesOf(root: number, groups: number[]): number[] {
	const table = processTable();
	const found = new Set<number>();
	let grew = true;
	found.add(root);
	while (grew) {
		grew = false;
		for (const p of table)
			if (!found.has(p.pid) && found.has(p.ppid)) {
				found.add(p.pid);
				grew = true;
			}
	}
	for (const p of table) if (groups.includes(p.pgid)) found.add(p.pid);
	const alive = new Set(table.map((p) => p.pid));
	return [...found].filter((pid) => alive.has(pid));
}

export function portOpen(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.setTimeout(2000);
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
		socket.once('timeout', () => {
			socket.destroy();
			resolve(false);
		});
	});
}

export function commandLine(pid: number): string {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
	} catch {
		return '';
	}
}

export const portOf = (url: string) => Number(new URL(url).port);

/** The task broker port n8n was started with (its environment). */
export function brokerPort(n8nPid: number): number {
	const env = fs.readFileSync(`/proc/${n8nPid}/environ`, 'utf8').split('\0');
	const entry = env.find((e) => e.startsWith('N8N_RUNNERS_BROKER_PORT='));
	expect(entry).toBeDefined();
	return Number(entry!.split('=')[1]);
}

/** The editor answers, the printed login works, the workflow is published. */
export async function checkEditorAndLogin(printed: Printed, port: number) {
	const editor = new URL(printed.editorUrl);
	expect(editor.hostname).toBe('127.0.0.1');
	expect(Number(editor.port)).toBe(port);
	const workflowId = /\/workflow\/(\w+)$/.exec(editor.pathname)![1];
	const page = await fetch(printed.editorUrl);
	expect(page.status).toBe(200);
	expect(await page.text()).toMatch(/<html/i);

	const browserId = `start-e2e-${RUN}`;
	const res = await fetch(`${editor.origin}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: printed.email, password: printed.password }),
	});
	expect(res.status).toBe(200);
	expect(((await res.json()) as Any).data.email).toBe(printed.email);
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('n8n-auth='));
	expect(cookie).toBeDefined();
	const wf = await fetch(`${editor.origin}/rest/workflows/${workflowId}`, { headers: { cookie: cookie!, 'browser-id': browserId } });
	expect(wf.status).toBe(200);
	expect(((await wf.json()) as Any).data.active).toBe(true);
	// A wrong password does not log in.
	const wrong = await fetch(`${editor.origin}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: printed.email, password: `${printed.password}x` }),
	});
	expect(wrong.status).toBe(401);
}

/** Splits a printed command line into argv; only plain tokens (no quoting needed) are accepted. */
export function splitCommandLine(line: string): string[] {
	const argv = line.trim().split(/\s+/);
	for (const arg of argv) expect(arg).toMatch(/^[\w@%+=:,./-]+$/);
	return argv;
}

/** Runs `npm run extole:send -- ...` in the repository; resolves with exit code and output. */
export function runNpm(argv: string[]): Promise<{ code: number | null; output: string }> {
	expect(argv[0]).toBe('npm');
	return new Promise((resolve, reject) => {
		const child = spawn('npm', argv.slice(1), { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
		child.on('error', reject);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, output });
		});
	});
}

/** Sends with a printed line (plus extra options); returns the event_id the sender reports. */
export async function sendWith(line: string, extra: string[] = []): Promise<string> {
	const { code, output } = await runNpm([...splitCommandLine(line), ...extra]);
	if (code !== 0) throw new Error(`${line} ${extra.join(' ')} exited ${code}:\n${output}`);
	const m = /shared \[braze\] event_id=(\S+) -> 200/.exec(output);
	if (!m) throw new Error(`no "-> 200" line in the event sender's output:\n${output}`);
	return m[1];
}

/** The one user of `workspace` with a `Shared` event (the name of Extole's Braze integration) of this event id. */
export async function userWithShared(url: string, workspace: string, eventId: string): Promise<Any> {
	const users = await waitFor(
		`Shared ${eventId} in Braze ${workspace}`,
		async () => {
			const list = (await brazeUsers(url, workspace)).filter((u: Any) =>
				eventsNamed(u, 'Shared').some((e: Any) => e.properties && e.properties.extole_event_id === eventId),
			);
			return list.length ? list : null;
		},
		{ timeoutMs: 30000 },
	);
	expect(users).toHaveLength(1);
	const user = users[0];
	expect(eventsNamed(user, 'Shared')).toHaveLength(1);
	expect(customEvent(user, 'Shared')).toMatchObject({ count: 1 });
	return user;
}

/** Ctrl-C, then: start.js exited, every process it started is gone, every port it used is closed. */
export async function interruptAndCheckGone(run: StartRun, started: number[], ports: number[]) {
	const exit = await run.interrupt();
	expect(run.stderr).toMatch(/SIGINT: stopping n8n and the sandboxes/);
	expect(run.stderr).toMatch(/\[start\] stopped/);
	expect(exit).toEqual({ code: 130, signal: null });
	await waitFor(
		'every process start.js started to be gone',
		() => {
			const left = started.filter((pid) => processTable().some((p) => p.pid === pid));
			return left.length === 0 && processesOf(run.pid, [run.pid, ...started]).length === 0;
		},
		{ timeoutMs: 10000 },
	);
	for (const port of ports) expect(await portOpen(port)).toBe(false);
}
