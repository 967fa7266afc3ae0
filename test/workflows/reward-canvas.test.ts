/**
 * templates/extole-braze-reward-canvas.json run in-process against the Braze sandbox, as strict as
 * Braze: writes are processed a moment after Braze answered them, and a send reaches only users
 * Braze has processed (Braze docs: help/best_practices/race_conditions). The runs below do not
 * settle between Record Reward and Send Reward Canvas: the template copes with Braze's delay itself.
 */
import {
	Json,
	documentedRewardBody,
	loadTemplate,
	rewardEvent,
	runFromExtole,
	runTemplate,
	sandboxRequests,
	sandboxUsers,
	seedUser,
	settle,
	userByAlias,
	userByExternalId,
	useSandbox,
} from './helpers';

const TEMPLATE = loadTemplate('extole-braze-reward-canvas.json');
/** The sandbox's example API-triggered Canvas (docs/braze-sandbox.md, "The dashboard"), in every workspace. */
const CANVAS = 'c4a7a500-0000-4000-8000-0000000000d1';
const PAUSED_CANVAS = 'c4a7a500-0000-4000-8000-0000000000d2';
const STAGING_CANVAS = 'staging-reward-journey';

const sandbox = useSandbox();

beforeAll(async () => {
	const response = await fetch(`${sandbox.url}/_sandbox/canvases`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ workspace: 'staging', id: STAGING_CANVAS, name: 'Reward journey (staging)', channels: ['email'] }),
	});
	expect(response.status).toBe(201);
});

/** The template with its Canvas placeholders replaced, as a user fills them in. */
function withCanvases(production = CANVAS, staging = STAGING_CANVAS): Json {
	const text = JSON.stringify(TEMPLATE).replace('REPLACE_STAGING_CANVAS_ID', staging).replace('REPLACE_CANVAS_ID', production);
	return JSON.parse(text);
}

const canvasItems = (run: Json): Json[] => run.run.items('Send Reward Canvas').map((i: Json) => i.json);

/** The users once Braze has processed everything it accepted. */
const processedUsers = async (workspace = 'production') => {
	await settle(sandbox);
	return await sandboxUsers(sandbox, workspace);
};

describe('reward canvas template', () => {
	it('records the reward and enters a user Braze does not know yet into the Canvas, by external ID, with the reward as context', async () => {
		const body = rewardEvent({ partner_user_id: 'ext-new', email: 'new@example.com', coupon_code: 'SAVE10', share_link: 'https://refer.example/new' });
		const run = await runTemplate(withCanvases(), sandbox, [body]);
		expect(run.status).toBe('success');
		const [sent] = canvasItems(run);
		expect(sent).toMatchObject({ success: true, operation: 'canvas.triggerSend', delivery: 'written', canvas_id: CANVAS, recipient: { external_id: 'ext-new' } });
		// Record Reward's write may still be queued: the send creates the user itself (send_to_existing_only false, with its email).
		const [request] = await sandboxRequests(sandbox, '/canvas/trigger/send');
		expect(request.body.recipients[0]).toMatchObject({ external_user_id: 'ext-new', send_to_existing_only: false, attributes: { email: 'new@example.com' } });
		const user = userByExternalId(await processedUsers(), 'ext-new');
		expect(user?.messages).toEqual([
			expect.objectContaining({
				canvas_id: CANVAS,
				channels: ['email'],
				context: {
					reward_id: body.reward_id,
					reward_amount: '10',
					reward_currency: 'USD',
					coupon_code: 'SAVE10',
					share_link: 'https://refer.example/new',
					funnel: null,
					extole_event_id: body.event_id,
				},
			}),
		]);
		expect(user?.events.map((e: Json) => e.name)).toEqual(['Earned Reward']);
	});

	it("sends to the alias-only user Record Reward creates for an email, once Braze shows it", async () => {
		const run = await runTemplate(withCanvases(), sandbox, [rewardEvent({ email: 'adv@example.com', coupon_code: 'ADV5' })]);
		expect(run.status).toBe('success');
		expect(run.items[0]).toMatchObject({ identity: 'email_alias', braze_user: { user_alias: { alias_name: 'adv@example.com', alias_label: 'email' } } });
		const [sent] = canvasItems(run);
		expect(sent).toMatchObject({ success: true, delivery: 'written', recipient: { user_alias: { alias_name: 'adv@example.com', alias_label: 'email' } } });
		expect(sent.user_found_after_ms).toBeGreaterThan(0);
		const user = userByAlias(await processedUsers(), 'adv@example.com');
		expect(user?.messages).toEqual([expect.objectContaining({ canvas_id: CANVAS, context: expect.objectContaining({ coupon_code: 'ADV5' }) })]);
	});

	it('sends to the profile Braze has for the email: an identified one by its external ID, an anonymous one by its Braze ID', async () => {
		await seedUser(sandbox, { external_id: 'crm-grace', email: 'grace@example.com' });
		await seedUser(sandbox, { email: 'anon@example.com', first_name: 'Anon' });
		const run = await runTemplate(withCanvases(), sandbox, [rewardEvent({ email: 'grace@example.com' }), rewardEvent({ email: 'anon@example.com' })]);
		const anonymous = (await sandboxUsers(sandbox)).find((u: Json) => u.attributes.email === 'anon@example.com') as Json;
		expect(canvasItems(run).map((i) => i.recipient)).toEqual([{ external_id: 'crm-grace' }, { braze_id: anonymous.braze_id }]);
		const users = await processedUsers();
		expect(userByExternalId(users, 'crm-grace')?.messages).toHaveLength(1);
		expect(users.find((u: Json) => u.braze_id === anonymous.braze_id)?.messages).toHaveLength(1);
	});

	it("sends Extole's documented reward body, delivered to the compiled trigger, with its earned_event_value", async () => {
		const body = documentedRewardBody({ recipient_email: 'doc@example.com' });
		const run = await runFromExtole(withCanvases(), sandbox, [{ body }]);
		expect(run.status).toBe('success');
		const user = userByAlias(await processedUsers(), 'doc@example.com');
		expect(user?.messages[0].context).toMatchObject({ reward_id: body.reward_id, earned_event_value: '100.00' });
	});

	it('sends two rewards of one person in one execution as two messages', async () => {
		await seedUser(sandbox, { external_id: 'ext-rw', email: 'rw@example.com' });
		const run = await runTemplate(withCanvases(), sandbox, [rewardEvent({ partner_user_id: 'ext-rw', coupon_code: 'A' }), rewardEvent({ partner_user_id: 'ext-rw', coupon_code: 'B' })]);
		expect(canvasItems(run).map((i) => i.delivery)).toEqual(['written', 'written']);
		const messages = userByExternalId(await processedUsers(), 'ext-rw')?.messages ?? [];
		expect(messages.map((m: Json) => m.context.coupon_code).sort()).toEqual(['A', 'B']);
	});

	it("sends sandbox rewards to the staging workspace's Canvas", async () => {
		const run = await runTemplate(withCanvases(), sandbox, [rewardEvent({ partner_user_id: 'ext-st', email: 'st@example.com' }, { sandbox: true })]);
		expect(canvasItems(run)[0]).toMatchObject({ success: true, environment: 'test', canvas_id: STAGING_CANVAS });
		expect(userByExternalId(await processedUsers('staging'), 'ext-st')?.messages).toEqual([expect.objectContaining({ canvas_id: STAGING_CANVAS })]);
		expect(await processedUsers('production')).toHaveLength(0);
	});

	it('as shipped, records the reward and sends nothing, saying the Canvas is still a placeholder', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [rewardEvent({ partner_user_id: 'ext-1' })]);
		expect(run.status).toBe('error');
		expect(run.run.nodeError('Send Reward Canvas')?.message).toMatch(/canvas_id: is still the template's placeholder REPLACE_CANVAS_ID/);
		expect(await sandboxRequests(sandbox, '/canvas/trigger/send')).toHaveLength(0);
		expect(userByExternalId(await processedUsers(), 'ext-1')?.events).toHaveLength(1);
	});

	it('fails the items of a paused Canvas with Braze’s notice, as not written', async () => {
		const run = await runTemplate(withCanvases(PAUSED_CANVAS), sandbox, [rewardEvent({ partner_user_id: 'ext-p', email: 'p@example.com' })]);
		expect(run.status).toBe('error');
		const error = run.run.nodeError('Send Reward Canvas');
		expect(error?.message).toMatch(/The Canvas is paused/);
		expect(error?.context?.delivery).toEqual({ 'not written': 1 });
	});
});
