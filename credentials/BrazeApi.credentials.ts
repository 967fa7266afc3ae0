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

import type { BrazeEnvironment } from '../nodes/shared/braze/instances';
import { BRAZE_INSTANCES, CUSTOM_INSTANCE, SAME_INSTANCE, checkUrl, resolveBaseUrl } from '../nodes/shared/braze/instances';

/** The option value is the REST base URL, so nothing else needs its own copy of the table. */
const INSTANCES: INodePropertyOptions[] = BRAZE_INSTANCES.map((i) => ({ name: i.name, value: i.url }));

/** Non-secret request marker set by the Braze node; `authenticate` consumes and removes it. */
const ENVIRONMENT_HEADER = 'x-braze-environment';

const UNAUTHORIZED_HINT =
	'Braze rejected the REST API key (401). Usual causes: the key is wrong or was deleted; the key belongs to another Braze instance than the one selected (for example an EU-01 key sent to a US host: pick the instance shown in your dashboard URL); or the key was pasted with quotes or spaces.';

const FORBIDDEN_HINT =
	'Braze accepted the REST API key but refused the call (403). The key needs the "users.export.ids" permission for this test (Settings > APIs and Identifiers > API Keys); "Forbidden" instead of "Access Denied" means the plan or account does not allow it.';

function cleanKey(value: unknown): string {
	if (typeof value !== 'string') return '';
	// Braze keys never contain whitespace or quote characters: drop any that were pasted along.
	return value.replace(/[\s"'`\u2018\u2019\u201c\u201d]/g, '');
}

function isAbsolute(url: string): boolean {
	return /^https?:\/\//i.test(url);
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
			options: [...INSTANCES, { name: 'Custom URL', value: CUSTOM_INSTANCE }],
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
				{ name: 'Same as Production', value: SAME_INSTANCE },
				...INSTANCES,
				{ name: 'Custom URL', value: CUSTOM_INSTANCE },
			],
			default: SAME_INSTANCE,
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
	 * The key is only ever sent to the base URL configured for its environment; a request with
	 * a relative URL (the credential test) is sent there.
	 */
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const headers: Record<string, unknown> = { ...(requestOptions.headers ?? {}) };
		let environment: BrazeEnvironment = 'production';
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
		const base = resolveBaseUrl(credentials, environment);
		if (!base.ok) throw new UserError(base.message);
		const options: IHttpRequestOptions = { ...requestOptions };
		const url = options.url ?? '';
		if (!isAbsolute(url) && !options.baseURL) options.baseURL = base.url;
		const target = isAbsolute(url)
			? url
			: `${String(options.baseURL).replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
		const checked = checkUrl(target, 'request URL');
		if (!checked.ok) throw new UserError(checked.message);
		if (checked.url.origin !== base.origin) {
			throw new UserError(
				`Braze API credential: refusing to send the ${environment} key to ${checked.url.origin}; it is configured for ${base.origin}`,
			);
		}
		headers.Authorization = `Bearer ${key}`;
		return { ...options, headers: headers as IHttpRequestOptions['headers'] };
	};

	// No baseURL: authenticate sends the test to the instance the credential resolves to.
	test: ICredentialTestRequest = {
		request: {
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
