/**
 * Conformance: fault injection at start and through /_sandbox/faults (the failures Braze documents
 * in api/errors: 429, 5xx; 502/504 from a gateway).
 */
import { PAST, Sandbox, post, request, start } from './helpers';

const ev = (id = 'u') => ({ events: [{ external_id: id, name: 'e', time: PAST }] });
/** How often the user has the event once Braze processed what it accepted. */
const count = (sb: Sandbox, id = 'u') => {
	sb.settle();
	const u = sb.users('production').find((x: any) => x.external_id === id);
	return u ? u.custom_events[0].count : 0;
};

describe('Braze sandbox: fault injection', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start();
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.reset());

	it('answers a status to the next N requests, then behaves again', async () => {
		const set = await request(sb, 'POST', '/_sandbox/faults', { status: 503, count: 2 });
		expect(set.status).toBe(201);
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await post(sb, '/users/track', ev())).status);
		expect(statuses).toEqual([503, 503, 201]);
		expect(count(sb)).toBe(1);
		expect((await request(sb, 'GET', '/_sandbox/faults')).body.faults).toEqual([]);
	});

	it.each([500, 502, 503, 504])('injects %i without applying the request', async (status) => {
		sb.setFaults({ status, count: 1 });
		const r = await post(sb, '/users/track', ev());
		expect(r.status).toBe(status);
		expect(sb.users('production')).toHaveLength(0);
	});

	it('answers 500/503 with a JSON message and 502/504 with a gateway HTML page', async () => {
		for (const status of [500, 503]) {
			sb.setFaults({ status, count: 1 });
			const r = await post(sb, '/users/track', ev());
			expect(typeof r.body.message).toBe('string');
		}
		for (const status of [502, 504]) {
			sb.setFaults({ status, count: 1 });
			const r = await post(sb, '/users/track', ev());
			expect(r.headers.get('content-type')).toMatch(/text\/html/);
			expect(r.text).toContain(String(status));
		}
	});

	it('only hits requests of the workspace or method filter', async () => {
		sb.setFaults([{ status: 503, workspace: 'staging' }]);
		expect((await post(sb, '/users/track', ev())).status).toBe(201);
		expect((await post(sb, '/users/track', ev(), 'test-key')).status).toBe(503);
	});

	it('replaces faults with PUT and removes one by id with DELETE /_sandbox/faults/:id', async () => {
		const put = await request(sb, 'PUT', '/_sandbox/faults', { faults: [{ status: 500, path: '/users/track' }, { status: 503, path: '/users/delete' }] });
		expect(put.status).toBe(201);
		const [first] = put.body.faults;
		await request(sb, 'DELETE', `/_sandbox/faults/${first.id}`);
		expect((await post(sb, '/users/track', ev())).status).toBe(201);
		expect((await post(sb, '/users/delete', { external_ids: ['u'] })).status).toBe(503);
	});

	it('gives an injected 429 rate-limit headers with a near reset', async () => {
		sb.setFaults({ status: 429, count: 1 });
		const r = await post(sb, '/users/track', ev());
		expect(r.status).toBe(429);
		expect(r.headers.get('x-ratelimit-limit')).toBe('3000');
		expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
		const reset = Number(r.headers.get('x-ratelimit-reset'));
		expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
		expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 2);
	});

	it('only hits requests of the path filter', async () => {
		sb.setFaults({ status: 500, path: '/users/export/ids' });
		expect((await post(sb, '/users/track', ev())).status).toBe(201);
		expect((await post(sb, '/users/export/ids', { external_ids: ['u'] })).status).toBe(500);
	});

	it('fails at a rate, deterministically with a seed', async () => {
		const run = async () => {
			sb.setFaults({ status: 500, rate: 0.5, seed: 42 });
			const out = [];
			for (let i = 0; i < 16; i++) out.push((await post(sb, '/users/track', ev())).status);
			return out;
		};
		const first = await run();
		const second = await run();
		expect(second).toEqual(first);
		expect(first).toContain(500);
		expect(first).toContain(201);
	});

	it('adds latency', async () => {
		sb.setFaults({ latencyMs: 250 });
		const t = Date.now();
		const r = await post(sb, '/users/track', ev());
		expect(r.status).toBe(201);
		expect(Date.now() - t).toBeGreaterThanOrEqual(240);
	});

	it('drops the connection without an answer', async () => {
		sb.setFaults({ drop: true, count: 1 });
		await expect(post(sb, '/users/track', ev())).rejects.toThrow();
		expect(sb.users('production')).toHaveLength(0);
		expect((await post(sb, '/users/track', ev())).status).toBe(201);
	});

	it('applies the request then answers a 5xx (apply then fail)', async () => {
		sb.setFaults({ status: 500, applyThenFail: true, count: 1 });
		const r = await post(sb, '/users/track', ev());
		expect(r.status).toBe(500);
		expect(count(sb)).toBe(1);
		await post(sb, '/users/track', ev()); // the client's retry duplicates the event
		expect(count(sb)).toBe(2);
		const log = sb.requests();
		expect(log[0]).toMatchObject({ status: 500, applied: true, appliedStatus: 201 });
	});

	it('applies the request then resets the connection', async () => {
		sb.setFaults({ drop: true, applyThenFail: true, count: 1 });
		await expect(post(sb, '/users/track', ev())).rejects.toThrow();
		expect(count(sb)).toBe(1);
	});

	it('applies the request, then holds its answer (a client that times out first never hears of it)', async () => {
		sb.setFaults({ answerLatencyMs: 400, count: 1 });
		const t = Date.now();
		const slow = post(sb, '/users/track', ev());
		await new Promise((r) => setTimeout(r, 100));
		expect(count(sb)).toBe(1); // applied before the answer leaves
		expect((await slow).status).toBe(201);
		expect(Date.now() - t).toBeGreaterThanOrEqual(390);
		expect(sb.requests()[0]).toMatchObject({ status: 201, applied: true, fault: { answerLatencyMs: 400 } });
	});

	it('takes faults at start, lists them with GET and clears them with DELETE', async () => {
		const f = await start({ faults: [{ status: 502, path: '/users/track' }] });
		try {
			expect((await post(f, '/users/track', ev())).status).toBe(502);
			const list = await request(f, 'GET', '/_sandbox/faults');
			expect(list.body.faults).toEqual([expect.objectContaining({ status: 502, path: '/users/track' })]);
			expect((await request(f, 'DELETE', '/_sandbox/faults')).status).toBe(200);
			expect((await post(f, '/users/track', ev())).status).toBe(201);
		} finally {
			await f.stop();
		}
	});

	it('rejects an invalid fault with 400', async () => {
		expect((await request(sb, 'POST', '/_sandbox/faults', { status: 418 })).status).toBe(400);
		expect((await request(sb, 'POST', '/_sandbox/faults', { status: 500, rate: 2 })).status).toBe(400);
		expect((await request(sb, 'POST', '/_sandbox/faults', { answerLatencyMs: 500, status: 500 })).status).toBe(400);
	});
});
