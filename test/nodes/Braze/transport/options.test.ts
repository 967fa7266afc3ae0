/**
 * Transport options within Braze's limits, whatever the Options collection holds.
 */
import { DEFAULT_TRANSPORT_OPTIONS, transportOptions } from '../../../../nodes/Braze/transport/options';

describe('transportOptions', () => {
	it('clamps batch size to Braze\'s limits and attempts to at least one', () => {
		expect(transportOptions({ batchSize: 500, maxAttempts: 0 })).toMatchObject({ batchSize: 75, maxAttempts: 1, trackMaxObjectsPerRequest: 225 });
		expect(transportOptions({ trackMaxObjectsPerRequest: 1000, timeoutMs: 5 })).toMatchObject({ trackMaxObjectsPerRequest: 225, timeoutMs: 1000 });
	});

	it('takes the defaults for missing or unreadable values', () => {
		expect(transportOptions()).toEqual(DEFAULT_TRANSPORT_OPTIONS);
		expect(transportOptions({ maxAttempts: 'many', batchSize: '' })).toEqual(DEFAULT_TRANSPORT_OPTIONS);
	});
});
