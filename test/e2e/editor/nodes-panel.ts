/**
 * The nodes panel ("node creator"): search it and check that a node of this package is listed
 * under its name, with its own icon loaded (not n8n's "?" or letter placeholder).
 */
import type { Locator, Page } from 'playwright-core';

import { PACKAGE_NAME, PackageNode } from './package-nodes';

type Any = any;
declare const document: Any;

/** How long a search may take to list the node before the check gives up. */
const SEARCH_TIMEOUT_MS = 10000;

interface ListedNode {
	name: string;
	/** `data-keyboard-nav-id` is `<node type>-<uuid>` on node entries. */
	navId: string;
	icons: Array<{ src: string; loaded: boolean }>;
	placeholder: string | null;
}

async function listedNodes(page: Page): Promise<{ items: ListedNode[]; noResults: boolean }> {
	return await page.getByTestId('node-creator').evaluate((creator: Any) => {
		const visible = (el: Any) => !!el && el.offsetParent !== null;
		const items = [...creator.querySelectorAll('[data-test-id="item-iterator-item"][data-keyboard-nav-type="node"]')]
			.filter(visible)
			.map((item: Any) => ({
				name: (item.querySelector('[data-test-id="node-creator-item-name"]')?.textContent || '').trim(),
				navId: item.getAttribute('data-keyboard-nav-id') || '',
				icons: [...item.querySelectorAll('img')].map((img: Any) => ({
					src: img.getAttribute('src') || '',
					loaded: img.complete && img.naturalWidth > 0,
				})),
				placeholder: item.querySelector('[class*="nodeIconPlaceholder"]')?.textContent?.trim() ?? null,
			}));
		return { items, noResults: visible(creator.querySelector('[data-test-id="node-creator-no-results"]')) };
	});
}

function describeListed(items: ListedNode[]): string {
	return items.length ? items.map((i) => `"${i.name}" (${i.navId.replace(/-[0-9a-f-]{36}$/, '')})`).join(', ') : 'nothing';
}

/**
 * Types `search` into the open nodes panel and resolves with the entry of `node` once it is
 * listed with its icon loaded. Throws, naming what the panel listed instead, when the search
 * finds no such node (n8n's "No results") or the entry lacks its icon.
 */
export async function findInNodesPanel(page: Page, search: string, node: PackageNode): Promise<Locator> {
	const searchBar = page.getByTestId('node-creator-search-bar');
	await searchBar.fill(search);
	const iconPath = `/icons/${PACKAGE_NAME}/`;
	const started = Date.now();
	let last: { items: ListedNode[]; noResults: boolean } = { items: [], noResults: false };
	for (;;) {
		last = await listedNodes(page);
		const entry = last.items.find((i) => i.name === node.panelName);
		if (entry) {
			if (!entry.navId.startsWith(`${node.type}-`))
				throw new Error(`nodes panel lists "${node.panelName}" as ${entry.navId}, not as ${node.type}`);
			const icon = entry.icons.find((i) => i.src.includes(iconPath) && i.src.endsWith(`/${node.iconFile}`));
			if (icon?.loaded) break;
			if (entry.placeholder !== null || (!icon && Date.now() - started > SEARCH_TIMEOUT_MS))
				throw new Error(
					`nodes panel shows "${node.panelName}" without its icon ${node.iconFile} ` +
						`(placeholder ${JSON.stringify(entry.placeholder)}, images ${JSON.stringify(entry.icons)})`,
				);
		} else if (last.noResults && (await searchBar.inputValue()) === search) {
			throw new Error(`nodes panel search "${search}" found no results: "${node.panelName}" (${node.type}) is missing`);
		}
		if (Date.now() - started > SEARCH_TIMEOUT_MS)
			throw new Error(
				`nodes panel search "${search}" does not list "${node.panelName}" (${node.type}) ` +
					`after ${SEARCH_TIMEOUT_MS} ms; it lists ${describeListed(last.items)}`,
			);
		// Re-read on the next frame: the panel renders search results asynchronously.
		await page.evaluate(() => new Promise((resolve) => (globalThis as Any).requestAnimationFrame(resolve)));
	}
	return page
		.getByTestId('item-iterator-item')
		.filter({ has: page.getByTestId('node-creator-item-name').getByText(node.panelName, { exact: true }) });
}

/** Opens the nodes panel from the canvas: the big "Add first step" button or the "+" on the right. */
export async function openNodesPanel(page: Page): Promise<void> {
	const firstStep = page.getByTestId('canvas-plus-button');
	if (await firstStep.isVisible()) await firstStep.click();
	else await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').waitFor();
}
