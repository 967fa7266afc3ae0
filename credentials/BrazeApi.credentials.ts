import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import type { BrazeEnvironment } from '../nodes/shared/braze/instances';
import { BRAZE_INSTANCES, CUSTOM_INSTANCE, SAME_INSTANCE, checkUrl, resolveBaseUrl } from '../nodes/shared/braze/instances';
import { keyOf } from '../nodes/shared/braze/keys';
import { BRAZE_PERMISSIONS, DEFAULT_CHECKED_PERMISSIONS } from '../nodes/shared/braze/permissions';

/** The option value is the REST base URL; the name shows the host, so users can match it. */
const INSTANCES: INodePropertyOptions[] = BRAZE_INSTANCES.map((i) => ({
	name: `${i.name} (${i.url.replace(/^https:\/\//, '')})`,
	value: i.url,
}));

/** Non-secret request marker set by the Braze node; `authenticate` consumes and removes it. */
const ENVIRONMENT_HEADER = 'x-braze-environment';

const PERMISSIONS_NOTICE =
	'Permissions the key needs, per operation (Braze: Settings > APIs and Identifiers > API Keys): ' +
	BRAZE_PERMISSIONS.map((p) => `${p.name} for ${p.neededBy}`).join('; ') +
	'.';

function isAbsolute(url: string): boolean {
	return /^https?:\/\//i.test(url);
}

export class BrazeApi implements ICredentialType {
	name = 'brazeApi';

	displayName = 'Braze API';

	icon = { light: 'file:braze.svg', dark: 'file:braze.dark.svg' } as const;

	documentationUrl =
		'https://github.com/extole-braze/n8n-nodes-extole-braze/blob/main/docs/braze-node.md#credential-braze-api';

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
				'Production REST API key, from Settings > APIs and Identifiers > API Keys in Braze. It needs the permissions of the operations you use (listed below).',
		},
		{
			displayName: PERMISSIONS_NOTICE,
			name: 'permissionsNotice',
			type: 'notice',
			default: '',
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
		{
			displayName: 'Permissions to Check',
			name: 'checkPermissions',
			type: 'multiOptions',
			options: BRAZE_PERMISSIONS.map((p) => ({ name: p.name, value: p.name, description: p.neededBy })),
			default: [...DEFAULT_CHECKED_PERMISSIONS],
			description:
				'What the credential test checks each key (production, and test when set) for, without writing to Braze. Pick the permissions of the operations your workflows use; users.track is what Braze\'s Extole integration asks for.',
		},
	];

	/**
	 * Injects `Authorization: Bearer <key>`. A request marked with the non-secret header
	 * `X-Braze-Environment: test` gets the test key; the marker is removed before sending.
	 * The key is only ever sent to the base URL configured for its environment; a request with
	 * a relative URL is sent there. (The credential test is the Braze node's `credentialTest`: it
	 * checks both keys, which one request through here cannot.)
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
		const key = keyOf(credentials, environment);
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
}
