/**
 * The workflow canvas: a new workflow, importing a workflow file through the workflow menu
 * ("Import from File..."), and what each node on the canvas shows (type, icon, issues, whether
 * n8n knows its type at all).
 */
import type { Locator, Page } from 'playwright-core';

type Any = any;

export function canvasNode(page: Page, name: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"]`);
}

export async function newWorkflow(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/new`);
	await page.getByTestId('canvas-plus-button').waitFor();
}

/** Workflow menu (the "..." next to the name) → Import → Import from File..., as a user imports a template. */
export async function importWorkflowFile(page: Page, file: string, expectedNodeName: string): Promise<void> {
	await page.getByTestId('workflow-menu').click();
	await page.getByTestId('workflow-menu-item-import').hover();
	const [chooser] = await Promise.all([
		page.waitForEvent('filechooser'),
		page.getByTestId('workflow-menu-item-import-from-file').click(),
	]);
	await chooser.setFiles(file);
	await canvasNode(page, expectedNodeName).waitFor();
}

export interface CanvasNodeState {
	name: string;
	type: string;
	/** n8n's marker for a node whose type it does not know ("Install this node"). */
	notInstalled: boolean;
	/** Text of the icon placeholder ("?" for an unknown type) when no icon is drawn. */
	iconPlaceholder: string | null;
	iconSrc: string | null;
	hasIssues: boolean;
}

/** Every node on the canvas (sticky notes are not canvas nodes), as drawn. */
export async function canvasNodes(page: Page): Promise<CanvasNodeState[]> {
	return await page.getByTestId('canvas-node').evaluateAll((nodes: Any[]) =>
		nodes.map((node: Any) => ({
			name: node.getAttribute('data-node-name'),
			type: node.getAttribute('data-node-type'),
			notInstalled: !!node.querySelector('[data-test-id="node-not-installed"]'),
			iconPlaceholder: node.querySelector('.n8n-node-icon [class*="nodeIconPlaceholder"]')?.textContent?.trim() ?? null,
			iconSrc: node.querySelector('.n8n-node-icon img')?.getAttribute('src') ?? null,
			hasIssues: !!node.querySelector('[data-test-id="node-issues"]'),
		})),
	);
}

/** The issues n8n lists for a node (the tooltip of its warning sign), one string per issue. */
export async function nodeIssues(page: Page, name: string): Promise<string[]> {
	const sign = canvasNode(page, name).getByTestId('node-issues');
	if (!(await sign.count())) return [];
	await sign.hover();
	const tooltip = page.getByTestId('tooltip-content').filter({ hasText: /^Issues/ });
	await tooltip.waitFor();
	const lines = (await tooltip.innerText())
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && line !== 'Issues');
	// Move away so the next node's tooltip is the only one shown.
	await page.getByTestId('canvas-wrapper').hover({ position: { x: 5, y: 5 } });
	await tooltip.waitFor({ state: 'hidden' });
	return lines;
}

/** The only issue a freshly imported template may show: a credential the user still has to pick. */
export const UNSET_CREDENTIAL = /^Credentials for .+ are not set\.$/;

/**
 * Checks that the canvas shows each expected node with its type known to n8n and drawn with an
 * icon, and no issue other than those `allowedIssue` matches (null: none allowed). Throws one error listing every
 * problem (unknown nodes first), so a failure says what a user would see.
 */
export async function expectCanvasShows(
	page: Page,
	expected: Array<{ name: string; type: string }>,
	allowedIssue: RegExp | null = UNSET_CREDENTIAL,
): Promise<CanvasNodeState[]> {
	const shown = await canvasNodes(page);
	const problems: string[] = [];
	for (const node of shown) {
		if (node.notInstalled || node.iconPlaceholder === '?')
			problems.push(`"${node.name}" is an unknown node: n8n does not know type ${node.type} ("Install this node")`);
		else if (!node.iconSrc && node.iconPlaceholder !== null)
			problems.push(`"${node.name}" (${node.type}) has no icon (placeholder "${node.iconPlaceholder}")`);
	}
	for (const want of expected) {
		const node = shown.find((n) => n.name === want.name);
		if (!node) problems.push(`"${want.name}" (${want.type}) is not on the canvas`);
		else if (node.type !== want.type) problems.push(`"${want.name}" is ${node.type}, not ${want.type}`);
	}
	for (const node of shown.filter((n) => n.hasIssues && !n.notInstalled)) {
		for (const issue of await nodeIssues(page, node.name))
			if (!allowedIssue?.test(issue)) problems.push(`"${node.name}" has the issue "${issue}"`);
	}
	if (problems.length) throw new Error(`the canvas shows problems:\n- ${problems.join('\n- ')}`);
	return shown;
}
