import type { BrazeResource } from '../types';
import { syncExtoleEventOperation } from './syncExtoleEvent';

export { syncExtoleEventOperation } from './syncExtoleEvent';

/** Referral: the Extole pipeline operations of the Braze node. */
export const referralResource: BrazeResource = {
	value: 'referral',
	name: 'Referral',
	description: 'Extole referral events into Braze',
	operations: [syncExtoleEventOperation],
};
