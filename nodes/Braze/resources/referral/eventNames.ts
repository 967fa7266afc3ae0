import { getEventDefinition, nativeBrazeEventName, prefixedBrazeEventName, snakeCase } from '../../../shared/extole/catalogue';
import { MAX_STRING_LENGTH } from '../../../shared/braze/strings';
import type { ExtoleItem } from './extoleItem';
import { text } from './extoleItem';

export type UnmappedEventHandling = 'derive' | 'skip';

/**
 * The Braze names Sync Extole Event writes when the user's fields name none: `native` = those of
 * Extole's own Braze integration (Braze's Extole page: events "Created Share Link", "Shared" ...,
 * attributes `share_link`, `funnel`), `prefixed` = snake_case with `extole_` (`extole_shared`,
 * `extole_share_link`, `extole_funnel`).
 */
export type BrazeNames = 'native' | 'prefixed';

/** The custom attributes each naming writes the share link and the funnel to. */
export const ATTRIBUTE_NAMES: Record<BrazeNames, { shareLink: string; funnel: string }> = {
	native: { shareLink: 'share_link', funnel: 'funnel' },
	prefixed: { shareLink: 'extole_share_link', funnel: 'extole_funnel' },
};

/** What decides the Braze event names: the naming, the user's mapping and what to do with other events. */
export interface EventNaming {
	brazeNames: BrazeNames;
	/** Extole event key (canonical or raw name) -> Braze event name; '' disables the event. */
	eventNames: Record<string, string>;
	unmappedEvents: UnmappedEventHandling;
}

/** Turns an arbitrary Extole event name into a Braze-friendly snake_case name. */
export const slugEventName = snakeCase;

/** The name of an event outside the catalogue: Extole's own name (prefixed: extole_ + snake_case). */
function derivedName(raw: string | null, naming: BrazeNames): string {
	if (naming === 'native') return (raw ?? 'Other').slice(0, MAX_STRING_LENGTH);
	const slug = raw ? slugEventName(raw).replace(/^extole_/, '') : '';
	return slug ? `extole_${slug}`.slice(0, MAX_STRING_LENGTH) : 'extole_other';
}

/**
 * The Braze event name for an item, or null when no custom event is sent. Looks the canonical
 * key up in the user's mapping, then the raw event name, then the catalogue's name in the chosen
 * naming; other events get Extole's own name (or nothing with unmappedEvents = skip). A mapping
 * entry with an empty name disables that event.
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
	if (getEventDefinition(key)) {
		return options.brazeNames === 'native' ? (nativeBrazeEventName(key) as string) : prefixedBrazeEventName(key);
	}
	if (options.unmappedEvents === 'skip') return null;
	return derivedName(raw, options.brazeNames);
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
