/**
 * A signed-in n8n editor in headless Chromium (Debian's, driven by playwright-core through
 * scripts/lib/chromium.js), and the screenshots every step leaves in ARTIFACTS_DIR.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';

import { REPO_ROOT } from '../helpers';

const { selectors } = require('playwright-core');
const { launchBrowser } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'chromium.js'));

/** Where the editor test's screenshots go (gitignored): one PNG per step, numbered in run order. */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'artifacts', 'editor');

/** Long enough for a cold editor bundle on a 2-core machine; every wait is on an editor element. */
const ACTION_TIMEOUT_MS = 20000;

export interface EditorSession {
	browser: Browser;
	page: Page;
	/** Saves `<nn>-<name>.png` under ARTIFACTS_DIR and returns its path. */
	screenshot(name: string): Promise<string>;
	close(): Promise<void>;
}

export async function openEditorSession(): Promise<EditorSession> {
	// n8n marks its elements with data-test-id (its own Playwright suite sets the same attribute).
	selectors.setTestIdAttribute('data-test-id');
	fs.rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
	fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
	const browser: Browser = await launchBrowser();
	const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
	const page = await context.newPage();
	page.setDefaultTimeout(ACTION_TIMEOUT_MS);
	let shots = 0;
	return {
		browser,
		page,
		async screenshot(name: string) {
			shots += 1;
			const file = path.join(ARTIFACTS_DIR, `${String(shots).padStart(2, '0')}-${name}.png`);
			await page.screenshot({ path: file });
			return file;
		},
		async close() {
			await browser.close();
		},
	};
}

/** Signs in on n8n's sign-in page as a person would; resolves on the first page after it. */
export async function signIn(page: Page, baseUrl: string, owner: { email: string; password: string }): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(owner.email);
	await page.getByTestId('password').locator('input').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}
