/** The Braze sandbox of a reliability file, and what it holds once every request has landed. */
import type { Json, Sandbox } from '../../nodes/Braze/helpers';
import { startSandbox } from '../../nodes/Braze/helpers';
import { SLOW_MS } from './scenarios';

/** The sandbox object itself, which also lists its faults with how often each fired. */
type FullSandbox = Sandbox & { faults(): Json[] };

/** A sandbox that keeps every request it saw (the suite reads them all). */
export async function reliabilitySandbox(options: Json = {}): Promise<Sandbox> {
	return await startSandbox({ maxLogEntries: 1_000_000, ...options });
}

/**
 * The users once every request held by a latency fault has been applied too: a request the node
 * gave up on after its timeout lands in Braze later, and the final state must include it (and the
 * next run must not get it). Such a request is logged when its answer leaves, SLOW_MS after it
 * arrived.
 */
export async function settledUsers(sandbox: Sandbox, workspace = 'production'): Promise<Json[]> {
	const full = sandbox as FullSandbox;
	const held = () => full.faults().filter((f) => f.latencyMs).reduce((sum, f) => sum + f.fired, 0);
	const landed = () => sandbox.requests().filter((r) => r.durationMs >= SLOW_MS && !r.fault?.answerLatencyMs).length;
	const until = Date.now() + SLOW_MS * 3;
	while (landed() < held() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
	if (landed() < held()) throw new Error(`${held() - landed()} delayed request(s) never landed`);
	// Braze processes /users/track asynchronously (as the sandbox does): the final state is what it
	// holds once every queued write has been processed.
	sandbox.settle();
	return sandbox.users(workspace) as Json[];
}
