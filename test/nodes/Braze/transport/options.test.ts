/**
 * Transport options within Braze's limits, whatever the Options collection holds; times given in
 * seconds, or in milliseconds by workflows saved with the former entries.
 */
import { DEFAULT_TRANSPORT_OPTIONS, transportOptions } from '../../../../nodes/Braze/transport/options';

describe('transportOptions', () => {
	it('clamps batch size to Braze\'s limits and attempts to at least one', () => {
		expect(transportOptions({ batchSize: 500, maxAttempts: 0 })).toMatchObject({ batchSize: 75, maxAttempts: 1, trackMaxObjectsPerRequest: 225 });
		expect(transportOptions({ trackMaxObjectsPerRequest: 1000, timeoutSeconds: 0.005 })).toMatchObject({ trackMaxObjectsPerRequest: 225, timeoutMs: 1000 });
	});

	it('takes the defaults for missing or unreadable values', () => {
		expect(transportOptions()).toEqual(DEFAULT_TRANSPORT_OPTIONS);
		expect(transportOptions({ maxAttempts: 'many', batchSize: '' })).toEqual(DEFAULT_TRANSPORT_OPTIONS);
	});

	it('bounds Requests in Flight and reads the retry mode for uncertain failures', () => {
		expect(transportOptions({ requestsInFlight: 0 }).requestsInFlight).toBe(1);
		expect(transportOptions({ requestsInFlight: 500 }).requestsInFlight).toBe(16);
		expect(transportOptions({ uncertainRetry: 'atMostOnce' }).uncertainRetry).toBe('atMostOnce');
		expect(transportOptions({ uncertainRetry: 'sometimes' }).uncertainRetry).toBe('atLeastOnce');
	});

	it('defaults: at least once (as Extole redelivers), 4 requests in flight, 300 s of rate-limit waits in all', () => {
		expect(DEFAULT_TRANSPORT_OPTIONS).toMatchObject({ uncertainRetry: 'atLeastOnce', requestsInFlight: 4, maxRateLimitWaitSeconds: 300 });
	});

	it('reads Timeout and Initial Retry Delay in seconds', () => {
		expect(transportOptions({ timeoutSeconds: 45, initialRetryDelaySeconds: 0.25 })).toMatchObject({ timeoutMs: 45000, initialRetryDelayMs: 250 });
		expect(transportOptions({ timeoutSeconds: 1000, initialRetryDelaySeconds: 90 })).toMatchObject({ timeoutMs: 300000, initialRetryDelayMs: 60000 });
	});

	it('reads the former millisecond entries of a workflow saved with them, when the seconds entries are not set', () => {
		expect(transportOptions({ timeoutMs: 20000, initialRetryDelayMs: 250 })).toMatchObject({ timeoutMs: 20000, initialRetryDelayMs: 250 });
		expect(transportOptions({ timeoutMs: 20000, timeoutSeconds: '' })).toMatchObject({ timeoutMs: 20000 });
	});

	it('takes the seconds entries over the former ones once they are set', () => {
		expect(transportOptions({ timeoutMs: 20000, timeoutSeconds: 5, initialRetryDelayMs: 250, initialRetryDelaySeconds: 0 })).toMatchObject({
			timeoutMs: 5000,
			initialRetryDelayMs: 0,
		});
	});
});
