import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalid } from '../../shared/braze/errors';
import type { BrazeEnvironment } from '../../shared/braze/instances';
import { param } from './parameters';

/** Shared by every operation: which key/instance of the credential an item uses. */
export const environmentField: INodeProperties = {
	displayName: 'Environment',
	name: 'environment',
	type: 'options',
	options: [
		{
			name: 'Production',
			value: 'production',
			description: "Use the credential's REST API key and instance",
		},
		{
			name: 'Test',
			value: 'test',
			description: "Use the credential's Test REST API key and test instance",
		},
	],
	default: 'production',
	description:
		'Workspace to write to. Use an expression to choose per item, for example from the sandbox flag of an Extole event; it may return production or test, or true for Test and false for Production.',
};

/** The environment of one item; the field may be an expression returning a flag or a name. */
export function readEnvironment(ctx: IExecuteFunctions, itemIndex: number): BrazeEnvironment {
	const raw = String(param(ctx, 'environment', itemIndex, 'production') ?? 'production')
		.trim()
		.toLowerCase();
	if (raw === 'test' || raw === 'staging' || raw === 'true') return 'test';
	if (raw === 'production' || raw === '' || raw === 'false') return 'production';
	throw invalid('environment', `"${raw}" is neither "production" nor "test"`);
}
