/**
 * `npm run x360 -- --port 8790 --seed demo|empty|<clients> [--devices M] [--key K] [--latency ms]
 *  [--rate <requests/s>]`: starts the x360Recover stand-in on 127.0.0.1 and prints its base URL, the
 * API key it accepts and the admin URL. Stops cleanly on SIGINT/SIGTERM.
 */
import {
	closeOnSignals,
	flagsOrExit,
	parseFlags,
	runCommand,
	wholeNumberFlag as int,
} from '../standIn/cliFlags';
import { withSystems } from '../standIn/sizedSeeds';
import { X360_SEED_NAMES, X360Seed, parseX360Seed } from './seeds';
import { DEFAULT_X360_API_KEY, startX360Recover } from './server';

const USAGE = `Usage: npm run x360 -- [--port 8790] [--seed demo|empty|<clients>] [--devices <systems, with a number seed>]
       [--key ${DEFAULT_X360_API_KEY}] [--latency <ms>] [--rate <requests per second>]`;

export const parseX360Args = (argv: string[]) =>
	parseFlags(argv, ['port', 'seed', 'devices', 'key', 'latency', 'rate'], USAGE);

export const seedFromArgs = (args: Record<string, string>): X360Seed =>
	withSystems(parseX360Seed(args.seed ?? 'demo'), int(args, 'devices'), X360_SEED_NAMES);

async function main(): Promise<void> {
	const args = flagsOrExit(() => parseX360Args(process.argv.slice(2)));
	const seed = flagsOrExit(() => seedFromArgs(args));
	const x = await startX360Recover({
		port: int(args, 'port') ?? 8790,
		seed,
		apiKey: args.key,
		latencyMs: int(args, 'latency'),
		rateLimitPerSecond: int(args, 'rate'),
	});
	console.log(`x360Recover stand-in listening (seed: ${JSON.stringify(seed)}: ${x.model.clients.length} clients, ${x.model.devices.length} protected systems)
  API base URL : ${x.baseUrl}
  Admin API    : ${x.adminUrl}/
  API key      : ${x.apiKey}   (header x-api-key; sandbox only, never a production key)
  In n8n: x360Recover credential, environment "custom", URL ${x.baseUrl}
Press Ctrl+C to stop.`);
	closeOnSignals('the x360Recover stand-in', x.close);
}

if (require.main === module) runCommand('x360Recover stand-in', main);
