import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { normalizeEmail } from '../../../shared/braze/email';
import { invalid } from '../../../shared/braze/errors';
import { buildAlias } from '../../../shared/braze/identifiers';
import { normalizePhone } from '../../../shared/braze/phone';
import { checkString } from '../../../shared/braze/strings';
import { param } from '../../helpers/parameters';
import { MAX_IDS_PER_REQUEST } from '../../transport/batching';
import type { MergeIdentifier, MergeRequest } from '../../transport/identity';
import { mergeUsers } from '../../transport/identity';
import { PRIORITIZATIONS, readPrioritization } from '../message/recipient';
import type { BrazeOperation } from '../types';

/**
 * User › Merge: /users/merge (Braze docs: api/endpoints/user_data/post_users_merge; key
 * permission users.merge). The merged user's data goes to the kept user, then the merged user
 * is deleted. Braze merges later (202) and skips a merge whose users it cannot find.
 */

type Side = 'merge' | 'keep';

const KINDS = [
	{ name: 'External ID', value: 'external_id' },
	{ name: 'User Alias', value: 'user_alias' },
	{ name: 'Email', value: 'email', description: 'With a prioritization: Braze picks one profile of those with the address' },
	{ name: 'Phone', value: 'phone', description: 'E.164, with a prioritization' },
];

function sideFields(side: Side, title: string, description: string): INodeProperties[] {
	const type = `${side}IdentifierType`;
	const when = (kinds: string[]) => ({ show: { [type]: kinds } });
	const fields: INodeProperties[] = [
		{ displayName: `${title} By`, name: type, type: 'options', noDataExpression: true, options: KINDS, default: 'external_id', description },
		{ displayName: `${title}: External ID`, name: `${side}ExternalId`, type: 'string', required: true, default: '', displayOptions: when(['external_id']) },
		{ displayName: `${title}: Alias Name`, name: `${side}AliasName`, type: 'string', required: true, default: '', displayOptions: when(['user_alias']) },
		{ displayName: `${title}: Alias Label`, name: `${side}AliasLabel`, type: 'string', required: true, default: '', placeholder: 'e.g. email', displayOptions: when(['user_alias']) },
		{ displayName: `${title}: Email`, name: `${side}Email`, type: 'string', required: true, default: '', placeholder: 'e.g. name@example.com', displayOptions: when(['email']) },
		{ displayName: `${title}: Phone`, name: `${side}Phone`, type: 'string', required: true, default: '', placeholder: 'e.g. +14155552671', displayOptions: when(['phone']) },
		{
			displayName: `${title}: Prioritization`,
			name: `${side}Prioritization`,
			type: 'options',
			options: PRIORITIZATIONS,
			default: 'identified,most_recently_updated',
			description: 'Which profile Braze takes when several share the address; when the rule leaves more than one, or none, Braze does not merge',
			displayOptions: when(['email', 'phone']),
		},
	];
	// The user to merge is usually the anonymous duplicate of an identified user.
	if (side === 'merge') fields[fields.length - 1].default = 'unidentified,most_recently_updated';
	return fields;
}

const properties: INodeProperties[] = [
	{
		displayName: "Merges the first user into the second: Braze deletes the merged user after moving its data, and this cannot be undone. Agents are not offered this operation.",
		name: 'mergeNotice',
		type: 'notice',
		default: '',
	},
	...sideFields('merge', 'User to Merge', 'The user whose data moves to the kept user; Braze deletes it'),
	...sideFields('keep', 'User to Keep', 'The user that stays and receives the data'),
];

function readSide(ctx: IExecuteFunctions, itemIndex: number, side: Side): MergeIdentifier {
	const kind = param<string>(ctx, `${side}IdentifierType`, itemIndex, 'external_id');
	const get = (name: string) => param(ctx, `${side}${name}`, itemIndex, '') as unknown;
	const field = (name: string) => `identifier_to_${side}.${name}`;
	switch (kind) {
		case 'external_id':
			return { external_id: (checkString(get('ExternalId'), field('external_id'), true) as string).trim() };
		case 'user_alias':
			return { user_alias: buildAlias(get('AliasName'), get('AliasLabel'), `identifier_to_${side}.user_alias.`) };
		case 'email':
		case 'phone': {
			const prioritization = readPrioritization(get('Prioritization'), field('prioritization'));
			return kind === 'email'
				? { email: normalizeEmail(get('Email'), field('email')), prioritization }
				: { phone: normalizePhone(get('Phone'), field('phone')), prioritization };
		}
		default:
			throw invalid(`${side}IdentifierType`, `"${kind}" is not one of external_id, user_alias, email, phone`);
	}
}

export const mergeOperation: BrazeOperation<MergeRequest> = {
	value: 'merge',
	name: 'Merge',
	action: 'Merge two users',
	description: "Move one user's data into another user and delete the first (batched /users/merge; cannot be undone)",
	outputName: 'user.merge',
	properties,
	options: { batchSize: MAX_IDS_PER_REQUEST },
	prepare(ctx, itemIndex, environment) {
		const toMerge = readSide(ctx, itemIndex, 'merge');
		const toKeep = readSide(ctx, itemIndex, 'keep');
		if (JSON.stringify(toMerge) === JSON.stringify(toKeep)) throw invalid('identifier_to_keep', 'names the same user as the user to merge');
		return { itemIndex, environment, toMerge, toKeep };
	},
	send: async (_ctx, client, requests) => await mergeUsers(client, requests),
	// Braze answers 202 and merges asynchronously ("This endpoint is asynchronous", post_users_merge).
	describe: (request) => ({ identifier_to_merge: request.toMerge, identifier_to_keep: request.toKeep, queued: true }),
};
