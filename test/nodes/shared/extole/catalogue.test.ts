/**
 * The one Extole event catalogue (nodes/shared/extole/events.json through catalogue.ts, compiled)
 * and everything that reads it. Every check iterates the catalogue, so an event added to
 * events.json is covered here without touching any other file: it normalises from each of its
 * names, the sender emits it in every style, the trigger offers it, registration plans it, the
 * sandbox routes it, Sync Extole Event offers it.
 */
import {
	ALL_EVENTS,
	EXTOLE_EVENTS,
	getRewardState,
	lookupEvent,
	normaliseEventName,
	OTHER_EVENT,
	PARTNER_EVENT_KEYS,
	REWARD_STATES,
} from '../../../../dist/nodes/shared/extole/catalogue';
import { normaliseEvent } from '../../../../dist/nodes/ExtoleTrigger/events';
import { planWebhooks } from '../../../../dist/nodes/ExtoleTrigger/registration';
import { ExtoleTrigger } from '../../../../dist/nodes/ExtoleTrigger/ExtoleTrigger.node';
import { Braze } from '../../../../dist/nodes/Braze/Braze.node';

const { buildEvent, eventName, stylesFor, STYLES, EVENTS } = require('../../../../sandbox/extole/payloads');
const sandboxCatalogue = require('../../../../sandbox/extole/catalogue');

const KEYS = EXTOLE_EVENTS.map((d) => d.key);

describe('the catalogue itself', () => {
	it('has unique keys, and no name that belongs to two events', () => {
		expect(new Set(KEYS).size).toBe(KEYS.length);
		const owner = new Map<string, string>();
		for (const d of EXTOLE_EVENTS) {
			for (const name of d.names) {
				expect(owner.get(name) ?? d.key).toBe(d.key);
				owner.set(name, d.key);
			}
		}
	});

	it("holds the seven events of Braze's Extole page, first and in the page's order, under the page's names", () => {
		// shared/reference/seed-braze-extole-partner-page.md, "Define Event Names and Attributes".
		expect(EXTOLE_EVENTS.filter((d) => d.partnerPage).map((d) => d.label)).toEqual([
			'Created Share Link',
			'Shared',
			'Referred Signed Up',
			'Referred Converted',
			'Subscribed',
			'Unsubscribed',
			'Earned Reward',
		]);
		expect(KEYS.slice(0, 7)).toEqual(PARTNER_EVENT_KEYS);
	});

	it("lists the reward states of Extole's Reward Webhooks page, each standing for one reward event of that state", () => {
		// Extole "Reward Webhooks" page (extole/product-docs, technical/platform-integrations/webhooks/reward-webhooks.mdx), Filters > Events.
		expect(REWARD_STATES.map((s) => s.label)).toEqual(['Earned', 'Fulfilled', 'Failed', 'Sent', 'Redeemed', 'Canceled', 'Revoked']);
		for (const s of REWARD_STATES) {
			const event = EXTOLE_EVENTS.find((d) => d.key === s.event);
			expect(event).toMatchObject({ kind: 'reward', rewardState: s.state });
			expect(getRewardState(s.state.toLowerCase())).toBe(s);
		}
	});

	it("fixes a side only for Extole's advocate share and a referred friend's sign-up, conversion and email capture", () => {
		// Extole's webhooks help page: "a successful advocate share", "an email capture ... from a referred friend";
		// Braze's Extole page: Referred Signed Up, Referred Converted.
		expect(Object.fromEntries(EXTOLE_EVENTS.filter((d) => d.funnel).map((d) => [d.key, d.funnel]))).toEqual({
			shared: 'advocate',
			referred_signed_up: 'friend',
			referred_converted: 'friend',
			email_captured: 'friend',
		});
	});

	it('gives every reward event one of those states, and no person event a state', () => {
		for (const d of EXTOLE_EVENTS) {
			if (d.kind === 'reward') expect(REWARD_STATES.map((s) => s.state)).toContain(d.rewardState);
			else expect(d.rewardState).toBeUndefined();
		}
	});
});

describe.each(EXTOLE_EVENTS.map((d) => [d.key, d] as const))('event %s', (key, definition) => {
	it('is found from each of its names, in any spelling Extole uses', () => {
		for (const name of [key, definition.label, ...definition.names]) {
			expect(lookupEvent(name)?.key).toBe(key);
			expect(lookupEvent(`extole_${name}`)?.key).toBe(key);
			expect(lookupEvent(name.toUpperCase())?.key).toBe(key);
			expect(normaliseEvent({ event_name: name }).event).toBe(key);
		}
		for (const name of definition.names) expect(normaliseEventName(name)).toBe(name);
	});

	it('is emitted by the sender in every style it has, under a name that normalises back to it', () => {
		expect(EVENTS).toContain(key);
		const styles: string[] = stylesFor(key);
		// Only Extole's nameless reward body is not for every event: it is for each reward state's own.
		expect(STYLES.filter((s: string) => !styles.includes(s))).toEqual(REWARD_STATES.some((s) => s.event === key) ? [] : ['reward-payload']);
		for (const style of styles) {
			if (style !== 'reward-payload') expect(lookupEvent(eventName(key, style))?.key).toBe(key);
			const body = buildEvent(key, style, { event_id: `cat-${key}-${style}` });
			const item = normaliseEvent(JSON.parse(JSON.stringify(body)), { rewardState: definition.rewardState });
			expect(item).toMatchObject({ event: key, event_name: definition.label, event_id: `cat-${key}-${style}` });
		}
	});

	it('gets its fixed side (funnel) only when the body says none', () => {
		expect(normaliseEvent({ event_name: key }).funnel).toBe(definition.funnel ?? null);
		expect(normaliseEvent({ event_name: key, funnel: 'advocate' }).funnel).toBe('advocate');
	});

	it("is offered by the trigger's Events option with its label and description", () => {
		const events = new ExtoleTrigger().description.properties.find((p) => p.name === 'events');
		expect(events?.options).toContainEqual({ name: definition.label, value: key, description: definition.description });
	});

	it('is planned by automatic registration on the webhook type that delivers it', () => {
		const plan = planWebhooks([key]);
		if (definition.kind === 'reward') {
			expect(plan).toEqual({ kinds: ['REWARD'], rewardStates: [definition.rewardState] });
		} else {
			expect(plan).toEqual({ kinds: ['GENERIC'], rewardStates: [] });
		}
	});

	it("is routed by the sandbox to the webhook Extole would use (its reward state's REWARD webhook, else GENERIC)", () => {
		expect(sandboxCatalogue.rewardStateOf(key)).toBe(definition.rewardState ?? null);
	});

	it("is offered in Sync Extole Event's mapping", () => {
		expect(extoleEventOptionValues()).toContain(key);
	});
});

describe('selections', () => {
	it("offer All Events and Other besides the catalogue's events", () => {
		const events = new ExtoleTrigger().description.properties.find((p) => p.name === 'events');
		const values = (events?.options as Array<{ value: string }>).map((o) => o.value);
		expect(values).toEqual([ALL_EVENTS, ...KEYS, OTHER_EVENT]);
	});
});

/**
 * The values of the Braze node's option list that offers Extole events (found by its content,
 * wherever the Braze node keeps it).
 */
function extoleEventOptionValues(): string[] {
	const found: string[][] = [];
	const walk = (value: unknown) => {
		if (Array.isArray(value)) return value.forEach(walk);
		if (typeof value !== 'object' || value === null) return;
		const v = value as { options?: unknown; values?: unknown };
		if (Array.isArray(v.options)) {
			const values = v.options.map((o: { value?: unknown }) => o?.value).filter((x): x is string => typeof x === 'string');
			if (values.includes('shared') && values.includes('earned_reward')) found.push(values);
		}
		Object.values(v).forEach(walk);
	};
	walk(new Braze().description.properties);
	expect(found.length).toBeGreaterThan(0);
	return found[0];
}
