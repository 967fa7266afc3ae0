import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	checkAndMark,
	dedupKey,
	DEFAULT_CAPACITY,
	DEFAULT_WINDOW_HOURS,
	loadFromStaticData,
	saveToStaticData,
} from './dedup';
import { ALL_EVENTS, EXTOLE_EVENTS, OTHER_EVENT } from '../shared/extole/catalogue';
import { isEventSelected, normaliseEvent } from './events';
import { createRegistration, deleteRegistration, getRegistration, registrationExists } from './registration';
import type { AuthenticationMode } from './verification';
import { verifyRequest } from './verification';

const eventOptions: INodePropertyOptions[] = [
	{ name: 'All Events', value: ALL_EVENTS, description: 'Any event Extole sends, known or not' },
	...EXTOLE_EVENTS.map((d) => ({ name: d.label, value: d.key, description: d.description })),
	{
		name: 'Other (Unrecognised Name)',
		value: OTHER_EVENT,
		description: 'Events whose name is not one of the above',
	},
];

function respond(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status).json(body);
	return { noWebhookResponse: true };
}

export class ExtoleTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Extole Trigger',
		name: 'extoleTrigger',
		icon: { light: 'file:extole.svg', dark: 'file:extole.dark.svg' },
		group: ['trigger'],
		version: 1,
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
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'extole',
			},
		],
		properties: [
			{
				displayName:
					'Set this webhook up in Extole (or turn on Register Webhook in Extole below): 1) Copy the Production URL shown above under Webhook URLs (https://your-n8n-host/webhook/{webhookId}/extole) and publish this workflow. 2) In My Extole > Security Center > Client Keys, add a WEBHOOK client key (HS256 for Signature, PASSWORD for Bearer, HTTP_BASIC for Basic) and put the same key in the credential below. 3) In My Extole > Tech Center > Outbound Webhooks, create a webhook with that URL, method POST and that key: type GENERIC for person events, REWARD for reward events. 4) Person events (share link, shared, sign-up, conversion, subscriptions) are only sent when an Extole campaign calls the GENERIC webhook: ask your Extole team to add it to the campaign.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registerWebhook: [false] } },
			},
			{
				displayName:
					'Publishing creates a signing key and the webhook(s) in Extole; unpublishing deletes them. Reward events flow at once. Person events (share link, shared, sign-up, conversion, subscriptions) also need an Extole campaign that calls the webhook: this node does not change campaigns; ask your Extole team to add the webhook to the campaign.',
				name: 'registerNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registerWebhook: [true] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [ALL_EVENTS],
				options: eventOptions,
				description:
					'The events that start the workflow. Other events are answered 200 (so Extole does not retry) and start nothing.',
			},
			{
				displayName: 'Register Webhook in Extole',
				name: 'registerWebhook',
				type: 'boolean',
				default: false,
				description:
					'Whether to create the webhook and an HS256 signing key in Extole with an Extole API access token when the workflow is published (and delete them when it is unpublished). Requests are then verified with the generated key.',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				default: 'signature',
				options: [
					{
						name: 'HMAC-SHA256 Signature (HS256)',
						value: 'signature',
						description: 'X-Extole-Signature header: hex HMAC-SHA256 of the raw body with the key',
					},
					{
						name: 'Bearer Key (PASSWORD)',
						value: 'bearer',
						description: 'Authorization: Bearer key',
					},
					{
						name: 'HTTP Basic (HTTP_BASIC)',
						value: 'basic',
						description: 'Authorization: Basic with the key, base64-encoded',
					},
					{
						name: 'None',
						value: 'none',
						description: 'Accept any request (anyone who knows the URL can start the workflow)',
					},
				],
				description: 'How incoming requests are checked; failures get 401 and start nothing',
				displayOptions: { show: { registerWebhook: [false] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Deduplicate',
						name: 'deduplicate',
						type: 'boolean',
						default: true,
						description:
							'Whether to drop repeats of an event (same event_id, or the same body when there is no event_id) within the window; repeats are answered 200',
					},
					{
						displayName: 'Deduplication Capacity',
						name: 'dedupCapacity',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_CAPACITY,
						description: 'Most event IDs remembered; the oldest are forgotten first',
					},
					{
						displayName: 'Deduplication Window (Hours)',
						name: 'dedupWindowHours',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 2 },
						default: DEFAULT_WINDOW_HOURS,
						description: 'How long an event ID is remembered',
					},
					{
						displayName: 'Event Name Field',
						name: 'eventNameField',
						type: 'string',
						default: '',
						placeholder: 'e.g. data.extole_event',
						description:
							'Dot path of the body field holding the event name, when your Extole data map uses another field than event_name, type, event or name',
					},
					{
						displayName: 'Remember IDs Across Restarts',
						name: 'persistDedup',
						type: 'boolean',
						default: true,
						description:
							'Whether to also save the most recent 1,000 event IDs in the workflow static data, so that a restart of n8n does not forget them',
					},
				],
			},
		],
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
		const req = this.getRequestObject();
		const registerWebhook = this.getNodeParameter('registerWebhook', false) as boolean;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const staticData = this.getWorkflowStaticData('node');

		// 1. Authentication, over the exact bytes received.
		let mode: AuthenticationMode;
		let key: string | undefined;
		if (registerWebhook) {
			mode = 'signature';
			key = getRegistration(staticData)?.signingSecret;
		} else {
			mode = this.getNodeParameter('authentication', 'signature') as AuthenticationMode;
			if (mode !== 'none') {
				const credentials = await this.getCredentials('extoleWebhookKeyApi');
				key = typeof credentials.key === 'string' ? credentials.key : undefined;
			}
		}
		const rawBody: Buffer | undefined = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
		if (mode === 'signature' && rawBody === undefined) {
			this.logger.warn('Extole Trigger: request rejected, raw body unavailable for signature check');
			return respond(this, 401, { error: 'unauthorized' });
		}
		const bytes = rawBody ?? Buffer.from(JSON.stringify(req.body ?? {}), 'utf8');
		const verification = verifyRequest(mode, { rawBody: bytes, headers: req.headers }, key);
		if (!verification.ok) {
			this.logger.warn(`Extole Trigger: request rejected (${verification.reason})`);
			return respond(this, 401, { error: 'unauthorized' });
		}

		// 2. The body must be a JSON object.
		let body: unknown;
		if (rawBody !== undefined) {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch (error) {
				this.logger.debug(`Extole Trigger: body is not JSON (${(error as Error).message})`);
				return respond(this, 400, { error: 'body must be a JSON object' });
			}
		} else {
			body = req.body;
		}
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			return respond(this, 400, { error: 'body must be a JSON object' });
		}

		// 3. Normalise and filter.
		const eventNameField = typeof options.eventNameField === 'string' ? options.eventNameField : '';
		const item = normaliseEvent(body as IDataObject, { eventNameField });
		const events = this.getNodeParameter('events', [ALL_EVENTS]) as string[];
		if (!isEventSelected(item.event, events)) {
			return respond(this, 200, { status: 'ignored', reason: 'event not selected', event: item.event });
		}

		// 4. Deduplicate (atomic check-and-mark in this process).
		if (options.deduplicate !== false) {
			const hours = typeof options.dedupWindowHours === 'number' ? options.dedupWindowHours : DEFAULT_WINDOW_HOURS;
			const capacity = typeof options.dedupCapacity === 'number' ? options.dedupCapacity : DEFAULT_CAPACITY;
			const settings = { windowMs: Math.max(0, hours) * 3600 * 1000, capacity };
			if (settings.windowMs > 0) {
				const node = this.getNode();
				const scope = `${this.getWorkflow().id ?? ''}/${node.id ?? node.name}/${this.getMode()}`;
				const persist = options.persistDedup !== false;
				if (persist) loadFromStaticData(scope, staticData, settings);
				const fresh = checkAndMark(scope, dedupKey(item.event_id, bytes), settings);
				if (!fresh) {
					return respond(this, 200, { status: 'duplicate', event_id: item.event_id });
				}
				if (persist) saveToStaticData(scope, staticData);
			}
		}

		// Answered here rather than by n8n: with `onReceived`, n8n would send its default
		// `responseData` (the literal text "firstEntryJson" in 2.41). Extole only needs a 2xx; a
		// JSON body keeps accepted, ignored and duplicate answers alike for anyone reading logs.
		respond(this, 200, { status: 'accepted', event: item.event, event_id: item.event_id });
		return { workflowData: [this.helpers.returnJsonArray([item])], noWebhookResponse: true };
	}
}
