import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ALL_EVENTS, getRewardState } from '../shared/extole/catalogue';
import type { Batch, BatchSettings } from './batch';
import {
	batchSettings,
	DEFAULT_MAX_EVENTS,
	DEFAULT_MAX_WAIT_SECONDS,
	isPendingElsewhere,
	joinBatch,
	pendingBatch,
	settleBatch,
	settleWithAnswer,
	waitUntilClosed,
	whenAnswered,
} from './batch';
import type { DedupSettings } from './dedup';
import { acceptOnce, dedupKey, dedupSettings, forget, holdCopy, saveRecent } from './dedup';
import type { ExtoleEvent } from './events';
import { isEventSelected, normaliseEvent } from './events';
import { verifyWithCachedKey } from './keyCache';
import { bodyFromQuery, queryOf } from './query';
import { getRegistration, REWARD_STATE_PARAMETER } from './registration';
import type { AuthenticationMode } from './verification';
import { missingHeader, verifyRequest } from './verification';

/**
 * One webhook request, from the raw bytes to the answer: authentication, body (POST: the JSON
 * body; GET: the query parameters), event, selection, deduplication. Rejected, ignored and
 * duplicate requests are answered here at once. An accepted event starts the workflow with its
 * item and n8n answers its request, with the node's JSON, once the execution has started. With
 * Batching, accepted events go through batch.ts: n8n answers the request that leads a batch, the
 * node the others with the same outcome.
 */

type Request = ReturnType<IWebhookFunctions['getRequestObject']>;

function respond(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status).json(body);
	return { noWebhookResponse: true };
}

function reject(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	ctx.logger.warn(`Extole Trigger: request rejected (${reason})`);
	return respond(ctx, 401, { error: 'unauthorized' });
}

/**
 * Checks the request against the key: the generated signing secret of a registered trigger, or
 * the webhook key credential. A request without the header the mode needs is turned away before
 * the credential is loaded. The signature covers the exact bytes of the body, which for a GET
 * is empty: there it proves the sender as a Bearer key does, not the query parameters.
 */
async function authenticate(
	ctx: IWebhookFunctions,
	req: Request,
	mode: AuthenticationMode,
	registerWebhook: boolean,
	bytes: Buffer,
): Promise<string | undefined> {
	if (mode === 'none') return undefined;
	const missing = missingHeader(mode, req.headers);
	if (missing && !missing.ok) return missing.reason;
	const verify = (key: string | undefined) => verifyRequest(mode, { rawBody: bytes, headers: req.headers }, key);
	if (registerWebhook) {
		const verification = verify(getRegistration(ctx.getWorkflowStaticData('node'))?.signingSecret);
		return verification.ok ? undefined : verification.reason;
	}
	const loadKey = async () => {
		const credentials = await ctx.getCredentials('extoleWebhookKeyApi');
		return typeof credentials.key === 'string' ? credentials.key : undefined;
	};
	const credentialId = ctx.getNode().credentials?.extoleWebhookKeyApi?.id;
	const verification = credentialId
		? await verifyWithCachedKey(`extoleWebhookKeyApi:${credentialId}`, loadKey, verify)
		: verify(await loadKey());
	return verification.ok ? undefined : verification.reason;
}

interface ReadBody {
	body?: IDataObject;
	/** What identifies the delivery's content for deduplication (body bytes, or the query). */
	content: Buffer;
	error?: string;
}

/** POST: the body must be a JSON object. GET: the query parameters, which must not be empty. */
function readBody(req: Request, isGet: boolean, rawBody: Buffer | undefined, query: string): ReadBody {
	if (isGet) {
		const body = bodyFromQuery(query, new Set([REWARD_STATE_PARAMETER]));
		const content = Buffer.from(query, 'utf8');
		if (Object.keys(body).length === 0) return { content, error: 'a GET delivery carries the event in query parameters' };
		return { body, content };
	}
	let body: unknown = req.body;
	if (rawBody !== undefined) {
		try {
			body = JSON.parse(rawBody.toString('utf8'));
		} catch {
			return { content: rawBody, error: 'body must be a JSON object' };
		}
	}
	const content = rawBody ?? Buffer.from(JSON.stringify(req.body ?? {}), 'utf8');
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return { content, error: 'body must be a JSON object' };
	return { body: body as IDataObject, content };
}

/**
 * The reward state this delivery came for: the node's Reward State (manual set-up), else the
 * `reward_state` of the URL (automatic registration gives each REWARD webhook its own).
 */
function rewardStateOf(ctx: IWebhookFunctions, registerWebhook: boolean, query: string): string | undefined {
	const configured = registerWebhook ? '' : (ctx.getNodeParameter('rewardState', '') as string);
	if (configured) return configured;
	const fromUrl = new URLSearchParams(query).get(REWARD_STATE_PARAMETER);
	return fromUrl && getRewardState(fromUrl) ? fromUrl.toUpperCase() : undefined;
}

/** What an accepted event's request answers, and what a batch's followers answer. */
function acceptedBody(item: ExtoleEvent): IDataObject {
	return { status: 'accepted', event: item.event, event_id: item.event_id };
}

const NOT_STARTED = { error: 'the workflow could not be started; send the event again' };

/**
 * Batching: the event joins the open batch. A follower answers once the batch's start is known;
 * the leader closes the batch, saves the batch's ids (with persistence on) and hands all items
 * to n8n, which answers its request after the start (see batch.ts).
 */
async function runInBatch(
	ctx: IWebhookFunctions,
	scope: string,
	item: ExtoleEvent,
	key: string | undefined,
	dedup: DedupSettings | undefined,
	settings: () => BatchSettings,
): Promise<IWebhookResponseData> {
	const { batch, leader } = joinBatch(scope, { item, key }, settings);
	if (!leader) {
		const started = await batch.outcome.promise;
		return started ? respond(ctx, 200, acceptedBody(item)) : respond(ctx, 503, NOT_STARTED);
	}
	await waitUntilClosed(batch);
	const giveBack = (k: string) => forget(scope, k);
	try {
		if (dedup?.persist) {
			saveRecent(scope, ctx.getWorkflowStaticData('node'), dedup, (k) => isPendingElsewhere(scope, k, batch));
		}
		settleWithAnswer(batch, ctx.getResponseObject(), giveBack);
	} catch (error) {
		settleBatch(batch, false, giveBack);
		throw new NodeOperationError(ctx.getNode(), error as Error);
	}
	return {
		workflowData: [ctx.helpers.returnJsonArray(batch.entries.map((e) => e.item))],
		webhookResponse: { ...acceptedBody(item), events: batch.entries.length },
	};
}

/** A copy of an event whose batch is not started yet answers as that batch does. */
async function answerDuplicate(ctx: IWebhookFunctions, batch: Batch | undefined, item: ExtoleEvent): Promise<IWebhookResponseData> {
	const duplicate = { status: 'duplicate', event_id: item.event_id };
	if (!batch) return respond(ctx, 200, duplicate);
	return (await batch.outcome.promise) ? respond(ctx, 200, duplicate) : respond(ctx, 503, NOT_STARTED);
}

/**
 * The body n8n left unread: for a node of version 2 and up, n8n parses only JSON, text, form and
 * XML bodies; any other content type reaches the node as an unread stream.
 */
async function readUnparsedBody(req: Request): Promise<Buffer | undefined> {
	if (!req.readable || req.readableEnded) return undefined;
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
	return Buffer.concat(chunks);
}

export async function handleWebhook(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = ctx.getRequestObject();
	const isGet = req.method === 'GET';
	const registerWebhook = ctx.getNodeParameter('registerWebhook', false) as boolean;

	// 1. Authentication, over the exact bytes received (a GET has no body).
	let rawBody: Buffer | undefined = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
	if (isGet && rawBody === undefined) rawBody = Buffer.alloc(0);
	if (rawBody === undefined) rawBody = await readUnparsedBody(req);
	const mode: AuthenticationMode = registerWebhook
		? 'signature'
		: (ctx.getNodeParameter('authentication', 'signature') as AuthenticationMode);
	if (mode === 'signature' && rawBody === undefined) return reject(ctx, 'raw body unavailable for signature check');
	const bytes = rawBody ?? Buffer.from(JSON.stringify(req.body ?? {}), 'utf8');
	const rejected = await authenticate(ctx, req, mode, registerWebhook, bytes);
	if (rejected) return reject(ctx, rejected);

	// 2. The body.
	const query = queryOf(req.originalUrl ?? req.url);
	const read = readBody(req, isGet, rawBody, query);
	if (!read.body) {
		ctx.logger.debug(`Extole Trigger: request refused (${read.error})`);
		return respond(ctx, 400, { error: read.error ?? 'body must be a JSON object' });
	}

	// 3. The event, and whether this workflow wants it.
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const item = normaliseEvent(read.body, {
		eventNameField: typeof options.eventNameField === 'string' ? options.eventNameField : '',
		rewardState: rewardStateOf(ctx, registerWebhook, query),
	});
	if (options.includeRaw === false) delete item.raw;
	const events = ctx.getNodeParameter('events', [ALL_EVENTS]) as string[];
	if (!isEventSelected(item.event, events)) {
		return respond(ctx, 200, { status: 'ignored', reason: 'event not selected', event: item.event });
	}

	// 4. Deduplicate (atomic check-and-mark in this process), then start: alone, or in a batch
	// (production URL only: n8n's test URL takes one request per listen).
	const settings = dedupSettings(options);
	const node = ctx.getNode();
	const scope = `${ctx.getWorkflow().id ?? ''}/${node.id ?? node.name}/${ctx.getMode()}`;
	const batching = ctx.getMode() !== 'manual' && (ctx.getNodeParameter('batching', false) as boolean);
	const key = settings ? dedupKey(item.event_id, read.content) : undefined;
	let release: (() => void) | undefined;
	if (settings) {
		const staticData = settings.persist ? ctx.getWorkflowStaticData('node') : undefined;
		if (!acceptOnce(scope, item.event_id, read.content, settings, staticData, Date.now(), !batching)) {
			return await answerDuplicate(ctx, batching && key ? pendingBatch(scope, key) : undefined, item);
		}
		// This request's copy of the static data takes the ids accepted until n8n saves it.
		if (staticData && !batching) release = holdCopy(scope, staticData);
	}
	if (batching) {
		// Read by the request that opens a batch only: the batch keeps them.
		const limits = () =>
			batchSettings(
				ctx.getNodeParameter('maxEventsPerExecution', DEFAULT_MAX_EVENTS),
				ctx.getNodeParameter('maxWaitSeconds', DEFAULT_MAX_WAIT_SECONDS),
			);
		return await runInBatch(ctx, scope, item, key, settings, limits);
	}

	// n8n answers this request itself, with acceptedBody, once the execution exists (2.x: after
	// WorkflowRunner.run; a failed start answers 500 and saves no static data): a 200 then means
	// the event was handed over, and Extole retries an event n8n could not start. That retry must
	// not be taken for a duplicate, so the event's id is given back in memory.
	if (key !== undefined) {
		whenAnswered(ctx.getResponseObject(), (started) => {
			release?.();
			if (!started) forget(scope, key);
		});
	}
	return { workflowData: [ctx.helpers.returnJsonArray([item])], webhookResponse: acceptedBody(item) };
}
