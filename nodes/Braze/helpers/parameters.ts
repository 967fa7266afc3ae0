import type { IExecuteFunctions, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

/**
 * Reads node parameters for many items cheaply: a parameter whose stored value holds no
 * expression is the same for every item, so it is resolved once (item 0) and reused; only
 * parameters with expressions are resolved per item. Same answers as `getNodeParameter`.
 */
const caches = new WeakMap<IExecuteFunctions, Map<string, { dynamic: boolean; value?: unknown }>>();

/** True when a stored parameter value (or any value inside it) is an expression. */
export function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

function copy<T>(value: T): T {
	return value && typeof value === 'object' ? (JSON.parse(JSON.stringify(value)) as T) : value;
}

export function param<T = unknown>(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback?: T): T {
	let cache = caches.get(ctx);
	if (!cache) {
		cache = new Map();
		caches.set(ctx, cache);
	}
	let entry = cache.get(name);
	if (!entry) {
		const raw = ctx.getNode().parameters as INodeParameters;
		entry = { dynamic: hasExpression(raw[name.split('.')[0]]) };
		cache.set(name, entry);
	}
	const read = (index: number) =>
		(fallback === undefined
			? ctx.getNodeParameter(name, index)
			: ctx.getNodeParameter(name, index, fallback as NodeParameterValueType)) as T;
	if (entry.dynamic) return read(itemIndex);
	if (!('value' in entry)) entry.value = read(0);
	return copy(entry.value as T);
}
