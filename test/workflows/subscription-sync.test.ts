/**
 * templates/extole-braze-subscription-sync.json run in-process against the Braze sandbox (as
 * strict as Braze: a test lets Braze process the writes, settle, before reading them), with the
 * subscription group placeholder replaced as a user does after importing it.
 */
import {
	brazeNode,
	loadTemplate,
	personEvent,
	runTemplate,
	sandboxRequests,
	sandboxUsers,
	settle,
	userByAlias,
	userByExternalId,
	withParameters,
	useSandbox,
} from './helpers';

const SHIPPED = loadTemplate('extole-braze-subscription-sync.json');
const GROUP = 'grp-newsletter-0001';
const TEMPLATE = withParameters(SHIPPED, brazeNode(SHIPPED).name, { subscriptionGroupId: GROUP });

const sandbox = useSandbox();

/** The users of the production workspace once Braze has processed what it accepted. */
const processedUsers = async () => {
	await settle(sandbox);
	return await sandboxUsers(sandbox);
};

const person = { partner_user_id: 'ext-sub', email: 'sub@example.com', first_name: 'Sub' };

describe('subscription sync template', () => {
	it('subscribes the user to the subscription group on Subscribed', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [personEvent('subscribed', person)]);
		expect(run.status).toBe('success');
		expect(userByExternalId(await processedUsers(), 'ext-sub')?.subscription_groups).toEqual({ [GROUP]: 'subscribed' });
	});

	it('unsubscribes the user from the subscription group on Unsubscribed', async () => {
		await runTemplate(TEMPLATE, sandbox, [personEvent('subscribed', person)]);
		await runTemplate(TEMPLATE, sandbox, [personEvent('unsubscribed', person)]);
		expect(userByExternalId(await processedUsers(), 'ext-sub')?.subscription_groups).toEqual({ [GROUP]: 'unsubscribed' });
	});

	// Braze gives a new profile email_subscribe: subscribed (user_attributes_object): what matters is that the workflow sends no change to it.
	it('leaves the global email subscription state alone', async () => {
		await runTemplate(TEMPLATE, sandbox, [personEvent('unsubscribed', person)]);
		const [track] = await sandboxRequests(sandbox, '/users/track');
		expect(track.body.attributes[0]).not.toHaveProperty('email_subscribe');
		expect(userByExternalId(await processedUsers(), 'ext-sub')?.attributes.email_subscribe).toBe('subscribed');
	});

	it('sends the group change in users/track subscription_groups', async () => {
		await runTemplate(TEMPLATE, sandbox, [personEvent('subscribed', person)]);
		const [track] = await sandboxRequests(sandbox, '/users/track');
		expect(track.body.attributes[0].subscription_groups).toEqual([{ subscription_group_id: GROUP, subscription_state: 'subscribed' }]);
	});

	it('puts an email-only subscriber into the group on a new alias-only user', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [personEvent('subscribed', { email: 'only.email@example.com' })]);
		expect(run.items[0].identity).toBe('email_alias');
		expect(userByAlias(await processedUsers(), 'only.email@example.com')?.subscription_groups).toEqual({ [GROUP]: 'subscribed' });
	});

	it('fails the items naming subscriptionGroupId and sends nothing while the placeholder is in place', async () => {
		const run = await runTemplate(SHIPPED, sandbox, [personEvent('subscribed', person)]);
		expect(run.status).toBe('error');
		expect(String(run.error?.message)).toMatch(/Subscription Group ID is still the template placeholder/);
		expect(await sandboxRequests(sandbox)).toHaveLength(0);
	});
});
