/**
 * `npm run x360 -- --port 8790 --seed demo|empty|<clients> [--devices M] [--key K] [--latency ms]
 *  [--rate <requests/s>]`: starts the x360Recover stand-in on 127.0.0.1 and prints its base URL, the
 * API key it accepts and the admin URL. Stops cleanly on SIGINT/SIGTERM.
 */
import { X360Seed, parseX360Seed } from './seeds';
import { DEFAULT_X360_API_KEY, startX360Recover } from './server';

const USAGE = `Usage: npm run x360 -- [--port 8790] [--seed demo|empty|<clients>] [--devices <systems, with a number seed>]
       [--key ${DEFAULT_X360_API_KEY}] [--latency <ms>] [--rate <requests per second>]`;

export function parseX360Args(argv: string[]): Record<string, string> {
	const known = ['port', 'seed', 'devices', 'key', 'latency', 'rate'];
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

export function seedFromArgs(args: Record<string, string>): X360Seed {
	const seed = parseX360Seed(args.seed ?? 'demo');
	const devices = int(args, 'devices');
	if (devices === undefined) return seed;
	if (typeof seed !== 'number') throw new Error('--devices needs a number seed (--seed <clients>).');
	return { clients: seed, devices };
}

async function main(): Promise<void> {
	let args: Record<string, string>;
	let seed: X360Seed;
	try {
		args = parseX360Args(process.argv.slice(2));
		seed = seedFromArgs(args);
	} catch (error) {
		console.error((error as Error).message);
		process.exit(2);
	}
	const x = await startX360Recover({ port: int(args, 'port') ?? 8790, seed, apiKey: args.key, latencyMs: int(args, 'latency'), rateLimitPerSecond: int(args, 'rate') });
	console.log(`x360Recover stand-in listening (seed: ${JSON.stringify(seed)}: ${x.model.clients.length} clients, ${x.model.devices.length} protected systems)
  API base URL : ${x.baseUrl}
  Admin API    : ${x.adminUrl}/
  API key      : ${x.apiKey}   (header x-api-key; sandbox only, never a production key)
  In n8n: x360Recover credential, environment "custom", URL ${x.baseUrl}
Press Ctrl+C to stop.`);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping the x360Recover stand-in.`);
		x.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`x360Recover stand-in failed to start: ${(error as Error).message}`);
		process.exit(1);
	});
}
