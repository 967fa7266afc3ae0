import type { IDataObject } from 'n8n-workflow';

/**
 * The body of a GET delivery, read from its query string. Extole's "Webhook Creation" page says
 * a webhook may GET or POST its payload URL but does not document how the payload is put into
 * the query: top-level fields are parameters; nested fields are read in bracket notation
 * (`data[email]=...`, `items[0]=...`) and from JSON text (`data={"email":...}`); a repeated
 * parameter becomes a list. Values stay strings, as sent.
 */

const MAX_PARAMETERS = 1000;
const MAX_DEPTH = 5;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** `data[person][email]` -> ['data', 'person', 'email']; null when malformed or too deep. */
function keyPath(name: string): string[] | null {
	const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
	if (!match) return null;
	const path = [match[1], ...[...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1])];
	if (path.length > MAX_DEPTH || path.some((p) => p === '' || FORBIDDEN.has(p))) return null;
	return path;
}

function jsonValue(value: string): unknown {
	const t = value.trim();
	if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return value;
	try {
		return JSON.parse(t) as unknown;
	} catch {
		return value;
	}
}

function setPath(target: IDataObject, path: string[], value: unknown): void {
	let current: IDataObject = target;
	for (const part of path.slice(0, -1)) {
		const next = current[part];
		if (typeof next !== 'object' || next === null || Array.isArray(next)) current[part] = {};
		current = current[part] as IDataObject;
	}
	const last = path[path.length - 1];
	const existing = current[last];
	if (existing === undefined) current[last] = value as IDataObject[string];
	else if (Array.isArray(existing)) existing.push(value as never);
	else current[last] = [existing, value] as IDataObject[string];
}

/** Turns `{ "0": a, "1": b }` objects (from `x[0]=a&x[1]=b`) into lists. */
function listsFromIndexes(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(listsFromIndexes);
	if (typeof value !== 'object' || value === null) return value;
	const entries = Object.entries(value as IDataObject).map(([k, v]) => [k, listsFromIndexes(v)] as const);
	const indexes = entries.every(([k]) => /^\d+$/.test(k)) && entries.length > 0;
	if (indexes) {
		const list: unknown[] = [];
		for (const [k, v] of entries) list[Number(k)] = v;
		if (list.length === entries.length) return list;
	}
	return Object.fromEntries(entries);
}

/**
 * Parses a query string (without the `?`) into a body. Parameters named in `skip` (the
 * trigger's own, such as `reward_state`) are left out.
 */
export function bodyFromQuery(query: string, skip: ReadonlySet<string> = new Set()): IDataObject {
	const body: IDataObject = {};
	let count = 0;
	for (const [name, value] of new URLSearchParams(query)) {
		if (skip.has(name)) continue;
		if (++count > MAX_PARAMETERS) break;
		const path = keyPath(name);
		if (!path) continue;
		setPath(body, path, path.length === 1 ? jsonValue(value) : value);
	}
	return listsFromIndexes(body) as IDataObject;
}

/** The query string of a request URL (`/path?a=1` -> `a=1`), '' when there is none. */
export function queryOf(url: string | undefined): string {
	if (!url) return '';
	const at = url.indexOf('?');
	return at < 0 ? '' : url.slice(at + 1);
}
