import { invalid } from './errors';

/**
 * Braze values that come from a fixed list: the field options of the node and the validation
 * of every mode read them from here, so a value typed in JSON is checked like a chosen one.
 * Lists are in display order (n8n sorts options by name).
 */

export interface Choice {
	name: string;
	value: string;
}

/** `email_subscribe`, `push_subscribe` and /email/status (Braze docs: user_attributes_object). */
export const SUBSCRIBE_STATES: Choice[] = [
	{ name: 'Opted In', value: 'opted_in' },
	{ name: 'Subscribed', value: 'subscribed' },
	{ name: 'Unsubscribed', value: 'unsubscribed' },
];

/** `subscription_groups[].subscription_state` and /v2/subscription/status/set. */
export const GROUP_SUBSCRIPTION_STATES: Choice[] = [
	{ name: 'Subscribed', value: 'subscribed' },
	{ name: 'Unsubscribed', value: 'unsubscribed' },
];

/**
 * `gender`: Braze's REST API takes M, F, O, N, P, or null for unknown. `U` (what Braze's SDKs
 * call unknown) is offered for the field and sent as null.
 */
export const GENDERS: Choice[] = [
	{ name: 'Female', value: 'F' },
	{ name: 'Male', value: 'M' },
	{ name: 'Not Applicable', value: 'N' },
	{ name: 'Other', value: 'O' },
	{ name: 'Prefer Not to Say', value: 'P' },
	{ name: 'Unknown', value: 'U' },
];

const UNKNOWN_GENDER = 'U';

/** Standard attributes whose value comes from a list, by attribute name. */
export const ENUMERATED_ATTRIBUTES: Readonly<Record<string, Choice[]>> = {
	email_subscribe: SUBSCRIBE_STATES,
	push_subscribe: SUBSCRIBE_STATES,
	gender: GENDERS,
};

/** `value` when it is one of `choices`, else an error naming the field and the allowed values. */
export function checkChoice(value: unknown, choices: Choice[], field: string): string {
	const found = choices.find((choice) => choice.value === value);
	if (found) return found.value;
	throw invalid(field, `must be one of ${choices.map((c) => c.value).join(', ')} (got "${String(value ?? '').slice(0, 60)}")`);
}

/** The value Braze gets for an enumerated attribute (gender letters in any case; U is null). */
export function enumeratedAttribute(name: string, value: unknown, field: string): string | null {
	const choices = ENUMERATED_ATTRIBUTES[name];
	if (name !== 'gender') return checkChoice(value, choices, field);
	const letter = checkChoice(typeof value === 'string' ? value.trim().toUpperCase() : value, choices, field);
	return letter === UNKNOWN_GENDER ? null : letter;
}
