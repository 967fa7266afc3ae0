import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { extoleTriggerProperties } from './properties';
import { createRegistration, deleteRegistration, getRegistration, registrationExists } from './registration';
import { handleWebhook } from './webhook';

/**
 * Extole Trigger: starts a workflow for each verified, deduplicated Extole webhook event.
 * The parameters are in properties.ts, one request's handling in webhook.ts, registration in
 * Extole (publish/unpublish) in registration.ts.
 */
export class ExtoleTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Extole Trigger',
		name: 'extoleTrigger',
		icon: { light: 'file:extole.svg', dark: 'file:extole.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves as 1. n8n (2.x and 1.x) evaluates an expression for each request to a
		// version-1 webhook node (the legacy "binaryData" option of its Webhook node v1), which
		// in n8n 2.x costs an expression isolate per request; from version 2 on it does not.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description:
			'Starts the workflow when Extole sends a referral event (share, sign-up, conversion, reward ...), verified and deduplicated',
		defaults: { name: 'Extole Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'extoleWebhookKeyApi',
				required: true,
				testedBy: 'extoleWebhookKey',
				displayOptions: {
					show: { authentication: ['signature', 'bearer', 'basic'], registerWebhook: [false] },
				},
			},
			{
				name: 'extoleApi',
				required: true,
				displayOptions: { show: { registerWebhook: [true] } },
			},
		],
		// One URL for both methods an Extole webhook may use (n8n's own send-and-wait webhooks
		// declare GET and POST on one path the same way); webhook() tells them apart. An empty
		// responseData makes n8n answer an accepted event with the node's `webhookResponse`
		// instead of its default ("firstEntryJson" in 2.x).
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'extole',
			},
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				responseData: '',
				path: 'extole',
			},
		],
		properties: extoleTriggerProperties,
	};

	methods = {
		credentialTest: {
			async extoleWebhookKey(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
			): Promise<INodeCredentialTestResult> {
				const key = credential.data?.key;
				if (typeof key !== 'string' || key === '') {
					return { status: 'Error', message: 'The key is empty' };
				}
				if (key !== key.trim()) {
					return { status: 'Error', message: 'The key starts or ends with spaces' };
				}
				return {
					status: 'OK',
					message: 'Key set. Extole cannot check it from here: send a test event to verify it.',
				};
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (!(this.getNodeParameter('registerWebhook', false) as boolean)) return true;
				const events = this.getNodeParameter('events', []) as string[];
				return await registrationExists(this, events);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (!(this.getNodeParameter('registerWebhook', false) as boolean)) return true;
				const events = this.getNodeParameter('events', []) as string[];
				return await createRegistration(this, events);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				const registered = getRegistration(staticData) !== undefined;
				if (!registered && !(this.getNodeParameter('registerWebhook', false) as boolean)) return true;
				return await deleteRegistration(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook(this);
	}
}
