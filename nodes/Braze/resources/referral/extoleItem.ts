/** An Extole Trigger item as Sync Extole Event reads it (any field may be null or, from other sources, absent). */
export interface ExtoleItem {
	event?: unknown;
	event_name?: unknown;
	event_name_raw?: unknown;
	event_id?: unknown;
	event_time?: unknown;
	external_id?: unknown;
	email?: unknown;
	phone_number?: unknown;
	share_link?: unknown;
	first_name?: unknown;
	last_name?: unknown;
	funnel?: unknown;
	sandbox?: unknown;
	data?: unknown;
	raw?: unknown;
	[key: string]: unknown;
}

/** A field's text: trimmed, numbers as text; empty, null and anything else are null. */
export function text(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') {
		const trimmed = value.trim();
		return trimmed === '' ? null : trimmed;
	}
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	return null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
