/**
 * The one item-error type: kind, fields, a message naming the item, and what Braze said.
 */
import { BrazeItemError, invalid, itemError } from '../../../../nodes/shared/braze/errors';

describe('BrazeItemError', () => {
	it('names the field in the reason and the item in the message', () => {
		const error = invalid('events[0].time', 'is not a valid ISO-8601 time').forItem(3);
		expect(error).toBeInstanceOf(Error);
		expect(error).toMatchObject({ kind: 'validation', fields: ['events[0].time'], field: 'events[0].time', itemIndex: 3 });
		expect(error.message).toBe('Item 3: events[0].time: is not a valid ISO-8601 time');
		expect(error.reason).toBe('events[0].time: is not a valid ISO-8601 time');
	});

	it('joins several fields at fault', () => {
		const error = new BrazeItemError({ kind: 'validation', fields: ['external_id', 'email'], reason: 'neither' });
		expect(error.field).toBe('external_id, email');
		expect(new BrazeItemError({ kind: 'network', reason: 'down' }).field).toBeUndefined();
	});

	it('keeps what Braze said when told about an item with another reason', () => {
		const error = new BrazeItemError({ kind: 'http', reason: 'Braze rejected /users/track with HTTP 400.', httpCode: 400, brazeError: 'bad', description: 'd' });
		const told = error.forItem(7, `${error.reason} This object: x`);
		expect(told).toMatchObject({ kind: 'http', httpCode: 400, brazeError: 'bad', description: 'd', itemIndex: 7 });
		expect(told.message).toBe('Item 7: Braze rejected /users/track with HTTP 400. This object: x');
		expect(told.withReason('later').message).toBe('Item 7: later');
	});

	it('turns anything thrown while reading an item into a validation error of that item', () => {
		expect(itemError(2, new Error('expression failed')).message).toBe('Item 2: expression failed');
		expect(itemError(2, 'odd')).toMatchObject({ kind: 'validation', message: 'Item 2: odd' });
		expect(itemError(5, invalid('email', 'x')).message).toBe('Item 5: email: x');
	});
});
