/**
 * n8n's node setting Retry On Fail with this node: n8n-core's WorkflowExecute runs the whole node
 * again after it failed (it threw, or its first output item is an error item), and each later
 * try sends again only the items Braze did not write; written items keep their first result.
 * Run through the harness, whose WorkflowExecute honours retryOnFail as n8n does.
 */
import type { Json } from '../helpers';
import { apiRequests, credentials, FAST, harness, people, trackParams, useSandbox } from '../helpers';

const sb = useSandbox();

const event = { event: [{ name: 'shared', time: '2026-01-01T00:00:00Z', properties: '{}' }] };

/** Runs the Braze node once with n8n's Retry On Fail on (no wait between tries). */
async function runRetrying(parameters: Json, items: Json[], node: Json = {}) {
	const run = await harness.runWorkflow({
		workflow: {
			nodes: [
				{ name: 'Start', type: 'harness.start', parameters: {} },
				{
					name: 'Braze',
					type: 'braze',
					parameters,
					credentials: { brazeApi: { id: 'brazeApi-id', name: 'brazeApi' } },
					retryOnFail: true,
					maxTries: 3,
					// n8n reads 0 as "not set" (1000 ms): 1 ms keeps the tries quick.
					waitBetweenTries: 1,
					...node,
				},
			],
			connections: { Start: { main: [[{ node: 'Braze', type: 'main', index: 0 }]] } },
		},
		credentials: credentials(sb),
		startItems: items,
		startNode: 'Start',
	});
	return { run, error: run.nodeError('Braze') as any, json: run.items('Braze').map((i) => i.json as Json) };
}

/** /users/track requests that carried the user `id`, in any array. */
function requestsFor(id: string): Json[] {
	return apiRequests(sb, '/users/track').filter((r) =>
		['attributes', 'events', 'purchases'].some((key) => (r.body[key] ?? []).some((o: Json) => o.external_id === id)),
	);
}

/** Two items, u0 to production and u1 to the test workspace, whose next request gets a 429 that Max Rate-Limit Wait 0 does not wait for. */
function oneNotWritten(): { parameters: Json; items: Json[] } {
	sb.setFaults({ status: 429, count: 1, path: '/users/track', workspace: 'staging' });
	return {
		parameters: trackParams({
			environment: '={{ $json.id === "u1" ? "test" : "production" }}',
			events: event,
			options: { ...FAST, maxRateLimitWaitSeconds: 0, requestsInFlight: 1 },
		}),
		items: people(2),
	};
}

describe("n8n's Retry On Fail", () => {
	it('runs the node again, which sends only the item Braze did not write: the written one is not sent twice', async () => {
		const { parameters, items } = oneNotWritten();
		const { error, json } = await runRetrying(parameters, items);
		expect(error).toBeUndefined();
		expect(json.map((j) => j.delivery)).toEqual(['written', 'written']);
		// u1: refused by the 429 in the first try, sent again by the second; u0: once
		expect(requestsFor('u1')).toHaveLength(2);
		expect(requestsFor('u0')).toHaveLength(1);
		sb.settle();
		const user = (sb.users('production') as Json[]).find((u) => u.external_id === 'u0');
		expect(user?.events).toHaveLength(1);
	});

	it('without Retry On Fail, the same run fails and sends nothing again (the control)', async () => {
		const { parameters, items } = oneNotWritten();
		const { error } = await runRetrying(parameters, items, { retryOnFail: false });
		expect(error?.message).toMatch(/^Item 1: Braze rate limit on \/users\/track/);
		expect(error?.description).not.toMatch(/Retry On Fail/);
		expect(apiRequests(sb, '/users/track')).toHaveLength(2);
	});

	it('with On Error set to continue, a first output item that failed makes n8n run the node again, and only that item is sent again', async () => {
		sb.setFaults({ status: 429, count: 1, path: '/users/track', workspace: 'staging' });
		const parameters = trackParams({
			environment: '={{ $json.id === "u0" ? "test" : "production" }}',
			events: event,
			options: { ...FAST, maxRateLimitWaitSeconds: 0, requestsInFlight: 1 },
		});
		const { error, json } = await runRetrying(parameters, people(3), { onError: 'continueRegularOutput' });
		expect(error).toBeUndefined();
		expect(json.map((j) => j.success)).toEqual([true, true, true]);
		expect(requestsFor('u0')).toHaveLength(2);
		expect(requestsFor('u1')).toHaveLength(1);
		expect(requestsFor('u2')).toHaveLength(1);
	});

	it('never sends again an item Braze may have applied: it stays unknown through every try, and the error says what the tries did', async () => {
		// applied, then 500, on every attempt; at most once: the events are not sent again by the node itself
		sb.setFaults({ status: 500, applyThenFail: true, path: '/users/track' });
		const parameters = trackParams({ events: event, options: { ...FAST, maxAttempts: 2, uncertainRetry: 'atMostOnce' } });
		const { error } = await runRetrying(parameters, people(2));
		// the first try's requests only: one with the events, then the attributes alone
		expect(apiRequests(sb, '/users/track')).toHaveLength(2);
		expect(error.message).toMatch(/^Item 0: Braze failed on \/users\/track with HTTP 500/);
		expect(error.description).toMatch(/Delivery of the 2 items: 2 unknown: Braze may have applied it \(items 0, 1\)/);
		expect(error.description).toMatch(
			/n8n's Retry On Fail ran this node 3 times \(at most 3\): each later try sent again only the items Braze had not written and kept the earlier result of the other 2 items, so these tries wrote nothing twice\./,
		);
		expect(error.context.retryOnFail).toEqual({ attempt: 3, maxTries: 3, kept: 2 });
	});

	it('sends an item refused before sending to the next try again, the valid items once', async () => {
		const parameters = trackParams({
			standardAttributes: { first_name: '={{ $json.name }}', phone: '={{ $json.id === "u1" ? "12" : "" }}' },
			options: FAST,
		});
		const { error } = await runRetrying(parameters, people(3));
		expect(error.message).toMatch(/^Item 1: attributes\.phone: "12" cannot be made an E\.164 phone number/);
		expect(apiRequests(sb, '/users/track')).toHaveLength(1);
		expect(error.context.retryOnFail).toEqual({ attempt: 3, maxTries: 3, kept: 2 });
	});

	it("counts n8n's tries as n8n does: Max Tries within 2 to 5", async () => {
		const parameters = trackParams({ standardAttributes: { phone: '12' }, options: FAST });
		const five = await runRetrying(parameters, people(1), { maxTries: 9 });
		expect(five.error.context.retryOnFail).toMatchObject({ attempt: 5, maxTries: 5 });
		const two = await runRetrying(parameters, people(1), { maxTries: 1 });
		expect(two.error.context.retryOnFail).toMatchObject({ attempt: 2, maxTries: 2 });
	});
});
