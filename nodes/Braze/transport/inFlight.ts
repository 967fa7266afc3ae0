/**
 * At most `size` requests of an execution wait for Braze at once (Requests in Flight), whatever
 * sends them: batches, email lookups, single exports. Taken only around the HTTP call itself, so
 * a request waiting for a rate-limit window holds no slot.
 */
export class InFlightSlots {
	private free: number;

	private readonly queue: Array<() => void> = [];

	constructor(size: number) {
		this.free = Math.max(1, Math.floor(size));
	}

	async take(): Promise<void> {
		if (this.free > 0) {
			this.free--;
			return;
		}
		await new Promise<void>((resolve) => this.queue.push(resolve));
	}

	give(): void {
		const next = this.queue.shift();
		if (next) next();
		else this.free++;
	}
}

/**
 * Runs `task` for every entry, at most `limit` at a time, taking entries in order: the one
 * place that decides how many tasks of a list run at once.
 */
export async function eachWithLimit<T>(list: T[], limit: number, task: (entry: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < list.length) {
			const entry = list[next++];
			await task(entry);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, list.length)) }, worker));
}
