import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

/**
 * Braze REST hosts, one per documented instance. The option value is the REST base URL so
 * the node never needs its own copy of this table.
 */
const INSTANCES: INodePropertyOptions[] = [
	{ name: 'US-01', value: 'https://rest.iad-01.braze.com' },
	{ name: 'US-02', value: 'https://rest.iad-02.braze.com' },
	{ name: 'US-03', value: 'https://rest.iad-03.braze.com' },
	{ name: 'US-04', value: 'https://rest.iad-04.braze.com' },
	{ name: 'US-05', value: 'https://rest.iad-05.braze.com' },
	{ name: 'US-06', value: 'https://rest.iad-06.braze.com' },
	{ name: 'US-07', value: 'https://rest.iad-07.braze.com' },
	{ name: 'US-08', value: 'https://rest.iad-08.braze.com' },
	{ name: 'US-10', value: 'https://rest.us-10.braze.com' },
	{ name: 'EU-01', value: 'https://rest.fra-01.braze.eu' },
	{ name: 'EU-02', value: 'https://rest.fra-02.braze.eu' },
	{ name: 'AU-01', value: 'https://rest.au-01.braze.com' },
	{ name: 'ID-01', value: 'https://rest.id-01.braze.com' },
	{ name: 'JP-01', value: 'https://rest.jp-01.braze.com' },
	{ name: 'KR-01', value: 'https://rest.kr-01.braze.com' },
];

/** Non-secret request marker set by the Braze node; `authenticate` consumes and removes it. */
const ENVIRONMENT_HEADER = 'x-braze-environment';

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]', '::1'];

const UNAUTHORIZED_HINT =
	'Braze rejected the REST API key (401). Usual causes: the key is wrong or was deleted; the key belongs to another Braze instance than the one selected (for example an EU-01 key sent to a US host: pick the instance shown in your dashboard URL); or the key was pasted with quotes or spaces.';

const FORBIDDEN_HINT =
	'Braze accepted the REST API key but refused the call (403). The key needs the "users.export.ids" permission for this test (Settings > APIs and Identifiers > API Keys); "Forbidden" instead of "Access Denied" means the plan or account does not allow it.';

function cleanKey(value: unknown): string {
	if (typeof value !== 'string') return '';
	// Braze keys never contain whitespace or quote characters: drop any that were pasted along.
	return value.replace(/[\s"'`\u2018\u2019\u201c\u201d]/g, '');
}

function configuredBaseUrl(
	credentials: ICredentialDataDecryptedObject,
	environment: 'production' | 'test',
): string {
	let instance = String(credentials.instance ?? '');
	let custom = String(credentials.customUrl ?? '');
	if (environment === 'test') {
		const testInstance = String(credentials.testInstance ?? 'same');
		if (testInstance !== 'same' && testInstance !== '') {
			instance = testInstance;
			custom = String(credentials.testCustomUrl ?? '');
		}
	}
	return instance === 'custom' ? custom.trim() : instance;
}

function assertSafeUrl(url: string, field: string): URL {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new UserError(`Braze API credential: "${field}" is not a valid URL`);
	}
	const loopback = LOOPBACK_HOSTS.includes(parsed.hostname);
	if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
		throw new UserError(
			`Braze API credential: "${field}" must use https (plain http is only allowed for 127.0.0.1, localhost and [::1])`,
		);
	}
	return parsed;
}

function targetUrl(requestOptions: IHttpRequestOptions): string {
	const url = requestOptions.url ?? '';
	if (/^https?:\/\//i.test(url) || !requestOptions.baseURL) return url;
	return requestOptions.baseURL.replace(/\/+$/, '') + '/' + url.replace(/^\/+/, '');
}

export class BrazeApi implements ICredentialType {
	name = 'brazeApi';

	displayName = 'Braze API';

	icon = { light: 'file:braze.svg', dark: 'file:braze.dark.svg' } as const;

	documentationUrl = 'https://www.braze.com/docs/api/basics/';

	properties: INodeProperties[] = [
		{
			displayName: 'Instance',
			name: 'instance',
			type: 'options',
			options: [...INSTANCES, { name: 'Custom URL', value: 'custom' }],
			default: 'https://rest.iad-01.braze.com',
			description:
				'The Braze instance of your workspace (shown in your dashboard URL and under Settings > APIs and Identifiers)',
		},
		{
			displayName: 'Custom URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			placeholder: 'https://rest.example.braze.com',
			description:
				'REST base URL. Must use https; plain http is only accepted for 127.0.0.1, localhost and [::1] (local sandbox).',
			displayOptions: { show: { instance: ['custom'] } },
		},
		{
			displayName: 'REST API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Production REST API key (Settings > APIs and Identifiers > API Keys) with the permissions of the operations you use',
		},
		{
			displayName: 'Test REST API Key',
			name: 'testApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional key of a separate staging workspace, used by items whose Environment is Test',
		},
		{
			displayName: 'Test Instance',
			name: 'testInstance',
			type: 'options',
			options: [
				{ name: 'Same as Production', value: 'same' },
				...INSTANCES,
				{ name: 'Custom URL', value: 'custom' },
			],
			default: 'same',
			description: 'Instance of the test workspace',
		},
		{
			displayName: 'Test Custom URL',
			name: 'testCustomUrl',
			type: 'string',
			default: '',
			placeholder: 'https://rest.example.braze.com',
			description:
				'REST base URL of the test workspace. Must use https except for loopback hosts.',
			displayOptions: { show: { testInstance: ['custom'] } },
		},
	];

	/**
	 * Injects `Authorization: Bearer <key>`. A request marked with the non-secret header
	 * `X-Braze-Environment: test` gets the test key; the marker is removed before sending.
	 * The key is only ever sent to the base URL configured for its environment.
	 */
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const headers: Record<string, unknown> = { ...(requestOptions.headers ?? {}) };
		let environment: 'production' | 'test' = 'production';
		for (const name of Object.keys(headers)) {
			if (name.toLowerCase() === ENVIRONMENT_HEADER) {
				if (String(headers[name]).toLowerCase() === 'test') environment = 'test';
				delete headers[name];
			}
		}
		const key = cleanKey(environment === 'test' ? credentials.testApiKey : credentials.apiKey);
		if (key === '') {
			throw new UserError(
				environment === 'test'
					? 'Braze API credential: no Test REST API key is set, so items with Environment "Test" cannot be sent'
					: 'Braze API credential: no REST API key is set',
			);
		}
		const baseField =
			environment === 'test' && String(credentials.testInstance ?? 'same') === 'custom'
				? 'Test Custom URL'
				: environment === 'production' && credentials.instance === 'custom'
					? 'Custom URL'
					: 'Instance';
		const base = assertSafeUrl(configuredBaseUrl(credentials, environment), baseField);
		const target = assertSafeUrl(targetUrl(requestOptions), 'request URL');
		if (target.origin !== base.origin) {
			throw new UserError(
				`Braze API credential: refusing to send the ${environment} key to ${target.origin}; it is configured for ${base.origin}`,
			);
		}
		headers.Authorization = `Bearer ${key}`;
		return { ...requestOptions, headers: headers as IHttpRequestOptions['headers'] };
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.instance === "custom" ? $credentials.customUrl.trim() : $credentials.instance }}',
			url: '/users/export/ids',
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: {
				external_ids: ['n8n-credential-test'],
				fields_to_export: ['external_id'],
			},
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: UNAUTHORIZED_HINT } },
			{ type: 'responseCode', properties: { value: 403, message: FORBIDDEN_HINT } },
		],
	};
}
