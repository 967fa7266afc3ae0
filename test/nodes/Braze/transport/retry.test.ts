/**
 * When a failed attempt is sent again, by its failure class, and after how long.
 */
import { DEFAULT_TRANSPORT_OPTIONS } from '../../../../nodes/Braze/transport/options';
import { backoffMs, nextStep } from '../../../../nodes/Braze/transport/retry';

const options = { ...DEFAULT_TRANSPORT_OPTIONS, maxAttempts: 3, initialRetryDelayMs: 200 };
const body = { events: [{ external_id: 'u', name: 'shared' }], attributes: [{ external_id: 'u', first_name: 'A' }] };

describe('nextStep', () => {
	it('never sends a refused request again (another 4xx)', () => {
		expect(nextStep('refused', 1, body, options)).toEqual({ action: 'stop', why: 'refused' });
	});

	it('waits for the window after a 429, whatever the attempts so far', () => {
		expect(nextStep('rateLimited', 3, body, options)).toEqual({ action: 'waitForReset' });
	});

	it('sends an unsent request again, until Max Attempts', () => {
		expect(nextStep('unsent', 2, body, options)).toEqual({ action: 'backoff', body });
		expect(nextStep('unsent', 3, body, options)).toEqual({ action: 'stop', why: 'attempts' });
	});

	it('after an uncertain failure sends the same body, unless the caller says what is safe to send again', () => {
		expect(nextStep('uncertain', 1, body, options)).toEqual({ action: 'backoff', body });
		const attributesOnly = { attributes: body.attributes };
		expect(nextStep('uncertain', 1, body, options, () => attributesOnly)).toEqual({ action: 'backoff', body: attributesOnly });
		expect(nextStep('uncertain', 1, body, options, () => undefined)).toEqual({ action: 'stop', why: 'atMostOnce' });
		expect(nextStep('uncertain', 3, body, options, () => attributesOnly)).toEqual({ action: 'stop', why: 'attempts' });
	});

	it('asks what is safe to send again only after an uncertain failure', () => {
		const resend = jest.fn(() => undefined);
		nextStep('unsent', 1, body, options, resend);
		expect(resend).not.toHaveBeenCalled();
	});
});

describe('backoffMs', () => {
	it('backs off exponentially with jitter in [delay/2, delay]', () => {
		for (let i = 0; i < 20; i++) {
			expect(backoffMs(options, 1)).toBeGreaterThanOrEqual(100);
			expect(backoffMs(options, 1)).toBeLessThanOrEqual(200);
			expect(backoffMs(options, 3)).toBeGreaterThanOrEqual(400);
			expect(backoffMs(options, 3)).toBeLessThanOrEqual(800);
		}
	});
});
