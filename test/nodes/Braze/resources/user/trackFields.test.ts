/**
 * The fields of User > Track as the editor shows them, and what their picked values send to
 * Braze (through the harness, against the sandbox).
 */
import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import type { Json } from '../../helpers';
import { apiRequests, harness, people, trackParams, useSandbox } from '../../helpers';

const sb = useSandbox();

const trackProperties = (): INodeProperties[] =>
	harness
		.loadTypes()
		.nodes.get(harness.resolveType('braze'))
		.description.properties.filter((p: INodeProperties) => p.displayOptions?.show?.operation?.[0] === 'track');
const field = (name: string) => trackProperties().find((p) => p.name === name) as INodeProperties;
const standard = (name: string) => (field('standardAttributes').options as INodeProperties[]).find((o) => o.name === name) as INodeProperties;
const entryField = (collection: string, name: string) =>
	((field(collection).options as INodePropertyCollection[])[0].values as INodeProperties[]).find((v) => v.name === name) as INodeProperties;
const optionValues = (property: INodeProperties) => (property.options as Array<{ value: string }>).map((o) => o.value);
const optionNames = (property: INodeProperties) => (property.options as Array<{ name: string }>).map((o) => o.name);
const byName = (list: string[]) => [...list].sort((a, b) => a.localeCompare(b, 'en'));

/** Runs Track in a workflow whose time zone is Europe/Berlin. */
async function trackInBerlin(parameters: Json) {
	const run = await harness.runWorkflow({
		workflow: {
			nodes: [
				{ id: 's', name: 'Start', type: 'harness.start', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'b',
					name: 'Braze',
					type: harness.resolveType('braze'),
					typeVersion: 1,
					position: [200, 0],
					parameters: trackParams(parameters),
					credentials: { brazeApi: { id: 'braze', name: 'Braze' } },
				},
			],
			connections: { Start: { main: [[{ node: 'Braze', type: 'main', index: 0 }]] } },
			settings: { timezone: 'Europe/Berlin' },
		},
		credentials: { brazeApi: { instance: 'custom', customUrl: sb.url, apiKey: 'bz-prod-4f1c2a9e-7d1b-4c55-9a55-000000000001' } },
		startItems: people(1),
	});
	expect(run.error).toBeUndefined();
	return apiRequests(sb, '/users/track')[0].body;
}

describe('User > Track fields', () => {
	it('pick event and purchase times and the date of birth with date pickers', () => {
		expect(entryField('events', 'time').type).toBe('dateTime');
		expect(entryField('purchases', 'time').type).toBe('dateTime');
		expect(standard('dob').type).toBe('dateTime');
	});

	it('require an event\'s name and a purchase\'s product ID, with e.g. placeholders', () => {
		expect(entryField('events', 'name')).toMatchObject({ required: true, placeholder: 'e.g. referral_completed' });
		expect(entryField('purchases', 'productId')).toMatchObject({ required: true, placeholder: 'e.g. premium_plan' });
	});

	it('offer every ISO-3166-1 country and ISO-639-1 language, listed by name', () => {
		const countries = standard('country');
		const languages = standard('language');
		expect(countries.type).toBe('options');
		expect(optionValues(countries)).toHaveLength(249);
		expect(optionValues(languages)).toHaveLength(184);
		for (const code of optionValues(countries)) expect(code).toMatch(/^[A-Z]{2}$/);
		for (const code of optionValues(languages)) expect(code).toMatch(/^[a-z]{2}$/);
		expect(new Set(optionValues(countries)).size).toBe(249);
		expect(new Set(optionNames(languages)).size).toBe(184);
		expect(optionNames(countries)).toEqual(byName(optionNames(countries)));
		expect(optionNames(languages)).toEqual(byName(optionNames(languages)));
		expect(countries.options).toContainEqual({ name: 'United States (US)', value: 'US' });
		expect(languages.options).toContainEqual({ name: 'English', value: 'en' });
	});

	it('offer the genders Braze documents, and no "Unknown"', () => {
		expect(standard('gender').options).toEqual([
			{ name: 'Female', value: 'F' },
			{ name: 'Male', value: 'M' },
			{ name: 'Not Applicable', value: 'N' },
			{ name: 'Other', value: 'O' },
			{ name: 'Prefer Not to Say', value: 'P' },
		]);
	});

	it('list standard attributes by name, and every placeholder starts with "e.g."', () => {
		const attributes = (field('standardAttributes').options as INodeProperties[]).map((o) => o.displayName);
		expect(attributes).toEqual(byName(attributes));
		const placeholders = [
			...(field('standardAttributes').options as INodeProperties[]),
			...((field('events').options as INodePropertyCollection[])[0].values as INodeProperties[]),
			...((field('purchases').options as INodePropertyCollection[])[0].values as INodeProperties[]),
			...((field('customAttributes').options as INodePropertyCollection[])[0].values as INodeProperties[]),
		]
			.map((p) => p.placeholder)
			.filter((p) => p !== undefined);
		expect(placeholders.length).toBeGreaterThan(8);
		for (const placeholder of placeholders) expect(placeholder).toMatch(/^e\.g\. /);
	});
});

describe('User > Track: picked values in Braze', () => {
	it('a picked event or purchase time is read in the workflow\'s time zone and sent in UTC', async () => {
		const body = await trackInBerlin({
			standardAttributes: {},
			events: { event: [{ name: 'shared', time: '2024-05-01T10:00:00' }] },
			purchases: { purchase: [{ productId: 'sku', currency: 'EUR', price: 1, quantity: 1, time: '2024-01-15T10:00:00' }] },
		});
		expect(body.events[0].time).toBe('2024-05-01T08:00:00.000Z');
		expect(body.purchases[0].time).toBe('2024-01-15T09:00:00.000Z');
	});

	it('an ISO time from an expression keeps its own zone', async () => {
		const body = await trackInBerlin({ standardAttributes: {}, events: { event: [{ name: 'shared', time: '={{ "2024-05-01T10:00:00Z" }}' }] } });
		expect(body.events[0].time).toBe('2024-05-01T10:00:00.000Z');
	});

	it('a picked date of birth is sent as YYYY-MM-DD; a chosen country and language as their codes', async () => {
		const body = await trackInBerlin({ standardAttributes: { dob: '1990-12-31T00:00:00', country: 'DE', language: 'de', gender: 'P' } });
		expect(body.attributes[0]).toMatchObject({ dob: '1990-12-31', country: 'DE', language: 'de', gender: 'P' });
	});

	it('a country code not in the list can still come from an expression', async () => {
		const body = await trackInBerlin({ standardAttributes: { country: '={{ "XK" }}' } });
		expect(body.attributes[0].country).toBe('XK');
	});
});
