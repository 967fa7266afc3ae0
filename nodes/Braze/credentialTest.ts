import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import type { BrazeEnvironment } from '../shared/braze/instances';
import { resolveBaseUrl } from '../shared/braze/instances';
import { KEY_LABELS, keyOf } from '../shared/braze/keys';
import type { BrazePermission } from '../shared/braze/permissions';
import { BRAZE_PERMISSIONS, DEFAULT_CHECKED_PERMISSIONS, findPermission } from '../shared/braze/permissions';

/**
 * The Braze API credential's test (the node's `credentialTest`, named by `testedBy`): n8n's
 * declarative test sends one request with one key, and this checks each key the credential
 * holds, on its own instance, for the permissions the credential's "Permissions to Check"
 * field names, without writing anything (see `permissions.ts`). The message names the key
 * that failed and why; it never contains a key.
 */

const PROBE_TIMEOUT_MS = 15000;

const UNAUTHORIZED_CAUSES =
	'Usual causes: the key is wrong or was deleted; it belongs to another Braze instance than the one selected (for example an EU-01 key sent to a US host: pick the instance shown in your dashboard URL); or it was pasted with quotes or spaces.';

type ProbeAnswer = { statusCode: number; message: string } | { networkError: string };

/** Braze's `message` of an answer, short enough for a notice. */
function brazeMessage(body: unknown): string {
	if (body && typeof body === 'object' && typeof (body as IDataObject).message === 'string') {
		return String((body as IDataObject).message).slice(0, 120);
	}
	return '';
}

async function probe(
	ctx: ICredentialTestFunctions,
	baseUrl: string,
	key: string,
	permission: BrazePermission,
): Promise<ProbeAnswer> {
	const { probe } = permission;
	const query = probe.method === 'GET' && probe.query ? `?${new URLSearchParams(probe.query).toString()}` : '';
	try {
		const response = (await ctx.helpers.request({
			method: probe.method,
			uri: `${baseUrl}${probe.path}${query}`,
			headers: { Authorization: `Bearer ${key}` },
			...(probe.method === 'POST' ? { body: probe.body } : {}),
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: PROBE_TIMEOUT_MS,
		})) as { statusCode: number; body: unknown };
		return { statusCode: response.statusCode, message: brazeMessage(response.body) };
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		return { networkError: typeof code === 'string' ? code : (error as Error).message };
	}
}

/** Why one key fails the test, or undefined when it holds every permission checked. */
async function checkKey(
	ctx: ICredentialTestFunctions,
	data: ICredentialDataDecryptedObject,
	environment: BrazeEnvironment,
	permissions: BrazePermission[],
): Promise<string | undefined> {
	const label = KEY_LABELS[environment];
	const base = resolveBaseUrl(data, environment);
	if (!base.ok) return `${label}: ${base.message}.`;
	const key = keyOf(data, environment);
	const lacking: string[] = [];
	const refused: string[] = [];
	for (const permission of permissions) {
		const answer = await probe(ctx, base.url, key, permission);
		if ('networkError' in answer) return `${label}: could not reach ${base.origin} (${answer.networkError}).`;
		const { statusCode, message } = answer;
		if (statusCode === 401) return `${label}: Braze rejected the key on ${base.origin} (401). ${UNAUTHORIZED_CAUSES}`;
		if (statusCode === 403) {
			// Braze: "Access Denied" = the key lacks the permission; "Forbidden" = plan or account.
			(/forbidden/i.test(message) ? refused : lacking).push(permission.name);
		} else if (statusCode === 429 || statusCode >= 500) {
			return `${label}: Braze could not answer the test on ${base.origin} (${statusCode}${message ? `: ${message}` : ''}); try again in a moment.`;
		} else if (statusCode !== 400 && (statusCode < 200 || statusCode > 299)) {
			return `${label}: ${base.origin}${permission.probe.path} answered ${statusCode}${message ? ` (${message})` : ''}; check the instance or custom URL.`;
		}
	}
	const problems: string[] = [];
	if (lacking.length) {
		const needs = lacking.map((name) => `${name} (${findPermission(name)?.neededBy})`).join(', ');
		problems.push(`the key is valid but lacks ${needs}: add it to the key in Braze (Settings > APIs and Identifiers > API Keys)`);
	}
	if (refused.length) {
		problems.push(`Braze refused ${refused.join(', ')} with "Forbidden": the plan or account does not allow it`);
	}
	return problems.length ? `${label}: ${problems.join('; ')}.` : undefined;
}

/** The permissions chosen in the credential, in catalogue order (the default when none). */
function chosenPermissions(data: ICredentialDataDecryptedObject): BrazePermission[] {
	const chosen = Array.isArray(data.checkPermissions) ? data.checkPermissions.map(String) : [];
	const names = chosen.length ? chosen : DEFAULT_CHECKED_PERMISSIONS;
	return BRAZE_PERMISSIONS.filter((permission) => names.includes(permission.name));
}

export async function testBrazeApiCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	if (keyOf(data, 'production') === '') {
		return { status: 'Error', message: `${KEY_LABELS.production}: it is empty.` };
	}
	const environments: BrazeEnvironment[] = keyOf(data, 'test') === '' ? ['production'] : ['production', 'test'];
	const permissions = chosenPermissions(data);
	const failures: string[] = [];
	for (const environment of environments) {
		const failure = await checkKey(this, data, environment, permissions);
		if (failure) failures.push(failure);
	}
	if (failures.length) return { status: 'Error', message: failures.join(' ') };
	const keys = environments.map((environment) => KEY_LABELS[environment]).join(' and ');
	return {
		status: 'OK',
		message: `${keys}: accepted, with ${permissions.map((p) => p.name).join(', ')}`,
	};
}
