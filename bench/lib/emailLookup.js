'use strict';
/**
 * Section "email lookup": Sync Extole Event on events that carry an email and no external_id
 * (the node looks each person up with /users/export/ids, then writes with /users/track), against
 * the naive client a hand-built integration is: per event, one export by email, then one track
 * (to the profile found, else to the alias-only user of the email), `inFlight` events at a time.
 * Half the people already have a Braze profile with that email (seeded and processed before the
 * runs), the other half are new; every person sends `perPerson` events.
 */
const http = require('http');
const harness = require('../../test/harness');
const { KEY, EXPORT_LIMIT_PER_MINUTE, reset, admin, requests: logged, credentials } = require('./sandbox');

/** Braze's /users/export/ids limit for workspaces onboarded on or after 22 Aug 2024 (Braze docs: api_limits). */
const NEW_EXPORT_LIMIT_PER_MINUTE = 250;
const { syncItems, syncParameters } = require('./workloads');

const LOOKUP_FIELDS = ['external_id', 'braze_id', 'user_aliases', 'email', 'created_at'];

async function seed(url, people) {
	await reset(url);
	const known = [];
	for (let p = 0; p < people; p += 2) known.push({ external_id: `known-${p}`, email: `bench-${p}@example.com` });
	const agent = new http.Agent({ keepAlive: true });
	for (let i = 0; i < known.length; i += 75) {
		await post(url, agent, '/users/track', { attributes: known.slice(i, i + 75) });
	}
	agent.destroy();
	await admin(url, '/_sandbox/settle', 'POST');
	await admin(url, '/_sandbox/requests', 'DELETE');
}

function post(url, agent, path, body) {
	return new Promise((resolve, reject) => {
		const request = http.request(
			`${url}${path}`,
			{ method: 'POST', agent, headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' } },
			(response) => {
				let text = '';
				response.on('data', (chunk) => (text += chunk));
				response.on('end', () =>
					response.statusCode >= 200 && response.statusCode < 300 ? resolve(JSON.parse(text)) : reject(new Error(`${path}: HTTP ${response.statusCode} ${text}`)),
				);
			},
		);
		request.on('error', reject);
		request.end(JSON.stringify(body));
	});
}

async function runNode(url, items, inFlight) {
	const result = await harness.runNode({ type: 'braze', parameters: syncParameters({ requestsInFlight: inFlight }), items, credentials: credentials(url) });
	if (result.error) throw new Error(`node run failed: ${result.error.message}`);
	const written = result.items.filter((i) => i.json.delivery === 'written').length;
	if (written !== items.length) throw new Error(`node: only ${written} of ${items.length} events written`);
}

/** Export by email, then one track per event, `inFlight` events at a time. */
async function runNaive(url, items, inFlight) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
	let next = 0;
	const one = async (e) => {
		const found = await post(url, agent, '/users/export/ids', { email_address: e.email, fields_to_export: LOOKUP_FIELDS });
		const user = (found.users ?? [])[0];
		const id = user?.external_id
			? { external_id: user.external_id }
			: { user_alias: { alias_name: e.email, alias_label: 'email' }, _update_existing_only: false };
		await post(url, agent, '/users/track', {
			attributes: [{ ...id, email: e.email, first_name: e.first_name, last_name: e.last_name, share_link: e.share_link, funnel: e.funnel }],
			events: [{ ...id, name: e.event_name, time: e.event_time, properties: e.data }],
		});
	};
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (next < items.length) await one(items[next++].json);
		}),
	);
	agent.destroy();
}

async function measure(url, events, people, run) {
	await seed(url, people);
	const items = syncItems(events, { emailOnly: true, distinctEmails: people });
	const started = process.hrtime.bigint();
	await run(url, items);
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const log = await logged(url);
	const count = (path) => log.filter((r) => r.path === path).length;
	return { ms, perSecond: (events / ms) * 1000, requests: log.length, exports: count('/users/export/ids'), tracks: count('/users/track') };
}

const n = (value) => value.toLocaleString('en-US');

/** @param {{ url: string, events?: number, perPerson?: number, inFlight?: number, log?: (line: string) => void }} options */
async function emailLookupRows({ url, events = 2000, perPerson = 2, inFlight = 4, log = () => undefined }) {
	const people = Math.ceil(events / perPerson);
	await runNode(url, syncItems(50, { emailOnly: true, prefix: 'warm' }), inFlight); // warm-up
	log(`email lookup: ${n(events)} email-only events of ${n(people)} people, node and naive client`);
	const node = await measure(url, events, people, (u, i) => runNode(u, i, inFlight));
	const naive = await measure(url, events, people, (u, i) => runNaive(u, i, inFlight));
	await reset(url);
	const what = `Sync, ${n(events)} email-only events of ${n(people)} people`;
	return [
		{
			section: 'email lookup',
			what: `${what}: requests per event`,
			ours: `node as shipped, ${inFlight} in flight`,
			value: node.requests / events,
			baseline: 'naive: export + track per event',
			baselineValue: naive.requests / events,
			unit: 'requests',
			target: null,
			met: null,
			note: `Sync Extole Event on events without external_id, half the people known to Braze; node: ${n(node.exports)} exports (one per person) + ${n(node.tracks)} tracks; naive: ${n(naive.exports)} + ${n(naive.tracks)}`,
		},
		{
			section: 'email lookup',
			what: `${what}: events/s`,
			ours: `node as shipped, ${inFlight} in flight`,
			value: node.perSecond,
			baseline: `naive client, ${inFlight} events at a time`,
			baselineValue: naive.perSecond,
			unit: 'events/s',
			target: null,
			met: null,
			note: `no added latency, /users/export/ids limited to ${n(EXPORT_LIMIT_PER_MINUTE)} a minute (workspaces onboarded before 22 Aug 2024); wall time ${n(Math.round(node.ms))} ms vs ${n(Math.round(naive.ms))} ms`,
		},
		{
			section: 'email lookup',
			what: `${what}: events/min at ${NEW_EXPORT_LIMIT_PER_MINUTE} exports/min (derived)`,
			ours: 'node as shipped',
			value: NEW_EXPORT_LIMIT_PER_MINUTE / (node.exports / events),
			baseline: 'naive client',
			baselineValue: NEW_EXPORT_LIMIT_PER_MINUTE / (naive.exports / events),
			unit: 'events/min',
			target: null,
			met: null,
			note: `newer workspaces get ${NEW_EXPORT_LIMIT_PER_MINUTE} /users/export/ids a minute: events/min = ${NEW_EXPORT_LIMIT_PER_MINUTE} / exports per event measured above; not run at that limit (the naive client would take ${n(Math.ceil(naive.exports / NEW_EXPORT_LIMIT_PER_MINUTE))} min)`,
		},
	];
}

module.exports = { emailLookupRows };
