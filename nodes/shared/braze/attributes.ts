import type { IDataObject } from 'n8n-workflow';

import { normalizeEmail } from './email';
import { ENUMERATED_ATTRIBUTES, GROUP_SUBSCRIPTION_STATES, checkChoice, enumeratedAttribute } from './enumerations';
import { invalid } from './errors';
import { normalizePhone } from './phone';
import { validateProperties } from './properties';
import { checkString } from './strings';

/** Keys of an attributes object that steer Braze rather than set an attribute. */
const CONTROL_KEYS = new Set(['user_alias', '_update_existing_only', '_merge_objects']);

function checkSubscriptionGroups(value: unknown, field: string): IDataObject[] {
	if (!Array.isArray(value)) throw invalid(field, 'must be an array of {subscription_group_id, subscription_state}');
	return value.map((entry, i) => {
		const at = `${field}[${i}]`;
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
			throw invalid(at, 'must be {subscription_group_id, subscription_state}');
		}
		const group = entry as IDataObject;
		checkString(group.subscription_group_id, `${at}.subscription_group_id`, true);
		checkChoice(group.subscription_state, GROUP_SUBSCRIPTION_STATES, `${at}.subscription_state`);
		return group;
	});
}

/**
 * Checks an attributes object (Braze docs: user_attributes_object): email, phone (to E.164),
 * date of birth, the enumerated attributes and subscription groups by their own rules, every
 * other attribute by the naming and string rules. `null` removes a value and is kept.
 */
export function checkAttributes(attributes: IDataObject, field: string): IDataObject {
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(attributes)) {
		const at = `${field}.${name}`;
		if (CONTROL_KEYS.has(name) || value === null) {
			out[name] = value;
		} else if (name === 'email') {
			out.email = normalizeEmail(value, at);
		} else if (name === 'phone') {
			out.phone = normalizePhone(value, at);
		} else if (name === 'dob') {
			if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
				throw invalid(at, `must be YYYY-MM-DD (got "${String(value)}")`);
			}
			out.dob = value;
		} else if (name in ENUMERATED_ATTRIBUTES) {
			out[name] = enumeratedAttribute(name, value, at);
		} else if (name === 'subscription_groups') {
			out.subscription_groups = checkSubscriptionGroups(value, at);
		} else {
			// Custom (and the other standard) attributes: Braze's naming rules, then string limits.
			validateProperties({ [name]: value }, field, 'attribute');
			out[name] = value;
		}
	}
	return out;
}
