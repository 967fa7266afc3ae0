// @ts-check
'use strict';
/**
 * What differs between the n8n lines this project runs against (1.123.x and 2.41.x), in one
 * place, so the rest of the scripts ask "how" rather than "which version".
 *
 * - Publishing offline: 2.x has `publish:workflow --id=<id>` / `unpublish:workflow`; 1.x sets
 *   the flag with `update:workflow --id=<id> --active=true|false`.
 * - The owner: 2.x reads it from N8N_INSTANCE_OWNER_MANAGED_BY_ENV + email, names and a bcrypt
 *   hash; 1.x ignores those and is claimed once through `POST /rest/owner/setup`.
 * - Task runners: on by default in 2.x (an internal runner process per n8n process, on its own
 *   broker port), off in 1.x unless N8N_RUNNERS_ENABLED=true.
 */

/**
 * @typedef {object} N8nLine
 * @property {number} major
 * @property {(workflowId: string) => string[]} publishArgs    CLI arguments that publish offline
 * @property {(workflowId: string) => string[]} unpublishArgs  CLI arguments that unpublish offline
 * @property {boolean} ownerFromEnv   the owner comes from N8N_INSTANCE_OWNER_* variables
 * @property {boolean} taskRunnersByDefault
 */

/**
 * @param {string} version e.g. "2.41.0"
 * @returns {N8nLine}
 */
function n8nLine(version) {
	const major = Number(String(version).split('.')[0]);
	if (!Number.isInteger(major) || major < 1) throw new Error(`not an n8n version: ${version}`);
	if (major >= 2)
		return {
			major,
			publishArgs: (id) => ['publish:workflow', `--id=${id}`],
			unpublishArgs: (id) => ['unpublish:workflow', `--id=${id}`],
			ownerFromEnv: true,
			taskRunnersByDefault: true,
		};
	return {
		major,
		publishArgs: (id) => ['update:workflow', `--id=${id}`, '--active=true'],
		unpublishArgs: (id) => ['update:workflow', `--id=${id}`, '--active=false'],
		ownerFromEnv: false,
		taskRunnersByDefault: false,
	};
}

module.exports = { n8nLine };
