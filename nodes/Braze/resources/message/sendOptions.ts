import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalid } from '../../../shared/braze/errors';
import { param } from '../../helpers/parameters';
import type { SendRetry } from '../../transport/sends';

/**
 * The "Send Options" collection of the three send operations. Kept apart from the node's shared
 * Options (batching, retries, rate limits), which still apply: these are what only a send has.
 */

/** Longest wait for a user to show up in Braze before its message is sent. */
export const MAX_WAIT_FOR_USER_SECONDS = 300;

const SEND_ID: INodeProperties = {
	displayName: 'Send ID',
	name: 'sendId',
	type: 'string',
	default: '',
	placeholder: 'e.g. extole-reward-2026-11',
	description:
		'Groups the analytics of these sends under one send identifier, created beforehand for this campaign with Braze\'s Create Send IDs endpoint (at most 64 ASCII characters)',
};

const WAIT_FOR_USER: INodeProperties = {
	displayName: 'Wait Until the User Exists (Seconds)',
	name: 'waitForUserSeconds',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: MAX_WAIT_FOR_USER_SECONDS },
	default: 0,
	description:
		"Braze processes user writes after answering them, and sends nothing to a user it does not have yet (Braze: race conditions). Above 0, each recipient that the send cannot create is first looked up (an export by identifier, which needs the key's export permission) until Braze shows it, for at most this long; a user still missing is not sent to and its item says so. Recipients by external ID with Send to Existing Only off are not looked up: the send creates them. Read from the first item.",
};

const UNCERTAIN_SEND: INodeProperties = {
	displayName: 'Send Again After Uncertain Failures',
	name: 'uncertainSend',
	type: 'options',
	options: [
		{
			name: 'No, May Lose (At Most Once)',
			value: 'atMostOnce',
			description: 'Never send again: nobody gets a message twice, and one Braze may not have sent is missing (its item says "unknown")',
		},
		{
			name: 'Yes, May Send Twice (At Least Once)',
			value: 'atLeastOnce',
			description: 'Send again: no message is lost, and a user may get one twice (its item says "may be duplicated")',
		},
	],
	default: 'atLeastOnce',
	description:
		'When a request fails after it may have reached Braze (timeout, reset connection, 5xx), whether to send it again. Braze does not deduplicate sends. Read from the first item.',
};

export function sendOptionsField(fields: { sendId?: boolean; waitForUser?: boolean; extra?: INodeProperties[] }): INodeProperties {
	const options = [
		...(fields.extra ?? []),
		UNCERTAIN_SEND,
		...(fields.sendId ? [SEND_ID] : []),
		...(fields.waitForUser ? [WAIT_FOR_USER] : []),
	].sort((a, b) => a.displayName.localeCompare(b.displayName));
	return {
		displayName: 'Send Options',
		name: 'sendOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}

export function readSendOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return (param(ctx, 'sendOptions', itemIndex, {}) as IDataObject) ?? {};
}

/** At least once unless the first item's options say at most once. */
export function readSendRetry(ctx: IExecuteFunctions): SendRetry {
	return readSendOptions(ctx, 0).uncertainSend === 'atMostOnce' ? 'atMostOnce' : 'atLeastOnce';
}

export function readWaitSeconds(ctx: IExecuteFunctions): number {
	const seconds = Number(readSendOptions(ctx, 0).waitForUserSeconds ?? 0);
	return Number.isFinite(seconds) ? Math.min(MAX_WAIT_FOR_USER_SECONDS, Math.max(0, seconds)) : 0;
}

/** The item's send_id: ASCII, at most 64 characters (Braze docs: api/identifier_types, "Send identifier"). */
export function readSendId(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const raw = readSendOptions(ctx, itemIndex).sendId;
	const sendId = typeof raw === 'string' ? raw.trim() : raw === undefined || raw === null ? '' : String(raw);
	if (sendId === '') return undefined;
	if (!/^[\x20-\x7e]{1,64}$/.test(sendId)) throw invalid('sendOptions.sendId', 'must be at most 64 ASCII characters');
	return sendId;
}
