/** templates/extole-braze-rewards.json run in-process against the Braze sandbox. */
import {
	Json,
	loadTemplate,
	rewardEvent,
	runTemplate,
	sandboxUsers,
	seedUser,
	userByAlias,
	userByExternalId,
	useSandbox,
} from './helpers';

const TEMPLATE = loadTemplate('extole-braze-rewards.json');

const sandbox = useSandbox();

describe('rewards template', () => {
	it('records extole_earned_reward with the reward properties', async () => {
		const body = rewardEvent({ partner_user_id: 'ext-rw' });
		const run = await runTemplate(TEMPLATE, sandbox, [body]);
		expect(run.status).toBe('success');
		const user = userByExternalId(await sandboxUsers(sandbox), 'ext-rw');
		expect(user?.events).toHaveLength(1);
		expect(user?.events[0]).toMatchObject({
			name: 'extole_earned_reward',
			time: '2026-11-21T12:00:00.000Z',
			properties: {
				event_id: body.event_id,
				reward_id: body.reward_id,
				face_value: '10',
				face_value_type: 'USD',
				reward_supplier_type: 'CUSTOM_REWARD',
			},
		});
	});

	it('starts the extole_rewards_earned counter at 1', async () => {
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ partner_user_id: 'ext-rw' })]);
		expect(userByExternalId(await sandboxUsers(sandbox), 'ext-rw')?.custom_attributes.extole_rewards_earned).toBe(1);
	});

	it('increments the counter with {"inc": 1} per reward, across executions and within one', async () => {
		await seedUser(sandbox, { external_id: 'ext-rw', extole_rewards_earned: 5 });
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ partner_user_id: 'ext-rw' })]);
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ partner_user_id: 'ext-rw' }), rewardEvent({ partner_user_id: 'ext-rw' })]);
		const user = userByExternalId(await sandboxUsers(sandbox), 'ext-rw');
		expect(user?.custom_attributes.extole_rewards_earned).toBe(8);
		expect(user?.custom_events.find((e: Json) => e.name === 'extole_earned_reward')?.count).toBe(3);
	});

	it('counts rewards of email-only advocates on their alias-only user', async () => {
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ email: 'adv@example.com' })]);
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ email: 'adv@example.com' })]);
		const users = await sandboxUsers(sandbox);
		expect(users).toHaveLength(1);
		expect(userByAlias(users, 'adv@example.com')?.custom_attributes.extole_rewards_earned).toBe(2);
	});

	it('sends sandbox rewards to the staging workspace only', async () => {
		await runTemplate(TEMPLATE, sandbox, [rewardEvent({ partner_user_id: 'ext-rw' }, { sandbox: true })]);
		expect(await sandboxUsers(sandbox, 'production')).toHaveLength(0);
		expect(userByExternalId(await sandboxUsers(sandbox, 'staging'), 'ext-rw')?.custom_attributes.extole_rewards_earned).toBe(1);
	});
});
