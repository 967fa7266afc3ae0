import type { BrazeResource } from '../types';
import { setGlobalSubscriptionStatusOperation } from './setGlobalSubscriptionStatus';

export const emailResource: BrazeResource = {
	value: 'email',
	name: 'Email',
	operations: [setGlobalSubscriptionStatusOperation],
};
