// @ts-check
'use strict';
/**
 * What a Braze workspace's dashboard holds that the API refers to: campaigns, Canvases, segments
 * and the send ids created with /sends/id/create. The sandbox gets them from its options or its
 * admin API (a person builds them in Braze's dashboard).
 */
const crypto = require('crypto');

const CHANNELS = ['email', 'sms', 'push', 'webhook', 'content_card'];
/** How a campaign or Canvas is delivered. `api` = an "API campaign" (tracks /messages/send). */
const DELIVERIES = ['api_triggered', 'api', 'scheduled', 'action_based'];
const CANVAS_STATUSES = ['active', 'paused', 'stopped', 'archived', 'draft'];

/**
 * @typedef {object} Campaign
 * @property {string} id
 * @property {string} name
 * @property {string[]} tags
 * @property {string} delivery one of DELIVERIES
 * @property {boolean} archived
 * @property {string | null} segment_id the segment the campaign targets (null: every user)
 * @property {string[]} channels
 * @property {{id: string, channel: string}[]} variations message variations (of API campaigns)
 * @property {string} created_at
 * @property {string} last_edited
 */
/**
 * @typedef {object} Canvas
 * @property {string} id
 * @property {string} name
 * @property {string[]} tags
 * @property {string} delivery
 * @property {string} status one of CANVAS_STATUSES
 * @property {string | null} segment_id
 * @property {string[]} channels
 * @property {string} created_at
 * @property {string} last_edited
 */
/**
 * @typedef {object} Segment
 * @property {string} id
 * @property {string} name
 * @property {string[]} tags
 * @property {boolean} analytics_tracking_enabled
 * @property {boolean} archived
 * @property {string[] | null} external_ids members (null: every user of the workspace)
 * @property {string} created_at
 */

let clock = 0;
/** @param {unknown} given @returns {string} a creation time; equal times get increasing milliseconds so lists keep the creation order */
function creationTime(given) {
	if (typeof given === 'string' && !Number.isNaN(Date.parse(given))) return new Date(given).toISOString();
	clock = Math.max(Date.now(), clock + 1);
	return new Date(clock).toISOString();
}

/**
 * @param {Record<string, any>} spec
 * @param {string} kind for messages
 * @returns {{id: string, name: string, tags: string[]}}
 */
function common(spec, kind) {
	if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new Error(`a ${kind} must be an object`);
	if (typeof spec.name !== 'string' || spec.name === '') throw new Error(`a ${kind} needs a name`);
	if (spec.id !== undefined && (typeof spec.id !== 'string' || spec.id === '')) throw new Error(`${kind} id must be a non-empty string`);
	if (spec.tags !== undefined && !(Array.isArray(spec.tags) && spec.tags.every((t) => typeof t === 'string')))
		throw new Error(`${kind} tags must be an array of strings`);
	return { id: spec.id || crypto.randomUUID(), name: spec.name, tags: spec.tags ? [...spec.tags] : [] };
}

/** @param {unknown} channels @param {string} kind @returns {string[]} */
function channelsOf(channels, kind) {
	if (channels === undefined) return ['email'];
	if (!Array.isArray(channels) || channels.length === 0 || channels.some((c) => !CHANNELS.includes(c)))
		throw new Error(`${kind} channels must be a non-empty array of ${CHANNELS.join(', ')}`);
	return [...channels];
}

/** @param {unknown} value @param {string[]} allowed @param {string} what @param {string} fallback @returns {string} */
function oneOf(value, allowed, what, fallback) {
	if (value === undefined) return fallback;
	if (typeof value !== 'string' || !allowed.includes(value)) throw new Error(`${what} must be one of ${allowed.join(', ')}`);
	return value;
}

class Dashboard {
	constructor() {
		/** @type {Map<string, Campaign>} */
		this.campaigns = new Map();
		/** @type {Map<string, Canvas>} */
		this.canvases = new Map();
		/** @type {Map<string, Segment>} */
		this.segments = new Map();
		/** @type {Set<string>} `${campaign_id} ${send_id}` pairs created by /sends/id/create */
		this.sendIds = new Set();
	}

	/** @param {Record<string, any>} spec @returns {Campaign} */
	addCampaign(spec) {
		const base = common(spec, 'campaign');
		const channels = channelsOf(spec.channels, 'campaign');
		const delivery = oneOf(spec.delivery, DELIVERIES, 'campaign delivery', 'api_triggered');
		let variations = [];
		if (spec.variations !== undefined) {
			if (!Array.isArray(spec.variations) || spec.variations.some((/** @type {any} */ v) => !v || typeof v.id !== 'string' || !CHANNELS.includes(v.channel)))
				throw new Error('campaign variations must be an array of {id, channel}');
			variations = spec.variations.map((/** @type {any} */ v) => ({ id: v.id, channel: v.channel }));
		} else variations = channels.map((channel) => ({ id: crypto.randomUUID(), channel }));
		const created = creationTime(spec.created_at);
		/** @type {Campaign} */
		const campaign = {
			...base,
			delivery,
			archived: spec.archived === true,
			segment_id: typeof spec.segment_id === 'string' ? spec.segment_id : null,
			channels,
			variations,
			created_at: created,
			last_edited: creationTime(spec.last_edited ?? created),
		};
		this.campaigns.set(campaign.id, campaign);
		return campaign;
	}

	/** @param {Record<string, any>} spec @returns {Canvas} */
	addCanvas(spec) {
		const base = common(spec, 'Canvas');
		const created = creationTime(spec.created_at);
		/** @type {Canvas} */
		const canvas = {
			...base,
			delivery: oneOf(spec.delivery, DELIVERIES.filter((d) => d !== 'api'), 'Canvas delivery', 'api_triggered'),
			status: oneOf(spec.status, CANVAS_STATUSES, 'Canvas status', 'active'),
			segment_id: typeof spec.segment_id === 'string' ? spec.segment_id : null,
			channels: channelsOf(spec.channels, 'Canvas'),
			created_at: created,
			last_edited: creationTime(spec.last_edited ?? created),
		};
		this.canvases.set(canvas.id, canvas);
		return canvas;
	}

	/** @param {Record<string, any>} spec @returns {Segment} */
	addSegment(spec) {
		const base = common(spec, 'segment');
		if (spec.external_ids !== undefined && !(Array.isArray(spec.external_ids) && spec.external_ids.every((x) => typeof x === 'string')))
			throw new Error('segment external_ids must be an array of strings (omit it for every user)');
		/** @type {Segment} */
		const segment = {
			...base,
			analytics_tracking_enabled: spec.analytics_tracking_enabled === true,
			archived: spec.archived === true,
			external_ids: spec.external_ids ? [...spec.external_ids] : null,
			created_at: creationTime(spec.created_at),
		};
		this.segments.set(segment.id, segment);
		return segment;
	}

	/**
	 * Adds campaigns, Canvases and segments.
	 * @param {{campaigns?: object[], canvases?: object[], segments?: object[]}} spec
	 */
	seed(spec) {
		for (const s of spec.segments || []) this.addSegment(s);
		for (const c of spec.campaigns || []) this.addCampaign(c);
		for (const c of spec.canvases || []) this.addCanvas(c);
	}

	/**
	 * Whether a user belongs to a segment (every user when the segment lists no members, or is unknown).
	 * @param {string | null} segmentId
	 * @param {Record<string, any>} user
	 * @returns {boolean}
	 */
	inSegment(segmentId, user) {
		const segment = segmentId ? this.segments.get(segmentId) : undefined;
		if (!segment || !segment.external_ids) return true;
		return user.external_id !== undefined && segment.external_ids.includes(user.external_id);
	}

	/** @returns {object} */
	toJSON() {
		return {
			campaigns: [...this.campaigns.values()],
			canvases: [...this.canvases.values()],
			segments: [...this.segments.values()],
			sendIds: [...this.sendIds],
		};
	}

	/** @param {any} data @returns {Dashboard} */
	static fromJSON(data) {
		const d = new Dashboard();
		for (const c of data.campaigns || []) d.campaigns.set(c.id, c);
		for (const c of data.canvases || []) d.canvases.set(c.id, c);
		for (const s of data.segments || []) d.segments.set(s.id, s);
		for (const s of data.sendIds || []) d.sendIds.add(s);
		return d;
	}
}

/**
 * The campaigns, Canvases and segments every workspace starts with when the sandbox is given
 * none: enough to try the messaging endpoints (the ids are fixed, so they can be typed).
 */
const DEFAULT_DASHBOARD = {
	segments: [{ id: '5e9a1c00-0000-4000-8000-00000000a11a', name: 'All Users', analytics_tracking_enabled: true, tags: [] }],
	campaigns: [
		{
			id: 'ca3b1c00-0000-4000-8000-0000000000c1',
			name: 'Extole reward email',
			tags: ['extole', 'referral'],
			delivery: 'api_triggered',
			channels: ['email'],
			segment_id: '5e9a1c00-0000-4000-8000-00000000a11a',
		},
		{
			id: 'ca3b1c00-0000-4000-8000-0000000000c2',
			name: 'Extole share link reminder',
			tags: ['extole'],
			delivery: 'api_triggered',
			channels: ['email', 'sms'],
		},
		{
			id: 'ca3b1c00-0000-4000-8000-0000000000c3',
			name: 'Transactional API messages',
			tags: [],
			delivery: 'api',
			channels: ['email', 'sms'],
			variations: [
				{ id: 'a0a1b2c3-0000-4000-8000-0000000000e1', channel: 'email' },
				{ id: 'a0a1b2c3-0000-4000-8000-0000000000e2', channel: 'sms' },
			],
		},
	],
	canvases: [
		{ id: 'c4a7a500-0000-4000-8000-0000000000d1', name: 'Extole reward journey', tags: ['extole'], channels: ['email'] },
		{ id: 'c4a7a500-0000-4000-8000-0000000000d2', name: 'Extole welcome', tags: ['extole'], status: 'paused', channels: ['email'] },
	],
};

module.exports = { Dashboard, DEFAULT_DASHBOARD, CHANNELS, DELIVERIES, CANVAS_STATUSES };
