/**
 * The real n8n 2.41 editor in headless Chromium (Debian's, driven by playwright-core), as a new
 * user meets this package: sign in, find both nodes in the nodes panel, browse the Braze node's
 * operations, import each template, and run the referral template with a signed test event.
 *
 *   npm run build && node scripts/e2e.js test/e2e/editor
 *
 * Screenshots of every step: test/e2e/artifacts/editor/ (gitignored, emptied at the start of a run).
 *
 * Proof that a missing node fails the suite: EDITOR_TEST_NODES_EXCLUDE=<node type>[,<node type>]
 * starts n8n with those types excluded (n8n's NODES_EXCLUDE), as if the package lost them; the
 * panel and template tests must then fail, naming the missing node.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { Any, REPO_ROOT, RUN, sendEvent } from './helpers';
import { canvasNode, expectCanvasShows, importWorkflowFile, newWorkflow } from './editor/canvas';
import { closeNode, dropdownOptions, openNode, outputItemCount, outputJsonText, selectOption } from './editor/ndv';
import { findInNodesPanel, openNodesPanel } from './editor/nodes-panel';
import { PACKAGE_NAME, packageNode, resourceOperations } from './editor/package-nodes';
import { EditorSession, openEditorSession, signIn } from './editor/session';

const { ensureN8nInstalled } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'n8n-install.js'));
const { startStack, prepareWorkflow, loadTemplate, listTemplates } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'stack.js'));

const SECRET = `editor-webhook-secret-${RUN}`;
const EXTOLE_TRIGGER = packageNode(`${PACKAGE_NAME}.extoleTrigger`);
const BRAZE = packageNode(`${PACKAGE_NAME}.braze`);
/** n8n adds this entry to the resource and operation lists of every node whose credential can sign HTTP requests. */
const N8N_CUSTOM_API_CALL = 'Custom API Call';

let stack: Any;
let session: EditorSession;
let workDir: string;

/** Runs a step; on failure leaves a screenshot of what the editor showed, then fails. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		await session?.screenshot(`FAILED-${name}`).catch(() => undefined);
		throw error;
	}
}

function templateNodes(workflow: Any): Array<{ name: string; type: string }> {
	return workflow.nodes
		.filter((node: Any) => node.type !== 'n8n-nodes-base.stickyNote')
		.map((node: Any) => ({ name: node.name, type: node.type }));
}

function writeWorkflowFile(name: string, workflow: Any): string {
	const file = path.join(workDir, name);
	fs.writeFileSync(file, JSON.stringify(workflow, null, 2));
	return file;
}

beforeAll(async () => {
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-editor-test-'));
	const install = await ensureN8nInstalled({ quiet: true });
	const excluded = (process.env.EDITOR_TEST_NODES_EXCLUDE || '').split(',').filter(Boolean);
	stack = await startStack({
		install,
		log: (m: string) => process.stderr.write(`[editor] ${m}\n`),
		webhookSecret: SECRET,
		workflows: () => [],
		n8nEnv: excluded.length ? { NODES_EXCLUDE: JSON.stringify(excluded) } : {},
	});
	session = await openEditorSession();
}, 240000);

afterAll(async () => {
	await session?.close();
	await stack?.stop();
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('n8n editor with this package', () => {
	it('signs in with the owner account', async () => {
		const { page } = session;
		await step('sign-in', async () => {
			await signIn(page, stack.n8n.url, stack.n8n.owner);
			await page.getByTestId('project-home-menu-item').waitFor();
			await session.screenshot('signed-in');
		});
		expect(new URL(page.url()).pathname).not.toMatch(/^\/signin/);
	});

	it('the nodes panel finds "Extole" (the Extole Trigger) by search, with its icon', async () => {
		const { page } = session;
		await step('panel-extole', async () => {
			await newWorkflow(page, stack.n8n.url);
			await openNodesPanel(page);
			const entry = await findInNodesPanel(page, 'Extole', EXTOLE_TRIGGER);
			await session.screenshot('panel-extole');
			// Adding it (its first trigger action) puts the package's node on the canvas.
			await entry.click();
			await page.locator('[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]').first().click();
			await page.getByTestId('ndv').waitFor();
			await closeNode(page);
		});
		await expect(expectCanvasShows(page, [{ name: EXTOLE_TRIGGER.displayName, type: EXTOLE_TRIGGER.type }])).resolves.toHaveLength(1);
	});

	it('the nodes panel finds "Braze" by search, with its icon', async () => {
		const { page } = session;
		await step('panel-braze', async () => {
			await openNodesPanel(page);
			const entry = await findInNodesPanel(page, 'Braze', BRAZE);
			await session.screenshot('panel-braze');
			// Its actions are the operations' action texts; the first one adds the node and opens it.
			await entry.click();
			const firstAction = resourceOperations(BRAZE)[0].operations[0].action as string;
			await page.getByTestId('item-iterator-item').filter({ hasText: firstAction }).first().click();
			await page.getByTestId('ndv').waitFor();
		});
		expect(await page.getByTestId('parameter-input-resource').isVisible()).toBe(true);
	});

	it("the Braze node shows each resource's operations, as the compiled node describes them", async () => {
		const { page } = session;
		const expected = resourceOperations(BRAZE);
		const shown: Record<string, string[]> = {};
		// The previous test added the Braze node and left it open.
		if (!(await page.getByTestId('parameter-input-resource').isVisible()))
			throw new Error('the Braze node is not open: adding it from the nodes panel failed (see the test before)');
		const resources = await step('braze-resources', () => dropdownOptions(page, 'resource'));
		for (const { resource } of expected) {
			shown[resource.name] = await step(`braze-${resource.value}`, async () => {
				await selectOption(page, 'resource', resource.name);
				return await dropdownOptions(page, 'operation', () => session.screenshot(`braze-operations-${resource.value}`));
			});
		}
		await closeNode(page);
		expect(resources).toEqual([...expected.map((e) => e.resource.name), N8N_CUSTOM_API_CALL]);
		expect(shown).toEqual(
			Object.fromEntries(expected.map((e) => [e.resource.name, [...e.operations.map((o) => o.name), N8N_CUSTOM_API_CALL]])),
		);
	});

	it.each(listTemplates() as string[])(
		'template %s imports with no unknown node and no issue but unset credentials',
		async (file) => {
			const { page } = session;
			const template = loadTemplate(file);
			const want = templateNodes(template);
			const shown = await step(`import-${file}`, async () => {
				await newWorkflow(page, stack.n8n.url);
				await importWorkflowFile(page, path.join(REPO_ROOT, 'templates', file), want[0].name);
				await session.screenshot(`template-${path.basename(file, '.json')}`);
				return await expectCanvasShows(page, want);
			});
			expect(shown.map((n) => n.name).sort()).toEqual(want.map((n) => n.name).sort());
			// Each of the package's nodes is drawn with its own icon file.
			for (const node of shown.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`)))
				expect(node.iconSrc).toMatch(new RegExp(`^/icons/${PACKAGE_NAME}/.+/${packageNode(node.type).iconFile}$`));
		},
	);

	it('the import check catches a node whose type n8n does not know', async () => {
		const { page } = session;
		const workflow = loadTemplate('extole-braze-referral-sync.json');
		delete workflow.id;
		workflow.name = 'Template with a node the package no longer has';
		const unknown = { name: 'Braze (removed)', type: `${PACKAGE_NAME}.brazeLegacy` };
		workflow.nodes.push({ ...workflow.nodes.find((n: Any) => n.type === BRAZE.type), ...unknown, id: 'f1d1b2f5-0000-4000-8000-0000000e2e01', position: [1000, 400] });
		const file = writeWorkflowFile('unknown-node.json', workflow);
		await step('import-unknown-node', async () => {
			await newWorkflow(page, stack.n8n.url);
			await importWorkflowFile(page, file, unknown.name);
			await session.screenshot('unknown-node-caught');
		});
		await expect(expectCanvasShows(page, templateNodes(workflow))).rejects.toThrow(
			`"${unknown.name}" is an unknown node: n8n does not know type ${unknown.type}`,
		);
	});

	it('the panel check fails when the searched node is not installed', async () => {
		const { page } = session;
		await openNodesPanel(page);
		const missing = { ...BRAZE, type: `${PACKAGE_NAME}.brazeCurrents`, displayName: 'Braze Currents', panelName: 'Braze Currents' };
		await expect(findInNodesPanel(page, 'Braze Currents', missing)).rejects.toThrow(
			`"Braze Currents" (${PACKAGE_NAME}.brazeCurrents) is missing`,
		);
		await session.screenshot('panel-missing-node-caught');
		await page.keyboard.press('Escape');
	});

	it('the referral template runs with a test event, and both nodes show its output', async () => {
		const { page } = session;
		const template = loadTemplate('extole-braze-referral-sync.json');
		delete template.id;
		const workflow = prepareWorkflow(template, { credentialIds: stack.credentialIds });
		const [trigger, braze] = templateNodes(workflow);
		const file = writeWorkflowFile('referral-sync.json', workflow);

		const testUrl = await step('referral-import', async () => {
			await newWorkflow(page, stack.n8n.url);
			await importWorkflowFile(page, file, trigger.name);
			// With credentials pointing at the sandboxes, no issue at all.
			await expectCanvasShows(page, [trigger, braze], null);
			// The Test URL, copied from the trigger's "Webhook URLs" as a user would.
			await openNode(page, trigger.name);
			await page.getByTitle('Click to display webhook URLs').click();
			await page.getByTestId('radio-button-test').click();
			// The trigger answers POST and GET on one path: n8n lists one URL per method; Extole POSTs.
			const post = page.locator('.webhooks .webhook-wrapper').filter({ has: page.locator('.http-method', { hasText: 'POST' }) });
			const url = (await post.locator('.webhook-url').innerText()).trim();
			await session.screenshot('referral-trigger-test-url');
			await closeNode(page);
			return url;
		});
		expect(testUrl).toMatch(new RegExp(`^${stack.n8n.url}/webhook-test/.+/extole$`));

		const sent = await step('referral-run', async () => {
			await page.getByTestId('execute-workflow-button').click();
			await page.getByTestId('stop-execution-waiting-for-webhook-button').waitFor();
			await session.screenshot('referral-waiting-for-event');
			const event = await sendEvent({ url: testUrl, event: 'referred_converted', secret: SECRET });
			for (const node of [trigger, braze]) await canvasNode(page, node.name).getByTestId('canvas-node-status-success').waitFor();
			await session.screenshot('referral-run');
			return event;
		});
		expect(sent.status).toBe(200);
		const eventId = sent.body.event_id;

		const outputs: Record<string, { items: number; json: string }> = {};
		for (const node of [trigger, braze]) {
			outputs[node.name] = await step(`referral-output-${node.name}`, async () => {
				await openNode(page, node.name);
				const items = await outputItemCount(page);
				const json = await outputJsonText(page);
				await session.screenshot(`referral-output-${node.name.replace(/\W+/g, '-').toLowerCase()}`);
				await closeNode(page);
				return { items, json };
			});
		}
		expect(outputs[trigger.name].items).toBe(1);
		expect(outputs[trigger.name].json).toContain(`"event_id":"${eventId}"`);
		expect(outputs[braze.name].items).toBe(1);
		expect(outputs[braze.name].json).toContain(`"event_id":"${eventId}"`);
		expect(outputs[braze.name].json).toContain('"success":true');
	});
});
