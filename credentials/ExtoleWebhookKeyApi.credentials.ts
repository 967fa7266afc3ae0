import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The key of an Extole WEBHOOK client key: the HS256 signing secret, the PASSWORD (Bearer)
 * key or the HTTP_BASIC key that Extole sends with each webhook request. The Extole Trigger
 * checks incoming requests against it; it is never sent anywhere. It is checked locally by the
 * node (`testedBy`), because Extole offers no endpoint that verifies a webhook key.
 */
export class ExtoleWebhookKeyApi implements ICredentialType {
	name = 'extoleWebhookKeyApi';

	displayName = 'Extole Webhook Key API';

	icon: Icon = { light: 'file:extole.svg', dark: 'file:extole.dark.svg' };

	 
	documentationUrl =
		'https://github.com/extole-braze/n8n-nodes-extole-braze#authentication-of-incoming-requests';

	properties: INodeProperties[] = [
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- `key` is the webhook secret (the field name the trigger reads)
		{
			displayName: 'Key',
			name: 'key',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The value of the WEBHOOK client key set in Extole (Security Center > Client Keys): the HS256 secret, the PASSWORD key or the HTTP_BASIC key',
		},
	];
}
