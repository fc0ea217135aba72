/**
 * `npm run sandbox -- --port N --user U --secret S --code C --seed demo|empty|N [--latency ms]
 *  [--budget N] [--threads N]`: starts the Autotask sandbox on 127.0.0.1 and prints the base URL and
 * the credentials it accepts. Stops cleanly on SIGINT/SIGTERM.
 */
import { DEFAULT_CREDENTIALS } from './auth';
import { startSandbox } from './server';
import {
	closeOnSignals,
	flagsOrExit,
	parseFlags,
	runCommand,
	wholeNumberFlag as int,
} from './standIn/cliFlags';
import { parseSeed } from './tenant';

const USAGE = `Usage: npm run sandbox -- [--port 8787] [--user ${DEFAULT_CREDENTIALS.username}] [--secret ${DEFAULT_CREDENTIALS.secret}]
       [--code ${DEFAULT_CREDENTIALS.integrationCode}] [--seed demo|empty|<customers>] [--latency <ms>] [--budget <requests/hour>] [--threads <n>]`;

export const parseArgs = (argv: string[]) =>
	parseFlags(
		argv,
		['port', 'user', 'secret', 'code', 'seed', 'latency', 'budget', 'threads'],
		USAGE,
	);

async function main(): Promise<void> {
	const args = flagsOrExit(() => parseArgs(process.argv.slice(2)));
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
	closeOnSignals('the sandbox', sb.close);
}

if (require.main === module) runCommand('Sandbox', main);
