/**
 * The node details view (NDV): open a node, read and pick a dropdown parameter's options, and read
 * the output panel after a run.
 */
import type { Locator, Page } from 'playwright-core';

import { canvasNode } from './canvas';

type Any = any;

export async function openNode(page: Page, name: string): Promise<Locator> {
	await canvasNode(page, name).dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	return ndv;
}

export async function closeNode(page: Page): Promise<void> {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

/** The open dropdown's options: the headline of each (n8n shows a description under some). */
function openOptions(page: Page): Locator {
	return page.getByRole('option').locator('.option-headline');
}

/**
 * Opens a dropdown parameter (e.g. `operation`) and returns the names of its options, closing it
 * again; `whileOpen` runs while the list is shown (say, for a screenshot).
 */
export async function dropdownOptions(page: Page, parameter: string, whileOpen?: () => Promise<unknown>): Promise<string[]> {
	await page.getByTestId(`parameter-input-${parameter}`).click();
	await openOptions(page).first().waitFor();
	const names = (await openOptions(page).allInnerTexts()).map((name) => name.trim());
	if (whileOpen) await whileOpen();
	await page.keyboard.press('Escape');
	await openOptions(page).first().waitFor({ state: 'hidden' });
	return names;
}

/** Picks an option of a dropdown parameter by its name and waits until the field shows it. */
export async function selectOption(page: Page, parameter: string, optionName: string): Promise<void> {
	const field = page.getByTestId(`parameter-input-${parameter}`);
	await field.click();
	await page.getByRole('option').filter({ has: page.getByText(optionName, { exact: true }) }).click();
	const input = await field.locator('input').first().elementHandle();
	await page.waitForFunction(([el, want]: Any[]) => el.value === want, [input, optionName]);
}

/** The output panel's item count ("1 item") once a run's data is shown. */
export async function outputItemCount(page: Page): Promise<number> {
	const count = page.getByTestId('output-panel').getByTestId('ndv-items-count');
	await count.waitFor();
	const match = /(\d+)\s+items?/.exec(await count.innerText());
	if (!match) throw new Error(`output panel item count reads "${await count.innerText()}"`);
	return Number(match[1]);
}

/** The output panel in JSON view, whitespace removed (`"key":"value"`), as the user reads it. */
export async function outputJsonText(page: Page): Promise<string> {
	const output = page.getByTestId('output-panel');
	await output.getByTestId('radio-button-json').click();
	const data = output.getByTestId('ndv-data-container');
	await data.locator('.json-data, pre, [class*="json"]').first().waitFor();
	return (await data.innerText()).replace(/\s+/g, '');
}
