import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalid } from '../../../shared/braze/errors';
import type { OperationOptions } from '../../helpers/options';
import { param } from '../../helpers/parameters';
import { MAX_IDS_PER_REQUEST } from '../../transport/batching';
import type { SendRetry } from '../../transport/sends';

/**
 * The send operations' own entries of their one Options collection (`helpers/options.ts` adds
 * Batch Size and the entries every request has). What only a send has: whether a send that may
 * have reached Braze goes out again, waiting for a recipient Braze has not processed yet, the
 * send ID and, for Message › Send, Braze's delivery switches.
 */

/** Longest wait for a recipient to show up in Braze before its message is sent. */
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

/** `createsUsers`: the operation has Send to Existing Users Only (the trigger sends). */
function waitForRecipient(createsUsers: boolean): INodeProperties {
	return {
		displayName: 'Wait for Recipient (Seconds)',
		name: 'waitForUserSeconds',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_WAIT_FOR_USER_SECONDS },
		default: 0,
		description:
			"Braze processes user writes after answering them, and sends nothing to a user it does not have yet (Braze: race conditions). Above 0, each recipient is first looked up (an export by identifier: the key needs users.export.ids) until Braze shows it, for at most this long; a recipient still missing is not sent to and its item says so. 0: send at once." +
			(createsUsers ? ' Recipients by external ID with Send to Existing Users Only off are not looked up: the send creates them.' : '') +
			' Read from the first item.',
	};
}

/** Next to Max Attempts and the other request entries: what a retry means for a message. */
function deliveryGuarantee(noun: string): INodeProperties {
	return {
		displayName: 'Message Delivery Guarantee',
		name: 'uncertainSend',
		type: 'options',
		options: [
			{
				name: 'At Least Once (May Send Twice)',
				value: 'atLeastOnce',
				description: `Send it again (up to Max Attempts): no ${noun} is lost, and a user may get one twice (its item says "may be duplicated")`,
			},
			{
				name: 'At Most Once (May Lose)',
				value: 'atMostOnce',
				description: `Never send it again: nobody gets a ${noun} twice, and one Braze may not have sent is missing (its item says "unknown")`,
			},
		],
		default: 'atLeastOnce',
		description:
			'What happens to a send request that failed after it may have reached Braze (a timeout, a dropped connection, a 5xx): sent again or not. Braze does not deduplicate sends. Requests Braze never got (no connection, a 429) are always sent again. Read from the first item.',
	};
}

/** What Message › Send adds: Braze's delivery switches of /messages/send. */
export const MESSAGE_DELIVERY_ENTRIES: INodeProperties[] = [
	{
		displayName: 'Override Frequency Capping',
		name: 'overrideFrequencyCapping',
		type: 'boolean',
		default: false,
		description: "Whether to ignore the workspace's frequency capping for this message",
	},
	{
		displayName: 'Recipient Subscription State',
		name: 'recipientSubscriptionState',
		type: 'options',
		options: [
			{ name: 'Subscribed or Opted In', value: 'subscribed' },
			{ name: 'Opted In Only', value: 'opted_in' },
			{ name: 'All, Unsubscribed Too', value: 'all', description: 'For transactional messages only' },
		],
		default: 'subscribed',
		description: "Which users get the email, by their email subscription (Braze's default: subscribed or opted in)",
	},
];

/**
 * The Options of a send operation: its own entries, and Batch Size up to Braze's 50 recipients
 * per request. `noun` is what one send delivers (a message, a Canvas entry); `createsUsers`: the
 * operation has Send to Existing Users Only.
 */
export function sendOptions(fields: { noun: string; sendId: boolean; createsUsers: boolean; extra?: INodeProperties[] }): OperationOptions {
	return {
		own: [
			...(fields.extra ?? []),
			deliveryGuarantee(fields.noun),
			waitForRecipient(fields.createsUsers),
			...(fields.sendId ? [SEND_ID] : []),
		],
		batchSize: MAX_IDS_PER_REQUEST,
	};
}

/** The item's entries of the Options collection. */
export function readSendOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return (param(ctx, 'options', itemIndex, {}) as IDataObject) ?? {};
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
	if (!/^[\x20-\x7e]{1,64}$/.test(sendId)) throw invalid('options.sendId', 'must be at most 64 ASCII characters');
	return sendId;
}
