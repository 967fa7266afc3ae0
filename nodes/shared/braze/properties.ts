import type { IDataObject } from 'n8n-workflow';

import { invalid } from './errors';
import { parseJson } from './json';
import { lengthProblem, MAX_STRING_LENGTH } from './strings';

/**
 * Braze's rules for event and purchase properties and for custom attributes: names non-empty,
 * at most 255 characters and not starting with `$`; strings at most 255 characters; nested
 * objects and arrays follow the same rules. One walk finds every place that breaks a rule;
 * two policies sit on top of it: `validateProperties` refuses the value (what a user typed:
 * Track), `fitProperties` adjusts it and reports each change (free-form data from elsewhere:
 * Sync Extole Event).
 */

/** Braze's size limit of a custom event's properties (Braze docs: api/objects_filters/event_object, "up to 100 KB"). */
export const EVENT_PROPERTIES_MAX_BYTES = 100 * 1024;
/** Braze's size limit of a purchase's properties (Braze docs: api/objects_filters/purchase_object, 50 KB). */
export const PURCHASE_PROPERTIES_MAX_BYTES = 50 * 1024;
/**
 * Property names Braze reserves (Braze docs: user_guide/data/activation/events/custom_events/
 * custom_event_properties, "Reserved keys"): properties using them are refused as "Invalid
 * 'properties' field".
 */
export const RESERVED_EVENT_PROPERTY_NAMES: readonly string[] = ['time', 'event_name'];
export const RESERVED_PURCHASE_PROPERTY_NAMES: readonly string[] = ['time', 'product_id', 'quantity', 'event_name', 'price', 'currency'];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** One place that breaks a rule; `at` is the path of the value (for names: of its object). */
export type PropertyProblem =
	| { kind: 'emptyName'; at: string }
	| { kind: 'reservedName'; at: string; name: string; renamed: string }
	| { kind: 'longName'; at: string; name: string }
	| { kind: 'longString'; at: string; length: number }
	| { kind: 'notFinite' | 'unsupported'; at: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects that say how they go into JSON (Date, n8n's Luxon dates) are read that way. */
function hasJsonForm(value: object): value is { toJSON: () => unknown } {
	return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** The name fitted to the rules (`$` becomes `_`, then cut to 255), reporting each change; '' = dropped. */
function fitName(name: string, at: string, report: (problem: PropertyProblem) => void): string {
	if (name.trim() === '') {
		report({ kind: 'emptyName', at });
		return '';
	}
	let fitted = name;
	if (fitted.startsWith('$')) {
		fitted = `_${fitted.slice(1)}`;
		report({ kind: 'reservedName', at, name, renamed: fitted });
	}
	if (fitted.length > MAX_STRING_LENGTH) {
		report({ kind: 'longName', at, name });
		fitted = fitted.slice(0, MAX_STRING_LENGTH);
	}
	return fitted;
}

/** A value Braze takes as it is: walking it would only build its path (most values of most items). */
function fineAsItIs(value: unknown): boolean {
	return (
		value === null ||
		typeof value === 'boolean' ||
		(typeof value === 'string' && value.length <= MAX_STRING_LENGTH) ||
		(typeof value === 'number' && Number.isFinite(value))
	);
}

/** Walks `value` as Braze reads it, reports every problem and answers the fitted value. */
function walk(value: unknown, at: string, report: (problem: PropertyProblem) => void): JsonValue | undefined {
	if (value === null) return null;
	if (typeof value === 'string') {
		if (value.length <= MAX_STRING_LENGTH) return value;
		report({ kind: 'longString', at, length: value.length });
		return value.slice(0, MAX_STRING_LENGTH);
	}
	if (typeof value === 'number') {
		if (Number.isFinite(value)) return value;
		report({ kind: 'notFinite', at });
		return undefined;
	}
	if (typeof value === 'boolean') return value;
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'object' && !Array.isArray(value) && hasJsonForm(value)) return walk(value.toJSON(), at, report);
	if (Array.isArray(value)) {
		const out: JsonValue[] = [];
		value.forEach((entry, index) => {
			const fitted = fineAsItIs(entry) ? (entry as JsonValue) : walk(entry, `${at}[${index}]`, report);
			if (fitted !== undefined) out.push(fitted);
		});
		return out;
	}
	if (isPlainObject(value)) {
		const out: JsonObject = {};
		for (const name of Object.keys(value)) {
			const entry = value[name];
			const fittedName = fitName(name, at, report);
			if (fittedName === '') continue;
			const fitted = fineAsItIs(entry) ? (entry as JsonValue) : walk(entry, `${at}.${fittedName}`, report);
			if (fitted !== undefined) out[fittedName] = fitted;
		}
		return out;
	}
	// undefined disappears in JSON without a word; functions and symbols have no JSON form.
	if (value !== undefined) report({ kind: 'unsupported', at });
	return undefined;
}

/**
 * Refusing policy: answers the properties object (parsed when given as JSON text) or throws
 * for the first name or string Braze would refuse, naming the field. `noun` names what the
 * names are (property, attribute). Values JSON cannot carry are left to JSON.
 */
export function validateProperties(value: unknown, field: string, noun = 'property'): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	const object = typeof value === 'string' ? parseJson(value) : value;
	if (object === undefined) throw invalid(field, 'is not valid JSON');
	if (!isPlainObject(object)) throw invalid(field, 'must be an object of name/value pairs');
	walk(object, field, (problem) => {
		switch (problem.kind) {
			case 'emptyName':
				throw invalid(problem.at, `has an empty ${noun} name`);
			case 'reservedName':
				throw invalid(`${problem.at}.${problem.name}`, `${noun} names must not start with "$" (reserved by Braze)`);
			case 'longName':
				throw invalid(`${problem.at}.${problem.name.slice(0, 20)}...`, `${noun} name is longer than ${MAX_STRING_LENGTH} characters`);
			case 'longString':
				throw invalid(problem.at, lengthProblem(problem.length) as string);
			default:
				return;
		}
	});
	return object as IDataObject;
}

function adjustment(problem: PropertyProblem): string {
	switch (problem.kind) {
		case 'emptyName':
			return `${problem.at}: property with an empty name dropped`;
		case 'reservedName':
			return `${problem.at}.${problem.name}: renamed to ${problem.renamed}`;
		case 'longName':
			return `${problem.at}.${problem.name.slice(0, 40)}...: name cut to ${MAX_STRING_LENGTH} characters`;
		case 'longString':
			return `${problem.at}: string cut to ${MAX_STRING_LENGTH} characters`;
		case 'notFinite':
			return `${problem.at}: non-finite number dropped`;
		default:
			return `${problem.at}: unsupported value dropped`;
	}
}

/**
 * Fitting policy: makes free-form data fit Braze's rules instead of refusing it. Names with a
 * leading `$` are renamed (`$` -> `_`), over-long names and strings are cut to 255 characters,
 * empty names, values JSON cannot carry and functions are dropped; nested objects and arrays are
 * kept. Every change is added to `adjustments` as a path and what was done.
 */
export function fitProperties(value: unknown, path = 'data', adjustments: string[] = []): { value: JsonValue; adjustments: string[] } {
	const fitted = walk(value, path, (problem) => adjustments.push(adjustment(problem)));
	return { value: fitted === undefined ? null : fitted, adjustments };
}

/** Size of a properties object as Braze counts it (its JSON in UTF-8). */
export function propertiesBytes(properties: unknown): number {
	return Buffer.byteLength(JSON.stringify(properties), 'utf8');
}

/**
 * The properties of one event or purchase as Braze limits them as a whole: no reserved top-level
 * name, and the payload within its size limit. Throws an item error naming the field.
 */
export function checkPropertiesEnvelope(
	properties: IDataObject,
	field: string,
	limits: { maxBytes: number; reserved: readonly string[] },
): void {
	const used = limits.reserved.find((name) => Object.prototype.hasOwnProperty.call(properties, name));
	if (used !== undefined) {
		throw invalid(`${field}.${used}`, `"${used}" is a property name Braze reserves here (reserved: ${limits.reserved.join(', ')})`);
	}
	const size = propertiesBytes(properties);
	if (size > limits.maxBytes) {
		throw invalid(field, `are ${size} bytes; Braze accepts at most ${limits.maxBytes} bytes here`);
	}
}
