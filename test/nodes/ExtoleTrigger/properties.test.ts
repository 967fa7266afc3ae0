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
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'extole' },
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'extole' },
		]);
	});
});

describe('set-up notices', () => {
	it('without registration: the webhook URL and the steps in Extole, GET and reward states, and that person events need a campaign', () => {
		const n = property('setupNotice');
		expect(n.type).toBe('notice');
		expect(n.displayOptions?.show).toEqual({ registerWebhook: [false] });
		expect(n.displayName).toContain('/webhook/{webhookId}/extole');
		expect(n.displayName).toMatch(/Production URL/);
		for (const step of ['Client Keys', 'WEBHOOK client key', 'HS256', 'PASSWORD', 'HTTP_BASIC', 'Outbound Webhooks', 'GENERIC', 'REWARD', 'GET', '?reward_state=EARNED', 'Reward State']) {
			expect(n.displayName).toContain(step);
		}
		expect(n.displayName).toMatch(/Person events .* only sent when an Extole campaign calls/);
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
