// @ts-check
'use strict';
/**
 * n8n's queue mode on one machine: PostgreSQL and Redis (throwaway, loopback, temp folders), the
 * main process (started by stack.js like any n8n, with the environment below), then workers that
 * run the executions and optional webhook processes that receive production webhooks. Every n8n
 * process shares the database, Redis and the encryption key, and has its own user folder, ports
 * and task-runner broker port.
 *
 * Topology: main (editor, REST, webhooks too) --Redis/Bull--> workers (executions)
 *           webhook process(es) (production webhooks only) --Redis/Bull--> workers
 */
const { startPostgres } = require('./postgres');
const { startRedis } = require('./redis');
const { N8nInstance } = require('./n8n-instance');

/**
 * @typedef {object} QueueServices
 * @property {import('./postgres').Postgres} postgres
 * @property {import('./redis').Redis} redis
 * @property {Record<string, string>} n8nEnv  what every n8n process of the setup adds to its environment
 * @property {() => Promise<void>} stop
 * @property {() => void} killNow
 */

/**
 * @param {{ log?: (message: string) => void }} [options]
 * @returns {Promise<QueueServices>}
 */
async function startQueueServices({ log = () => undefined } = {}) {
	const [pg, rd] = await Promise.allSettled([startPostgres({ log }), startRedis({ log })]);
	if (pg.status === 'rejected' || rd.status === 'rejected') {
		// One may have started: stop it before reporting the other's failure.
		if (pg.status === 'fulfilled') await pg.value.stop();
		if (rd.status === 'fulfilled') await rd.value.stop();
		throw pg.status === 'rejected' ? pg.reason : /** @type {PromiseRejectedResult} */ (rd).reason;
	}
	const postgres = pg.value;
	const redis = rd.value;
	return {
		postgres,
		redis,
		n8nEnv: {
			...postgres.n8nEnv,
			...redis.n8nEnv,
			EXECUTIONS_MODE: 'queue',
			// n8n 2.41's receiving processes (main, webhook) can keep executions that workers
			// finished in their list of active ones (seen: 4 of 40 on main, 2 of 40 on a webhook
			// process) and wait for them on SIGTERM until this timeout (n8n's default: 30 s). 10 s
			// lets n8n end itself well within stop()'s grace period instead of being killed.
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		},
		stop: async () => {
			await Promise.all([postgres.stop(), redis.stop()]);
		},
		killNow: () => {
			postgres.killNow();
			redis.killNow();
		},
	};
}

/**
 * @typedef {object} QueueProcesses
 * @property {N8nInstance[]} workers
 * @property {N8nInstance[]} webhooks  webhook processes
 * @property {() => Promise<void>} stop
 * @property {() => void} killNow
 */

/**
 * Starts workers and webhook processes next to a running main process, in parallel.
 * @param {object} o
 * @param {N8nInstance} o.main
 * @param {number} o.workers
 * @param {number} [o.webhooks]
 * @param {number} [o.concurrency]  jobs per worker (n8n's default is 10)
 * @param {Record<string, string>} o.n8nEnv  the QueueServices' n8nEnv (plus anything main got)
 * @param {(message: string) => void} [o.log]
 * @param {boolean} [o.echo]
 * @param {(processes: QueueProcesses) => void} [o.onCreated] receives them before they start (for signal handlers)
 * @returns {Promise<QueueProcesses>}
 */
async function startQueueProcesses(o) {
	const log = o.log || (() => undefined);
	/** @param {'worker' | 'webhook'} role */
	const make = (role) =>
		new N8nInstance({
			install: o.main.install,
			role,
			encryptionKey: o.main.encryptionKey,
			owner: o.main.owner,
			concurrency: o.concurrency,
			env: o.n8nEnv,
			echo: o.echo,
		});
	const workers = Array.from({ length: o.workers }, () => make('worker'));
	const webhooks = Array.from({ length: o.webhooks || 0 }, () => make('webhook'));
	const all = [...workers, ...webhooks];
	const processes = {
		workers,
		webhooks,
		stop: async () => {
			await Promise.all(all.map((p) => p.cleanup()));
		},
		killNow: () => all.forEach((p) => p.killNow()),
	};
	if (o.onCreated) o.onCreated(processes);
	try {
		const started = Date.now();
		for (const p of all) await p.prepare();
		await Promise.all(all.map((p) => p.start()));
		log(
			`${workers.length} worker(s) (health ${workers.map((w) => w.port).join(', ')})` +
				`${webhooks.length ? ` and ${webhooks.length} webhook process(es) (${webhooks.map((w) => w.url).join(', ')})` : ''}` +
				` ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);
		return processes;
	} catch (error) {
		await processes.stop();
		throw error;
	}
}

/**
 * Which worker ran each execution, from the workers' own log lines ("Worker started execution
 * <id> (job <n>)"): executionId -> indexes of the workers that logged it (one, normally).
 * @param {N8nInstance[]} workers
 * @returns {Map<string, number[]>}
 */
function executionsByWorker(workers) {
	/** @type {Map<string, number[]>} */
	const byExecution = new Map();
	workers.forEach((worker, index) => {
		for (const m of worker.log().matchAll(/Worker started execution (\d+)/g)) {
			const list = byExecution.get(m[1]) || [];
			list.push(index);
			byExecution.set(m[1], list);
		}
	});
	return byExecution;
}

module.exports = { startQueueServices, startQueueProcesses, executionsByWorker };
