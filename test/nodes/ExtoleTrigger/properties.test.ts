/** The compiled Extole Trigger's parameters (properties.js) and webhook description, as n8n shows them. */
import { ExtoleTrigger } from '../../../dist/nodes/ExtoleTrigger/ExtoleTrigger.node';
import { MAX_CAPACITY } from '../../../dist/nodes/ExtoleTrigger/dedup';
import { REWARD_STATES } from '../../../dist/nodes/shared/extole/catalogue';

type Property = { name: string; type: string; displayName: string; default?: unknown; options?: Array<{ name: string; value: unknown }>; typeOptions?: Record<string, unknown>; displayOptions?: { show?: Record<string, unknown[]> } };
const description = new ExtoleTrigger().description;
const properties = description.properties as unknown as Property[];
const property = (name: string) => properties.find((p) => p.name === name)!;
const option = (name: string) => (property('options').options as unknown as Property[]).find((p) => p.name === name)!;

describe('webhooks', () => {
	it('answer POST and GET on one path, the way Extole may call its payload URL (Webhook Creation page)', () => {
		expect(description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'extole' },
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', responseData: '', path: 'extole' },
		]);
	});
});

describe('batching', () => {
	it('is a top-level switch, off by default', () => {
		expect(property('batching')).toMatchObject({ displayName: 'Batching', type: 'boolean', default: false });
	});

	it('has Max Events per Execution (75, 1 to 1,000) and Max Wait (1 s, 0.05 to 10 s), shown only when it is on', () => {
		expect(property('maxEventsPerExecution')).toMatchObject({
			type: 'number',
			default: 75,
			typeOptions: { minValue: 1, maxValue: 1000 },
			displayOptions: { show: { batching: [true] } },
		});
		expect(property('maxWaitSeconds')).toMatchObject({
			type: 'number',
			default: 1,
			typeOptions: { minValue: 0.05, maxValue: 10 },
			displayOptions: { show: { batching: [true] } },
		});
	});
});

describe('set-up notices', () => {
	// Extole's Webhook Creation page: client keys in the Security Center (+ New Key, Webhook), webhooks in Tech Center > Outbound Webhooks.
	it('without registration: short steps in Extole, where the key and the webhook are made, reward states, a link to the guide', () => {
		const n = property('setupNotice');
		expect(n.type).toBe('notice');
		expect(n.displayOptions?.show).toEqual({ registerWebhook: [false] });
		expect(n.displayName).toContain('/webhook/{webhookId}/extole');
		expect(n.displayName).toMatch(/Production URL/);
		for (const step of ['Security Center › Keys', 'Webhook key', 'HS256', 'Tech Center › Outbound Webhooks', 'GENERIC', 'REWARD', '?reward_state=EARNED', 'Reward State']) {
			expect(n.displayName).toContain(step);
		}
		expect(n.displayName).toMatch(/person events \(an Extole campaign must call it\)/);
		expect(n.displayName).toContain('href="https://github.com/extole-braze/n8n-nodes-extole-braze/blob/main/docs/extole-trigger.md#manually"');
		expect(n.displayName.replace(/<[^>]+>/g, '').length).toBeLessThan(500);
	});

	it('with registration: what publishing does (one REWARD webhook per state) and that person events still need a campaign', () => {
		const n = property('registerNotice');
		expect(n.type).toBe('notice');
		expect(n.displayOptions?.show).toEqual({ registerWebhook: [true] });
		expect(n.displayName).toMatch(/Publishing creates .* unpublishing deletes them/);
		expect(n.displayName).toMatch(/one REWARD webhook per selected reward state/);
		expect(n.displayName).toMatch(/does not change campaigns/);
	});
});

describe('Reward State', () => {
	it("offers Extole's reward states for manual set-up, not set by default", () => {
		const p = property('rewardState');
		expect(p.default).toBe('');
		expect(p.displayOptions?.show).toEqual({ registerWebhook: [false] });
		expect((p.options ?? []).map((o) => o.value)).toEqual(['', ...REWARD_STATES.map((s) => s.state)]);
	});
});

describe('deduplication options', () => {
	it(`cap Deduplication Capacity at ${MAX_CAPACITY}`, () => {
		expect(option('dedupCapacity').typeOptions).toEqual({ minValue: 1, maxValue: MAX_CAPACITY });
	});
});
