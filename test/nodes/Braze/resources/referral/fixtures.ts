/**
 * Sync Extole Event test inputs: the options as the node's defaults give them and an item
 * exactly as the Extole Trigger emits it.
 */
import { DEFAULT_SYNC_OPTIONS } from '../../../../../nodes/Braze/resources/referral/syncOptions';
import type { SyncOptions } from '../../../../../nodes/Braze/resources/referral/syncOptions';

export const NOW = '2026-11-28T11:00:00.000Z';
export const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
	...DEFAULT_SYNC_OPTIONS,
	now: NOW,
	...overrides,
});

/** An item exactly as the Extole Trigger emits it. */
export const extoleItem = (overrides: Record<string, unknown> = {}) => ({
	event: 'shared',
	event_name: 'Shared',
	event_name_raw: 'extole_shared',
	event_id: 'evt-1',
	event_time: '2026-11-28T10:00:00Z',
	external_id: 'user-1',
	email: 'ada@example.com',
	phone_number: '+1 (415) 555-0100',
	share_link: 'https://refer.example.com/ada',
	first_name: 'Ada',
	last_name: 'Lovelace',
	funnel: 'advocate',
	sandbox: false,
	data: { channel: 'EMAIL' },
	raw: {},
	...overrides,
});

