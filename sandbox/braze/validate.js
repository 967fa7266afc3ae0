// @ts-check
'use strict';
/** Validation helpers shared by the sandbox's endpoints. */
const { ISO_4217 } = require('./catalogue');

/** Braze docs: api/objects_filters/event_object ("Strings: 255 characters or fewer"). */
const MAX_STRING = 255;

/** @param {unknown} v @returns {boolean} an ISO 4217 alphabetic currency code (any letter case) */
function isCurrency(v) {
	return typeof v === 'string' && ISO_4217.has(v.toUpperCase());
}

/** @param {unknown} v @returns {v is Record<string, any>} */
function isPlainObject(v) {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @param {unknown} v @returns {v is string} a syntactically valid email address without whitespace */
function isEmail(v) {
	return typeof v === 'string' && v.length <= MAX_STRING && /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(v);
}

/**
 * @param {unknown} v
 * @returns {v is string} a phone number in E.164 form (+ and up to 15 digits), as Braze's
 * subscription endpoints require (Braze docs: api/endpoints/subscription_groups/post_update_user_subscription_group_status_v2)
 */
function isE164(v) {
	return typeof v === 'string' && /^\+[1-9]\d{1,14}$/.test(v);
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
/** `yyyy-MM-dd'T'HH:mm:ss:SSSZ`, e.g. 2016-12-14T13:32:31:601-0800 (milliseconds after a colon, RFC 822 zone). */
const BRAZE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}):(\d{3})(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads a time in the forms Braze documents for event and purchase `time`: ISO 8601, or
 * `yyyy-MM-dd'T'HH:mm:ss:SSSZ` (Braze docs: api/objects_filters/event_object).
 * @param {unknown} v
 * @returns {number} epoch milliseconds, or NaN when not a time Braze reads
 */
function parseTime(v) {
	if (typeof v !== 'string') return NaN;
	const braze = BRAZE_TIME.exec(v);
	if (braze) {
		const zone = braze[3] === 'Z' ? 'Z' : braze[3].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
		return Date.parse(`${braze[1]}.${braze[2]}${zone}`);
	}
	if (!ISO_8601.test(v)) return NaN;
	let iso = v.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
	// a time without zone is UTC, as Braze reads it (JavaScript would take local time)
	if (iso.includes('T') && !/(Z|[+-]\d{2}(:\d{2})?)$/.test(iso)) iso += 'Z';
	return Date.parse(iso);
}

/** @param {unknown} v @returns {boolean} a time {@link parseTime} reads */
function isTime(v) {
	return !Number.isNaN(parseTime(v));
}

/** @param {unknown} v @returns {v is {alias_name: string, alias_label: string}} an alias object with a non-empty alias_name and alias_label */
function isAlias(v) {
	return (
		isPlainObject(v) &&
		typeof v.alias_name === 'string' &&
		v.alias_name !== '' &&
		v.alias_name.length <= MAX_STRING &&
		typeof v.alias_label === 'string' &&
		v.alias_label !== '' &&
		v.alias_label.length <= MAX_STRING
	);
}

/** @param {unknown} v @returns {v is string} */
function isNonEmptyString(v) {
	return typeof v === 'string' && v !== '';
}

/** @param {unknown} name @returns {string | undefined} why a property/attribute name is invalid */
function nameProblem(name) {
	if (typeof name !== 'string' || name === '') return 'property names must be non-empty strings';
	if (name.length > MAX_STRING) return `property name longer than ${MAX_STRING} characters`;
	if (name.startsWith('$')) return `property name must not start with '$': ${name}`;
	return undefined;
}

/**
 * Checks names and string lengths inside a value, recursively.
 * @param {unknown} value
 * @param {string} where name of the value, for the message
 * @returns {string | undefined} the first problem found
 */
function valueProblem(value, where) {
	if (typeof value === 'string') {
		return value.length > MAX_STRING ? `string value longer than ${MAX_STRING} characters: ${where}` : undefined;
	}
	if (typeof value === 'number') return Number.isFinite(value) ? undefined : `invalid number: ${where}`;
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			const p = valueProblem(value[i], `${where}[${i}]`);
			if (p) return p;
		}
		return undefined;
	}
	if (isPlainObject(value)) {
		for (const [k, v] of Object.entries(value)) {
			const p = nameProblem(k) || valueProblem(v, `${where}.${k}`);
			if (p) return p;
		}
	}
	return undefined;
}

/** @param {unknown} value @returns {number} the size of a value as JSON, in bytes */
function jsonBytes(value) {
	return Buffer.byteLength(JSON.stringify(value));
}

/**
 * Checks an event or purchase `properties` object.
 * @param {unknown} props
 * @param {number} maxBytes
 * @param {string[]} [reserved] property names that must not be used
 * @returns {string | undefined}
 */
function propertiesProblem(props, maxBytes, reserved = []) {
	if (props === undefined || props === null) return undefined;
	if (!isPlainObject(props)) return "'properties' must be an object";
	if (jsonBytes(props) > maxBytes) return `'properties' larger than ${maxBytes} bytes`;
	const used = reserved.find((name) => Object.prototype.hasOwnProperty.call(props, name));
	if (used !== undefined) return `'${used}' is a reserved event property name`;
	return valueProblem(props, 'properties');
}

/** Braze docs: api/endpoints/user_data/post_user_identify ("Identifying users by email addresses and phone numbers"). */
const PRIORITIZATIONS = ['identified', 'unidentified', 'most_recently_updated', 'least_recently_updated'];

/**
 * Checks a `prioritization` array.
 * @param {unknown} p
 * @param {string[]} [allowed] the values the endpoint documents
 * @returns {string | undefined}
 */
function prioritizationProblem(p, allowed = PRIORITIZATIONS) {
	if (!Array.isArray(p) || p.length === 0) return "'prioritization' is required with an email or phone: a non-empty array";
	const bad = p.find((x) => !allowed.includes(x));
	if (bad !== undefined) return `'prioritization' values must be ${allowed.join(', ')}; got ${JSON.stringify(bad)}`;
	if (p.includes('identified') && p.includes('unidentified')) return "'prioritization' may hold only one of identified and unidentified";
	return undefined;
}

module.exports = {
	MAX_STRING,
	PRIORITIZATIONS,
	isPlainObject,
	isEmail,
	isE164,
	isCurrency,
	isTime,
	parseTime,
	isAlias,
	isNonEmptyString,
	nameProblem,
	valueProblem,
	jsonBytes,
	propertiesProblem,
	prioritizationProblem,
};
