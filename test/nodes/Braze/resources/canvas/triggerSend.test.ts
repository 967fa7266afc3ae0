/**
 * Canvas › Trigger Send against the sandbox (Braze docs: api/endpoints/messaging/send_messages/
 * post_send_triggered_canvases; api/objects_filters/context_object).
 */
import type { Json } from '../../helpers';
import { CANVAS, PAUSED_CANVAS, byId, requestsTo, runBraze, seedUsers, useMessagingSandbox, userById } from '../message/sandbox';

const PATH = '/canvas/trigger/send';
const s = useMessagingSandbox();

const send = (extra: Json = {}): Json => ({
	resource: 'canvas',
	operation: 'triggerSend',
	canvasId: byId(CANVAS),
	externalId: '={{ $json.id }}',
	canvasContext: '={{ { amount: $json.amount, coupon_code: $json.coupon, share_link: $json.link } }}',
	...extra,
});

describe('Canvas > Trigger Send', () => {
	it("enters each item's user into the Canvas with the item's context, under Braze's current name context", async () => {
		await seedUsers(s.sb, [{ external_id: 'ann', email: 'ann@example.com' }, { external_id: 'bob', email: 'bob@example.com' }]);
		const result = await runBraze(s.sb, send(), [
			{ id: 'ann', amount: '10', coupon: 'ANN10', link: 'https://r.example/ann' },
			{ id: 'bob', amount: '20', coupon: 'BOB20' },
		]);
		expect(result.json[1]).toMatchObject({ success: true, operation: 'canvas.triggerSend', delivery: 'written', canvas_id: CANVAS, recipient: { external_id: 'bob' } });
		const [request] = requestsTo(s.sb, PATH);
		// bob's item has no link: the key holding undefined is left out.
		expect(request.body.recipients).toEqual([
			{ external_user_id: 'ann', context: { amount: '10', coupon_code: 'ANN10', share_link: 'https://r.example/ann' } },
			{ external_user_id: 'bob', context: { amount: '20', coupon_code: 'BOB20' } },
		]);
		expect(userById(s.sb, 'ann')?.messages).toEqual([expect.objectContaining({ canvas_id: CANVAS, context: { amount: '10', coupon_code: 'ANN10', share_link: 'https://r.example/ann' } })]);
	});

	// The answer to a paused Canvas carries a notice and nothing is sent: the items say so, and that nothing reached Braze.
	it('fails the items of a Canvas that is not active, with Braze’s notice, as not written', async () => {
		await seedUsers(s.sb, [{ external_id: 'ann', email: 'ann@example.com' }]);
		const result = await runBraze(s.sb, send({ canvasId: byId(PAUSED_CANVAS) }), [{ id: 'ann' }], { continueOnFail: true });
		expect(result.json[0]).toMatchObject({ success: false, delivery: 'not written', errorKind: 'partial' });
		expect(result.json[0].error).toMatch(/The Canvas is paused/);
		expect(userById(s.sb, 'ann')?.messages ?? []).toHaveLength(0);
	});

	it("broadcasts the Canvas to its segment with one context for all, when chosen", async () => {
		await seedUsers(s.sb, [{ external_id: 'ann', email: 'ann@example.com' }, { external_id: 'bob', email: 'bob@example.com' }]);
		const result = await runBraze(s.sb, send({ audience: 'broadcast', externalId: undefined, canvasContext: '{"season": "spring"}' }), [{}]);
		expect(result.json[0]).toMatchObject({ success: true, broadcast: true });
		expect(requestsTo(s.sb, PATH)[0].body).toEqual({ canvas_id: CANVAS, broadcast: true, context: { season: 'spring' } });
		expect(userById(s.sb, 'bob')?.messages).toHaveLength(1);
	});
});
