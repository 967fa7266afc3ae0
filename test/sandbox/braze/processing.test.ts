/**
 * Conformance: Braze's asynchronous processing. /users/track answers with what it "queued to be
 * processed" (post_user_track), /users/delete with the ids "queued for deletion"
 * (post_user_delete), /users/merge "is asynchronous" (post_users_merge); data shows up "10-100 ms"
 * later under normal conditions (api_limits, "Optimal delay between endpoints").
 * Braze docs: api/endpoints/user_data/*, api/api_limits.
 */
import { ALL_FIELDS, PAST, Sandbox, post, request, start } from './helpers';

const alias = { alias_name: 'friend@example.com', alias_label: 'email' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Braze sandbox: asynchronous processing', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await start({ processingDelayMs: 300 });
	});
	afterAll(() => sb.stop());
	beforeEach(() => sb.reset());
	const exportIds = async (ids: string[]) =>
		(await post(sb, '/users/export/ids', { external_ids: ids, fields_to_export: ['external_id', 'first_name', 'custom_events'] })).body;

	it('starts with a realistic processing delay of 100 ms', async () => {
		const d = await start();
		try {
			expect((await request(d, 'GET', '/_sandbox/config')).body.options.processingDelayMs).toBe(100);
			await post(d, '/users/track', { attributes: [{ external_id: 'u', first_name: 'A' }] });
			expect(d.users('production')).toEqual([]);
			await sleep(150);
			expect(d.users('production')).toEqual([expect.objectContaining({ external_id: 'u' })]);
		} finally {
			await d.stop();
		}
	});

	it('answers /users/track at once, and an export right after it does not show the write yet', async () => {
		const r = await post(sb, '/users/track', { attributes: [{ external_id: 'u', first_name: 'A' }] });
		expect(r.body).toEqual({ message: 'success', attributes_processed: 1 });
		expect(await exportIds(['u'])).toEqual({ message: 'success', users: [], invalid_user_ids: ['u'] });
		await sleep(350);
		expect((await exportIds(['u'])).users).toEqual([{ external_id: 'u', first_name: 'A' }]);
	});

	it('applies queued writes in the order they were received', async () => {
		await post(sb, '/users/track', { attributes: [{ external_id: 'u', first_name: 'First' }] });
		await post(sb, '/users/track', { attributes: [{ external_id: 'u', first_name: 'Second' }], events: [{ external_id: 'u', name: 'e', time: PAST }] });
		await sleep(350);
		expect((await exportIds(['u'])).users[0]).toMatchObject({ first_name: 'Second', custom_events: [expect.objectContaining({ count: 1 })] });
	});

	// "if you're assigning users an alias through our /user/alias/new endpoint, and then hitting that alias ... through /users/track, how long should you wait?"
	it('drops a /users/track on an alias sent before /users/alias/new was processed', async () => {
		await post(sb, '/users/alias/new', { user_aliases: [alias] });
		// the alias-only profile does not exist yet: update-only by default, so Braze drops it
		await post(sb, '/users/track', { attributes: [{ user_alias: alias, first_name: 'Early' }] });
		await sleep(350);
		const [u] = sb.users('production');
		expect(u.user_aliases).toEqual([expect.objectContaining(alias)]);
		expect(u.attributes.first_name).toBeUndefined();
		await sleep(300); // the alias is findable one processing delay after it was processed
		await post(sb, '/users/track', { attributes: [{ user_alias: alias, first_name: 'Late' }] });
		await sleep(350);
		expect(sb.users('production')[0].attributes.first_name).toBe('Late');
	});

	it('finds nobody by email until the /users/track that set it was processed', async () => {
		await post(sb, '/users/track', { attributes: [{ user_alias: alias, _update_existing_only: false, email: 'friend@example.com' }] });
		const early = await post(sb, '/users/export/ids', { email_address: 'friend@example.com', fields_to_export: ['user_aliases'] });
		expect(early.body.users).toEqual([]);
		await sleep(350);
		const late = await post(sb, '/users/export/ids', { email_address: 'friend@example.com', fields_to_export: ['user_aliases'] });
		expect(late.body.users).toEqual([{ user_aliases: [alias] }]);
	});

	it('queues /users/identify, /users/delete and /users/merge too', async () => {
		await post(sb, '/users/track', { attributes: [{ external_id: 'a', x: 1 }, { external_id: 'b', x: 1 }, { external_id: 'c', x: 1 }] });
		await sleep(350);
		expect((await post(sb, '/users/delete', { external_ids: ['a'] })).body).toEqual({ deleted: 1, message: 'success' });
		const merge = await post(sb, '/users/merge', { merge_updates: [{ identifier_to_merge: { external_id: 'b' }, identifier_to_keep: { external_id: 'c' } }] });
		expect(merge.status).toBe(202);
		expect(sb.users('production')).toHaveLength(3);
		expect(sb.pending().map((j: any) => j.path)).toEqual(['/users/delete', '/users/merge']);
		await sleep(350);
		expect(sb.users('production').map((u: any) => u.external_id)).toEqual(['c']);
	});

	it('lists the queued writes under GET /_sandbox/queue and marks them in the request log', async () => {
		await post(sb, '/users/track', { attributes: [{ external_id: 'u', x: 1 }] });
		const q = await request(sb, 'GET', '/_sandbox/queue');
		expect(q.body).toEqual({ delayMs: 300, pending: [expect.objectContaining({ workspace: 'production', path: '/users/track', requestId: expect.any(Number) })] });
		expect(sb.requests()[0]).toMatchObject({ queued: true });
		expect(sb.requests()[0].processedAt).toBeUndefined();
		await sleep(350);
		expect((await request(sb, 'GET', '/_sandbox/queue')).body.pending).toEqual([]);
		expect(Date.parse(sb.requests()[0].processedAt)).not.toBeNaN();
	});

	it('applies everything queued at once with POST /_sandbox/settle (as if the delay had passed)', async () => {
		await post(sb, '/users/track', { attributes: [{ external_id: 'u', x: 1 }] });
		await post(sb, '/users/alias/new', { user_aliases: [alias] });
		const r = await request(sb, 'POST', '/_sandbox/settle');
		expect(r.body).toEqual({ processed: 2 });
		expect(sb.users('production')).toHaveLength(2);
	});

	it('applies writes inside the request with instant: true', async () => {
		const instant = await start({ instant: true });
		try {
			await post(instant, '/users/track', { attributes: [{ external_id: 'u', first_name: 'Now' }] });
			expect(instant.users('production')).toEqual([expect.objectContaining({ external_id: 'u' })]);
			expect(instant.requests()[0]).toMatchObject({ queued: true, processedAt: expect.any(String) });
		} finally {
			await instant.stop();
		}
	});

	it('applies what is still queued when it stops', async () => {
		const dir = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'braze-queue-'));
		const file = require('path').join(dir, 'state.json');
		const a = await start({ persistFile: file, processingDelayMs: 60000 });
		await post(a, '/users/track', { attributes: [{ external_id: 'kept', x: 1 }] });
		await a.stop();
		const b = await start({ persistFile: file });
		try {
			expect(b.users('production').map((u: any) => u.external_id)).toEqual(['kept']);
		} finally {
			await b.stop();
			require('fs').rmSync(dir, { recursive: true, force: true });
		}
	});

	it('does not queue reads or the endpoints Braze does not document as queued', async () => {
		await post(sb, '/users/export/ids', { external_ids: ['u'], fields_to_export: ALL_FIELDS });
		await post(sb, '/email/status', { email: 'a@example.com', subscription_state: 'subscribed' });
		expect(sb.pending()).toEqual([]);
	});
});
