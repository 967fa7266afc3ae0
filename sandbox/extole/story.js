// @ts-check
'use strict';
/** The sender's default run: one advocate's story, so the Braze sandbox page shows a journey. */
const { buildEvent, stylesFor } = require('./payloads');

/**
 * @typedef {object} StoryStep
 * @property {string} event
 * @property {'advocate' | 'friend'} person
 */

/**
 * One advocate's story, in order: the steps of Braze's Extole page, person by person.
 * @type {StoryStep[]}
 */
const STORY = [
	{ event: 'created_share_link', person: 'advocate' },
	{ event: 'shared', person: 'advocate' },
	{ event: 'referred_signed_up', person: 'friend' },
	{ event: 'referred_converted', person: 'friend' },
	{ event: 'earned_reward', person: 'advocate' },
];

/**
 * The bodies of one advocate's story: every advocate step on the same advocate (the command
 * line's --external-id, --email ... override it), the friend steps on the friend they referred,
 * who carries the advocate in `data.advocate` as in Extole's `referral_registered` example.
 * @param {string} style used where the event has it, else `braze`
 * @param {import('./payloads').Overrides} [advocateOverrides]
 * @returns {Array<{ event: string, style: string, body: Record<string, any> }>}
 */
function storyBodies(style, advocateOverrides = {}) {
	const seq = Math.random().toString(36).slice(2, 8);
	const shareLink = advocateOverrides.share_link ?? `https://refer.example.com/ada-${seq}`;
	/** @type {import('./payloads').Overrides} */
	const advocate = {
		external_id: `ada-${seq}`,
		email: `ada.${seq}@example.com`,
		first_name: 'Ada',
		last_name: 'Lovelace',
		phone_number: '+15555550101',
		...advocateOverrides,
		share_link: shareLink,
		funnel: 'advocate',
	};
	const advocateEmail = /** @type {string} */ (advocate.email);
	/** @type {import('./payloads').Overrides} */
	const friend = {
		external_id: `ben-${seq}`,
		email: `ben.${seq}@example.com`,
		first_name: 'Ben',
		last_name: 'Okafor',
		phone_number: '+15555550102',
		share_link: shareLink,
		funnel: 'friend',
		sandbox: advocateOverrides.sandbox,
		data: { advocate: advocateEmail },
	};
	return STORY.map((step) => {
		const used = stylesFor(step.event).includes(style) ? style : 'braze';
		const overrides = step.person === 'advocate' ? advocate : friend;
		return { event: step.event, style: used, body: buildEvent(step.event, used, { ...overrides, data: { ...(overrides.data || {}) } }) };
	});
}

module.exports = { STORY, storyBodies };
