import type { IDataObject } from 'n8n-workflow';

import { checkAttributes } from '../../../shared/braze/attributes';
import { invalid } from '../../../shared/braze/errors';
import { parseJson } from '../../../shared/braze/json';
import { checkPropertiesEnvelope } from '../../../shared/braze/properties';

/**
 * What an item adds to its recipient: personalization (`trigger_properties`, a Canvas's
 * `context`; Braze docs: api/objects_filters/trigger_properties_object, context_object: "maximum
 * size limit of 50 KB") and the user attributes Braze writes before sending
 * (api/objects_filters/user_attributes_object, the recipient object's `attributes`).
 */

/** Braze's size limit of trigger properties and of a Canvas's context. */
export const PERSONALIZATION_MAX_BYTES = 50 * 1024;

/** An object from a JSON field: an object, its JSON text, or empty. Keys holding undefined are left out (JSON has no undefined). */
export function jsonObject(value: unknown, field: string): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	const parsed = typeof value === 'string' ? (value.trim() === '' ? {} : parseJson(value)) : value;
	if (parsed === undefined) throw invalid(field, 'is not valid JSON');
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid(field, 'must be an object of name/value pairs');
	const object: IDataObject = {};
	for (const [key, v] of Object.entries(parsed as IDataObject)) if (v !== undefined) object[key] = v;
	return object;
}

/** Personalization key/value pairs, within Braze's 50 KB. */
export function readPersonalization(value: unknown, field: string): IDataObject {
	const object = jsonObject(value, field);
	for (const key of Object.keys(object)) if (key.trim() === '') throw invalid(field, 'has an empty key');
	checkPropertiesEnvelope(object, field, { maxBytes: PERSONALIZATION_MAX_BYTES, reserved: [] });
	return object;
}

/** The attributes Braze writes to the recipient before the send, checked like Track's. */
export function readRecipientAttributes(value: unknown, field: string): IDataObject {
	return checkAttributes(jsonObject(value, field), field);
}
