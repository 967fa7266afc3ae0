/**
 * Requests in Flight: at most `size` requests of an execution are under way at once, and they
 * start in the order they were handed over, whichever path hands them over (batches of any
 * operation, email lookups, single exports; a large Track execution hands its items over in
 * parts while it prepares the rest). A request keeps its place through its retries and
 * rate-limit waits, as it would if the requests went out one after another.
 */
export class RequestQueue {
	private running = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(private readonly size: number) {}

	/** Whether any task is under way. */
	get busy(): boolean {
		return this.running > 0;
	}

	/** Runs `task` once fewer than `size` tasks run, after every task handed over before it started. */
	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.running < Math.max(1, this.size)) this.running++;
		else await new Promise<void>((resolve) => this.waiting.push(resolve));
		try {
			return await task();
		} finally {
			const next = this.waiting.shift();
			// The slot passes straight to the next task in line.
			if (next) next();
			else this.running--;
		}
	}
}
