import { invalid } from './errors';

/**
 * Brings the usual ways of writing a phone number to E.164 (`+`, then 7 to 15 digits, the
 * first not 0): a `tel:` prefix and an extension (`ext. 12`, `x12`, `#12`) are dropped, as are
 * spaces, dots, dashes, slashes and parentheses; a leading `00` is the international prefix. A
 * number written without a country code gets `defaultCountryCode` (digits such as `1` or `44`;
 * a national leading 0 is dropped, and so is a leading 1 of an 11-digit number in country 1)
 * when one is given. Answers null when the number cannot be made E.164 with confidence.
 */
export function toE164(raw: string, defaultCountryCode = ''): string | null {
	const written = raw
		.trim()
		.replace(/^tel:/i, '')
		.replace(/(?:ext\.?|x|#)\s*\d+$/i, '')
		.replace(/[\s().\-/]/g, '');
	if (!/^\+?\d+$/.test(written)) return null;
	let digits = written.replace(/^\+/, '');
	let international = written.startsWith('+');
	if (!international && digits.startsWith('00')) {
		digits = digits.slice(2);
		international = true;
	}
	if (!international) {
		const country = defaultCountryCode.trim().replace(/^\+/, '');
		if (!/^\d{1,3}$/.test(country)) return null;
		if (country === '1' && digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
		digits = country + digits.replace(/^0/, '');
	}
	return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}

export interface PhoneOptions {
	/** Country calling code for numbers written without one; empty: such numbers are refused. */
	defaultCountryCode?: string;
	/** What the user can do about a national number, added to the error (e.g. the option to set). */
	remedy?: string;
}

/** A phone number in E.164, or an error naming the field. Numbers may be given as numbers. */
export function normalizePhone(value: unknown, field: string, options: PhoneOptions = {}): string {
	const raw = typeof value === 'number' ? String(value) : value;
	if (typeof raw !== 'string' || raw.trim() === '') throw invalid(field, 'a phone number is required');
	const phone = toE164(raw, options.defaultCountryCode);
	if (phone) return phone;
	const remedy = options.remedy ? `; ${options.remedy}` : '';
	throw invalid(
		field,
		`"${raw.slice(0, 40)}" cannot be made an E.164 phone number (expected + country code and 7-15 digits, e.g. +14155552671${remedy})`,
	);
}
