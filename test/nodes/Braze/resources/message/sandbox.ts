/**
 * A Braze sandbox for the send operations and the pickers: the keys of the node tests plus a key
 * that may send but not list, and a dashboard of campaigns, Canvases and segments per workspace
 * (what a person builds in Braze's dashboard: docs/braze-sandbox.md, "The dashboard"). The whole
 * sandbox is handed out (dispatches, seed, faults), reset before each test (its dashboard kept).
 */
import type { Json } from '../../helpers';
import { PRODUCTION_KEY, TEST_KEY, credentials, harness } from '../../helpers';

const { startBrazeSandbox } = require('../../../../../sandbox/braze');

/** May trigger and send messages, nothing else: no lists, no exports. */
export const SEND_ONLY_KEY = 'bz-sendonly-0000-0000-0000-000000000005';

export const SEGMENT_ALL = 'seg-all';
export const SEGMENT_VIP = 'seg-vip';
export const CAMPAIGN = 'cmp-reward';
export const VIP_CAMPAIGN = 'cmp-vip';
export const API_CAMPAIGN = 'cmp-api';
export const CANVAS = 'cnv-reward';
export const PAUSED_CANVAS = 'cnv-paused';
export const STAGING_CAMPAIGN = 'cmp-staging';
export const STAGING_CANVAS = 'cnv-staging';

export const DASHBOARD = {
	production: {
		segments: [
			{ id: SEGMENT_ALL, name: 'All Users' },
			{ id: SEGMENT_VIP, name: 'VIPs', external_ids: ['vip-1', 'vip-2'] },
		],
		campaigns: [
			{ id: CAMPAIGN, name: 'Reward email', delivery: 'api_triggered', channels: ['email'], tags: ['extole'] },
			{ id: VIP_CAMPAIGN, name: 'VIP email', delivery: 'api_triggered', channels: ['email'], segment_id: SEGMENT_VIP },
			{
				id: API_CAMPAIGN,
				name: 'Transactional',
				delivery: 'api',
				channels: ['email', 'sms'],
				variations: [
					{ id: 'var-email', channel: 'email' },
					{ id: 'var-sms', channel: 'sms' },
				],
			},
		],
		canvases: [
			{ id: CANVAS, name: 'Reward journey', channels: ['email'] },
			{ id: PAUSED_CANVAS, name: 'Paused journey', channels: ['email'], status: 'paused' },
		],
	},
	staging: {
		segments: [{ id: 'seg-staging', name: 'Staging users' }],
		campaigns: [{ id: STAGING_CAMPAIGN, name: 'Reward email (staging)', delivery: 'api_triggered', channels: ['email'] }],
		canvases: [{ id: STAGING_CANVAS, name: 'Reward journey (staging)', channels: ['email'] }],
	},
};

export async function startMessagingSandbox(options: Json = {}): Promise<any> {
	return await startBrazeSandbox({
		host: '127.0.0.1',
		port: 0,
		instance: 'US-01',
		keys: [
			{ key: PRODUCTION_KEY, workspace: 'production', instance: 'US-01', permissions: ['*'] },
			{ key: TEST_KEY, workspace: 'staging', instance: 'US-01', permissions: ['*'] },
			{ key: SEND_ONLY_KEY, workspace: 'production', instance: 'US-01', permissions: ['campaigns.trigger.send', 'canvas.trigger.send', 'messages.send'] },
		],
		dashboard: DASHBOARD,
		...options,
	});
}

/** The sandbox of a test file: started before its tests, reset before each (dashboard kept), stopped after. */
export function useMessagingSandbox(options: Json = {}): { readonly sb: any } {
	let started: any;
	beforeAll(async () => {
		started = await startMessagingSandbox(options);
	});
	afterAll(async () => await started?.stop());
	beforeEach(() => started?.reset());
	return {
		get sb() {
			if (!started) throw new Error('the sandbox is used before it started');
			return started;
		},
	};
}

/** Users Braze already has (written straight to the sandbox and processed); the requests are forgotten. */
export async function seedUsers(sb: any, attributes: Json[], key = PRODUCTION_KEY): Promise<void> {
	// Braze takes at most 75 attributes objects per request.
	for (let i = 0; i < attributes.length; i += 75) {
		const response = await fetch(`${sb.url}/users/track`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
			body: JSON.stringify({ attributes: attributes.slice(i, i + 75) }),
		});
		if (response.status !== 201) throw new Error(`seed: HTTP ${response.status} ${await response.text()}`);
		sb.settle();
	}
	sb.clearRequests();
}

/** Runs the compiled Braze node against the sandbox (credential: production and test keys, or `brazeApi` overrides). */
export async function runBraze(sb: any, parameters: Json, items: Json[], options: { continueOnFail?: boolean; brazeApi?: Json } = {}) {
	const result = await harness.runNode({
		type: 'braze',
		name: 'Braze',
		parameters,
		items,
		credentials: credentials(sb, options.brazeApi ?? {}),
		continueOnFail: options.continueOnFail,
	});
	return { ...result, json: result.items.map((i: Json) => i.json as Json) };
}

/** A picker value in ID mode. */
export const byId = (value: string): Json => ({ __rl: true, mode: 'id', value });

/** The sandbox's API requests to a path. */
export const requestsTo = (sb: any, path: string): Json[] => sb.requests().filter((r: Json) => r.path === path);

/** A user of a workspace by external ID, as the sandbox holds it. */
export const userById = (sb: any, externalId: string, workspace = 'production'): Json | undefined =>
	sb.users(workspace).find((u: Json) => u.external_id === externalId);

/** Fast retries so fault tests stay quick. */
export const FAST_OPTIONS = { initialRetryDelayMs: 5, maxAttempts: 3, maxRateLimitWaitSeconds: 5 };
