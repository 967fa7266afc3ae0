/** Conformance: inspection API, live page, persistence and the command line (the sandbox's own API). */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PAST, PROD_KEY, Sandbox, TEST_KEY, get, post, request, start, write } from './helpers';

const cli = require('../../../sandbox/braze/cli');

describe('Braze sandbox: inspection and admin API', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.reset());

	it('logs requests with time, method, path, workspace, status, body and response, never the key', async () => {
		await post(sb, '/users/track', { attributes: [{ external_id: 'u', x: 1 }] }, PROD_KEY);
		await post(sb, '/users/track', { attributes: [{ external_id: 'u', x: 1 }] }, 'wrong-key');
		const r = await request(sb, 'GET', '/_sandbox/requests');
		expect(r.status).toBe(200);
		const [ok, denied] = r.body.requests;
		expect(ok).toMatchObject({
			method: 'POST',
			path: '/users/track',
			workspace: 'production',
			status: 201,
			body: { attributes: [{ external_id: 'u', x: 1 }] },
			response: { message: 'success', attributes_processed: 1 },
		});
		expect(Date.parse(ok.time)).not.toBeNaN();
		expect(denied).toMatchObject({ status: 401, workspace: null });
		expect(r.text).not.toContain(PROD_KEY);
		expect(r.text).not.toContain('wrong-key');
		expect(sb.requests()).toHaveLength(2);
	});

	it('filters and limits the log', async () => {
		await post(sb, '/users/track', { attributes: [{ external_id: 'u', x: 1 }] }, PROD_KEY);
		await post(sb, '/users/track', { attributes: [{ external_id: 'u', x: 1 }] }, TEST_KEY);
		await post(sb, '/users/export/ids', { external_ids: ['u'] }, TEST_KEY);
		expect((await request(sb, 'GET', '/_sandbox/requests?workspace=staging')).body.requests).toHaveLength(2);
		expect((await request(sb, 'GET', '/_sandbox/requests?path=/users/track')).body.requests).toHaveLength(2);
		const last = (await request(sb, 'GET', '/_sandbox/requests?limit=1')).body.requests;
		expect(last.map((e: any) => e.path)).toEqual(['/users/export/ids']);
	});

	it('shows the users of a workspace with identifiers, attributes, events and subscriptions', async () => {
		await write(sb, '/users/track', {
			attributes: [{ external_id: 'u', email: 'u@example.com', first_name: 'U', tier: 'gold', subscription_groups: [{ subscription_group_id: 'g', subscription_state: 'subscribed' }] }],
			events: [{ external_id: 'u', name: 'e', time: PAST, properties: { p: 1 } }],
		});
		const r = await request(sb, 'GET', '/_sandbox/users?workspace=production');
		expect(r.status).toBe(200);
		expect(r.body.users).toEqual([
			expect.objectContaining({
				external_id: 'u',
				attributes: { email: 'u@example.com', first_name: 'U', email_subscribe: 'subscribed', push_subscribe: 'subscribed' },
				custom_attributes: { tier: 'gold' },
				custom_events: [expect.objectContaining({ name: 'e', count: 1 })],
				events: [expect.objectContaining({ name: 'e', properties: { p: 1 } })],
				subscription_groups: { g: 'subscribed' },
			}),
		]);
		const all = await request(sb, 'GET', '/_sandbox/users');
		expect(Object.keys(all.body.workspaces)).toEqual(expect.arrayContaining(['production', 'staging']));
	});

	it('resets users, queued writes, the log and faults with POST /_sandbox/reset, and keeps the dashboard', async () => {
		await write(sb, '/users/track', { attributes: [{ external_id: 'u', x: 1 }] });
		await post(sb, '/users/track', { attributes: [{ external_id: 'queued', x: 1 }] });
		sb.setFaults({ status: 500, path: '/users/export/ids' });
		expect((await request(sb, 'POST', '/_sandbox/reset')).status).toBe(200);
		expect(sb.users('production')).toEqual([]);
		expect(sb.pending()).toEqual([]);
		expect((await request(sb, 'GET', '/_sandbox/requests')).body.requests).toEqual([]);
		expect((await post(sb, '/users/export/ids', { external_ids: ['u'], fields_to_export: ['email'] })).status).toBe(201);
		expect((await request(sb, 'GET', '/_sandbox/campaigns?workspace=production')).body.campaigns.length).toBeGreaterThan(0);
		await request(sb, 'POST', '/_sandbox/reset?dashboard=true');
		expect((await request(sb, 'GET', '/_sandbox/campaigns?workspace=production')).body.campaigns).toEqual([]);
	});

	it('needs no Braze key for admin paths, and answers 404 to unknown ones', async () => {
		expect((await request(sb, 'GET', '/_sandbox/faults')).status).toBe(200);
		expect((await request(sb, 'GET', '/_sandbox/nothing')).status).toBe(404);
	});

	it('serves a self-refreshing HTML page at / without external assets', async () => {
		const res = await fetch(`${sb.url}/`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/text\/html/);
		const html = await res.text();
		expect(html).toContain('/_sandbox/users');
		expect(html).toContain('/_sandbox/requests');
		expect(html).toMatch(/setInterval\(refresh, \d{3,4}\)/);
		expect(html).not.toMatch(/(src|href)=["']https?:/);
	});

	it('renders users, their events and subscriptions, and the latest requests on the page', async () => {
		await write(sb, '/users/track', {
			attributes: [{ external_id: 'page-user', email: 'p@example.com', tier: 'gold', email_subscribe: 'opted_in' }],
			events: [{ external_id: 'page-user', name: 'referral_shared', time: PAST }],
		});
		const els = await runPage(sb);
		expect(els.users.innerHTML).toContain('external_id: page-user');
		expect(els.users.innerHTML).toContain('referral_shared ×1');
		expect(els.users.innerHTML).toContain('opted_in');
		expect(els.users.innerHTML).toContain('tier');
		expect(els.requests.innerHTML).toContain('POST /users/track');
	});
});

describe('Braze sandbox: dashboard and sends through the admin API', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start({ dashboard: {} });
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.reset({ dashboard: true }));

	it('adds campaigns, Canvases and segments to a workspace and lists them', async () => {
		const c = await request(sb, 'POST', '/_sandbox/campaigns', { workspace: 'staging', id: 'c1', name: 'Reward', tags: ['extole'], channels: ['email', 'sms'] });
		expect(c.status).toBe(201);
		expect(c.body.campaigns).toEqual([expect.objectContaining({ workspace: 'staging', id: 'c1', name: 'Reward', delivery: 'api_triggered', channels: ['email', 'sms'] })]);
		await request(sb, 'POST', '/_sandbox/canvases?workspace=staging', [{ name: 'Journey A' }, { name: 'Journey B', status: 'paused' }]);
		await request(sb, 'POST', '/_sandbox/segments', { name: 'VIPs', external_ids: ['v1'] });
		expect((await request(sb, 'GET', '/_sandbox/campaigns?workspace=staging')).body.campaigns.map((x: any) => x.id)).toEqual(['c1']);
		expect((await request(sb, 'GET', '/_sandbox/canvases?workspace=staging')).body.canvases.map((x: any) => [x.name, x.status])).toEqual([
			['Journey A', 'active'],
			['Journey B', 'paused'],
		]);
		expect((await request(sb, 'GET', '/_sandbox/segments')).body).toEqual({ workspace: 'production', segments: [expect.objectContaining({ name: 'VIPs', external_ids: ['v1'] })] });
		expect((await get(sb, '/campaigns/list', TEST_KEY)).body.campaigns.map((x: any) => x.id)).toEqual(['c1']);
	});

	it('answers 400 with the reason to an invalid campaign, Canvas or segment', async () => {
		expect((await request(sb, 'POST', '/_sandbox/campaigns', { id: 'x' })).body).toEqual({ message: 'a campaign needs a name' });
		expect((await request(sb, 'POST', '/_sandbox/campaigns', { name: 'x', channels: ['fax'] })).status).toBe(400);
		expect((await request(sb, 'POST', '/_sandbox/canvases', { name: 'x', status: 'sleeping' })).status).toBe(400);
		expect((await request(sb, 'POST', '/_sandbox/segments', { name: 'x', external_ids: 'v1' })).status).toBe(400);
	});

	it('seeds from code with sb.seed(workspace, {campaigns, canvases, segments})', async () => {
		sb.seed('production', { campaigns: [{ id: 'code-c', name: 'From code' }] });
		expect((await get(sb, '/campaigns/list')).body.campaigns).toEqual([expect.objectContaining({ id: 'code-c', name: 'From code' })]);
	});

	it('shows every send with each recipient’s outcome (GET /_sandbox/dispatches)', async () => {
		sb.seed('production', { campaigns: [{ id: 'c', name: 'C' }] });
		await write(sb, '/users/track', { attributes: [{ external_id: 'u', email: 'u@example.com' }] });
		await post(sb, '/campaigns/trigger/send', { campaign_id: 'c', recipients: [{ external_user_id: 'u', trigger_properties: { p: 1 } }] });
		expect((await request(sb, 'GET', '/_sandbox/dispatches?workspace=production')).body.dispatches).toEqual([
			expect.objectContaining({ source: 'campaign', campaign_id: 'c', name: 'C', recipients: [expect.objectContaining({ external_id: 'u', status: 'sent', channels: ['email'] })] }),
		]);
		expect(sb.dispatches('production')).toHaveLength(1);
	});
});

describe('Braze sandbox: page shows messages and queued writes', () => {
	it('renders the messages a user received with their properties, deprecated external ids, and the count of queued writes', async () => {
		const sb = await start({ dashboard: { production: { campaigns: [{ id: 'c', name: 'Reward email' }] } } });
		try {
			await write(sb, '/users/track', { attributes: [{ external_id: 'page-user', email: 'p@example.com' }] });
			await post(sb, '/campaigns/trigger/send', { campaign_id: 'c', recipients: [{ external_user_id: 'page-user', trigger_properties: { reward: '10 USD' } }] });
			await post(sb, '/users/external_ids/rename', { external_id_renames: [{ current_external_id: 'page-user', new_external_id: 'page-user-2' }] });
			await post(sb, '/users/track', { attributes: [{ external_id: 'queued-user', x: 1 }] });
			const els = await runPage(sb);
			expect(els.users.innerHTML).toContain('deprecated external_id: page-user');
			expect(els.users.innerHTML).toContain('Messages received');
			expect(els.users.innerHTML).toContain('Reward email');
			expect(els.users.innerHTML).toContain('campaign');
			expect(els.queue.textContent).toBe('1 write queued');
			expect(els.requests.innerHTML).toContain('queued, not processed yet');
			expect(els.requests.innerHTML).toContain('dispatched');
		} finally {
			await sb.stop();
		}
	});
});

/** Runs the page's script against a minimal fake document until its first refresh drew. */
async function runPage(sb: Sandbox): Promise<Record<string, { innerHTML: string; textContent: string; className: string }>> {
	const html = await (await fetch(`${sb.url}/`)).text();
	const script = html.slice(html.indexOf('<script>') + '<script>'.length, html.indexOf('</script>'));
	const els: Record<string, { innerHTML: string; textContent: string; className: string }> = {};
	const fakeDocument = {
		getElementById: (id: string) => (els[id] ??= { innerHTML: '', textContent: '', className: '' }),
		addEventListener: () => undefined,
	};
	new Function('document', 'fetch', 'setInterval', script)(fakeDocument, (u: string, o?: RequestInit) => fetch(sb.url + u, o), () => undefined);
	for (let i = 0; i < 50 && !els.status?.textContent.startsWith('updated'); i++) await new Promise((r) => setTimeout(r, 20));
	return els;
}

describe('Braze sandbox: persistence', () => {
	it('writes the state to the file after each change (atomically) and loads it at start', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'braze-sandbox-'));
		const file = path.join(dir, 'state.json');
		const a = await start({ persistFile: file });
		try {
			await write(a, '/users/track', { attributes: [{ external_id: 'kept', first_name: 'K' }] });
			const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
			expect(saved.workspaces.production.users[0].external_id).toBe('kept');
			expect(fs.readdirSync(dir)).toEqual(['state.json']); // no temp file left behind
		} finally {
			await a.stop();
		}
		const b = await start({ persistFile: file });
		try {
			const r = await post(b, '/users/export/ids', { external_ids: ['kept'], fields_to_export: ['first_name'] });
			expect(r.body.users[0].first_name).toBe('K');
		} finally {
			await b.stop();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('keeps the state in memory only by default', async () => {
		const a = await start();
		try {
			await post(a, '/users/track', { attributes: [{ external_id: 'gone', x: 1 }] });
		} finally {
			await a.stop();
		}
		const b = await start();
		try {
			expect(b.users('production')).toEqual([]);
		} finally {
			await b.stop();
		}
	});
});

describe('Braze sandbox: command line', () => {
	it('reads port, keys, instance, state, faults and rate limits from flags and environment', () => {
		const o = cli.parseArgs(
			['--port', '4999', '--key', 'k1:production:users.track,users.export.ids', '--key', 'k2:staging:*:EU-01', '--fault', 'status=503,count=2,path=/users/track', '--rate-limit', 'users.track=10/3000'],
			{ BRAZE_SANDBOX_INSTANCE: 'US-03', BRAZE_SANDBOX_STATE: '/tmp/x.json' },
		);
		expect(o).toMatchObject({
			port: 4999,
			instance: 'US-03',
			persistFile: '/tmp/x.json',
			keys: [
				{ key: 'k1', workspace: 'production', permissions: ['users.track', 'users.export.ids'] },
				{ key: 'k2', workspace: 'staging', permissions: ['*'], instance: 'EU-01' },
			],
			faults: [{ status: 503, count: 2, path: '/users/track' }],
			rateLimits: { 'users.track': { limit: 10, windowMs: 3000 } },
		});
		const env = cli.parseArgs([], { BRAZE_SANDBOX_PORT: '0', BRAZE_SANDBOX_KEYS: 'a:production;b:staging:users.track' });
		expect(env.port).toBe(0);
		expect(env.keys.map((k: any) => k.key)).toEqual(['a', 'b']);
	});

	it('is strict by default, and reads --instant, --processing-delay, --array-max and --fields-to-export-optional', () => {
		expect(cli.parseArgs([], {})).toMatchObject({ instant: false, processingDelayMs: 100, requireFieldsToExport: true });
		expect(cli.parseArgs(['--instant', '--array-max', '25', '--fields-to-export-optional'], {})).toMatchObject({ instant: true, arrayAttributeMaxLength: 25, requireFieldsToExport: false });
		expect(cli.parseArgs(['--processing-delay', '2000'], {}).processingDelayMs).toBe(2000);
		expect(cli.parseArgs([], { BRAZE_SANDBOX_INSTANT: '1', BRAZE_SANDBOX_PROCESSING_DELAY_MS: '50', BRAZE_SANDBOX_REQUIRE_FIELDS: '0' })).toMatchObject({
			instant: true,
			processingDelayMs: 50,
			requireFieldsToExport: false,
		});
		expect(() => cli.parseArgs(['--processing-delay', '-5'], {})).toThrow(/processing delay/);
	});

	it('reads campaigns, Canvases and segments from --dashboard FILE', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'braze-dashboard-'));
		const file = path.join(dir, 'dashboard.json');
		fs.writeFileSync(file, JSON.stringify({ production: { campaigns: [{ id: 'c', name: 'C' }] } }));
		try {
			expect(cli.parseArgs(['--dashboard', file], {}).dashboard).toEqual({ production: { campaigns: [{ id: 'c', name: 'C' }] } });
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('starts from the command line and prints its URL, keys and page', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, '../../../sandbox/braze/cli.js'), '--port', '0', '--key', 'cli-key:production:users.track'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		try {
			const output = await new Promise<string>((resolve, reject) => {
				let text = '';
				child.stdout.on('data', (d) => {
					text += d;
					if (text.includes('Ctrl-C')) resolve(text);
				});
				child.on('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
			});
			const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
			expect(output).toContain('cli-key');
			expect(output).toContain('workspace=production');
			expect(output).toContain(`${url}/`);
			const r = await post({ url }, '/users/track', { attributes: [{ external_id: 'c', x: 1 }] }, 'cli-key');
			expect(r.status).toBe(201);
		} finally {
			child.kill('SIGINT');
			await new Promise((r) => child.once('exit', r));
		}
	});
});
