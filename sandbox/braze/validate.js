'use strict';
/** Validation helpers shared by the sandbox's endpoints. */

const MAX_STRING = 255;

/**
 * ISO 4217 alphabetic codes (the list in force, with its fund and special codes, plus codes
 * withdrawn recently enough to still appear in data: HRK, SLL, ZWL). Braze documents `currency`
 * as an ISO 4217 alphabetic code; letters Braze does not know are refused.
 */
const ISO_4217 = new Set(
	(
		'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
		'CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP ' +
		'GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW ' +
		'KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD ' +
		'NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE ' +
		'SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED ' +
		'VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL'
	).split(' '),
);

/** @param {unknown} v @returns {boolean} an ISO 4217 alphabetic currency code (any letter case) */
function isCurrency(v) {
	return typeof v === 'string' && ISO_4217.has(v.toUpperCase());
}

/** @param {unknown} v @returns {v is Record<string, any>} */
function isPlainObject(v) {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @param {unknown} v @returns {boolean} a syntactically valid email address without whitespace */
function isEmail(v) {
	return typeof v === 'string' && v.length <= MAX_STRING && /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(v);
}

const ISO_8601 =
	/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** @param {unknown} v @returns {boolean} an ISO-8601 date or date-time Date can read */
function isIsoTime(v) {
	return typeof v === 'string' && ISO_8601.test(v) && !Number.isNaN(Date.parse(v));
}

/** @param {unknown} v @returns {boolean} an alias object with a non-empty alias_name and alias_label */
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

/**
 * Checks an event or purchase `properties` object.
 * @param {unknown} props
 * @param {number} maxBytes
 * @returns {string | undefined}
 */
function propertiesProblem(props, maxBytes) {
	if (props === undefined || props === null) return undefined;
	if (!isPlainObject(props)) return "'properties' must be an object";
	if (Buffer.byteLength(JSON.stringify(props)) > maxBytes) return `'properties' larger than ${maxBytes} bytes`;
	return valueProblem(props, 'properties');
}

module.exports = {
	MAX_STRING,
	isPlainObject,
	isEmail,
	isCurrency,
	ISO_4217,
	isIsoTime,
	isAlias,
	nameProblem,
	valueProblem,
	propertiesProblem,
};
