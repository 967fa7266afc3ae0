/**
 * Where Braze lives: the REST host of each documented instance (Braze docs: api/basics, "API
 * and SDK endpoints") and the one rule that turns the credential's fields into the base URL of
 * an environment. The credential (authenticate and its test request) and the node's client both
 * resolve URLs here, so a key is only ever sent where this says.
 */

export type BrazeEnvironment = 'production' | 'test';

export interface BrazeInstance {
	name: string;
	/** REST base URL; also the credential's option value. */
	url: string;
}

export const BRAZE_INSTANCES: readonly BrazeInstance[] = [
	{ name: 'US-01', url: 'https://rest.iad-01.braze.com' },
	{ name: 'US-02', url: 'https://rest.iad-02.braze.com' },
	{ name: 'US-03', url: 'https://rest.iad-03.braze.com' },
	{ name: 'US-04', url: 'https://rest.iad-04.braze.com' },
	{ name: 'US-05', url: 'https://rest.iad-05.braze.com' },
	{ name: 'US-06', url: 'https://rest.iad-06.braze.com' },
	{ name: 'US-07', url: 'https://rest.iad-07.braze.com' },
	{ name: 'US-08', url: 'https://rest.iad-08.braze.com' },
	{ name: 'US-10', url: 'https://rest.us-10.braze.com' },
	{ name: 'EU-01', url: 'https://rest.fra-01.braze.eu' },
	{ name: 'EU-02', url: 'https://rest.fra-02.braze.eu' },
	{ name: 'AU-01', url: 'https://rest.au-01.braze.com' },
	{ name: 'ID-01', url: 'https://rest.id-01.braze.com' },
	{ name: 'JP-01', url: 'https://rest.jp-01.braze.com' },
	{ name: 'KR-01', url: 'https://rest.kr-01.braze.com' },
];

/** Instance field value meaning "the URL in the custom URL field". */
export const CUSTOM_INSTANCE = 'custom';
/** Test instance field value meaning "the production instance". */
export const SAME_INSTANCE = 'same';

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]', '::1'];

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/** A URL a key may be sent to: https, or plain http on a loopback host (a local sandbox). */
export function checkUrl(value: string, field: string): UrlCheck {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return { ok: false, message: `Braze API credential: "${field}" is not a valid URL` };
	}
	const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname);
	if (url.protocol !== 'https:' && !loopback) {
		return {
			ok: false,
			message: `Braze API credential: "${field}" must use https (plain http is only allowed for 127.0.0.1, localhost and [::1])`,
		};
	}
	return { ok: true, url };
}

export type BaseUrl = { ok: true; url: string; origin: string } | { ok: false; field: string; message: string };

/** The credential's non-secret fields this module reads. */
export interface InstanceFields {
	instance?: unknown;
	customUrl?: unknown;
	testInstance?: unknown;
	testCustomUrl?: unknown;
}

/**
 * The REST base URL (no trailing slash) the credential configures for an environment. Test
 * uses the test instance unless it is "Same as Production". Errors name the credential field.
 */
export function resolveBaseUrl(credentials: InstanceFields, environment: BrazeEnvironment): BaseUrl {
	const testInstance = String(credentials.testInstance ?? SAME_INSTANCE);
	const own = environment === 'test' && testInstance !== SAME_INSTANCE && testInstance !== '';
	const instance = own ? testInstance : String(credentials.instance ?? '');
	const custom = instance === CUSTOM_INSTANCE;
	const field = own ? (custom ? 'Test Custom URL' : 'Test Instance') : custom ? 'Custom URL' : 'Instance';
	const value = custom ? String((own ? credentials.testCustomUrl : credentials.customUrl) ?? '').trim() : instance;
	const checked = checkUrl(value, field);
	if (!checked.ok) return { ok: false, field, message: checked.message };
	return { ok: true, url: value.replace(/\/+$/, ''), origin: checked.url.origin };
}
