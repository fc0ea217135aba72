/**
 * `npm run bench`: billing sync (ours, naive, minimum), ticketing (ours, NoOp floor) and the source
 * polls (x360Recover templates) against the stand-ins through one real n8n, then bench/RESULTS.md.
 * `--only-sources` runs the source polls alone and merges them into the existing RESULTS.json.
 * Stops everything it starts, also on Ctrl-C and when --timeout passes.
 */
import { execSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_CREDENTIALS, type SandboxCredentials } from '../sandbox/auth';
import { ensureRuntime } from '../tools/n8n/runtime';
import { freePort, sandboxCredentials, startN8n, type N8nServer } from '../tools/n8n/server';
import { SOURCE_FLAGS, parseArgs, ticketLatencies, type BenchArgs } from './args';
import { GroupMemorySampler } from './memory';
import { extrapolateNaive, runBilling, type BillingRun } from './billing';
import { renderReport, type BenchResults, type RunContext } from './report';
import { runSourcePolls } from './sources';
import { mergeResults, type SourcesSection } from './sourcesReport';
import { runTicketing } from './ticketing';
import {
	BILLING_PATH,
	FLOOR_PATH,
	NAIVE_CREDENTIAL,
	NAIVE_PATH,
	ROOT,
	TICKETING_PATH,
	floorTicketingWorkflow,
	naiveBillingWorkflow,
	oursBillingWorkflow,
	oursTicketingWorkflow,
} from './workflows';

const log = (line: string) =>
	process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const sh = (cmd: string) => {
	try {
		return execSync(cmd, {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}).trim();
	} catch {
		return '';
	}
};

export function commandLine(args: BenchArgs): string {
	const flags = Object.entries(SOURCE_FLAGS)
		.filter(([, name]) => args.sources.includes(name))
		.map(([flag]) => flag);
	const sources = [
		`--sources ${flags.join(',')}`,
		`--source-devices ${args.sourceDevices.join(',')}`,
		`--devices-per-client ${args.devicesPerClient}`,
		`--failing ${args.failingShare}`,
	];
	if (args.onlySources)
		return [
			'npm ci',
			'&&',
			'npm run bench --',
			'--only-sources',
			`--latency ${args.latencyMs}`,
			...sources,
		].join(' ');
	const parts = [
		'npm ci',
		'&&',
		'npm run bench --',
		`--sizes ${args.sizes.join(',')}`,
		`--latency ${args.latencyMs}`,
		`--changed ${args.changedShare}`,
		`--naive-max ${args.naiveMax}`,
		`--events ${args.ticketEvents}`,
		`--concurrency ${args.ticketConcurrency}`,
	];
	if (args.skipNaive) parts.push('--skip-naive');
	if (args.skipBilling) parts.push('--skip-billing');
	if (args.skipTicketing) parts.push('--skip-ticketing');
	else parts.push(`--ticket-latencies ${ticketLatencies(args).join(',')}`);
	if (args.skipSources) parts.push('--skip-sources');
	else parts.push(...sources);
	return parts.join(' ');
}

/** The figures saved by an earlier run at `file`, if any. */
function savedResults(file: string): BenchResults | undefined {
	return fs.existsSync(file)
		? (JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults)
		: undefined;
}

const readNotes = (name: string) => {
	const file = path.join(ROOT, 'bench', name);
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
};

/** `--render RESULTS.json`: writes the report again from saved figures (e.g. after editing bench/notes.md). */
function renderSaved(file: string, out?: string): void {
	const results = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
	results.notes = readNotes('notes.md');
	if (results.sources) results.sources.notes = readNotes('notes-sources.md');
	const target = path.resolve(out ?? file.replace(/\.json$/, '.md'));
	fs.writeFileSync(target, renderReport(results));
	log(`wrote ${path.relative(ROOT, target)} from ${path.relative(ROOT, path.resolve(file))}`);
}

export async function main(argv: string[]): Promise<void> {
	if (argv[0] === '--render') {
		if (!argv[1])
			throw new Error('--render needs the saved figures, e.g. --render bench/RESULTS.json');
		return renderSaved(argv[1], argv[2]);
	}
	const args = parseArgs(argv);
	const started = Date.now();
	const runtime = await ensureRuntime();
	const sandboxPort = await freePort();
	// a fresh API secret per run: nothing the report or logs hold could be reused
	const creds: SandboxCredentials = {
		...DEFAULT_CREDENTIALS,
		secret: `bench-${randomBytes(12).toString('hex')}`,
	};
	const webhookSecret = `bench-webhook-${randomBytes(16).toString('hex')}`;
	const autotaskBaseUrl = `http://127.0.0.1:${sandboxPort}/ATServicesRest/V1.0`;
	const logFile = path.join(os.tmpdir(), `bdr-bench-n8n-${Date.now()}.log`);
	const logStream = fs.createWriteStream(logFile);
	const loadBefore = sh('uptime');

	let server: N8nServer | undefined;
	const timer = setTimeout(() => {
		log(`--timeout of ${args.timeoutMin} min passed: stopping n8n and giving up`);
		void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(2));
	}, args.timeoutMin * 60_000);
	timer.unref();

	const context = (startedAt: number, loadAt: string): RunContext => ({
		commit: sh('git rev-parse HEAD') || 'unknown',
		dirty: sh('git status --porcelain -- nodes credentials workflows bench sandbox tools') !== '',
		date: new Date().toISOString(),
		machine: {
			cores: os.cpus().length,
			cpu: os.cpus()[0]?.model ?? 'unknown',
			memoryBytes: os.totalmem(),
			os: `${os.type()} ${os.release()}`,
			benchNode: process.version,
			n8nNode: runtime.nodeVersion,
			n8nVersion: runtime.n8nVersion,
		},
		loadBefore: loadAt,
		loadAfter: sh('uptime'),
		command: commandLine(args),
		durationMs: Date.now() - startedAt,
	});

	try {
		log(`starting n8n ${runtime.n8nVersion} (log: ${logFile})`);
		server = await startN8n({
			runtime,
			packageDir: ROOT,
			credentials: [
				...sandboxCredentials({ baseUrl: autotaskBaseUrl, credentials: creds }, webhookSecret),
				{
					name: NAIVE_CREDENTIAL,
					type: 'httpCustomAuth',
					data: {
						json: JSON.stringify({
							headers: {
								ApiIntegrationCode: creds.integrationCode,
								UserName: creds.username,
								Secret: creds.secret,
							},
						}),
					},
				},
			],
			env: { GENERIC_TIMEZONE: 'UTC', N8N_PAYLOAD_SIZE_MAX: '64', EXECUTIONS_DATA_PRUNE: 'false' },
			onLog: (line) => logStream.write(`${line}\n`),
		});
		log(`n8n ready in ${(server.startMs / 1000).toFixed(1)} s at ${server.url}`);
		const s = server;
		const idleSampler = new GroupMemorySampler(s.pid).start();
		await new Promise((r) => setTimeout(r, 3000));
		const results: BenchResults = {
			args,
			context: undefined as never,
			billing: [],
			ticketing: [],
			idleMemory: idleSampler.stop(),
		};

		if (!args.skipBilling && !args.onlySources) {
			const ours = await s.importWorkflow(oursBillingWorkflow());
			// spacing of each batch of 3 requests: the latency plus room for n8n's own work
			const naive = args.skipNaive
				? undefined
				: await s.importWorkflow(naiveBillingWorkflow(autotaskBaseUrl, args.latencyMs + 100));
			let lastNaive: BillingRun | undefined;
			for (const size of args.sizes) {
				const common = {
					server: s,
					sandboxPort,
					sandboxCredentials: creds,
					customers: size,
					latencyMs: args.latencyMs,
					changedShare: args.changedShare,
					log,
				};
				const timeoutMs = Math.max(60_000, started + args.timeoutMin * 60_000 - Date.now());
				const entry: BenchResults['billing'][number] = { size };
				entry.ours = await runBilling('ours', {
					...common,
					workflowId: ours.id,
					webhookUrl: s.webhookUrl(BILLING_PATH),
					timeoutMs,
				});
				if (naive && size <= args.naiveMax) {
					entry.naive = lastNaive = await runBilling('naive', {
						...common,
						workflowId: naive.id,
						webhookUrl: s.webhookUrl(NAIVE_PATH),
						timeoutMs,
					});
				}
				results.billing.push(entry);
			}
			for (const entry of results.billing)
				if (!entry.naive && lastNaive) entry.naive = extrapolateNaive(lastNaive, entry.size);
		}

		if (!args.skipTicketing && !args.onlySources) {
			const ours = await s.importWorkflow(oursTicketingWorkflow());
			const floor = await s.importWorkflow(floorTicketingWorkflow());
			for (const latencyMs of ticketLatencies(args)) {
				const result = await runTicketing({
					server: s,
					ours: { workflowId: ours.id, url: s.webhookUrl(TICKETING_PATH) },
					floor: { workflowId: floor.id, url: s.webhookUrl(FLOOR_PATH) },
					webhookSecret,
					sandboxPort,
					sandboxCredentials: creds,
					latencyMs,
					events: args.ticketEvents,
					concurrency: args.ticketConcurrency,
					log: (line) => log(`${line} (${latencyMs} ms)`),
				});
				results.ticketing!.push({ latencyMs, result });
			}
		}

		if (!args.skipSources) {
			const sourcesStarted = Date.now();
			const sourcesLoad = sh('uptime');
			const runs = await runSourcePolls({
				server: s,
				sandboxPort,
				vendorPort: await freePort(),
				sandboxCredentials: creds,
				sources: args.sources,
				devices: args.sourceDevices,
				devicesPerClient: args.devicesPerClient,
				failingShare: args.failingShare,
				latencyMs: args.latencyMs,
				timeoutMs: Math.max(60_000, started + args.timeoutMin * 60_000 - Date.now()),
				log,
			});
			const section: SourcesSection = {
				context: context(sourcesStarted, sourcesLoad),
				settings: {
					latencyMs: args.latencyMs,
					devicesPerClient: args.devicesPerClient,
					failingShare: args.failingShare,
				},
				runs,
			};
			results.sources = section;
		}

		results.context = context(started, loadBefore);
		const out = path.resolve(ROOT, args.out);
		const jsonFile = out.replace(/\.md$/, '') + '.json';
		const saved = savedResults(jsonFile);
		const merged = mergeResults(args, results, saved);
		// bench/notes.md reads the billing and ticketing figures: only under them
		merged.notes =
			merged.billing.length || merged.ticketing?.length ? readNotes('notes.md') : undefined;
		if (merged.sources) merged.sources.notes = readNotes('notes-sources.md');
		const report = renderReport(merged);
		fs.writeFileSync(out, report);
		fs.writeFileSync(
			jsonFile,
			JSON.stringify(
				{
					...merged,
					notes: undefined,
					sources: merged.sources && { ...merged.sources, notes: undefined },
				},
				null,
				1,
			),
		);
		process.stdout.write(`\n${report}\n`);
		log(
			`wrote ${path.relative(ROOT, out)}${args.onlySources ? ` (source polls merged into ${path.relative(ROOT, jsonFile)})` : ''}`,
		);
	} finally {
		clearTimeout(timer);
		await server?.stop();
		logStream.end();
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		() => process.exit(0),
		(error) => {
			console.error(error instanceof Error ? error.message : error);
			process.exit(1);
		},
	);
}
