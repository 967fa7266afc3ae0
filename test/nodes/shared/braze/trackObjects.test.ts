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

	// Braze docs: custom_event_properties ("Reserved keys": time and event_name for custom events).
	it('refuses the property names Braze reserves for events', () => {
		expect(() => checkEvent({ name: 'e', properties: { time: 'now' } }, 'events[0]')).toThrow(
			/^events\[0\]\.properties\.time: "time" is a property name Braze reserves/,
		);
		expect(() => checkEvent({ name: 'e', properties: { event_name: 'x' } }, 'events[0]')).toThrow(/properties\.event_name:/);
		expect(checkEvent({ name: 'e', properties: { price: 1 } }, 'events[0]').properties).toEqual({ price: 1 });
	});

	// Braze docs: api/objects_filters/event_object (properties "up to 100 KB").
	it('accepts event properties up to 100 KB and refuses larger ones, naming the field', () => {
		const fits = { blob: Array.from({ length: 450 }, () => 'x'.repeat(200)) };
		expect(JSON.stringify(fits).length).toBeGreaterThan(51200);
		expect(checkEvent({ name: 'e', properties: fits }, 'events[0]').properties).toBe(fits);
		const tooBig = { blob: Array.from({ length: 520 }, () => 'x'.repeat(200)) };
		expect(() => checkEvent({ name: 'e', properties: tooBig }, 'events[2]')).toThrow(
			/^events\[2\]\.properties: are \d+ bytes; Braze accepts at most 102400 bytes here/,
		);
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

	// Braze docs: custom_event_properties ("Reserved keys" of purchase events) and purchase_object (50 KB).
	it('refuse reserved property names and properties over 50 KB', () => {
		const base = { product_id: 'p', currency: 'USD', price: 1 };
		for (const name of ['time', 'product_id', 'quantity', 'event_name', 'price', 'currency']) {
			expect(() => checkPurchase({ ...base, properties: { [name]: 1 } }, 'purchases[0]')).toThrow(
				new RegExp(`^purchases\\[0\\]\\.properties\\.${name}: "${name}" is a property name Braze reserves`),
			);
		}
		const big = { blob: Array.from({ length: 300 }, () => 'x'.repeat(200)) };
		expect(() => checkPurchase({ ...base, properties: big }, 'purchases[1]')).toThrow(
			/^purchases\[1\]\.properties: are \d+ bytes; Braze accepts at most 51200 bytes here/,
		);
	});
});
