// @ts-check
'use strict';
/**
 * What Braze does to standard attributes and array attributes before storing them
 * (Braze docs: api/objects_filters/user_attributes_object, user_guide/data/activation/custom_data/custom_attributes).
 */
const { COUNTRY_CODES, GENDERS, LANGUAGE_CODES } = require('./catalogue');

/** A value Braze does not store: the profile keeps what it had. */
const DROP = Symbol('drop');

/** @param {string} s @returns {string} the comparison form of a country name */
const nameKey = (s) => s.toLowerCase().replace(/&/g, 'and').replace(/[^a-z]/g, '');

/** English country names (as Intl knows them) to their alpha-2 code: Braze maps "Australia" to "AU". */
const COUNTRY_BY_NAME = (() => {
	/** @type {Map<string, string>} */
	const byName = new Map();
	for (const style of /** @type {const} */ (['long', 'short', 'narrow'])) {
		const names = new Intl.DisplayNames(['en'], { type: 'region', style });
		for (const code of COUNTRY_CODES) byName.set(nameKey(names.of(code) || code), code);
	}
	return byName;
})();

/**
 * `country`: an ISO-3166-1 alpha-2 code; Braze maps other forms on a best-effort basis and sets
 * the country to null when the input matches none (Braze docs: user_attributes_object, "country").
 * The sandbox maps codes in any letter case and English country names.
 * @param {unknown} value
 * @returns {string | null}
 */
function country(value) {
	if (typeof value !== 'string') return null;
	const code = value.trim().toUpperCase();
	if (COUNTRY_CODES.has(code)) return code;
	return COUNTRY_BY_NAME.get(nameKey(value)) ?? null;
}

/**
 * `gender`: "M", "F", "O", "N", "P" or null (Braze docs: user_attributes_object, "gender"). Any
 * other value is not stored.
 * @param {unknown} value
 * @returns {string | typeof DROP}
 */
function gender(value) {
	const g = typeof value === 'string' ? value.trim().toUpperCase() : '';
	return GENDERS.includes(g) ? g : DROP;
}

/**
 * `language`: one of the ISO-639-1 codes Braze accepts (Braze docs: user_data_collection/language_codes).
 * Any other value is not stored.
 * @param {unknown} value
 * @returns {string | typeof DROP}
 */
function language(value) {
	const code = typeof value === 'string' ? value.trim().toLowerCase() : '';
	return LANGUAGE_CODES.has(code) ? code : DROP;
}

/**
 * `time_zone`: an IANA time zone name; "only valid time zone values are set" (Braze docs:
 * user_attributes_object, "time_zone"). Stored in its canonical spelling.
 * @param {unknown} value
 * @returns {string | typeof DROP}
 */
function timeZone(value) {
	if (typeof value !== 'string' || value.trim() === '') return DROP;
	try {
		return new Intl.DateTimeFormat('en', { timeZone: value.trim() }).resolvedOptions().timeZone;
	} catch {
		return DROP;
	}
}

/** @type {Record<string, (value: unknown) => unknown>} */
const STANDARD = { country, gender, language, time_zone: timeZone };

/**
 * The value Braze stores for a standard attribute, or DROP when it stores nothing.
 * @param {string} key
 * @param {unknown} value not null (null removes the attribute)
 * @returns {unknown}
 */
function standardValue(key, value) {
	const normalise = STANDARD[key];
	return normalise ? normalise(value) : value;
}

/** @param {unknown} x @returns {string} identity of an array element for de-duplication */
const keyOf = (x) => JSON.stringify(x);

/**
 * An array attribute as Braze keeps it: unique values ("['hotdog','hotdog','pizza'] shows as
 * ['hotdog','pizza']") and at most `max` elements ("Arrays exceeding the maximum number of elements
 * are truncated"). Arrays of objects are a separate Braze feature and are kept as sent.
 * @param {unknown[]} values
 * @param {number} max
 * @returns {unknown[]}
 */
function setArray(values, max) {
	if (values.some((x) => typeof x === 'object' && x !== null)) return values;
	const seen = new Set();
	const unique = values.filter((x) => {
		const k = keyOf(x);
		if (seen.has(k)) return false;
		seen.add(k);
		return true;
	});
	return unique.slice(0, max);
}

/**
 * `{add: [...], remove: [...]}` on an array attribute: an added value that is present moves to
 * the end; past `max` elements the oldest are removed ("when a user watches a 501st movie, the
 * first movie will be removed").
 * @param {unknown[]} current
 * @param {{add?: unknown[], remove?: unknown[]}} op
 * @param {number} max
 * @returns {unknown[]}
 */
function changeArray(current, op, max) {
	let arr = [...current];
	for (const x of op.add || []) {
		arr = arr.filter((y) => keyOf(y) !== keyOf(x));
		arr.push(x);
	}
	if (op.remove) {
		const gone = new Set(op.remove.map(keyOf));
		arr = arr.filter((y) => !gone.has(keyOf(y)));
	}
	return arr.length > max ? arr.slice(arr.length - max) : arr;
}

module.exports = { DROP, standardValue, country, gender, language, timeZone, setArray, changeArray };
