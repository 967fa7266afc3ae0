import type { VerificationResult } from './verification';

/**
 * The webhook key of a credential, kept in this process's memory so that a request does not pay
 * for a credential load (a database read, a decryption, n8n's defaults and overwrites) each time.
 *
 * - A key is used for at most KEY_MAX_AGE_MS after it was loaded; the next request after that
 *   loads it again. A key replaced in the credential therefore stops being accepted within that
 *   time.
 * - A request the cached key does not verify (wrong signature or key) loads the credential again,
 *   but only when the cached key is older than KEY_RECHECK_MS: a new key works within that time
 *   of the first request signed with it, and a flood of forged requests causes at most one load
 *   per KEY_RECHECK_MS per credential (one load is shared by all requests waiting for it).
 * - A request without the header its mode needs never gets here (see missingHeader), and a
 *   malformed header is rejected without a reload: no key could make it valid.
 * - A load that fails is not cached: the request fails as it did without the cache.
 * Entries are per credential id, so two workflows with one credential share one entry.
 */

export const KEY_MAX_AGE_MS = 30_000;
export const KEY_RECHECK_MS = 2_000;

interface CachedKey {
	key: string | undefined;
	loadedAt: number;
}

export type KeyLoader = () => Promise<string | undefined>;

const keys = new Map<string, CachedKey>();
const loading = new Map<string, Promise<CachedKey>>();

/** Results a fresher key could turn into a pass. */
const RETRYABLE = new Set(['signature mismatch', 'wrong key', 'no key configured']);

async function reload(id: string, loader: KeyLoader): Promise<CachedKey> {
	const pending = loading.get(id);
	if (pending) return await pending;
	const load = (async () => {
		try {
			const entry = { key: await loader(), loadedAt: Date.now() };
			keys.set(id, entry);
			return entry;
		} finally {
			loading.delete(id);
		}
	})();
	loading.set(id, load);
	return await load;
}

/**
 * Verifies a request with the key of credential `id`, from memory when it is fresh enough.
 * `verify` checks the request against a key; `loader` loads the key from the credential.
 */
export async function verifyWithCachedKey(
	id: string,
	loader: KeyLoader,
	verify: (key: string | undefined) => VerificationResult,
): Promise<VerificationResult> {
	let entry = keys.get(id);
	if (!entry || Date.now() - entry.loadedAt >= KEY_MAX_AGE_MS) entry = await reload(id, loader);
	const result = verify(entry.key);
	if (result.ok || !RETRYABLE.has(result.reason) || Date.now() - entry.loadedAt < KEY_RECHECK_MS) return result;
	const fresh = await reload(id, loader);
	return fresh.key === entry.key ? result : verify(fresh.key);
}

/** Forgets every cached key (tests: a fresh process). */
export function resetKeyCache(): void {
	keys.clear();
	loading.clear();
}
