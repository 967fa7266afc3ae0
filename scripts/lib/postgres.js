// @ts-check
'use strict';
/**
 * A throwaway PostgreSQL server for n8n's queue mode: Debian's PostgreSQL (installed with apt-get
 * when missing), its data, socket and log in a temporary folder, listening on 127.0.0.1 only on a
 * free port, one database and one user with a random password. `stop()` shuts it down and deletes
 * the folder.
 *
 * initdb and postgres refuse to run as root: when this process is root they run as the `postgres`
 * user the Debian package creates (through `setpriv`, which execs in place, so the pid we hold is
 * the server's own and signals reach it directly).
 *
 * Durability is switched off (fsync, synchronous_commit, full_page_writes): the data is deleted
 * on stop anyway, and on a 2-core machine the writes n8n makes per execution are what it waits for.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { ensureDebianPackages, isExecutable } = require('./apt');
const { freePort, sleep } = require('./ports');
const { ServerProcess } = require('./server-process');

const DEBIAN_PACKAGE = 'postgresql-15';
const PG_ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder (Debian keeps each major under /usr/lib/postgresql/<major>/bin). */
function findBinDir() {
	/** @type {string[]} */
	let majors = [];
	try {
		majors = fs
			.readdirSync(PG_ROOT)
			.filter((d) => /^\d+$/.test(d) && isExecutable(path.join(PG_ROOT, d, 'bin', 'postgres')))
			.sort((a, b) => Number(b) - Number(a));
	} catch {
		/* not installed */
	}
	return majors.length ? path.join(PG_ROOT, majors[0], 'bin') : null;
}

/** @returns {{ uid: number, gid: number } | null} who runs the server, or null for this user */
function serverUser() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
	const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (r.status !== 0 || g.status !== 0)
		throw new Error('running as root but there is no `postgres` user to run PostgreSQL as (is the Debian package installed?)');
	return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/**
 * The command line that runs `bin` as the server user.
 * @param {{ uid: number, gid: number } | null} user @param {string} bin @param {string[]} args
 * @returns {[string, string[]]}
 */
function asServerUser(user, bin, args) {
	if (!user) return [bin, args];
	return ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', bin, ...args]];
}

/**
 * @typedef {object} Postgres
 * @property {string} host
 * @property {number} port
 * @property {string} database
 * @property {string} user
 * @property {string} password
 * @property {string} dir         the temporary folder (data, socket, log)
 * @property {string} version     e.g. "15.18"
 * @property {number} pid
 * @property {Record<string, string>} n8nEnv  n8n's DB_* settings for this database
 * @property {() => Promise<void>} stop
 * @property {() => void} killNow synchronous last resort (process 'exit' handlers)
 */

/**
 * Installs (if missing) and starts PostgreSQL.
 * @param {{ log?: (message: string) => void, pidFile?: string }} [options]
 * @returns {Promise<Postgres>}
 */
async function startPostgres({ log = () => undefined, pidFile } = {}) {
	await ensureDebianPackages({ what: 'PostgreSQL', packages: [DEBIAN_PACKAGE], isInstalled: () => findBinDir() !== null });
	const bin = /** @type {string} */ (findBinDir());
	const user = serverUser();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-postgres-'));
	const dataDir = path.join(dir, 'data');
	const password = crypto.randomBytes(18).toString('base64url');
	const pwFile = path.join(dir, 'pw');
	fs.writeFileSync(pwFile, password, { mode: 0o600 });
	if (user) {
		fs.chownSync(dir, user.uid, user.gid);
		fs.chownSync(pwFile, user.uid, user.gid);
	}
	/** @type {ServerProcess | undefined} */
	let server;
	const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
	try {
		const [initCmd, initArgs] = asServerUser(user, path.join(bin, 'initdb'), [
			'-D', dataDir, '-U', 'n8n', '--pwfile', pwFile, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync',
		]);
		const init = spawnSync(initCmd, initArgs, { encoding: 'utf8', cwd: dir });
		fs.rmSync(pwFile, { force: true });
		if (init.status !== 0) throw new Error(`initdb failed (exit ${init.status}): ${(init.stderr || init.stdout).slice(-2000)}`);

		const port = await freePort();
		const [cmd, args] = asServerUser(user, path.join(bin, 'postgres'), [
			'-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
			'-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
		]);
		server = new ServerProcess({ name: 'postgres', command: cmd, args, cwd: dir, logFile: path.join(dir, 'postgres.log'), pidFile });
		server.start();
		const printed = spawnSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout;
		const version = (/\(PostgreSQL\) (\S+)/.exec(printed) || [])[1] || '?';
		const env = { ...process.env, PGPASSWORD: password };
		const started = Date.now();
		for (;;) {
			const ready = spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'postgres'], { env });
			if (ready.status === 0) break;
			if (server.exitInfo) throw new Error(`postgres exited during start (${JSON.stringify(server.exitInfo)}):\n${server.logTail(30)}`);
			if (Date.now() - started > 60000) throw new Error(`postgres not ready after 60 s:\n${server.logTail(30)}`);
			await sleep(200);
		}
		const create = spawnSync(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n'], { env, encoding: 'utf8' });
		if (create.status !== 0) throw new Error(`createdb failed: ${create.stderr}`);
		const running = server;
		log(`PostgreSQL ${version} on 127.0.0.1:${port} (data in ${dir}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
		return {
			host: '127.0.0.1',
			port,
			database: 'n8n',
			user: 'n8n',
			password,
			dir,
			version,
			pid: running.pid,
			n8nEnv: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(port),
				DB_POSTGRESDB_DATABASE: 'n8n',
				DB_POSTGRESDB_USER: 'n8n',
				DB_POSTGRESDB_PASSWORD: password,
			},
			// SIGINT is PostgreSQL's "fast" shutdown: open sessions are ended, not waited for.
			stop: async () => {
				await running.stop({ signal: 'SIGINT', graceMs: 15000 });
				cleanup();
			},
			killNow: () => {
				running.killNow();
				cleanup();
			},
		};
	} catch (error) {
		if (server) await server.stop({ signal: 'SIGINT', graceMs: 10000 });
		cleanup();
		throw error;
	}
}

module.exports = { startPostgres, findBinDir };
