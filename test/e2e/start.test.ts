/**
 * `npm start` itself, end to end: scripts/start.js is spawned as a developer would run it (own
 * process group, state in a temporary N8N_START_HOME, free ports), what it prints is parsed and
 * used as printed: the editor URL and login, the sandbox page, and the `npm run extole:send` line,
 * run verbatim. Then the "real Braze" path (BRAZE_REST_URL + keys of a separately started Braze
 * sandbox). Each run ends with SIGINT to the group, as Ctrl-C does, and nothing it started may
 * be left: processes gone, ports closed.
 */
import * as fs from 'fs';
import * as path from 'path';

import { Any, REPO_ROOT, RUN, brazeUsers } from './helpers';
import {
	StartRun,
	brokerPort,
	checkEditorAndLogin,
	cleanupRuns,
	commandLine,
	home,
	interruptAndCheckGone,
	portOf,
	portOpen,
	processesOf,
	sendWith,
	userWithShared,
} from './start-run';

const { freePort } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'ports.js'));
const { startBrazeSandbox } = require(path.join(REPO_ROOT, 'sandbox', 'braze'));

let braze: Any; // the "real Braze" of the second run
let firstLogin: { email: string; password: string } | undefined;

afterAll(async () => {
	await cleanupRuns();
	if (braze) await braze.stop();
}, 60000);

describe('npm start (scripts/start.js)', () => {
	test('with the sandboxes: prints a working editor URL and login, webhook, sandbox page and send line; Ctrl-C stops everything', async () => {
		const n8nPort = await freePort();
		const brazePort = await freePort();
		const run = new StartRun({ N8N_PORT: String(n8nPort), BRAZE_SANDBOX_PORT: String(brazePort) });
		const printed = await run.ready();

		// State went to N8N_START_HOME, not the cache folder.
		expect(fs.existsSync(path.join(home, 'start-n8n-2.41.0', '.n8n'))).toBe(true);
		expect(fs.existsSync(path.join(home, 'start-n8n-2.41.0.settings.json'))).toBe(true);
		expect(run.stdout).toContain(path.join(home, 'start-n8n-2.41.0', 'n8n.log'));

		await checkEditorAndLogin(printed, n8nPort);
		firstLogin = { email: printed.email, password: printed.password };
		expect(portOf(printed.webhookUrl)).toBe(n8nPort);

		// The sandbox page, on the port asked for.
		expect(printed.sandboxUrl).toBe(`http://127.0.0.1:${brazePort}`);
		const page = await fetch(`${printed.sandboxUrl}/`);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/text\/html/);
		expect(printed.extoleSandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);

		// The printed line, verbatim.
		expect(printed.sendLine).toMatch(
			/^npm run extole:send -- --url http:\S+ --event shared --secret \S+ --algorithm HS256$/,
		);
		expect(printed.sendLine).toContain(`--url ${printed.webhookUrl} `);
		const eventId = await sendWith(printed.sendLine!);
		const user = await userWithShared(printed.sandboxUrl!, 'production', eventId);
		// The event sender's default advocate: user-<seq> with jane.doe+<seq>@example.com.
		const seq = /^user-([0-9a-f]{6})$/.exec(user.external_id);
		expect(seq).not.toBeNull();
		expect(user.attributes.email).toBe(`jane.doe+${seq![1]}@example.com`);
		expect(await brazeUsers(printed.sandboxUrl!, 'staging')).toHaveLength(0);

		// What runs now: start.js, n8n (own group) and n8n's task runner.
		const n8nPid = run.n8nPid();
		const broker = brokerPort(n8nPid);
		const started = processesOf(run.pid, [run.pid, n8nPid]).filter((pid) => pid !== run.pid);
		expect(started).toContain(n8nPid);
		// n8n's JavaScript task runner, a child of n8n in its process group.
		expect(started.map(commandLine).filter((c) => /task-runner/.test(c))).toHaveLength(1);
		const ports = [n8nPort, broker, brazePort, portOf(printed.extoleSandboxUrl!)];
		for (const port of ports) expect(await portOpen(port)).toBe(true);

		await interruptAndCheckGone(run, [run.pid, ...started], ports);
	}, 180000);

	test('with a "real" Braze from BRAZE_REST_URL and keys: events reach that Braze, sandbox events its test workspace', async () => {
		const keys = { production: `real-production-key-${RUN}`, test: `real-staging-key-${RUN}` };
		braze = await startBrazeSandbox({
			host: '127.0.0.1',
			port: 0,
			keys: [
				{ key: keys.production, workspace: 'production' },
				{ key: keys.test, workspace: 'staging' },
			],
		});
		const n8nPort = await freePort();
		const run = new StartRun({
			N8N_PORT: String(n8nPort),
			BRAZE_SANDBOX_PORT: String(await freePort()),
			BRAZE_REST_URL: braze.url,
			BRAZE_API_KEY: keys.production,
			BRAZE_TEST_API_KEY: keys.test,
		});
		const printed = await run.ready();
		expect(printed.sandboxUrl).toBeUndefined(); // no Braze sandbox of its own
		expect(printed.realBrazeUrl).toBe(braze.url);
		// Only the sandbox's fake keys may ever be printed, never the ones from the environment.
		expect(run.stdout).not.toContain(keys.production);
		expect(run.stdout).not.toContain(keys.test);
		// Same N8N_START_HOME: the settings (and so the generated login) were kept.
		if (firstLogin) expect({ email: printed.email, password: printed.password }).toEqual(firstLogin);
		await checkEditorAndLogin(printed, n8nPort);

		const externalId = `start-e2e-${RUN}`;
		const prodId = await sendWith(printed.sendLine!, ['--external-id', externalId]);
		const sandboxId = await sendWith(printed.sendLine!, ['--external-id', `${externalId}-sbx`, '--sandbox']);

		const prodUser = await userWithShared(braze.url, 'production', prodId);
		expect(prodUser.external_id).toBe(externalId);
		const stagingUser = await userWithShared(braze.url, 'staging', sandboxId);
		expect(stagingUser.external_id).toBe(`${externalId}-sbx`);
		// Each landed only in its own workspace.
		expect((await brazeUsers(braze.url, 'production')).map((u: Any) => u.external_id)).toEqual([externalId]);
		expect((await brazeUsers(braze.url, 'staging')).map((u: Any) => u.external_id)).toEqual([`${externalId}-sbx`]);

		const n8nPid = run.n8nPid();
		const started = processesOf(run.pid, [run.pid, n8nPid]).filter((pid) => pid !== run.pid);
		expect(started).toContain(n8nPid);
		const ports = [n8nPort, brokerPort(n8nPid), portOf(printed.extoleSandboxUrl!)];
		await interruptAndCheckGone(run, [run.pid, ...started], ports);
		// start.js does not stop a Braze it did not start.
		expect(await portOpen(portOf(braze.url))).toBe(true);
	}, 180000);
});
