import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Extole REST API access token, used by the Extole Trigger to register its webhook (and a
 * signing key) in Extole when the workflow is published. The token is only ever sent by
 * `authenticate`, as a Bearer header.
 */
export class ExtoleApi implements ICredentialType {
	name = 'extoleApi';

	displayName = 'Extole API';

	icon: Icon = { light: 'file:extole.svg', dark: 'file:extole.dark.svg' };

	 
	documentationUrl =
		'https://github.com/extole-braze/n8n-nodes-extole-braze#extole-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An Extole access token (My Extole > Security Center > Access Tokens) allowed to manage webhooks and client keys',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.extole.io',
			required: true,
			description: 'Base URL of the Extole REST API, without a trailing slash',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v4/tokens',
			method: 'GET',
		},
	};
}
