/**
 * `npm run datto -- --port 8791 --seed demo|empty|<organizations> [--agents M] [--public K] [--secret S]
 *  [--latency ms] [--rate <requests/minute>] [--assets indexed|envelope]`: starts the Datto BCDR stand-in
 * on 127.0.0.1 and prints its base URL, the keys it accepts and the admin URL. Stops cleanly on
 * SIGINT/SIGTERM.
 */
import { DattoSeed, parseDattoSeed } from './seeds';
import { DEFAULT_DATTO_PUBLIC_KEY, DEFAULT_DATTO_SECRET_KEY, DattoOptions, startDatto } from './server';

const USAGE = `Usage: npm run datto -- [--port 8791] [--seed demo|empty|<organizations>] [--agents <agents, with a number seed>]
       [--public ${DEFAULT_DATTO_PUBLIC_KEY}] [--secret ${DEFAULT_DATTO_SECRET_KEY}] [--latency <ms>]
       [--rate <requests per minute>] [--assets indexed|envelope]`;

export function parseDattoArgs(argv: string[]): Record<string, string> {
	const known = ['port', 'seed', 'agents', 'public', 'secret', 'latency', 'rate', 'assets'];
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

export function seedFromArgs(args: Record<string, string>): DattoSeed {
	const seed = parseDattoSeed(args.seed ?? 'demo');
	const agents = int(args, 'agents');
	if (agents === undefined) return seed;
	if (typeof seed !== 'number') throw new Error('--agents needs a number seed (--seed <organizations>).');
	return { organizations: seed, agents };
}

export function optionsFromArgs(args: Record<string, string>): DattoOptions {
	const assets = args.assets;
	if (assets !== undefined && assets !== 'indexed' && assets !== 'envelope') throw new Error(`--assets must be indexed or envelope, got "${assets}".`);
	return {
		port: int(args, 'port') ?? 8791, seed: seedFromArgs(args), publicKey: args.public, secretKey: args.secret,
		latencyMs: int(args, 'latency'), rateLimitPerMinute: int(args, 'rate'), assetListShape: assets,
	};
}

async function main(): Promise<void> {
	let options: DattoOptions;
	try {
		options = optionsFromArgs(parseDattoArgs(process.argv.slice(2)));
	} catch (error) {
		console.error((error as Error).message);
		process.exit(2);
	}
	const d = await startDatto(options);
	const agents = d.model.appliances.reduce((n, a) => n + a.assets.filter((x) => x.kind === 'agent').length, 0);
	console.log(`Datto BCDR stand-in listening (seed: ${JSON.stringify(options.seed)}: ${d.model.organizations.length} organizations, ${d.model.appliances.length} appliances, ${agents} agents)
  API base URL : ${d.baseUrl}
  Admin API    : ${d.adminUrl}/
  Public key   : ${d.publicKey}
  Secret key   : ${d.secretKey}   (HTTP Basic; sandbox only, never production keys)
Press Ctrl+C to stop.`);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping the Datto BCDR stand-in.`);
		d.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`Datto BCDR stand-in failed to start: ${(error as Error).message}`);
		process.exit(1);
	});
}
