'use strict';
/** The input items and node parameters the benchmarks share, so that each side gets the same. */

/** Braze > User > Track: one attributes object (2 attributes) and one custom event per item. */
function trackItems(count) {
	return Array.from({ length: count }, (_, i) => ({ json: { id: `bench-${i}`, name: `Person ${i}`, plan: i % 3 ? 'gold' : 'free' } }));
}

function trackParameters(options = {}) {
	return {
		resource: 'user',
		operation: 'track',
		identifierType: 'external_id',
		externalId: '={{ $json.id }}',
		standardAttributes: { first_name: '={{ $json.name }}' },
		customAttributesMode: 'keyValue',
		customAttributes: { attribute: [{ name: 'plan', value: '={{ $json.plan }}' }] },
		events: { event: [{ name: 'bench_event', time: '2026-01-01T00:00:00Z', properties: '{}' }] },
		options,
	};
}

/**
 * Items exactly as the Extole Trigger emits them (test/nodes/Braze/resources/referral/fixtures.ts).
 * `emailOnly`: no external_id, so Sync Extole Event looks each person up by email first;
 * `distinctEmails` people share the items round-robin (default: one person per item).
 */
function syncItems(count, { emailOnly = false, distinctEmails = count, prefix = 'bench' } = {}) {
	const events = ['shared', 'created_share_link', 'referred_signed_up', 'referred_converted'];
	return Array.from({ length: count }, (_, i) => {
		const person = i % distinctEmails;
		const json = {
			event: events[i % events.length],
			event_name: 'Shared',
			event_name_raw: 'extole_shared',
			event_id: `${prefix}-evt-${i}`,
			event_time: '2026-11-28T10:00:00Z',
			email: `${prefix}-${person}@example.com`,
			phone_number: '+1 (415) 555-0100',
			share_link: `https://refer.example.com/${prefix}-${person}`,
			first_name: 'Ada',
			last_name: `Lovelace ${person}`,
			funnel: 'advocate',
			sandbox: false,
			data: { channel: 'EMAIL', campaign_id: '7345', program: 'refer-a-friend' },
			raw: {},
		};
		if (!emailOnly) json.external_id = `${prefix}-user-${person}`;
		return { json };
	});
}

/** The referral template's Sync Extole Event (templates/extole-braze-referral-sync.json). */
function syncParameters(options = {}) {
	return { resource: 'referral', operation: 'syncExtoleEvent', syncEnvironment: 'fromEvent', options };
}

module.exports = { trackItems, trackParameters, syncItems, syncParameters };
