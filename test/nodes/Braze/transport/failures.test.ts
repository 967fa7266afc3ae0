/**
 * The class of a failed attempt, from real failures over real sockets: only errors that prove the
 * request never reached Braze are "unsent"; anything that may come after the body went out is
 * "uncertain". The node sends through n8n's httpRequest helper (axios underneath), so axios'
 * errors are what it sees, wrapped once more by n8n (the delivery tests cover that path).
 */
import axios from 'axios';
import http from 'http';
import https from 'https';
import net from 'net';

import { FAILURE_RULES, statusClass, thrownClass } from '../../../../nodes/Braze/transport/failures';

const servers: net.Server[] = [];
afterAll(async () => {
	await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(server: net.Server): Promise<number> {
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as net.AddressInfo).port;
}

/** The error axios throws for a POST to `url`. */
async function failure(url: string, timeout = 2000): Promise<unknown> {
	try {
		await axios.post(url, { events: [{ name: 'e' }] }, { timeout, httpsAgent: new https.Agent({ rejectUnauthorized: true }) });
	} catch (error) {
		return error;
	}
	throw new Error(`${url} answered`);
}

describe('failures that prove the request never reached Braze: unsent', () => {
	it('connection refused', async () => {
		const port = await listen(net.createServer());
		servers.pop()?.close();
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(thrownClass(await failure(`http://127.0.0.1:${port}/users/track`))).toBe('unsent');
	});

	it('a host name that does not resolve', async () => {
		expect(thrownClass(await failure('https://rest.no-such-instance.invalid/users/track'))).toBe('unsent');
	});

	it('a TLS handshake that fails', async () => {
		const port = await listen(https.createServer({}, (_req, res) => res.end()));
		expect(thrownClass(await failure(`https://127.0.0.1:${port}/users/track`))).toBe('unsent');
	});

	it('a certificate refused (by its code, as Node reports it during the handshake)', () => {
		for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
			expect(thrownClass({ message: 'wrapped', cause: { code, message: 'certificate' } })).toBe('unsent');
		}
	});

	it('the rule: sent again, counted as an attempt, nothing applied', () => {
		expect(FAILURE_RULES.unsent).toEqual({ mayHaveApplied: false, countsAsAttempt: true, retry: 'always' });
	});
});

describe('failures after the body may have reached Braze: uncertain', () => {
	it('the connection reset once the request was read', async () => {
		const port = await listen(net.createServer((socket) => socket.once('data', () => socket.resetAndDestroy())));
		expect(thrownClass(await failure(`http://127.0.0.1:${port}/users/track`))).toBe('uncertain');
	});

	it('closed without an answer (socket hang up)', async () => {
		const port = await listen(net.createServer((socket) => socket.once('data', () => socket.destroy())));
		expect(thrownClass(await failure(`http://127.0.0.1:${port}/users/track`))).toBe('uncertain');
	});

	it('no answer before the timeout', async () => {
		const port = await listen(http.createServer(() => undefined));
		expect(thrownClass(await failure(`http://127.0.0.1:${port}/users/track`, 200))).toBe('uncertain');
	});

	it('an answer cut off in the middle', async () => {
		const port = await listen(
			net.createServer((socket) =>
				socket.once('data', () => {
					socket.write('HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"mess');
					setTimeout(() => socket.destroy(), 10);
				}),
			),
		);
		expect(thrownClass(await failure(`http://127.0.0.1:${port}/users/track`))).toBe('uncertain');
	});

	it('anything the node does not recognise', () => {
		expect(thrownClass(new Error('something else'))).toBe('uncertain');
		expect(thrownClass(undefined)).toBe('uncertain');
	});

	it('the rule: may have been applied; events and purchases follow the retry mode', () => {
		expect(FAILURE_RULES.uncertain).toEqual({ mayHaveApplied: true, countsAsAttempt: true, retry: 'byContent' });
	});
});

describe('HTTP answers', () => {
	it.each([
		[429, 'rateLimited'],
		[400, 'refused'],
		[401, 'refused'],
		[403, 'refused'],
		[404, 'refused'],
		[500, 'uncertain'],
		[502, 'uncertain'],
		[503, 'uncertain'],
		[504, 'uncertain'],
	])('%i is %s', (status, expected) => {
		expect(statusClass(status)).toBe(expected);
	});

	it('rules: a 429 waits for the window and is no attempt; another 4xx is never sent again', () => {
		expect(FAILURE_RULES.rateLimited).toEqual({ mayHaveApplied: false, countsAsAttempt: false, retry: 'afterReset' });
		expect(FAILURE_RULES.refused).toEqual({ mayHaveApplied: false, countsAsAttempt: true, retry: 'never' });
	});
});
