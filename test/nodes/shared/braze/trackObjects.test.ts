/**
 * Event and purchase objects of /users/track.
 */
import { checkCurrency, checkEvent, checkEventName, checkPrice, checkPurchase, checkQuantity } from '../../../../nodes/shared/braze/trackObjects';

describe('events', () => {
	it('requires a name of at most 255 characters', () => {
		expect(checkEventName('shared', 'events[0].name')).toBe('shared');
		expect(() => checkEventName('', 'events[0].name')).toThrow('events[0].name: is required');
		expect(() => checkEventName('e'.repeat(256), 'event')).toThrow(/^event: is 256 characters long/);
	});

	it('normalises the time, checks the properties and leaves empty properties out', () => {
		const event = checkEvent({ external_id: 'u', name: 'e', time: 1767225600, properties: '{}' }, 'events[0]');
		expect(event).toEqual({ external_id: 'u', name: 'e', time: '2026-01-01T00:00:00.000Z' });
		expect(checkEvent({ name: 'e', time: '2026-01-01', properties: { a: 1 } }, 'e').properties).toEqual({ a: 1 });
		expect(() => checkEvent({ name: 'e', time: 'soon' }, 'events[1]')).toThrow(/^events\[1\]\.time:/);
		expect(() => checkEvent({ name: 'e', properties: { $a: 1 } }, 'events[1]')).toThrow(/^events\[1\]\.properties\.\$a:/);
	});
});

describe('purchases', () => {
	it('normalise currency and quantity', () => {
		expect(checkPurchase({ product_id: 'p', currency: ' usd ', price: '9.5', time: '2026-01-02T03:04:05Z' }, 'purchases[0]')).toEqual({
			product_id: 'p',
			currency: 'USD',
			price: 9.5,
			quantity: 1,
			time: '2026-01-02T03:04:05.000Z',
		});
	});

	it('name the bad field', () => {
		expect(() => checkQuantity(101, 'q')).toThrow('q: must be a whole number from 1 to 100 (got 101)');
		expect(() => checkQuantity(1.5, 'q')).toThrow(/^q: must be a whole number/);
		expect(() => checkCurrency('DOLLARS', 'c')).toThrow('c: must be a 3-letter ISO 4217 currency code such as USD (got "DOLLARS")');
		expect(() => checkPrice('free', 'p')).toThrow('p: must be a number (got "free")');
		expect(() => checkPurchase({ currency: 'USD', price: 1 }, 'purchases[3]')).toThrow('purchases[3].product_id: is required');
	});
});
