'use strict';
/**
 * Section "429 storm": Braze > User > Track on `items` items while the Braze sandbox answers
 * bursts of 429 (fault injection, in front of Braze: an injected 429 writes nothing and carries
 * X-RateLimit-Remaining 0 with a reset one to two seconds ahead), against the same run without
 * the storm. A burst of `burst` 429s on /users/track starts every `everyMs` while the run lasts.
 * Afterwards the sandbox processes its queue and every item's user is read back: its custom
 * event counted once (written once), not at all (lost) or more (duplicated).
 */
const harness = require('../../test/harness');
const { reset, admin, requests: logged, credentials } = require('./sandbox');
const { trackItems, trackParameters } = require('./workloads');

/** The union of the waits the injected 429s asked for (answer time until reset), ms. */
function askedWaitMs(log) {
	const spans = log
		.filter((r) => r.status === 429)
		.map((r) => {
			const answered = Date.parse(r.time) + (r.durationMs ?? 0);
			// The sandbox's injected 429 resets at the next whole second plus one (sandbox/braze/api.js).
			return [answered, (Math.ceil(answered / 1000) + 1) * 1000];
		})
		.sort((a, b) => a[0] - b[0]);
	let total = 0;
	let end = -Infinity;
	for (const [from, to] of spans) {
		if (to <= end) continue;
		total += to - Math.max(from, end);
		end = to;
	}
	return total;
}

async function run(url, count, storm) {
	await reset(url);
	const items = trackItems(count);
	let timer;
	let bursts = 0;
	const addBurst = () => {
		bursts++;
		return admin(url, '/_sandbox/faults', 'POST', { status: 429, count: storm.burst, path: '/users/track' });
	};
	if (storm) {
		await addBurst();
		timer = setInterval(() => void addBurst().catch(() => undefined), storm.everyMs);
	}
	const started = process.hrtime.bigint();
	const result = await harness.runNode({ type: 'braze', parameters: trackParameters(), items, credentials: credentials(url) });
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	if (timer) clearInterval(timer);
	await admin(url, '/_sandbox/faults', 'DELETE');
	const log = await logged(url, '/users/track');
	await admin(url, '/_sandbox/settle', 'POST');
	const users = (await admin(url, '/_sandbox/users?workspace=production')).users;
	const counts = new Map(users.map((u) => [u.external_id, (u.custom_events.find((e) => e.name === 'bench_event') ?? { count: 0 }).count]));
	let once = 0;
	let lost = 0;
	let duplicated = 0;
	for (const { json } of items) {
		const c = counts.get(json.id) ?? 0;
		if (c === 1) once++;
		else if (c === 0) lost++;
		else duplicated++;
	}
	const failedItems = result.error ? count : result.items.filter((i) => i.json.success !== true).length;
	return {
		ms,
		once,
		lost,
		duplicated,
		failedItems,
		error: result.error?.message,
		requests: log.length,
		status429: log.filter((r) => r.status === 429).length,
		askedWaitMs: askedWaitMs(log),
		bursts,
	};
}

const n = (value) => value.toLocaleString('en-US');

/** @param {{ url: string, items?: number, burst?: number, everyMs?: number, log?: (line: string) => void }} options */
async function stormRows({ url, items = 10000, burst = 4, everyMs = 3000, log = () => undefined }) {
	log(`429 storm: ${n(items)} items without, then with, bursts of ${burst} 429s every ${everyMs} ms`);
	const calm = await run(url, items, null);
	const storm = await run(url, items, { burst, everyMs });
	await reset(url);
	const section = '429 storm';
	const what = `Track ${n(items)}, ${burst}x429 every ${everyMs / 1000} s`;
	const ours = 'node as shipped, in the storm';
	const baseline = 'the same run, no storm';
	const problem = storm.error ? ` The run failed: ${storm.error}` : storm.failedItems ? ` ${n(storm.failedItems)} items failed.` : '';
	return [
		{ section, what: `${what}: items written once`, ours, value: storm.once, baseline, baselineValue: calm.once, unit: 'items', target: `all ${n(items)}`, met: storm.once === items, note: problem.trim() || undefined },
		{ section, what: `${what}: items lost`, ours, value: storm.lost, baseline, baselineValue: calm.lost, unit: 'items', target: '0', met: storm.lost === 0 },
		{ section, what: `${what}: items duplicated`, ours, value: storm.duplicated, baseline, baselineValue: calm.duplicated, unit: 'items', target: '0', met: storm.duplicated === 0 },
		{
			section,
			what: `${what}: requests (429 answers)`,
			ours,
			value: storm.requests,
			baseline,
			baselineValue: calm.requests,
			unit: 'requests',
			target: null,
			met: null,
			note: `${n(storm.status429)} of the storm's requests were answered 429 (${storm.bursts} bursts injected); the calm run got ${n(calm.status429)}`,
		},
		{ section, what: `${what}: wall time`, ours, value: storm.ms / 1000, baseline, baselineValue: calm.ms / 1000, unit: 's', target: null, met: null },
		{
			section,
			what: `${what}: rate-limit wait`,
			ours: 'time the storm added (storm − calm wall time)',
			value: (storm.ms - calm.ms) / 1000,
			baseline: 'waits the 429s asked for (union of answer → reset)',
			baselineValue: storm.askedWaitMs / 1000,
			unit: 's',
			target: null,
			met: null,
			note: 'after a 429 no request on that key starts before its reset (+50 ms); the node goes on preparing items meanwhile, so the time added can be less than the waits',
		},
	];
}

module.exports = { stormRows };
