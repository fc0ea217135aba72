/** The sources the source-poll section can run, by their `--sources` flag value. */
export const SOURCE_FLAGS = { x360recover: 'x360Recover', datto: 'Datto BCDR' } as const;
export type SourceName = (typeof SOURCE_FLAGS)[keyof typeof SOURCE_FLAGS];

/** Command-line flags of `npm run bench`; every figure the run produces depends only on these. */
export interface BenchArgs {
	/** Customers per billing run (the sandbox's generated tenant `seed: N`). */
	sizes: number[];
	/** Sandbox latency added to every Autotask request (ms). */
	latencyMs: number;
	/** Share of customers whose usage differs from Autotask (0..1). */
	changedShare: number;
	/** The naive flow runs only at sizes up to this; larger sizes are extrapolated from the largest run. */
	naiveMax: number;
	skipNaive: boolean;
	skipBilling: boolean;
	skipTicketing: boolean;
	/** Events per ticketing phase (created, noted, closed) and in the throughput burst. */
	ticketEvents: number;
	/** Sandbox latencies the ticketing benchmark runs at (default: --latency, then 0 to show our own overhead). */
	ticketLatencies?: number[];
	/** Concurrent POSTs in the throughput burst. */
	ticketConcurrency: number;
	/** Markdown report path. */
	out: string;
	/** Hard stop for the whole run (minutes): everything started is stopped then. */
	timeoutMin: number;
	/** Source polls: the sources, in order. */
	sources: SourceName[];
	/** Source polls: protected systems (x360Recover devices, Datto agents) per run. */
	sourceDevices: number[];
	/** Source polls: systems per client (the clients are the Autotask tenant's generated companies). */
	devicesPerClient: number;
	/** Source polls: share of the systems failing in the first tickets poll (0..1). */
	failingShare: number;
	skipSources: boolean;
	/** Only the source polls, merged into the existing RESULTS.json (the other sections' figures kept). */
	onlySources: boolean;
}

export const DEFAULT_ARGS: BenchArgs = {
	sizes: [100, 1000, 10000],
	latencyMs: 150,
	changedShare: 0.1,
	naiveMax: 1000,
	skipNaive: false,
	skipBilling: false,
	skipTicketing: false,
	ticketEvents: 40,
	ticketConcurrency: 6,
	out: 'bench/RESULTS.md',
	timeoutMin: 150,
	sources: ['x360Recover', 'Datto BCDR'],
	sourceDevices: [50, 500, 2000],
	devicesPerClient: 10,
	failingShare: 0.1,
	skipSources: false,
	onlySources: false,
};

export const USAGE = `npm run bench -- [options]
  --sizes 100,1000,10000   customers per billing run (default ${DEFAULT_ARGS.sizes.join(',')})
  --latency 150            ms added by the sandbox to every Autotask request (default ${DEFAULT_ARGS.latencyMs})
  --changed 0.1            share of customers whose usage changed (default ${DEFAULT_ARGS.changedShare})
  --naive-max 1000         run the naive flow only up to this size, extrapolate above (default ${DEFAULT_ARGS.naiveMax})
  --skip-naive | --skip-billing | --skip-ticketing
  --events 40              events per ticketing phase (default ${DEFAULT_ARGS.ticketEvents})
  --ticket-latencies 150,0 sandbox latencies for ticketing (default: --latency, then 0)
  --concurrency 6          concurrent POSTs in the ticketing burst (default ${DEFAULT_ARGS.ticketConcurrency})
  --sources x360recover,datto  the sources polled (default both)
  --source-devices 50,500,2000  protected systems per source poll run (default ${DEFAULT_ARGS.sourceDevices.join(',')})
  --devices-per-client 10  systems per client in the source polls (default ${DEFAULT_ARGS.devicesPerClient})
  --failing 0.1            share of systems failing in the first tickets poll (default ${DEFAULT_ARGS.failingShare})
  --skip-sources           no source polls (a RESULTS.json's earlier source polls are kept)
  --only-sources           only the source polls, merged into the existing RESULTS.json
  --out bench/RESULTS.md   where the report goes
  --timeout 150            minutes before the run stops everything and fails`;

function positiveNumber(
	flag: string,
	raw: string | undefined,
	{ integer = false, allowZero = false } = {},
): number {
	const value = Number(raw);
	const ok =
		raw !== undefined &&
		raw.trim() !== '' &&
		Number.isFinite(value) &&
		(allowZero ? value >= 0 : value > 0) &&
		(!integer || Number.isInteger(value));
	if (!ok)
		throw new Error(
			`${flag} needs ${integer ? 'a whole number' : 'a number'} ${allowZero ? '>= 0' : '> 0'}, got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}`,
		);
	return value;
}

export function parseArgs(argv: string[]): BenchArgs {
	const args: BenchArgs = {
		...DEFAULT_ARGS,
		sizes: [...DEFAULT_ARGS.sizes],
		sources: [...DEFAULT_ARGS.sources],
		sourceDevices: [...DEFAULT_ARGS.sourceDevices],
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = () => argv[++i];
		switch (flag) {
			case '--sizes': {
				const raw = value();
				if (!raw)
					throw new Error(
						'--sizes needs a comma-separated list of customer counts, e.g. --sizes 100,1000',
					);
				args.sizes = raw.split(',').map((s) => positiveNumber('--sizes', s, { integer: true }));
				break;
			}
			case '--latency':
				args.latencyMs = positiveNumber('--latency', value(), { allowZero: true });
				break;
			case '--changed': {
				const share = positiveNumber('--changed', value());
				if (share > 1)
					throw new Error(`--changed is a share between 0 and 1 (0.1 = 10%), got ${share}`);
				args.changedShare = share;
				break;
			}
			case '--naive-max':
				args.naiveMax = positiveNumber('--naive-max', value(), { integer: true, allowZero: true });
				break;
			case '--skip-naive':
				args.skipNaive = true;
				break;
			case '--skip-billing':
				args.skipBilling = true;
				break;
			case '--skip-ticketing':
				args.skipTicketing = true;
				break;
			case '--events':
				args.ticketEvents = positiveNumber('--events', value(), { integer: true });
				if (args.ticketEvents > 90)
					throw new Error(
						`--events is at most 90 (n8n's REST API lists 100 executions per page), got ${args.ticketEvents}`,
					);
				break;
			case '--ticket-latencies': {
				const raw = value();
				if (!raw)
					throw new Error(
						'--ticket-latencies needs a comma-separated list of ms, e.g. --ticket-latencies 150,0',
					);
				args.ticketLatencies = raw
					.split(',')
					.map((s) => positiveNumber('--ticket-latencies', s, { allowZero: true }));
				break;
			}
			case '--concurrency':
				args.ticketConcurrency = positiveNumber('--concurrency', value(), { integer: true });
				break;
			case '--out': {
				const out = value();
				if (!out) throw new Error('--out needs a file path');
				args.out = out;
				break;
			}
			case '--sources': {
				const raw = value() ?? '';
				const names = raw.split(',').map((s) => s.trim().toLowerCase());
				const unknown = names.filter((n) => !(n in SOURCE_FLAGS));
				if (!raw || unknown.length)
					throw new Error(
						`--sources takes ${Object.keys(SOURCE_FLAGS).join(', ')} (comma-separated), got ${JSON.stringify(raw)}`,
					);
				args.sources = [...new Set(names.map((n) => SOURCE_FLAGS[n as keyof typeof SOURCE_FLAGS]))];
				break;
			}
			case '--source-devices': {
				const raw = value();
				if (!raw)
					throw new Error(
						'--source-devices needs a comma-separated list of system counts, e.g. --source-devices 50,500',
					);
				args.sourceDevices = raw
					.split(',')
					.map((s) => positiveNumber('--source-devices', s, { integer: true }));
				break;
			}
			case '--devices-per-client':
				args.devicesPerClient = positiveNumber('--devices-per-client', value(), { integer: true });
				break;
			case '--failing': {
				const share = positiveNumber('--failing', value(), { allowZero: true });
				if (share > 1)
					throw new Error(`--failing is a share between 0 and 1 (0.1 = 10%), got ${share}`);
				args.failingShare = share;
				break;
			}
			case '--skip-sources':
				args.skipSources = true;
				break;
			case '--only-sources':
				args.onlySources = true;
				break;
			case '--timeout':
				args.timeoutMin = positiveNumber('--timeout', value());
				break;
			case '--help':
			case '-h':
				throw new Error(USAGE);
			default:
				throw new Error(`unknown option ${flag}\n${USAGE}`);
		}
	}
	if (args.onlySources && args.skipSources)
		throw new Error('--only-sources and --skip-sources exclude each other');
	return args;
}

/** Ticketing runs at these latencies: as given, else the billing latency and 0 (our own overhead against the floor). */
export function ticketLatencies(args: BenchArgs): number[] {
	return args.ticketLatencies ?? [...new Set([args.latencyMs, 0])];
}
