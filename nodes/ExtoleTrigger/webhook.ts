import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { ALL_EVENTS } from '../shared/extole/catalogue';
import { checkAndMark, dedupKey, DEFAULT_CAPACITY, DEFAULT_WINDOW_HOURS, loadFromStaticData, saveToStaticData } from './dedup';
import { isEventSelected, normaliseEvent } from './events';
import { getRegistration } from './registration';
import type { AuthenticationMode } from './verification';
import { verifyRequest } from './verification';

/**
 * One webhook request, from the raw bytes to the answer: authentication, body, event selection,
 * deduplication. Every answer is written here (n8n's `onReceived` default would send its own
 * text); an accepted event also starts the workflow with its item.
 */

function respond(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status).json(body);
	return { noWebhookResponse: true };
}

export async function handleWebhook(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = ctx.getRequestObject();
	const registerWebhook = ctx.getNodeParameter('registerWebhook', false) as boolean;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const staticData = ctx.getWorkflowStaticData('node');

	// 1. Authentication, over the exact bytes received.
	let mode: AuthenticationMode;
	let key: string | undefined;
	if (registerWebhook) {
		mode = 'signature';
		key = getRegistration(staticData)?.signingSecret;
	} else {
		mode = ctx.getNodeParameter('authentication', 'signature') as AuthenticationMode;
		if (mode !== 'none') {
			const credentials = await ctx.getCredentials('extoleWebhookKeyApi');
			key = typeof credentials.key === 'string' ? credentials.key : undefined;
		}
	}
	const rawBody: Buffer | undefined = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
	if (mode === 'signature' && rawBody === undefined) {
		ctx.logger.warn('Extole Trigger: request rejected, raw body unavailable for signature check');
		return respond(ctx, 401, { error: 'unauthorized' });
	}
	const bytes = rawBody ?? Buffer.from(JSON.stringify(req.body ?? {}), 'utf8');
	const verification = verifyRequest(mode, { rawBody: bytes, headers: req.headers }, key);
	if (!verification.ok) {
		ctx.logger.warn(`Extole Trigger: request rejected (${verification.reason})`);
		return respond(ctx, 401, { error: 'unauthorized' });
	}

	// 2. The body must be a JSON object.
	let body: unknown;
	if (rawBody !== undefined) {
		try {
			body = JSON.parse(rawBody.toString('utf8'));
		} catch (error) {
			ctx.logger.debug(`Extole Trigger: body is not JSON (${(error as Error).message})`);
			return respond(ctx, 400, { error: 'body must be a JSON object' });
		}
	} else {
		body = req.body;
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return respond(ctx, 400, { error: 'body must be a JSON object' });
	}

	// 3. Normalise and filter.
	const eventNameField = typeof options.eventNameField === 'string' ? options.eventNameField : '';
	const item = normaliseEvent(body as IDataObject, { eventNameField });
	const events = ctx.getNodeParameter('events', [ALL_EVENTS]) as string[];
	if (!isEventSelected(item.event, events)) {
		return respond(ctx, 200, { status: 'ignored', reason: 'event not selected', event: item.event });
	}

	// 4. Deduplicate (atomic check-and-mark in this process).
	if (options.deduplicate !== false) {
		const hours = typeof options.dedupWindowHours === 'number' ? options.dedupWindowHours : DEFAULT_WINDOW_HOURS;
		const capacity = typeof options.dedupCapacity === 'number' ? options.dedupCapacity : DEFAULT_CAPACITY;
		const settings = { windowMs: Math.max(0, hours) * 3600 * 1000, capacity };
		if (settings.windowMs > 0) {
			const node = ctx.getNode();
			const scope = `${ctx.getWorkflow().id ?? ''}/${node.id ?? node.name}/${ctx.getMode()}`;
			const persist = options.persistDedup !== false;
			if (persist) loadFromStaticData(scope, staticData, settings);
			const fresh = checkAndMark(scope, dedupKey(item.event_id, bytes), settings);
			if (!fresh) {
				return respond(ctx, 200, { status: 'duplicate', event_id: item.event_id });
			}
			if (persist) saveToStaticData(scope, staticData);
		}
	}

	// Extole only needs a 2xx; a JSON body keeps accepted, ignored and duplicate answers alike
	// for anyone reading logs.
	respond(ctx, 200, { status: 'accepted', event: item.event, event_id: item.event_id });
	return { workflowData: [ctx.helpers.returnJsonArray([item])], noWebhookResponse: true };
}
