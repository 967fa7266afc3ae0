/** JSON.parse that answers undefined instead of throwing: callers report the field themselves. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
