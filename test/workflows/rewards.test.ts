/**
 * templates/extole-braze-rewards.json run in-process against the Braze sandbox (as strict as
 * Braze: a test lets Braze process the writes, settle, before reading them).
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

const TEMPLATE = loadTemplate('extole-braze-rewards.json');

const sandbox = useSandbox();

/** The users of a workspace once Braze has processed what it accepted. */
const processedUsers = async (workspace = 'production') => {
	await settle(sandbox);
	return await sandboxUsers(sandbox, workspace);
};

describe('rewards template', () => {
	it('records Earned Reward with the reward properties once, at event_time as Extole sent it', async () => {
		const body = rewardEvent({ partner_user_id: 'ext-rw' });
		const run = await runTemplate(TEMPLATE, sandbox, [body]);
		expect(run.status).toBe('success');
		const [track] = await sandboxRequests(sandbox, '/users/track');
		expect(track.body.events[0].time).toBe('2026-11-21T12:00:00Z');
		const user = userByExternalId(await processedUsers(), 'ext-rw');
		expect(user?.events).toHaveLength(1);
		expect(user?.events[0].name).toBe('Earned Reward');
		expect(user?.events[0].properties).toEqual({
			extole_event_id: body.event_id,
			reward_id: body.reward_id,
			reward_state: 'EARNED',
			face_value: '10',
			face_value_type: 'USD',
			reward_supplier_type: 'CUSTOM_REWARD',
			data: { person_id: body.person_id, schema_version: 1, program: 'refer-a-friend' },
		});
	});

	// Extole's "Reward Webhooks" page: reward_id and data, the state chosen by the webhook's filter (the template's Reward State: Earned).
	it("records Extole's documented reward body as Earned Reward and counts it, on the recipient's alias-only user", async () => {
		const body = documentedRewardBody({ recipient_email: 'adv@example.com' });
		const run = await runFromExtole(TEMPLATE, sandbox, [{ body }]);
		expect(run.answers[0].body).toMatchObject({ status: 'accepted', event: 'earned_reward' });
		expect(run.items[0]).toMatchObject({ success: true, identity: 'email_alias', braze_event: 'Earned Reward' });
		const user = userByAlias(await processedUsers(), 'adv@example.com');
		expect(user?.custom_attributes.extole_rewards_earned).toBe(1);
		expect(user?.events[0].properties).toMatchObject({ reward_id: body.reward_id, reward_state: 'EARNED', earned_event_value: '100.00' });
	});

	it('starts the extole_rewards_earned counter at 1', async () => {
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ partner_user_id: 'ext-rw' })]);
		expect(userByExternalId(await processedUsers(), 'ext-rw')?.custom_attributes.extole_rewards_earned).toBe(1);
	});

	it('increments the counter with {"inc": 1} per reward, across executions and within one', async () => {
		await seedUser(sandbox, { external_id: 'ext-rw', extole_rewards_earned: 5 });
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ partner_user_id: 'ext-rw' })]);
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ partner_user_id: 'ext-rw' }), rewardEvent({ partner_user_id: 'ext-rw' })]);
		const user = userByExternalId(await processedUsers(), 'ext-rw');
		expect(user?.custom_attributes.extole_rewards_earned).toBe(8);
		expect(user?.custom_events.find((e: Json) => e.name === 'Earned Reward')?.count).toBe(3);
	});

	// The second reward comes before Braze processed the first: the alias makes it land on the same user.
	it('counts rewards of email-only advocates on their alias-only user, even before Braze processed the first', async () => {
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ email: 'adv@example.com' })]);
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ email: 'adv@example.com' })]);
		const users = await processedUsers();
		expect(users).toHaveLength(1);
		expect(userByAlias(users, 'adv@example.com')?.custom_attributes.extole_rewards_earned).toBe(2);
	});

	it('sends sandbox rewards to the staging workspace only', async () => {
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ partner_user_id: 'ext-rw' }, { sandbox: true })]);
		expect(await processedUsers('production')).toHaveLength(0);
		expect(userByExternalId(await processedUsers('staging'), 'ext-rw')?.custom_attributes.extole_rewards_earned).toBe(1);
	});
});
