import type { IDataObject } from 'n8n-workflow';

import { invalid } from './errors';
import {
	checkPropertiesEnvelope,
	EVENT_PROPERTIES_MAX_BYTES,
	PURCHASE_PROPERTIES_MAX_BYTES,
	RESERVED_EVENT_PROPERTY_NAMES,
	RESERVED_PURCHASE_PROPERTY_NAMES,
	validateProperties,
} from './properties';
import { checkString } from './strings';
import { parseTime } from './time';

/** Rules of the event and purchase objects of /users/track (Braze docs: event_object, purchase_object). */

/** A custom event name: required, at most 255 characters. */
export function checkEventName(value: unknown, field: string): string {
	return checkString(value, field, true) as string;
}

export function checkQuantity(value: unknown, field: string): number {
	if (value === undefined || value === null || value === '') return 1;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1 || n > 100) {
		throw invalid(field, `must be a whole number from 1 to 100 (got ${String(value)})`);
	}
	return n;
}

export function checkCurrency(value: unknown, field: string): string {
	if (typeof value !== 'string' || !/^[A-Za-z]{3}$/.test(value.trim())) {
		throw invalid(field, `must be a 3-letter ISO 4217 currency code such as USD (got "${String(value ?? '')}")`);
	}
	return value.trim().toUpperCase();
}

export function checkPrice(value: unknown, field: string): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n)) {
		throw invalid(field, `must be a number (got "${String(value ?? '')}")`);
	}
	return n;
}

const EVENT_LIMITS = { maxBytes: EVENT_PROPERTIES_MAX_BYTES, reserved: RESERVED_EVENT_PROPERTY_NAMES };
const PURCHASE_LIMITS = { maxBytes: PURCHASE_PROPERTIES_MAX_BYTES, reserved: RESERVED_PURCHASE_PROPERTY_NAMES };

/** Properties checked in place; an empty object is left out. */
function withProperties(
	out: IDataObject,
	properties: unknown,
	field: string,
	limits: { maxBytes: number; reserved: readonly string[] },
): IDataObject {
	if (properties === undefined) return out;
	const checked = validateProperties(properties, `${field}.properties`);
	checkPropertiesEnvelope(checked, `${field}.properties`, limits);
	if (Object.keys(checked).length) out.properties = checked;
	else delete out.properties;
	return out;
}

/** An event object with its name, time (empty = now) and properties checked. */
export function checkEvent(event: IDataObject, field: string): IDataObject {
	const out: IDataObject = { ...event };
	out.name = checkEventName(event.name, `${field}.name`);
	out.time = parseTime(event.time, `${field}.time`);
	return withProperties(out, event.properties, field, EVENT_LIMITS);
}

/** A purchase object with product, currency, price, quantity (default 1), time and properties checked. */
export function checkPurchase(purchase: IDataObject, field: string): IDataObject {
	const out: IDataObject = { ...purchase };
	out.product_id = checkString(purchase.product_id, `${field}.product_id`, true);
	out.currency = checkCurrency(purchase.currency, `${field}.currency`);
	out.price = checkPrice(purchase.price, `${field}.price`);
	out.quantity = checkQuantity(purchase.quantity, `${field}.quantity`);
	out.time = parseTime(purchase.time, `${field}.time`);
	return withProperties(out, purchase.properties, field, PURCHASE_LIMITS);
}
