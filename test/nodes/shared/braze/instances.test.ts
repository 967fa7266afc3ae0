/**
 * The Braze instance table and the one base-URL resolver (https, or http on loopback only).
 */
import { BRAZE_INSTANCES, checkUrl, resolveBaseUrl } from '../../../../nodes/shared/braze/instances';

describe('instances', () => {
	it('holds every documented REST host, EU on .braze.eu, no US-09', () => {
		const hosts = Object.fromEntries(BRAZE_INSTANCES.map((i) => [i.name, i.url]));
		expect(hosts['US-01']).toBe('https://rest.iad-01.braze.com');
		expect(hosts['US-10']).toBe('https://rest.us-10.braze.com');
		expect(hosts['EU-02']).toBe('https://rest.fra-02.braze.eu');
		expect(hosts['US-09']).toBeUndefined();
		expect(BRAZE_INSTANCES).toHaveLength(15);
	});
});

describe('checkUrl', () => {
	it.each(['https://rest.example.com', 'http://127.0.0.1:4011', 'http://localhost:1', 'http://[::1]:4011'])('allows %s', (url) => {
		expect(checkUrl(url, 'Custom URL').ok).toBe(true);
	});

	it('refuses plain http elsewhere and what is no URL, naming the credential field', () => {
		expect(checkUrl('http://10.0.0.5:4011', 'Custom URL')).toEqual({
			ok: false,
			message: 'Braze API credential: "Custom URL" must use https (plain http is only allowed for 127.0.0.1, localhost and [::1])',
		});
		expect(checkUrl('rest.example.com', 'Test Custom URL')).toEqual({ ok: false, message: 'Braze API credential: "Test Custom URL" is not a valid URL' });
	});
});

describe('resolveBaseUrl', () => {
	const eu = 'https://rest.fra-01.braze.eu';

	it('uses the instance, or the trimmed custom URL without trailing slash', () => {
		expect(resolveBaseUrl({ instance: eu }, 'production')).toEqual({ ok: true, url: eu, origin: eu });
		expect(resolveBaseUrl({ instance: 'custom', customUrl: ' http://127.0.0.1:4011/ ' }, 'production')).toMatchObject({ ok: true, url: 'http://127.0.0.1:4011' });
	});

	it('uses the production instance for Test unless a test instance is set', () => {
		expect(resolveBaseUrl({ instance: eu, testInstance: 'same' }, 'test')).toMatchObject({ url: eu });
		expect(resolveBaseUrl({ instance: eu }, 'test')).toMatchObject({ url: eu });
		expect(resolveBaseUrl({ instance: eu, testInstance: 'https://rest.iad-02.braze.com' }, 'test')).toMatchObject({ url: 'https://rest.iad-02.braze.com' });
		expect(resolveBaseUrl({ instance: eu, testInstance: 'custom', testCustomUrl: 'http://localhost:9' }, 'test')).toMatchObject({ url: 'http://localhost:9' });
	});

	it('names the credential field at fault', () => {
		expect(resolveBaseUrl({ instance: 'custom', customUrl: 'http://braze.example.com' }, 'production')).toMatchObject({ ok: false, field: 'Custom URL' });
		expect(resolveBaseUrl({ instance: eu, testInstance: 'custom', testCustomUrl: '' }, 'test')).toMatchObject({ ok: false, field: 'Test Custom URL' });
		expect(resolveBaseUrl({ instance: '' }, 'production')).toMatchObject({ ok: false, field: 'Instance' });
	});
});
