import type { BrazeResource } from '../types';
import { setGroupStatusOperation } from './setGroupStatus';

export const subscriptionResource: BrazeResource = {
	value: 'subscription',
	name: 'Subscription',
	operations: [setGroupStatusOperation],
};
