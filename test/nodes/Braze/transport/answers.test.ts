/**
 * What Braze's answers mean (Braze docs: api/errors), and no key in any message.
 */
import { httpFailure, parseBody, rateLimitBudgetFailure, readRateLimit, redact, thrownFailure } from '../../../../nodes/Braze/transport/answers';

describe('answers', () => {
	it('redacts bearer tokens', () => {
		expect(redact('header Authorization: Bearer abc-123, more')).toBe('header Authorization: Bearer [redacted], more');
	});

	it('reads JSON bodies, and keeps a non-JSON body (an HTML 502) as its message', () => {
		expect(parseBody('{"message":"success"}')).toEqual({ message: 'success' });
		expect(parseBody('<html>bad gateway</html>')).toEqual({ message: '<html>bad gateway</html>' });
		expect(parseBody(undefined)).toEqual({});
	});

	it('reads rate-limit headers in any case', () => {
		expect(readRateLimit({ 'X-RateLimit-Limit': '3', 'x-ratelimit-remaining': ['0'], 'x-ratelimit-reset': '1767225600' })).toEqual({
			limit: 3,
			remaining: 0,
			reset: 1767225600,
		});
	});

	it('names the usual causes of a 401 and the missing permission of a 403', () => {
		expect(httpFailure(401, { message: 'Invalid API key: Bearer k-1' }, 'test', '/users/track')).toMatchObject({
			kind: 'http',
			httpCode: 401,
			brazeError: 'Invalid API key: Bearer [redacted]',
		});
		expect(httpFailure(401, {}, 'test', '/users/track').message).toMatch(/^Braze rejected the test REST API key \(401\)\. Usual causes: .*another Braze instance/);
		expect(httpFailure(403, { message: 'Access Denied' }, 'production', '/users/export/ids').message).toMatch(/lacks the permission for this endpoint/);
		expect(httpFailure(403, { message: 'Forbidden' }, 'production', '/users/delete').message).toMatch(/plan or account does not allow/);
	});

	it('tells 429, 5xx and other 4xx apart and keeps Braze\'s errors', () => {
		expect(httpFailure(429, {}, 'production', '/users/track')).toMatchObject({ kind: 'rateLimit', httpCode: 429 });
		expect(httpFailure(503, {}, 'production', '/users/track').message).toBe('Braze failed on /users/track with HTTP 503.');
		expect(httpFailure(400, { message: 'Max Input Length Exceeded.', errors: [{ type: 't' }] }, 'production', '/users/track').message).toBe(
			'Braze rejected /users/track with HTTP 400: Max Input Length Exceeded. Braze errors: [{"type":"t"}]',
		);
	});

	it('tells a network error from the credential refusing to send', () => {
		expect(thrownFailure({ message: 'x', cause: { code: 'ECONNRESET', message: 'socket hang up' } }, '/users/track')).toMatchObject({
			kind: 'network',
			message: 'Network error calling Braze /users/track (ECONNRESET): socket hang up',
		});
		expect(thrownFailure(new Error('Braze API credential: no REST API key is set'), '/users/track')).toMatchObject({ kind: 'configuration' });
	});

	it('says a request held back by the rate-limit budget was not sent, and how to get it through', () => {
		const last = httpFailure(429, { message: 'Rate Limited' }, 'production', '/users/track');
		const error = rateLimitBudgetFailure('/users/track', 60, last);
		expect(error).toMatchObject({ kind: 'rateLimit', httpCode: 429 });
		expect(error.message).toMatch(/^Braze rate limit on \/users\/track: waiting for the next window would take this execution beyond Max Rate-Limit Wait \(60 s in all\), so the request was not sent again/);
		expect(error.message).toMatch(/Raise Max Rate-Limit Wait or spread the items/);
		expect(rateLimitBudgetFailure('/users/track', 60).httpCode).toBeUndefined();
	});
});
