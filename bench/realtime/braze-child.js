'use strict';
/**
 * The Braze sandbox in a process of its own, so that its CPU is neither the benchmark driver's nor
 * n8n's and its request log can be read while n8n is under load. Sends `{ url }` once listening;
 * stops on the message 'stop' or when the parent goes away.
 */
const { startBrazeSandbox } = require('../../sandbox/braze');

(async () => {
	// The default keys (sandbox-production-key, ...) are the ones scripts/lib/credentials.js imports.
	const sb = await startBrazeSandbox({ host: '127.0.0.1', port: 0, instance: 'US-01', maxLogEntries: 200000 });
	const stop = async () => {
		await sb.stop();
		process.exit(0);
	};
	process.on('message', (message) => {
		if (message === 'stop') void stop();
	});
	process.on('disconnect', () => void stop());
	process.send({ url: sb.url, pid: process.pid });
})().catch((error) => {
	process.stderr.write(`Braze sandbox failed to start: ${error.stack || error}\n`);
	process.exit(1);
});
