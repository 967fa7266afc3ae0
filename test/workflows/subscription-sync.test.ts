/**
 * templates/extole-braze-subscription-sync.json run in-process against the Braze sandbox, with
 * the subscription group placeholder replaced as a user does after importing it.
 */
import {
	brazeNode,
	loadTemplate,
	personEvent,
	runTemplate,
	sandboxRequests,
	sandboxUsers,
	userByAlias,
	userByExternalId,
	withParameters,
	useSandbox,
} from './helpers';

const SHIPPED = loadTemplate('extole-braze-subscription-sync.json');
const GROUP = 'grp-newsletter-0001';
const TEMPLATE = withParameters(SHIPPED, brazeNode(SHIPPED).name, { subscriptionGroupId: GROUP });

const sandbox = useSandbox();

const person = { partner_user_id: 'ext-sub', email: 'sub@example.com', first_name: 'Sub' };

describe('subscription sync template', () => {
	it('subscribes the user to the subscription group on Subscribed', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [personEvent('subscribed', person)]);
		expect(run.status).toBe('success');
		expect(userByExternalId(await sandboxUsers(sandbox), 'ext-sub')?.subscription_groups).toEqual({ [GROUP]: 'subscribed' });
	});

	it('unsubscribes the user from the subscription group on Unsubscribed', async () => {
		await runTemplate(TEMPLATE, sandbox, [personEvent('subscribed', person)]);
		await runTemplate(TEMPLATE, sandbox, [personEvent('unsubscribed', person)]);
		expect(userByExternalId(await sandboxUsers(sandbox), 'ext-sub')?.subscription_groups).toEqual({ [GROUP]: 'unsubscribed' });
	});

	it('leaves the global email subscription state alone', async () => {
		await runTemplate(TEMPLATE, sandbox, [personEvent('unsubscribed', person)]);
		expect(userByExternalId(await sandboxUsers(sandbox), 'ext-sub')?.attributes.email_subscribe).toBeUndefined();
	});

	it('sends the group change in users/track subscription_groups', async () => {
		await runTemplate(TEMPLATE, sandbox, [personEvent('subscribed', person)]);
		const [track] = await sandboxRequests(sandbox, '/users/track');
		expect(track.body.attributes[0].subscription_groups).toEqual([{ subscription_group_id: GROUP, subscription_state: 'subscribed' }]);
	});

	it('puts an email-only subscriber into the group on a new alias-only user', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [personEvent('subscribed', { email: 'only.email@example.com' })]);
		expect(run.items[0].identity).toBe('alias_created');
		expect(userByAlias(await sandboxUsers(sandbox), 'only.email@example.com')?.subscription_groups).toEqual({ [GROUP]: 'subscribed' });
	});

	it('fails the items naming subscriptionGroupId and sends nothing while the placeholder is in place', async () => {
		const run = await runTemplate(SHIPPED, sandbox, [personEvent('subscribed', person)]);
		expect(run.status).toBe('error');
		expect(String(run.error?.message)).toMatch(/Subscription Group ID is still the template placeholder/);
		expect(await sandboxRequests(sandbox)).toHaveLength(0);
	});
});
