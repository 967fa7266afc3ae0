import type { BrazeResource } from '../types';
import { createAliasOperation } from './createAlias';
import { deleteOperation } from './delete';
import { exportByIdentifierOperation } from './exportByIdentifier';
import { identifyOperation } from './identify';
import { trackOperation } from './track';

export const userResource: BrazeResource = {
	value: 'user',
	name: 'User',
	operations: [
		trackOperation,
		exportByIdentifierOperation,
		createAliasOperation,
		identifyOperation,
		deleteOperation,
	],
};
