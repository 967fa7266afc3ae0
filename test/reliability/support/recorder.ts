/**
 * Everything a user or an operator could see of a reliability run: output items, node errors,
 * n8n's log lines (the workflow logger and the nodes' `this.logger`) and the console. The
 * secrets scan reads all of it.
 */
const { Container } = require('@n8n/di');
const { Logger } = require('@n8n/backend-common');
const { LoggerProxy } = require('n8n-workflow');

export interface Recorder {
	/** Keeps a value (output items, an error) for the scan. */
	keep(label: string, value: unknown): void;
	/** Counts of what was kept and logged. */
	counts(): { observations: number; logLines: number };
	/** Each secret found, with where (never the secret itself). */
	leaks(secrets: string[]): string[];
	/** Stops capturing the console. */
	stop(): void;
}

function serialise(value: unknown): string {
	const seen = new WeakSet<object>();
	const text = JSON.stringify(value, (_key, v) => {
		if (v instanceof Error) {
			const extra = v as Error & { description?: unknown; context?: unknown; cause?: unknown };
			return { name: v.name, message: v.message, stack: v.stack, description: extra.description, context: extra.context, cause: extra.cause };
		}
		if (typeof v === 'object' && v !== null) {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
		}
		return typeof v === 'bigint' ? String(v) : v;
	});
	return text ?? String(value);
}

/** Starts recording; n8n's loggers and the console write into it from now on. */
export function startRecorder(): Recorder {
	const observations: Array<{ label: string; text: string }> = [];
	const logLines: string[] = [];
	const line = (level: string) => (message: unknown, meta?: unknown) => {
		logLines.push(`${level} ${String(message)} ${meta === undefined ? '' : serialise(meta)}`);
	};
	const logger = {
		error: line('error'),
		warn: line('warn'),
		info: line('info'),
		debug: line('debug'),
		verbose: line('verbose'),
		scoped: () => logger,
	};
	LoggerProxy.init(logger);
	Container.set(Logger, logger);
	const original = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
	for (const level of Object.keys(original) as Array<keyof typeof original>) {
		console[level] = (...args: unknown[]) => {
			logLines.push(`console.${level} ${args.map((a) => (typeof a === 'string' ? a : serialise(a))).join(' ')}`);
			original[level](...args);
		};
	}
	return {
		keep: (label, value) => observations.push({ label, text: serialise(value) }),
		counts: () => ({ observations: observations.length, logLines: logLines.length }),
		leaks: (secrets) => {
			const found: string[] = [];
			secrets.forEach((secret, i) => {
				for (const o of observations) if (o.text.includes(secret)) found.push(`secret #${i} in ${o.label}`);
				logLines.forEach((text, n) => {
					if (text.includes(secret)) found.push(`secret #${i} in log line ${n}`);
				});
			});
			return found;
		},
		stop: () => Object.assign(console, original),
	};
}

/** Prints to the terminal even under jest (which would prefix console output with a stack). */
export function print(text: string): void {
	process.stdout.write(`${text}\n`);
}
