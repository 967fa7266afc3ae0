'use strict';
/**
 * Runs a Braze sandbox in its own process for the benchmark (so its memory is not measured).
 * An optional JSON argument overrides rate limits, e.g. '{"users.export.ids":{"limit":2500,"windowMs":60000}}'.
 */
const { startBrazeSandbox } = require('../sandbox/braze');

(async () => {
	const sb = await startBrazeSandbox({
		host: '127.0.0.1',
		port: 0,
		instance: 'US-01',
		keys: [{ key: 'bench-production-key', workspace: 'production', permissions: ['*'] }],
		maxLogEntries: 100000,
		rateLimits: process.argv[2] ? JSON.parse(process.argv[2]) : undefined,
	});
	process.send({ url: sb.url });
	process.on('message', async (message) => {
		if (message === 'stop') {
			await sb.stop();
			process.exit(0);
		}
	});
})();
