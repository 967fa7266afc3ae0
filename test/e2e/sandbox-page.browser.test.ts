/**
 * The Braze sandbox's live page (GET /) in a real browser: Debian's Chromium driven by
 * playwright-core (scripts/lib/chromium.js). Needs no n8n: the test starts its own sandbox on a
 * free loopback port with a production and a staging key, sends Braze calls over real HTTP and
 * watches the page update by itself, as a person watching a referral pipeline would.
 *
 *   npx jest -c jest.e2e.config.js test/e2e/sandbox-page.browser.test.ts
 *
 * Leaves a screenshot at /tmp/sandbox-page.png (override with SANDBOX_PAGE_SCREENSHOT).
 */
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const { startBrazeSandbox } = require(path.join(REPO_ROOT, 'sandbox', 'braze'));
const { launchBrowser } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'chromium.js'));

type Any = any;
// Browser globals inside page.evaluate/waitForFunction callbacks (the test's tsconfig has no DOM lib).
declare const document: Any;
declare const window: Any;

jest.setTimeout(90000);

const RUN = Date.now().toString(36);
const PROD_KEY = `page-prod-key-${RUN}`;
const STAGING_KEY = `page-staging-key-${RUN}`;
const WRONG_KEY = `page-wrong-key-${RUN}`;
const SCREENSHOT = process.env.SANDBOX_PAGE_SCREENSHOT || '/tmp/sandbox-page.png';
/** The page polls every 1.5 s: a change must show within a few polls. */
const UPDATE_TIMEOUT = 10000;

describe('Braze sandbox live page in a browser', () => {
	let sb: Any;
	let browser: Browser;
	let page: Page;
	const requested: string[] = [];
	const pageErrors: string[] = [];
	let navigations = 0;

	async function post(pathname: string, body: unknown, key: string = PROD_KEY): Promise<{ status: number; body: Any }> {
		const res = await fetch(sb.url + pathname, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
			body: JSON.stringify(body),
		});
		return { status: res.status, body: await res.json() };
	}

	const workspace = (name: string) => page.locator(`#users [data-workspace="${name}"]`);
	const userRow = (ws: string, id: string) => workspace(ws).locator(`[data-user="${id}"]`);
	const heading = async (ws: string) => (await workspace(ws).locator('h3').innerText()).replace(/\s+/g, ' ').trim();

	beforeAll(async () => {
		sb = await startBrazeSandbox({
			host: '127.0.0.1',
			port: 0,
			instance: 'US-01',
			keys: [
				{ key: PROD_KEY, workspace: 'production', permissions: ['*'] },
				{ key: STAGING_KEY, workspace: 'staging', permissions: ['*'] },
			],
		});
		browser = await launchBrowser();
		page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		page.on('request', (r) => requested.push(r.url()));
		page.on('pageerror', (e) => pageErrors.push(String(e)));
		page.on('console', (m) => {
			if (m.type() === 'error') pageErrors.push(m.text());
		});
		page.on('framenavigated', (f) => {
			if (f === page.mainFrame()) navigations++;
		});
	}, 90000);

	afterAll(async () => {
		await browser?.close();
		await sb?.stop();
	});

	it('opens on an empty state for each workspace', async () => {
		await page.goto(`${sb.url}/`);
		await page.waitForFunction(() => /^updated /.test(document.getElementById('status')?.textContent || ''), null, { timeout: UPDATE_TIMEOUT });
		expect(await page.title()).toBe('Braze sandbox (US-01)');
		expect(await heading('production')).toBe('production 0 users');
		expect(await heading('staging')).toBe('staging 0 users');
		expect(await workspace('production').innerText()).toContain('No users yet.');
		expect(await workspace('staging').innerText()).toContain('No users yet.');
		expect(await page.locator('#users [data-user]').count()).toBe(0);
		expect(await page.locator('#requests').innerText()).toContain('No requests yet.');
		// Marks this document: a reload would lose it.
		await page.evaluate(() => ((window as Any).__samePage = true));
	});

	it('shows users, attributes, events, subscriptions and requests as they arrive, without a reload', async () => {
		const now = new Date().toISOString();
		const track = await post('/users/track', {
			attributes: [
				{
					external_id: 'advocate-42',
					email: 'ava@example.com',
					first_name: 'Ava',
					email_subscribe: 'opted_in',
					referral_code: 'AVA42',
					rewards_earned: 2,
					subscription_groups: [{ subscription_group_id: 'referral-newsletter', subscription_state: 'subscribed' }],
				},
				{ user_alias: { alias_name: 'friend-7', alias_label: 'extole_person_id' }, _update_existing_only: false, referred_by: 'advocate-42' },
			],
			events: [
				{ external_id: 'advocate-42', name: 'referral_shared', time: now, properties: { channel: 'email' } },
				{ external_id: 'advocate-42', name: 'referral_shared', time: now, properties: { channel: 'sms' } },
				{ external_id: 'advocate-42', name: 'reward_earned', time: now, properties: { amount: 10 } },
			],
		});
		expect(track).toMatchObject({ status: 201, body: { attributes_processed: 2, events_processed: 3 } });
		expect(
			(await post('/users/track', { attributes: [{ external_id: 'qa-tester-1', first_name: 'Quinn' }], events: [{ external_id: 'qa-tester-1', name: 'test_signup', time: now }] }, STAGING_KEY)).status,
		).toBe(201);
		expect((await post('/users/track', { attributes: [{ external_id: 'nobody' }] }, WRONG_KEY)).status).toBe(401);

		// The page catches up by itself.
		await userRow('production', 'advocate-42').waitFor({ timeout: UPDATE_TIMEOUT });
		await userRow('staging', 'qa-tester-1').waitFor({ timeout: UPDATE_TIMEOUT });
		await page.waitForFunction(() => document.querySelectorAll('#requests [data-request]').length === 3, null, { timeout: UPDATE_TIMEOUT });
		expect(await page.evaluate(() => (window as Any).__samePage)).toBe(true);
		expect(navigations).toBe(1);

		expect(await heading('production')).toBe('production 2 users');
		expect(await heading('staging')).toBe('staging 1 user');

		const advocate = await userRow('production', 'advocate-42').innerText();
		for (const text of [
			'external_id: advocate-42',
			'email: ava@example.com',
			'braze_id: ',
			'first_name',
			'Ava',
			'referral_code',
			'AVA42',
			'rewards_earned',
			'referral_shared ×2',
			'reward_earned ×1',
			'3 events received',
			'email_subscribe',
			'opted_in',
			'referral-newsletter',
			'subscribed',
		])
			expect(advocate).toContain(text);
		const cells = userRow('production', 'advocate-42').locator('.cell');
		expect(await cells.nth(2).innerText()).toContain('referral_shared ×2'); // events column
		expect(await cells.nth(3).innerText()).toMatch(/email_subscribe\s*opted_in/); // subscriptions column
		expect(await cells.nth(3).innerText()).toMatch(/referral-newsletter\s*subscribed/);

		// The alias-only user (a referred friend not registered yet) is shown by its alias.
		const friendRow = workspace('production').locator('[data-user]', { hasText: 'friend-7' });
		expect(await friendRow.count()).toBe(1);
		const friend = await friendRow.innerText();
		expect(friend).toContain('alias: friend-7');
		expect(friend).toContain('extole_person_id');
		expect(friend).toContain('alias-only');
		expect(friend).toContain('referred_by');
		expect(friend).not.toContain('external_id:');

		// Each workspace shows only its own users.
		const staging = await userRow('staging', 'qa-tester-1').innerText();
		expect(staging).toContain('external_id: qa-tester-1');
		expect(staging).toContain('Quinn');
		expect(staging).toContain('test_signup ×1');
		expect(await workspace('production').innerText()).not.toContain('qa-tester-1');
		expect(await workspace('staging').innerText()).not.toContain('advocate-42');

		// Latest requests, newest first: path and status of each, as the sandbox logged them.
		const rows = await page.$$eval('#requests [data-request]', (trs) =>
			trs.map((tr) => ({
				request: tr.querySelector('.path')?.textContent?.trim(),
				status: tr.querySelector('.status')?.textContent?.trim(),
				text: (tr as Any).innerText,
			})),
		);
		const logged = (sb.requests() as Any[]).slice().reverse();
		expect(rows.map((r) => [r.request, r.status])).toEqual(logged.map((e) => [`${e.method} ${e.path}`, String(e.status)]));
		expect(rows.map((r) => [r.request, r.status])).toEqual([
			['POST /users/track', '401'],
			['POST /users/track', '201'],
			['POST /users/track', '201'],
		]);
		expect(rows[0].text).toContain('Invalid API key');
		expect(rows[1].text).toContain('staging');
		expect(rows[2].text).toContain('production');
		expect(rows[2].text).toContain('2 attributes · 3 events');

		// A request opened for its body stays open while the page refreshes.
		const oldest = page.locator(`#requests [data-request="${logged[2].id}"]`);
		await oldest.locator('summary').click();
		expect(await oldest.getAttribute('open')).not.toBeNull();
		expect(await oldest.locator('pre').first().innerText()).toContain('"referral_code": "AVA42"');
		expect((await post('/users/track', { events: [{ external_id: 'advocate-42', name: 'referral_shared', time: now }] })).status).toBe(201);
		await page.waitForFunction(() => /referral_shared ×3/.test(document.getElementById('users')?.innerText || ''), null, { timeout: UPDATE_TIMEOUT });
		await page.waitForFunction(() => document.querySelectorAll('#requests [data-request]').length === 4, null, { timeout: UPDATE_TIMEOUT });
		expect(await oldest.getAttribute('open')).not.toBeNull();

		// The filter narrows the users (no server round trip).
		await page.fill('#filter', 'qa-tester');
		expect(await workspace('production').innerText()).toContain('No user matches the filter.');
		expect(await userRow('staging', 'qa-tester-1').count()).toBe(1);
		await page.fill('#filter', '');
		expect(await userRow('production', 'advocate-42').count()).toBe(1);

		// The API keys appear nowhere: not in the markup, not in the text, not in the opened bodies.
		const html = await page.content();
		const text = await page.locator('body').innerText();
		for (const key of [PROD_KEY, STAGING_KEY, WRONG_KEY]) {
			expect(html).not.toContain(key);
			expect(text).not.toContain(key);
		}
		expect(html).not.toMatch(/Bearer/);

		// Self-contained: the page only ever talked to the sandbox, and without script errors.
		expect(requested.length).toBeGreaterThan(2);
		expect(requested.filter((u) => !u.startsWith(`${sb.url}/`))).toEqual([]);
		expect(pageErrors).toEqual([]);

		await page.screenshot({ path: SCREENSHOT, fullPage: true });
	});

	it('copes with 200 users: they render within a couple of seconds and the page stays responsive', async () => {
		await page.evaluate(() => {
			const w = window as Any;
			w.__longTasks = [];
			new PerformanceObserver((list) => {
				for (const e of list.getEntries()) w.__longTasks.push(e.duration);
			}).observe({ type: 'longtask', buffered: false } as Any);
		});
		const now = new Date().toISOString();
		const users = Array.from({ length: 200 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
		for (let i = 0; i < users.length; i += 75) {
			const batch = users.slice(i, i + 75);
			const r = await post('/users/track', {
				attributes: batch.map((id, j) => ({ external_id: id, email: `${id}@example.com`, first_name: `User ${i + j}`, email_subscribe: 'subscribed', tier: 'gold' })),
				events: batch.map((id) => ({ external_id: id, name: 'referral_shared', time: now })),
			});
			expect(r.status).toBe(201);
		}
		const sent = Date.now();
		await page.waitForFunction(() => document.querySelectorAll('#users [data-workspace="production"] [data-user]').length === 202, null, { timeout: UPDATE_TIMEOUT });
		const shownAfter = Date.now() - sent;
		// One poll interval (1.5 s) plus the fetch and the render.
		expect(shownAfter).toBeLessThan(1500 + 2000);
		expect(await heading('production')).toBe('production 202 users');
		// Newest first: the last batch is on top, the page's own users still there.
		const top = workspace('production').locator('[data-user]').first();
		expect(await top.getAttribute('data-user')).toBe('bulk-199');
		expect(await top.innerText()).toContain('referral_shared ×1');
		// Rows far below the fold are in the page too (drawn when scrolled to).
		expect(await userRow('production', 'bulk-000').textContent()).toContain('email: bulk-000@example.com');
		expect(await userRow('production', 'advocate-42').count()).toBe(1);

		// No frozen main thread: the longest task stays well under a second, and the page answers at once.
		await page.waitForTimeout(1600); // one more poll (same data: nothing to redraw)
		const longest = Math.max(0, ...((await page.evaluate(() => (window as Any).__longTasks)) as number[]));
		expect(longest).toBeLessThan(1000);
		const t = Date.now();
		await page.fill('#filter', 'bulk-150');
		expect(await workspace('production').locator('[data-user]').count()).toBe(1);
		await page.fill('#filter', '');
		expect(Date.now() - t).toBeLessThan(2000);
		expect(pageErrors).toEqual([]);
	});
});
