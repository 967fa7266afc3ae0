import { defaultBrazeEventName, getEventDefinition, snakeCase } from '../../../shared/extole/catalogue';
import { MAX_STRING_LENGTH } from '../../../shared/braze/strings';
import type { ExtoleItem } from './extoleItem';
import { text } from './extoleItem';

export type UnmappedEventHandling = 'derive' | 'skip';

/** What decides the Braze event names: the user's mapping and what to do with other events. */
export interface EventNaming {
	/** Extole event key (canonical or raw name) -> Braze event name; '' disables the event. */
	eventNames: Record<string, string>;
	unmappedEvents: UnmappedEventHandling;
}

/** Turns an arbitrary Extole event name into a Braze-friendly snake_case name. */
export const slugEventName = snakeCase;

/**
 * The Braze event name for an item, or null when no custom event is sent. Looks the canonical
 * key up in the user's mapping, then the raw event name, then the catalogue's defaults; other
 * events get `extole_<raw name>` (or nothing with unmappedEvents = skip). A mapping entry with
 * an empty name disables that event.
 */
export function brazeEventName(item: ExtoleItem, options: EventNaming): string | null {
	const key = text(item.event) ?? 'other';
	const raw = text(item.event_name_raw) ?? text(item.event_name);
	const candidates = [key];
	if (raw) candidates.push(raw, slugEventName(raw));
	for (const candidate of candidates) {
		if (Object.prototype.hasOwnProperty.call(options.eventNames, candidate)) {
			const name = options.eventNames[candidate].trim();
			return name === '' ? null : name;
		}
	}
	if (getEventDefinition(key)) return defaultBrazeEventName(key);
	if (options.unmappedEvents === 'skip') return null;
	const slug = raw ? slugEventName(raw).replace(/^extole_/, '') : '';
	return slug ? `extole_${slug}`.slice(0, MAX_STRING_LENGTH) : 'extole_other';
}

/** The user's event-name mapping rows as a lookup table (Extole name -> Braze name, '' = none). */
export function eventNamesFromMapping(
	rows: Array<{ extoleEvent?: unknown; customEvent?: unknown; brazeEvent?: unknown }>,
): Record<string, string> {
	const out: Record<string, string> = {};
	for (const row of rows) {
		const extole = row.extoleEvent === 'custom' ? text(row.customEvent) : text(row.extoleEvent);
		if (!extole) continue;
		out[extole] = typeof row.brazeEvent === 'string' ? row.brazeEvent.trim() : '';
	}
	return out;
}
