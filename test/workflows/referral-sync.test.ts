/**
 * templates/extole-braze-referral-sync.json run in-process (compiled nodes, real credential
 * resolution) against the Braze sandbox.
 */
import {
	Json,
	credentialsFor,
	loadTemplate,
	personEvent,
	runSync,
	runTemplate,
	sandboxRequests,
	sandboxUsers,
	seedUser,
	userByAlias,
	userByExternalId,
	useSandbox,
} from './helpers';

const TEMPLATE = loadTemplate('extole-braze-referral-sync.json');

const sandbox = useSandbox();

const ada = {
	partner_user_id: 'ext-ada',
	email: 'ada@example.com',
	phone: '+1 (415) 555-0100',
	first_name: 'Ada',
	last_name: 'Lovelace',
	share_link: 'https://refer.example.com/ada',
	funnel: 'ADVOCATE',
};

describe('referral sync template', () => {
	it('updates a user with external_id: standard attributes and the share link and funnel attributes', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [personEvent('shared', ada)]);
		expect(run.status).toBe('success');
		const user = userByExternalId(await sandboxUsers(sandbox), 'ext-ada');
		expect(user?.attributes).toMatchObject({
			email: 'ada@example.com',
			phone: '+14155550100',
			first_name: 'Ada',
			last_name: 'Lovelace',
		});
		expect(user?.custom_attributes).toEqual({ extole_share_link: 'https://refer.example.com/ada', extole_funnel: 'advocate' });
	});

	it('records the mapped custom event at event_time with share_link, funnel, event_id and data', async () => {
		const body = personEvent('shared', ada);
		await runTemplate(TEMPLATE, sandbox, [body]);
		const user = userByExternalId(await sandboxUsers(sandbox), 'ext-ada');
		expect(user?.events).toHaveLength(1);
		expect(user?.events[0]).toMatchObject({
			name: 'extole_shared',
			time: '2026-11-20T09:30:00.000Z',
			properties: {
				event_id: body.event_id,
				share_link: 'https://refer.example.com/ada',
				funnel: 'advocate',
				data: expect.objectContaining({ channel: 'EMAIL', campaign: 'spring-referral' }),
			},
		});
	});

	it('says on the output item which identity path, environment and Braze event were used', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [personEvent('referral_registered', ada)]);
		expect(run.items).toHaveLength(1);
		expect(run.items[0]).toMatchObject({
			success: true,
			operation: 'syncExtoleEvent',
			environment: 'production',
			identity: 'external_id',
			braze_user: { external_id: 'ext-ada' },
			extole_event: 'referred_signed_up',
			braze_event: 'extole_referred_signed_up',
			braze: { message: 'success', attributes_processed: 1, events_processed: 1 },
		});
	});

	it('maps each of the seven partner-page events to its default Braze event in one users/track request', async () => {
		const names = ['share_link_created', 'shared', 'referral_registered', 'converted', 'subscribed', 'unsubscribed'];
		const bodies = names.map((name) => personEvent(name, ada));
		bodies.push(personEvent('reward_earned', ada));
		const run = await runTemplate(TEMPLATE, sandbox, bodies);
		expect(run.items.map((i) => i.braze_event)).toEqual([
			'extole_created_share_link',
			'extole_shared',
			'extole_referred_signed_up',
			'extole_referred_converted',
			'extole_subscribed',
			'extole_unsubscribed',
			'extole_earned_reward',
		]);
		expect(await sandboxRequests(sandbox, '/users/track')).toHaveLength(1);
	});

	it('updates the existing profile found by email when the event has no external_id', async () => {
		await seedUser(sandbox, { external_id: 'crm-grace', email: 'grace@example.com', first_name: 'G' });
		const run = await runTemplate(TEMPLATE, sandbox, [personEvent('shared', { email: 'grace@example.com', first_name: 'Grace' })]);
		expect(run.items[0]).toMatchObject({ identity: 'email_match', braze_user: { external_id: 'crm-grace' }, matched_profiles: 1 });
		const users = await sandboxUsers(sandbox);
		expect(users).toHaveLength(1);
		expect(users[0]).toMatchObject({ external_id: 'crm-grace', attributes: { first_name: 'Grace' } });
		expect(users[0].events.map((e: Json) => e.name)).toEqual(['extole_shared']);
	});

	it('looks an email up with users/export/ids by email_address', async () => {
		await runTemplate(TEMPLATE, sandbox, [personEvent('shared', { email: 'grace@example.com' })]);
		const exports = await sandboxRequests(sandbox, '/users/export/ids');
		expect(exports).toHaveLength(1);
		expect(exports[0].body).toMatchObject({ email_address: 'grace@example.com' });
	});

	it('updates an anonymous profile found by email through its braze_id', async () => {
		await seedUser(sandbox, { user_alias: { alias_name: 'lin', alias_label: 'crm' }, _update_existing_only: false, email: 'lin@example.com' });
		const [seeded] = await sandboxUsers(sandbox);
		const run = await runTemplate(TEMPLATE, sandbox, [personEvent('shared', { email: 'lin@example.com' })]);
		expect(run.items[0]).toMatchObject({ identity: 'email_match', braze_user: { braze_id: seeded.braze_id } });
		const users = await sandboxUsers(sandbox);
		expect(users).toHaveLength(1);
		expect(users[0].events.map((e: Json) => e.name)).toEqual(['extole_shared']);
	});

	it('creates an alias-only user (alias name = email, label email) when the email is not in Braze', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [
			personEvent('subscribed', { email: 'new.friend@example.com', funnel: 'FRIEND' }),
		]);
		expect(run.items[0]).toMatchObject({
			identity: 'alias_created',
			braze_user: { user_alias: { alias_name: 'new.friend@example.com', alias_label: 'email' } },
		});
		const users = await sandboxUsers(sandbox);
		expect(users).toHaveLength(1);
		expect(users[0].external_id).toBeUndefined();
		expect(userByAlias(users, 'new.friend@example.com')).toMatchObject({
			attributes: { email: 'new.friend@example.com', email_subscribe: 'subscribed' },
			custom_attributes: { extole_funnel: 'friend' },
		});
		const [track] = await sandboxRequests(sandbox, '/users/track');
		expect(track.body.attributes[0]).toMatchObject({ _update_existing_only: false });
	});

	it('finds the alias-only user it created on the next event instead of creating another', async () => {
		await runTemplate(TEMPLATE, sandbox, [personEvent('subscribed', { email: 'again@example.com' })]);
		const run = await runTemplate(TEMPLATE, sandbox, [personEvent('shared', { email: 'again@example.com' })]);
		expect(run.items[0].identity).toBe('email_match');
		const users = await sandboxUsers(sandbox);
		expect(users).toHaveLength(1);
		expect(users[0].events.map((e: Json) => e.name)).toEqual(['extole_subscribed', 'extole_shared']);
	});

	it('exports each distinct email once per execution and creates one alias user for repeats', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [
			personEvent('created_share_link', { email: 'twice@example.com' }),
			personEvent('shared', { email: 'Twice@Example.com' }),
			personEvent('shared', { email: 'other@example.com' }),
		]);
		expect(run.items.map((i) => i.identity)).toEqual(['alias_created', 'alias_created', 'alias_created']);
		expect(await sandboxRequests(sandbox, '/users/export/ids')).toHaveLength(2);
		expect(await sandboxUsers(sandbox)).toHaveLength(2);
	});

	it('sets email_subscribe to subscribed on Subscribed', async () => {
		await runTemplate(TEMPLATE, sandbox, [personEvent('subscribed', ada)]);
		expect(userByExternalId(await sandboxUsers(sandbox), 'ext-ada')?.attributes.email_subscribe).toBe('subscribed');
	});

	it('sets email_subscribe to unsubscribed on Unsubscribed', async () => {
		await runTemplate(TEMPLATE, sandbox, [personEvent('subscribed', ada)]);
		await runTemplate(TEMPLATE, sandbox, [personEvent('unsubscribed', ada)]);
		expect(userByExternalId(await sandboxUsers(sandbox), 'ext-ada')?.attributes.email_subscribe).toBe('unsubscribed');
	});

	it('sends sandbox events to the staging workspace only', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [personEvent('shared', ada, { sandbox: true })]);
		expect(run.items[0].environment).toBe('test');
		expect(await sandboxUsers(sandbox, 'production')).toHaveLength(0);
		expect(userByExternalId(await sandboxUsers(sandbox, 'staging'), 'ext-ada')?.events[0].name).toBe('extole_shared');
		const workspaces = (await sandboxRequests(sandbox)).map((r) => r.workspace);
		expect(new Set(workspaces)).toEqual(new Set(['staging']));
	});

	it('splits a mixed execution between production and staging', async () => {
		await runTemplate(TEMPLATE, sandbox, [
			personEvent('shared', { ...ada, partner_user_id: 'prod-1' }),
			personEvent('shared', { ...ada, partner_user_id: 'test-1' }, { sandbox: true }),
		]);
		expect((await sandboxUsers(sandbox, 'production')).map((u) => u.external_id)).toEqual(['prod-1']);
		expect((await sandboxUsers(sandbox, 'staging')).map((u) => u.external_id)).toEqual(['test-1']);
	});

	it('fails only the item whose phone cannot be made E.164, naming the field, after sending the others', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [
			personEvent('shared', { ...ada, phone: 'call me maybe' }),
			personEvent('shared', { ...ada, partner_user_id: 'ext-ok' }),
		]);
		expect(run.status).toBe('error');
		expect(String(run.error?.message)).toMatch(/Item 0: phone_number/);
		const users = await sandboxUsers(sandbox);
		expect(users.map((u) => u.external_id)).toEqual(['ext-ok']);
	});

	it('fails an event with neither external_id nor email, naming both fields', async () => {
		const run = await runTemplate(TEMPLATE, sandbox, [personEvent('shared', { first_name: 'Nobody' })]);
		expect(run.status).toBe('error');
		expect(String(run.error?.message)).toMatch(/external_id.*email/);
		expect(await sandboxRequests(sandbox)).toHaveLength(0);
	});
});

describe('Sync Extole Event options (node run alone)', () => {
	it('returns error items paired with their inputs under Continue On Fail', async () => {
		const result = await runSync(
			sandbox,
			{},
			[personEvent('shared', { ...ada, phone: '12' }), personEvent('shared', ada), personEvent('shared', {})],
			true,
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i: Json) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.json.map((j: Json) => j.success)).toEqual([false, true, false]);
		expect(result.json[0]).toMatchObject({ errorField: 'phone_number', operation: 'syncExtoleEvent' });
		expect(result.json[2]).toMatchObject({ errorField: 'external_id, email' });
	});

	it('maps a Braze partial error to the item it belongs to', async () => {
		// An attribute name Braze refuses ('$...'), set only on items that have a share link: Braze
		// answers 201 with errors[] for that item's attributes object; the other item succeeds.
		const result = await runSync(
			sandbox,
			{ syncOptions: { shareLinkAttribute: '$share' } },
			[personEvent('shared', { partner_user_id: 'no-link', email: 'a@example.com' }), personEvent('shared', ada)],
			true,
		);
		expect(result.json[0]).toMatchObject({ success: true, identity: 'external_id' });
		expect(result.json[1]).toMatchObject({ success: false, errorKind: 'partial' });
		expect(userByExternalId(await sandboxUsers(sandbox), 'no-link')).toBeDefined();
	});

	it('uses the configured event name mapping and attribute names', async () => {
		await runSync(
			sandbox,
			{
				eventMapping: { mappings: [{ extoleEvent: 'shared', brazeEvent: 'advocate_shared' }] },
				syncOptions: { shareLinkAttribute: 'ref_link', funnelAttribute: 'ref_funnel' },
			},
			[personEvent('shared', ada)],
		);
		const user = userByExternalId(await sandboxUsers(sandbox), 'ext-ada');
		expect(user?.events[0].name).toBe('advocate_shared');
		expect(user?.custom_attributes).toEqual({ ref_link: 'https://refer.example.com/ada', ref_funnel: 'advocate' });
	});

	it('sends everything to production when the environment is fixed to Production', async () => {
		await runSync(sandbox, { syncEnvironment: 'production' }, [personEvent('shared', ada, { sandbox: true })]);
		expect(await sandboxUsers(sandbox, 'staging')).toHaveLength(0);
		expect(await sandboxUsers(sandbox, 'production')).toHaveLength(1);
	});

	it('uses the configured alias label for new alias-only users', async () => {
		await runSync(sandbox, { syncOptions: { aliasLabel: 'extole_email' } }, [personEvent('shared', { email: 'x@example.com' })]);
		expect(userByAlias(await sandboxUsers(sandbox), 'x@example.com', 'extole_email')).toBeDefined();
	});

	it('cuts over-long data strings and renames $ keys, and reports it on the item', async () => {
		const result = await runSync(sandbox, {}, [personEvent('shared', { ...ada, note: 'n'.repeat(400), $price: 5 })]);
		expect(result.json[0].data_adjustments).toEqual(['data.note: string cut to 255 characters', 'data.$price: renamed to _price']);
		const event = userByExternalId(await sandboxUsers(sandbox), 'ext-ada')?.events[0];
		expect(event.properties.data.note).toHaveLength(255);
		expect(event.properties.data._price).toBe(5);
	});

	it('fails sandbox items when the credential has no test key, and still sends the production ones', async () => {
		const { testApiKey: _unused, ...withoutTestKey } = credentialsFor(sandbox).brazeApi;
		void _unused;
		const result = await runSync(
			sandbox,
			{},
			[personEvent('shared', { ...ada, partner_user_id: 'prod-ok' }), personEvent('shared', ada, { sandbox: true })],
			true,
			withoutTestKey,
		);
		expect(result.json[0]).toMatchObject({ success: true, environment: 'production' });
		expect(result.json[1]).toMatchObject({ success: false, environment: 'test', errorKind: 'configuration' });
		expect(String(result.json[1].error)).toMatch(/Test REST API key/);
		expect((await sandboxUsers(sandbox, 'production')).map((u) => u.external_id)).toEqual(['prod-ok']);
	});

	it('batches 150 events of identified users into two users/track requests, one output per input', async () => {
		const bodies = Array.from({ length: 150 }, (_, i) => personEvent('shared', { partner_user_id: `bulk-${i}`, email: `bulk${i}@example.com` }));
		const result = await runSync(sandbox, {}, bodies);
		expect(result.json).toHaveLength(150);
		expect(result.items.every((item: Json, i: number) => item.pairedItem.item === i && item.json.success)).toBe(true);
		expect(await sandboxRequests(sandbox, '/users/track')).toHaveLength(2);
		expect(await sandboxRequests(sandbox, '/users/export/ids')).toHaveLength(0);
		expect(await sandboxUsers(sandbox)).toHaveLength(150);
	});

	it('looks up 60 email-only users with one export each and sends them in one users/track request', async () => {
		const bodies = Array.from({ length: 60 }, (_, i) => personEvent('shared', { email: `lookup${i}@example.com` }));
		const result = await runSync(sandbox, { syncOptions: { lookupConcurrency: 8 } }, bodies);
		expect(result.json.every((j: Json) => j.identity === 'alias_created')).toBe(true);
		expect(await sandboxRequests(sandbox, '/users/export/ids')).toHaveLength(60);
		expect(await sandboxRequests(sandbox, '/users/track')).toHaveLength(1);
	});
});
