/**
 * Which Braze environment an Extole event goes to.
 */
import { resolveEnvironment } from '../../../../../nodes/Braze/resources/referral/syncOptions';

describe('resolveEnvironment', () => {
	it('sends sandbox events to test and others to production in fromEvent mode', () => {
		expect(resolveEnvironment('fromEvent', true)).toBe('test');
		expect(resolveEnvironment('fromEvent', false)).toBe('production');
		expect(resolveEnvironment('fromEvent', null)).toBe('production');
	});

	it('keeps a fixed environment whatever the flag', () => {
		expect(resolveEnvironment('production', true)).toBe('production');
		expect(resolveEnvironment('test', false)).toBe('test');
	});
});
