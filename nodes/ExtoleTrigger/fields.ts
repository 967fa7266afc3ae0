import type { IDataObject } from 'n8n-workflow';

import type { Funnel } from '../shared/extole/catalogue';
import { FIELD_ALIASES } from '../shared/extole/fieldNames';

/**
 * Where the person and event fields of an Extole body are, under the names Extole and its
 * partners use (shared/reference/extole-webhooks.md), and which keys supplied them, so that a
 * consumed field is not repeated in the item's `data`.
 */

export { EVENT_NAME_FIELDS, FIELD_ALIASES } from '../shared/extole/fieldNames';

export type FieldName = keyof typeof FIELD_ALIASES;

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string, or a finite number / bigint as text; empty or blank strings are no value. */
export function asText(value: unknown): string | null {
	if (typeof value === 'string') {
		const t = value.trim();
		return t === '' ? null : t;
	}
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'bigint') return value.toString();
	return null;
}

/** Reads `a.b.c` (also `a[0].b`) from an object; returns the value and the object holding it. */
export function getPath(source: unknown, path: string): { value: unknown; holder?: IDataObject; key?: string } {
	const parts = path
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.map((p) => p.trim())
		.filter((p) => p !== '');
	let current: unknown = source;
	let holder: IDataObject | undefined;
	let key: string | undefined;
	for (const part of parts) {
		if (Array.isArray(current) && /^\d+$/.test(part)) {
			holder = undefined;
			current = current[Number(part)];
		} else if (isObject(current)) {
			holder = current;
			key = part;
			current = current[part];
		} else {
			return { value: undefined };
		}
	}
	return { value: current, holder, key };
}

export function normaliseFunnel(value: unknown): Funnel | null {
	const text = asText(value);
	if (text === null) return null;
	const v = text.toLowerCase();
	if (v === 'advocate' || v === 'referrer' || v === 'advocates') return 'advocate';
	if (v === 'friend' || v === 'referee' || v === 'referred' || v === 'friends') return 'friend';
	return null;
}

export function normaliseSandbox(value: unknown): boolean {
	if (value === true) return true;
	if (typeof value === 'string') return ['true', '1', 'yes'].includes(value.trim().toLowerCase());
	if (typeof value === 'number') return value === 1;
	return false;
}

/**
 * The objects of a body that person fields are looked for in, in priority order: the body, its
 * `person`, its `data`, `data.person`, and an `event` object.
 */
export function personSources(body: IDataObject): IDataObject[] {
	const sources: IDataObject[] = [body];
	if (isObject(body.person)) sources.push(body.person);
	if (isObject(body.data)) {
		sources.push(body.data);
		if (isObject(body.data.person)) sources.push(body.data.person);
	}
	if (isObject(body.event)) sources.push(body.event);
	return sources;
}

/** Keys of the body's objects that became item fields, per object. */
export class ConsumedKeys {
	private readonly byObject = new Map<IDataObject, Set<string>>();

	add(holder: IDataObject | undefined, key: string | undefined): void {
		if (!holder || key === undefined) return;
		let keys = this.byObject.get(holder);
		if (!keys) {
			keys = new Set();
			this.byObject.set(holder, keys);
		}
		keys.add(key);
	}

	has(holder: IDataObject, key: string): boolean {
		return this.byObject.get(holder)?.has(key) ?? false;
	}
}

export interface FoundField {
	value: string;
	holder: IDataObject;
	key: string;
}

/**
 * The first value of `field` that `accept` takes (first source, then first alias), or null.
 * Marks the key it came from, and every alias of `sameAs` fields holding the same value (a
 * repeat), as consumed.
 */
export function takeField(
	sources: IDataObject[],
	field: FieldName,
	consumed: ConsumedKeys,
	accept: (text: string) => boolean = () => true,
	sameAs: FieldName[] = [field],
): FoundField | null {
	for (const holder of sources) {
		for (const key of FIELD_ALIASES[field]) {
			const value = asText(holder[key]);
			if (value !== null && accept(value)) {
				const aliases = sameAs.flatMap((f) => FIELD_ALIASES[f]);
				for (const other of sources) {
					for (const alias of aliases) if (asText(other[alias]) === value) consumed.add(other, alias);
				}
				return { value, holder, key };
			}
		}
	}
	return null;
}
