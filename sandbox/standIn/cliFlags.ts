/**
 * The command lines of the Autotask sandbox and the stand-ins: `--name value` / `--name=value` flags,
 * whole-number values, exit 2 on a usage error, and a clean stop on Ctrl+C (SIGINT) or SIGTERM.
 */

/** Only the `known` names; `--help` and any mistake throw an Error carrying `usage`. */
export function parseFlags(argv: string[], known: string[], usage: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') throw new Error(usage);
		const m = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
		if (!m || !known.includes(m[1])) throw new Error(`Unknown argument "${arg}".\n${usage}`);
		const value = m[2] ?? argv[++i];
		if (value === undefined) throw new Error(`--${m[1]} needs a value.\n${usage}`);
		out[m[1]] = value;
	}
	return out;
}

export function wholeNumberFlag(args: Record<string, string>, name: string): number | undefined {
	if (args[name] === undefined) return undefined;
	const n = Number(args[name]);
	if (!Number.isInteger(n) || n < 0)
		throw new Error(`--${name} must be a whole number >= 0, got "${args[name]}".`);
	return n;
}

/** `read()`'s result, or the process exits 2 with its message (the usage text for --help). */
export function flagsOrExit<T>(read: () => T): T {
	try {
		return read();
	} catch (error) {
		console.error((error as Error).message);
		process.exit(2);
	}
}

/** `what` names the server in the stop line (`the sandbox`); a second signal while closing is ignored. */
export function closeOnSignals(what: string, close: () => Promise<void>): void {
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping ${what}.`);
		close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Runs the command's `main`; a failure to start is one line and exit 1. */
export function runCommand(what: string, main: () => Promise<void>): void {
	main().catch((error) => {
		console.error(`${what} failed to start: ${(error as Error).message}`);
		process.exit(1);
	});
}
