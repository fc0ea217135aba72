/** Command-line flags of `npm start` (the demo). Pure: parsing and the help text only. */

export interface DemoOptions {
	simulator: boolean;
	/** 0 = a free port. */
	n8nPort: number;
	sandboxPort: number;
	/** undefined = the demo tenant (eight customers); N = a generated tenant of N customers. */
	customers?: number;
	/** Requests per second the simulated devices send. */
	rate: number;
	/** Seconds between summary lines. */
	summaryEvery: number;
	/** Print each simulated request, not only the summary. */
	verbose: boolean;
	help: boolean;
}

export const DEFAULT_OPTIONS: DemoOptions = Object.freeze({
	simulator: true,
	n8nPort: 0,
	sandboxPort: 0,
	customers: undefined,
	rate: 1,
	summaryEvery: 5,
	verbose: false,
	help: false,
});

export const HELP = `Usage: npm start [-- options]

Starts the whole demo on this machine: the Autotask sandbox (demo tenant), a real n8n with this
package, its two credentials and every template in workflows/ (imported and activated), then
simulated BDR devices posting signed events to n8n's production webhooks. Ctrl-C stops everything.

Options:
  --no-simulator        start the sandbox and n8n only (post your own events, or use the editor)
  --n8n-port N          n8n's editor/webhook port (default: a free port)
  --sandbox-port N      the Autotask sandbox's port (default: a free port)
  --customers N         a generated tenant of N customers instead of the eight-customer demo tenant
  --rate R              simulated requests per second (default 1; e.g. 0.5 or 5)
  --summary-every S     seconds between summary lines (default 5)
  --verbose             print every simulated request and its answer
  --help                this text`;

/** Parses argv (without node and the script); throws an Error naming the flag and the fix. */
export function parseDemoArgs(argv: string[]): DemoOptions {
	const options: DemoOptions = { ...DEFAULT_OPTIONS };
	const number = (
		flag: string,
		value: string | undefined,
		check: (n: number) => boolean,
		what: string,
	): number => {
		const n = value === undefined || value.startsWith('--') ? NaN : Number(value);
		if (!Number.isFinite(n) || !check(n)) {
			throw new Error(
				`${flag} needs ${what}, got ${value === undefined ? 'nothing' : JSON.stringify(value)} (see npm start -- --help)`,
			);
		}
		return n;
	};
	const port = (n: number) => Number.isInteger(n) && n >= 0 && n <= 65535;
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].includes('=')
			? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
			: [argv[i], undefined];
		const value = () => (inline !== undefined ? inline : argv[++i]);
		switch (flag) {
			case '--no-simulator':
				options.simulator = false;
				break;
			case '--n8n-port':
				options.n8nPort = number(flag, value(), port, 'a port number from 0 to 65535');
				break;
			case '--sandbox-port':
				options.sandboxPort = number(flag, value(), port, 'a port number from 0 to 65535');
				break;
			case '--customers':
				options.customers = number(
					flag,
					value(),
					(n) => Number.isInteger(n) && n >= 1 && n <= 100_000,
					'a whole number of customers from 1 to 100000',
				);
				break;
			case '--rate':
				options.rate = number(
					flag,
					value(),
					(n) => n > 0 && n <= 100,
					'requests per second above 0 and at most 100',
				);
				break;
			case '--summary-every':
				options.summaryEvery = number(
					flag,
					value(),
					(n) => n >= 1 && n <= 3600,
					'seconds from 1 to 3600',
				);
				break;
			case '--verbose':
				options.verbose = true;
				break;
			case '--help':
			case '-h':
				options.help = true;
				break;
			default:
				throw new Error(
					`Unknown option ${JSON.stringify(argv[i])}; known: --no-simulator, --n8n-port, --sandbox-port, --customers, --rate, --summary-every, --verbose, --help`,
				);
		}
	}
	if (options.n8nPort !== 0 && options.n8nPort === options.sandboxPort) {
		throw new Error(
			`--n8n-port and --sandbox-port are both ${options.n8nPort}; give them different ports (or leave one out for a free port)`,
		);
	}
	return options;
}
