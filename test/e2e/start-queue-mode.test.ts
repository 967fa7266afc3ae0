/**
 * `npm start -- --queue --webhook`, end to end, as a developer would run it (start-run.ts): n8n
 * 2.41.0 in queue mode with PostgreSQL and Redis from Debian's packages on loopback ports, the
 * main process, 2 workers and a webhook process. What it prints is used as printed; Ctrl-C must
 * leave nothing behind: processes, ports and temporary folders (database, user folders) gone.
 */
import * as fs from 'fs';
import * as path from 'path';

import { REPO_ROOT } from './helpers';
import {
	StartRun,
	brokerPort,
	checkEditorAndLogin,
	cleanupRuns,
	commandLine,
	interruptAndCheckGone,
	portOf,
	portOpen,
	processesOf,
	sendWith,
	userWithShared,
} from './start-run';

const { freePort } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'ports.js'));

afterAll(async () => await cleanupRuns(), 60000);

describe('npm start -- --queue (scripts/start.js)', () => {
	test('options it does not know, or --webhook without --queue, are refused before anything starts', async () => {
		for (const args of [['--webhook'], ['--queue', '--workers', '0'], ['--queeu']]) {
			const run = new StartRun({}, args);
			const exit = await run.exit;
			expect(exit.code).toBe(1);
			expect(run.stderr).toMatch(/--workers and --webhook need --queue|--workers must be 1 to 8|unknown option --queeu/);
			expect(run.stdout).toBe('');
		}
	});

	test('main, 2 workers and a webhook process on PostgreSQL and Redis: the printed send line lands once, run by a worker; Ctrl-C stops everything', async () => {
		const n8nPort = await freePort();
		const run = new StartRun({ N8N_PORT: String(n8nPort), BRAZE_SANDBOX_PORT: String(await freePort()) }, ['--queue', '--webhook']);
		const printed = await run.ready();
		await checkEditorAndLogin(printed, n8nPort);

		// The topology it printed.
		const queueLine = /^ Queue mode {6}(.+)$/m.exec(run.stdout);
		expect(queueLine).not.toBeNull();
		const main = /main (http:\/\/\S+?),/.exec(queueLine![1])![1];
		const workerHealth = [...queueLine![1].matchAll(/worker \d \(health (http:\/\/\S+?)\/healthz\)/g)].map((m) => m[1]);
		const webhookProcess = /webhook process (http:\/\/\S+)$/.exec(queueLine![1])![1];
		expect(portOf(main)).toBe(n8nPort);
		expect(workerHealth).toHaveLength(2);
		// Extole's events go to the webhook process, not to main.
		expect(portOf(printed.webhookUrl)).toBe(portOf(webhookProcess));
		const services = /^ {3}PostgreSQL {4}\S+ on 127\.0\.0\.1:(\d+), Redis \S+ on 127\.0\.0\.1:(\d+) \(temporary data\)$/m.exec(run.stdout);
		expect(services).not.toBeNull();
		const [postgresPort, redisPort] = [Number(services![1]), Number(services![2])];
		const postgresDir = /data in (\S+), ready/.exec(run.stderr)![1];
		expect(fs.existsSync(postgresDir)).toBe(true);
		for (const url of workerHealth) expect((await fetch(`${url}/healthz/readiness`)).status).toBe(200);

		// The printed line, verbatim: through the webhook process, executed by a worker.
		const eventId = await sendWith(printed.sendLine!);
		await userWithShared(printed.sandboxUrl!, 'production', eventId);
		const workerLogs = /^ {3}worker logs {3}(.+)$/m.exec(run.stdout)![1].trim().split(/\s+/);
		expect(workerLogs).toHaveLength(2);
		const started = workerLogs.map((file) => (fs.readFileSync(file, 'utf8').match(/Worker started execution \d+/g) || []).length);
		expect(started.reduce((a, b) => a + b, 0)).toBe(1);

		// What runs now: PostgreSQL, Redis and four n8n processes, each in its own group.
		const servers = run.serverPids();
		expect(servers).toHaveLength(6);
		const n8nPids = servers.filter((pid) => /n8n\/bin\/n8n (start|worker|webhook)/.test(commandLine(pid)));
		expect(n8nPids.map((pid) => /n8n\/bin\/n8n (\w+)/.exec(commandLine(pid))![1]).sort()).toEqual(['start', 'webhook', 'worker', 'worker']);
		const processes = processesOf(run.pid, [run.pid, ...servers]).filter((pid) => pid !== run.pid);
		// Main and each worker run a JavaScript task runner (with its broker port); a webhook process runs no executions.
		const withRunner = n8nPids.filter((pid) => !/n8n (webhook)$/.test(commandLine(pid)));
		expect(withRunner).toHaveLength(3);
		expect(processes.map(commandLine).filter((c) => /task-runner/.test(c))).toHaveLength(3);
		const ports = [
			n8nPort,
			portOf(webhookProcess),
			...workerHealth.map(portOf),
			...withRunner.map(brokerPort),
			postgresPort,
			redisPort,
			portOf(printed.sandboxUrl!),
			portOf(printed.extoleSandboxUrl!),
		];
		for (const port of ports) expect(await portOpen(port)).toBe(true);

		await interruptAndCheckGone(run, [run.pid, ...processes], ports);
		// Queue mode keeps nothing: the database and every n8n user folder are deleted.
		expect(fs.existsSync(postgresDir)).toBe(false);
		for (const file of workerLogs) expect(fs.existsSync(path.dirname(file))).toBe(false);
	}, 240000);
});
