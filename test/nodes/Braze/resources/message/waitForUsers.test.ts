/**
 * Options › Wait for Recipient: Braze processes user writes after answering them and
 * sends nothing to a user it has not processed yet, without saying so (Braze docs:
 * help/best_practices/race_conditions). The sandbox queues writes the same way, here processed a
 * second after its answer (longer than a node run takes): these tests do not settle before sending.
 */
import type { Json } from '../../helpers';
import { PRODUCTION_KEY } from '../../helpers';
import { CANVAS, SEND_ONLY_KEY, byId, requestsTo, runBraze, useMessagingSandbox, userById } from './sandbox';

const s = useMessagingSandbox({ processingDelayMs: 1000 });

/** A user write Braze accepted and has not processed yet. */
async function queueUser(attributes: Json): Promise<void> {
	const response = await fetch(`${s.sb.url}/users/track`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${PRODUCTION_KEY}` },
		body: JSON.stringify({ attributes: [attributes] }),
	});
	expect(response.status).toBe(201);
	expect(s.sb.pending()).toHaveLength(1);
}

const alias = { alias_name: 'new@example.com', alias_label: 'email' };
const send = (extra: Json = {}): Json => ({
	resource: 'canvas',
	operation: 'triggerSend',
	canvasId: byId(CANVAS),
	recipientType: 'userObject',
	userObject: '={{ $json.braze_user }}',
	canvasContext: '{"reward": "10 USD"}',
	...extra,
});

describe('Wait for Recipient', () => {
	it('without it, a send to a user whose write is still queued reaches nobody, and Braze answers success all the same', async () => {
		await queueUser({ user_alias: alias, email: 'new@example.com', _update_existing_only: false });
		const result = await runBraze(s.sb, send(), [{ braze_user: { user_alias: alias } }]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written' });
		expect(s.sb.dispatches('production').at(-1).recipients[0]).toMatchObject({ status: 'not_sent', reason: 'no such user' });
	});

	it('sends once Braze shows the user, and says how long that took', async () => {
		await queueUser({ user_alias: alias, email: 'new@example.com', _update_existing_only: false });
		const result = await runBraze(s.sb, send({ options: { waitForUserSeconds: 10 } }), [{ braze_user: { user_alias: alias } }]);
		expect(result.json[0]).toMatchObject({ success: true, delivery: 'written', user_found_after_ms: expect.any(Number) });
		expect(result.json[0].user_found_after_ms).toBeGreaterThan(0);
		expect(requestsTo(s.sb, '/users/export/ids').length).toBeGreaterThan(1);
		const user = s.sb.users('production').find((u: Json) => u.user_aliases?.some((a: Json) => a.alias_name === alias.alias_name));
		expect(user?.messages).toEqual([expect.objectContaining({ canvas_id: CANVAS, context: { reward: '10 USD' } })]);
	});

	it('does not send to a user Braze never shows within the wait: the item fails as not written, the others are sent', async () => {
		await queueUser({ external_id: 'ann', email: 'ann@example.com' });
		s.sb.settle();
		const items = [{ braze_user: { external_id: 'ghost' } }, { braze_user: { external_id: 'ann' } }];
		const result = await runBraze(s.sb, send({ options: { waitForUserSeconds: 1 } }), items, { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: false, delivery: 'not written' });
		expect(result.json[0].error).toMatch(/Braze shows no user external_id ghost after waiting 1 s/);
		expect(result.json[1]).toMatchObject({ success: true, delivery: 'written' });
		expect(requestsTo(s.sb, '/canvas/trigger/send')[0].body.recipients).toEqual([{ external_user_id: 'ann', context: { reward: '10 USD' } }]);
		expect(userById(s.sb, 'ann')?.messages).toHaveLength(1);
	});

	it('looks up no recipient the send creates itself (external ID with Send to Existing Users Only off)', async () => {
		const result = await runBraze(
			s.sb,
			send({ sendToExistingOnly: false, recipientAttributes: '{"email": "c@example.com"}', options: { waitForUserSeconds: 5 } }),
			[{ braze_user: { external_id: 'created-by-send' } }],
		);
		expect(result.json[0]).toMatchObject({ success: true });
		expect(result.json[0]).not.toHaveProperty('user_found_after_ms');
		expect(requestsTo(s.sb, '/users/export/ids')).toHaveLength(0);
		expect(userById(s.sb, 'created-by-send')?.messages).toHaveLength(1);
	});

	it('with a key that may not export, fails the items saying the check needs the export, and sends nothing', async () => {
		const result = await runBraze(s.sb, send({ options: { waitForUserSeconds: 5 } }), [{ braze_user: { external_id: 'ann' } }], {
			continueOnFail: true,
			brazeApi: { apiKey: SEND_ONLY_KEY },
		});
		expect(result.json[0]).toMatchObject({ success: false, delivery: 'not written', httpCode: 403 });
		expect(result.json[0].error).toMatch(/could not check that the user exists/);
		expect(requestsTo(s.sb, '/canvas/trigger/send')).toHaveLength(0);
	});
});
