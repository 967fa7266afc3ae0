/**
 * Builds one Braze object from several, as `{ ...a, ...b }` does, but on V8's fast path: an
 * object literal with two or more spreads is built on the slow path at several times the size,
 * and 100,000 items turn that into garbage the collector has to promote (bench/memory.js).
 * A key named `__proto__` stays an own property, as with spread syntax.
 */
export function joined<T extends object>(...parts: object[]): T {
	const target: Record<string, unknown> = {};
	for (const part of parts) {
		for (const key of Object.keys(part)) {
			const value = (part as Record<string, unknown>)[key];
			if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
			else target[key] = value;
		}
	}
	return target as T;
}
