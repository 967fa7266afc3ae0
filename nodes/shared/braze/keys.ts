import type { BrazeEnvironment } from './instances';

/**
 * The REST API keys of the Braze API credential: which field holds the key of an environment,
 * what it is called in messages, and how a pasted key is cleaned. The credential's
 * `authenticate` and the credential test both read keys here, so they agree on both.
 */

/** The credential fields this module reads (the only place besides `authenticate`). */
export interface KeyFields {
	apiKey?: unknown;
	testApiKey?: unknown;
}

/** How messages name the key of an environment: the credential field's label. */
export const KEY_LABELS: Readonly<Record<BrazeEnvironment, string>> = {
	production: 'REST API Key',
	test: 'Test REST API Key',
};

/** Braze keys never contain whitespace or quote characters: drops any that were pasted along. */
export function cleanKey(value: unknown): string {
	if (typeof value !== 'string') return '';
	return value.replace(/[\s"'`\u2018\u2019\u201c\u201d]/g, '');
}

/** The cleaned key of an environment ('' when the field is empty). */
export function keyOf(credentials: KeyFields, environment: BrazeEnvironment): string {
	return cleanKey(environment === 'test' ? credentials.testApiKey : credentials.apiKey);
}
