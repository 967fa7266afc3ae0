/**
 * The body of a GET delivery (compiled query.js). Extole's "Webhook Creation" page says a
 * webhook may GET or POST its payload URL without documenting the query encoding: top-level
 * parameters, bracket notation and JSON text are read.
 */
import { bodyFromQuery, queryOf } from '../../../dist/nodes/ExtoleTrigger/query';

const { toQueryString } = require('../../../sandbox/extole/query');

describe('bodyFromQuery', () => {
	it('reads top-level parameters as strings', () => {
		expect(bodyFromQuery('event_name=shared&event_id=1&email=a%40example.com')).toEqual({ event_name: 'shared', event_id: '1', email: 'a@example.com' });
	});

	it('reads nested fields in bracket notation, and lists', () => {
		expect(bodyFromQuery('data[email]=a%40example.com&data[person][city]=Lyon&tags[0]=a&tags[1]=b')).toEqual({
			data: { email: 'a@example.com', person: { city: 'Lyon' } },
			tags: ['a', 'b'],
		});
	});

	it('reads a nested object sent as JSON text', () => {
		expect(bodyFromQuery(`data=${encodeURIComponent('{"email":"a@example.com","value":50}')}`)).toEqual({ data: { email: 'a@example.com', value: 50 } });
	});

	it('makes a repeated parameter a list', () => {
		expect(bodyFromQuery('x=1&x=2')).toEqual({ x: ['1', '2'] });
	});

	it("leaves out the trigger's own parameters and names that could reach an object's prototype", () => {
		const body = bodyFromQuery('reward_state=EARNED&__proto__[polluted]=1&a[constructor]=2&ok=1', new Set(['reward_state']));
		expect(body).toEqual({ ok: '1' });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('is what the sandbox and the sender put in the query', () => {
		const sent = { event_name: 'shared', event_id: '7', sandbox: true, data: { email: 'a@example.com', person: { first_name: 'A' } } };
		expect(bodyFromQuery(toQueryString(sent))).toEqual({ ...sent, sandbox: 'true' });
	});
});

describe('queryOf', () => {
	it('is the part after ?, or empty', () => {
		expect(queryOf('/webhook/x/extole?a=1&b=2')).toBe('a=1&b=2');
		expect(queryOf('/webhook/x/extole')).toBe('');
		expect(queryOf(undefined)).toBe('');
	});
});
