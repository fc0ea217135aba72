/**
 * `npm run datto -- --port 8791 --seed demo|empty|<organizations> [--agents M] [--public K] [--secret S]
 *  [--latency ms] [--rate <requests/minute>] [--assets indexed|envelope]`: starts the Datto BCDR stand-in
 * on 127.0.0.1 and prints its base URL, the keys it accepts and the admin URL. Stops cleanly on
 * SIGINT/SIGTERM.
 */
import {
	closeOnSignals,
	flagsOrExit,
	parseFlags,
	runCommand,
	wholeNumberFlag as int,
} from '../standIn/cliFlags';
import { withSystems } from '../standIn/sizedSeeds';
import { DATTO_SEED_NAMES, DattoSeed, parseDattoSeed } from './seeds';
import {
	DEFAULT_DATTO_PUBLIC_KEY,
	DEFAULT_DATTO_SECRET_KEY,
	DattoOptions,
	startDatto,
} from './server';

const USAGE = `Usage: npm run datto -- [--port 8791] [--seed demo|empty|<organizations>] [--agents <agents, with a number seed>]
       [--public ${DEFAULT_DATTO_PUBLIC_KEY}] [--secret ${DEFAULT_DATTO_SECRET_KEY}] [--latency <ms>]
       [--rate <requests per minute>] [--assets indexed|envelope]`;

export const parseDattoArgs = (argv: string[]) =>
	parseFlags(
		argv,
		['port', 'seed', 'agents', 'public', 'secret', 'latency', 'rate', 'assets'],
		USAGE,
	);

export const seedFromArgs = (args: Record<string, string>): DattoSeed =>
	withSystems(parseDattoSeed(args.seed ?? 'demo'), int(args, 'agents'), DATTO_SEED_NAMES);

export function optionsFromArgs(args: Record<string, string>): DattoOptions {
	const assets = args.assets;
	if (assets !== undefined && assets !== 'indexed' && assets !== 'envelope')
		throw new Error(`--assets must be indexed or envelope, got "${assets}".`);
	return {
		port: int(args, 'port') ?? 8791,
		seed: seedFromArgs(args),
		publicKey: args.public,
		secretKey: args.secret,
		latencyMs: int(args, 'latency'),
		rateLimitPerMinute: int(args, 'rate'),
		assetListShape: assets,
	};
}

async function main(): Promise<void> {
	const options = flagsOrExit(() => optionsFromArgs(parseDattoArgs(process.argv.slice(2))));
	const d = await startDatto(options);
	const agents = d.model.appliances.reduce(
		(n, a) => n + a.assets.filter((x) => x.kind === 'agent').length,
		0,
	);
	console.log(`Datto BCDR stand-in listening (seed: ${JSON.stringify(options.seed)}: ${d.model.organizations.length} organizations, ${d.model.appliances.length} appliances, ${agents} agents)
  API base URL : ${d.baseUrl}
  Admin API    : ${d.adminUrl}/
  Public key   : ${d.publicKey}
  Secret key   : ${d.secretKey}   (HTTP Basic; sandbox only, never production keys)
Press Ctrl+C to stop.`);
	closeOnSignals('the Datto BCDR stand-in', d.close);
}

if (require.main === module) runCommand('Datto BCDR stand-in', main);
