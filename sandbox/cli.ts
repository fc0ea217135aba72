/**
 * `npm run sandbox -- --port N --user U --secret S --code C --seed demo|empty|N [--latency ms]
 *  [--budget N] [--threads N]`: starts the Autotask sandbox on 127.0.0.1 and prints the base URL and
 * the credentials it accepts. Stops cleanly on SIGINT/SIGTERM.
 */
import { DEFAULT_CREDENTIALS } from './auth';
import { startSandbox } from './server';
import { parseSeed } from './tenant';

const USAGE = `Usage: npm run sandbox -- [--port 8787] [--user ${DEFAULT_CREDENTIALS.username}] [--secret ${DEFAULT_CREDENTIALS.secret}]
       [--code ${DEFAULT_CREDENTIALS.integrationCode}] [--seed demo|empty|<customers>] [--latency <ms>] [--budget <requests/hour>] [--threads <n>]`;

export function parseArgs(argv: string[]): Record<string, string> {
	const known = ['port', 'user', 'secret', 'code', 'seed', 'latency', 'budget', 'threads'];
	const out: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') throw new Error(USAGE);
		const m = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
		if (!m || !known.includes(m[1])) throw new Error(`Unknown argument "${arg}".\n${USAGE}`);
		const value = m[2] ?? argv[++i];
		if (value === undefined) throw new Error(`--${m[1]} needs a value.\n${USAGE}`);
		out[m[1]] = value;
	}
	return out;
}

function int(args: Record<string, string>, name: string): number | undefined {
	if (args[name] === undefined) return undefined;
	const n = Number(args[name]);
	if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number >= 0, got "${args[name]}".`);
	return n;
}

async function main(): Promise<void> {
	let args: Record<string, string>;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error((error as Error).message);
		process.exit(2);
	}
	const sb = await startSandbox({
		port: int(args, 'port') ?? 8787,
		seed: parseSeed(args.seed ?? 'demo'),
		latencyMs: int(args, 'latency'),
		hourlyBudget: int(args, 'budget'),
		threadLimit: int(args, 'threads'),
		credentials: { username: args.user, secret: args.secret, integrationCode: args.code },
	});
	const { username, secret, integrationCode } = sb.credentials;
	console.log(`Autotask sandbox listening (seed: ${args.seed ?? 'demo'})
  API base URL : ${sb.baseUrl}
  Admin API    : ${sb.adminUrl}/
  Credentials it accepts (sandbox only, never production values):
    username         ${username}
    secret           ${secret}
    integration code ${integrationCode}
  In n8n: Autotask credential, zone "custom", URL ${sb.baseUrl}
Press Ctrl+C to stop.`);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping the sandbox.`);
		sb.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`Sandbox failed to start: ${(error as Error).message}`);
		process.exit(1);
	});
}
