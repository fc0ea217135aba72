/**
 * The benchmark's own logic (bench/): flags, the physical minimum, the workload built from the
 * tenant, percentiles, /proc parsing, the workflows it imports and the goal verdicts it reports.
 * The benchmark itself runs with `npm run bench` (real n8n, minutes), never in CI.
 */
import * as fs from 'fs';
import { DEFAULT_ARGS, parseArgs, ticketLatencies } from '../../bench/args';
import { extrapolateNaive, type BillingRun } from '../../bench/billing';
import {
	buildBillingDataset,
	contractsOffTarget,
	currentUnits,
	minimumCalls,
} from '../../bench/billingDataset';
import { GroupMemorySampler, processGroupOf, statusField } from '../../bench/memory';
import { goalLines, renderReport, type BenchResults } from '../../bench/report';
import { percentile, ratio } from '../../bench/stats';
import {
	FLOOR_PATH,
	floorTicketingWorkflow,
	naiveBillingWorkflow,
	oursBillingWorkflow,
	oursTicketingWorkflow,
} from '../../bench/workflows';
import { startSandbox, type Sandbox } from '../../sandbox/server';

describe('bench flags', () => {
	it('defaults to the issue: 100, 1,000 and 10,000 customers at 150 ms, 10% changed', () => {
		expect(parseArgs([])).toEqual(DEFAULT_ARGS);
		expect(DEFAULT_ARGS).toMatchObject({
			sizes: [100, 1000, 10000],
			latencyMs: 150,
			changedShare: 0.1,
		});
	});

	it('reads sizes, latency, skips and ticketing latencies', () => {
		const a = parseArgs([
			'--sizes',
			'100,1000',
			'--latency',
			'0',
			'--skip-naive',
			'--events',
			'10',
			'--ticket-latencies',
			'150,0',
		]);
		expect(a).toMatchObject({
			sizes: [100, 1000],
			latencyMs: 0,
			skipNaive: true,
			ticketEvents: 10,
			ticketLatencies: [150, 0],
		});
		expect(ticketLatencies(parseArgs(['--latency', '80']))).toEqual([80, 0]);
		expect(ticketLatencies(parseArgs(['--latency', '0']))).toEqual([0]);
	});

	it('refuses bad values naming the flag and the fix', () => {
		expect(() => parseArgs(['--sizes', '100,abc'])).toThrow(
			/--sizes needs a whole number > 0, got "abc"/,
		);
		expect(() => parseArgs(['--latency', '-5'])).toThrow(/--latency needs a number >= 0/);
		expect(() => parseArgs(['--changed', '10'])).toThrow(/--changed is a share between 0 and 1/);
		expect(() => parseArgs(['--events', '500'])).toThrow(/--events is at most 90/);
		expect(() => parseArgs(['--size', '1'])).toThrow(/unknown option --size/);
	});
});

describe('physical minimum', () => {
	it('reads at 500 per page per entity plus one write per changed service and note per changed contract', () => {
		expect(minimumCalls(1000, 6, 100, 150)).toEqual({
			companies: 2,
			contracts: 2,
			unitRows: 12,
			adjustments: 150,
			notes: 100,
			total: 266,
		});
		expect(minimumCalls(10000, 6, 1000, 1500).total).toBe(20 + 20 + 120 + 1500 + 1000);
		expect(minimumCalls(100, 6, 10, 15).total).toBe(1 + 1 + 2 + 15 + 10);
	});
});

describe('billing workload from the tenant', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox({ seed: 40, port: 0 });
	});
	afterAll(async () => sb.close());

	it('changes 10% of the contracts (1.5 services each) and bills the rest exactly as Autotask holds them', () => {
		const data = buildBillingDataset(sb.store, 0.1);
		expect(data.customers).toBe(40);
		expect(data.items).toHaveLength(40);
		expect(data.changedContracts).toBe(4);
		expect(data.changedServices).toBe(6);
		// before any write, exactly the changed contracts are off target
		expect(contractsOffTarget(sb.store, data.target)).toBe(4);
		const now = currentUnits(sb.store);
		const unchanged = data.items[1];
		const contract = sb.store.rows('Contracts')[1];
		expect(unchanged.usage.licenses.workstation).toBe(now.get(contract.id)!.workstationLicense);
		expect(unchanged.usage.storage.offsiteBytes).toBe(now.get(contract.id)!.cloudStorageGb * 1e9);
		expect(data.items[0].usage.licenses.workstation).toBe(
			now.get(sb.store.rows('Contracts')[0].id)!.workstationLicense + 1,
		);
	});
});

describe('stats and /proc parsing', () => {
	it('nearest-rank percentiles', () => {
		const values = Array.from({ length: 100 }, (_, i) => 100 - i);
		expect(percentile(values, 50)).toBe(50);
		expect(percentile(values, 99)).toBe(99);
		expect(percentile([7], 99)).toBe(7);
		expect(percentile([], 50)).toBeNaN();
		expect(ratio(3, 0)).toBeNaN();
	});

	it('reads VmRSS/VmHWM in bytes and the process group past a command name with spaces', () => {
		expect(statusField('Name:\tnode\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n', 'VmRSS')).toBe(
			1024 * 1024,
		);
		expect(statusField('VmHWM:\t  2048 kB\n', 'VmRSS')).toBeUndefined();
		expect(processGroupOf('1234 (node (x) y) S 1 4321 4321 0 -1')).toBe(4321);
	});

	it('samples the memory of a real process group (this one)', () => {
		const pgid = processGroupOf(fs.readFileSync('/proc/self/stat', 'utf8'))!;
		const sampler = new GroupMemorySampler(pgid);
		sampler.sampleOnce();
		const result = sampler.stop();
		expect(result.processes).toBeGreaterThanOrEqual(1);
		expect(result.peakGroupRss).toBeGreaterThanOrEqual(process.memoryUsage().rss / 2);
		expect(result.peakProcessHwm).toBeGreaterThan(0);
		expect(result.peakGroupPss).toBeGreaterThan(0);
		expect(result.peakGroupPss).toBeLessThanOrEqual(result.peakGroupRss * 1.05);
	});
});

describe('benchmark workflows', () => {
	const types = (wf: Record<string, any>) => wf.nodes.map((n: any) => n.type);

	it('ours is the shipped reconcile template fed by a webhook, writing (dry run off)', () => {
		const wf = oursBillingWorkflow();
		const sync = wf.nodes.find((n: any) => n.type === 'n8n-nodes-bdr-autotask.bdrSyncBilling');
		const template = JSON.parse(fs.readFileSync('workflows/bdr-billing-reconcile.json', 'utf8'));
		const shipped = template.nodes.find(
			(n: any) => n.type === 'n8n-nodes-bdr-autotask.bdrSyncBilling',
		);
		expect(sync.parameters).toEqual({ ...shipped.parameters, dryRun: false });
		expect(wf.connections['Usage in'].main[0][0].node).toBe('Split Out');
		expect(wf.connections['Split Out'].main[0][0].node).toBe('Map Customer');
		expect(wf.connections['Map Customer'].main[0][0].node).toBe('Sync Billing');
		expect(types(wf)).not.toContain('n8n-nodes-base.scheduleTrigger');
	});

	it('the naive flow uses only n8n-nodes-base, points at the given sandbox and spaces its batches of 3', () => {
		const wf = naiveBillingWorkflow('http://127.0.0.1:5555/ATServicesRest/V1.0', 321);
		expect(types(wf).every((t: string) => t.startsWith('n8n-nodes-base.'))).toBe(true);
		const http = wf.nodes.filter((n: any) => n.type === 'n8n-nodes-base.httpRequest');
		expect(http.map((n: any) => n.name)).toEqual([
			'Get company',
			'Get contract',
			'Get services',
			'Write adjustment',
		]);
		for (const n of http) {
			expect(n.parameters.url.startsWith('http://127.0.0.1:5555/ATServicesRest/V1.0/')).toBe(true);
			expect(n.parameters.options.batching.batch).toEqual({ batchSize: 3, batchInterval: 321 });
			expect(n.credentials.httpCustomAuth.name).toBeTruthy();
		}
		expect(JSON.stringify(wf)).not.toMatch(/secret/i);
	});

	it('the floor is the ticketing template with our nodes replaced by NoOp and a plain webhook', () => {
		const ours = oursTicketingWorkflow();
		const floor = floorTicketingWorkflow();
		expect(floor.nodes.map((n: any) => n.name).sort()).toEqual(
			ours.nodes.map((n: any) => n.name).sort(),
		);
		expect(types(floor).some((t: string) => t.startsWith('n8n-nodes-bdr-autotask.'))).toBe(false);
		expect(floor.nodes.find((n: any) => n.type === 'n8n-nodes-base.webhook').parameters.path).toBe(
			FLOOR_PATH,
		);
		expect(floor.connections).toEqual(ours.connections);
	});
});

describe('report', () => {
	const run = (over: Partial<BillingRun>): BillingRun => ({
		flow: 'ours',
		customers: 10000,
		changedContracts: 1000,
		changedServices: 1500,
		minimum: minimumCalls(10000, 6, 1000, 1500),
		calls: 2700,
		byRoute: { 'POST Contracts/query': 20 },
		refused: {},
		wallMs: 200_000,
		postToDoneMs: 201_000,
		status: 'success',
		outcomes: { updated: 1000, unchanged: 9000 },
		offTarget: 0,
		executionBytes: 1e6,
		databaseGrowthBytes: 2e6,
		memory: {
			peakGroupRss: 900 * 1024 ** 2,
			peakProcessHwm: 700 * 1024 ** 2,
			processes: 2,
			samples: 10,
		},
		...over,
	});
	const results = (ours: BillingRun, naiveCalls: number): BenchResults => ({
		args: DEFAULT_ARGS,
		context: {
			commit: 'abc',
			dirty: false,
			date: '2026-01-01',
			loadBefore: 'load 1',
			loadAfter: 'load 2',
			command: 'npm run bench',
			durationMs: 1000,
			machine: {
				cores: 2,
				memoryBytes: 8 * 1024 ** 3,
				cpu: 'x',
				os: 'Linux',
				benchNode: 'v20',
				n8nNode: 'v24',
				n8nVersion: '2.41.1',
			},
		},
		billing: [
			{
				size: 10000,
				ours,
				naive: extrapolateNaive({ customers: 1000, calls: naiveCalls, wallMs: 100_000 }, 10000),
			},
		],
	});

	it('extrapolates the naive flow linearly from the measured size', () => {
		expect(
			extrapolateNaive({ customers: 1000, calls: 3150, wallMs: 250_000 }, 10000),
		).toMatchObject({ calls: 31500, wallMs: 2_500_000, extrapolated: true, fromCustomers: 1000 });
	});

	it('marks each goal met or not from the figures', () => {
		const good = goalLines(results(run({}), 3150));
		expect(good.every((g) => g.met)).toBe(true);
		const bad = goalLines(
			results(
				run({
					calls: 3200,
					wallMs: 4_000_000,
					memory: { peakGroupRss: 1.5 * 1024 ** 3, peakProcessHwm: 1, processes: 2, samples: 1 },
					refused: { '429 POST Contracts/query': 3 },
				}),
				3150,
			),
		);
		const failed = bad.filter((g) => g.met === false).map((g) => g.goal);
		expect(failed).toEqual([
			'billing 10,000: calls ≤ 1.1× the minimum',
			'billing 10,000: ≥ 10× fewer calls than naive',
			"billing 10,000: inside one hour's 10,000-call budget",
			'billing 10,000: inside one hour of wall time at 150 ms',
			'billing 10,000: peak RSS of n8n + task runner < 1 GiB',
		]);
	});

	it('writes the commit, machine, load and how to reproduce, and says when the naive figure is extrapolated', () => {
		const md = renderReport(results(run({}), 3150));
		expect(md).toContain('Commit `abc`');
		expect(md).toContain('2 cores');
		expect(md).toContain('load 1');
		expect(md).toContain('npm run bench');
		expect(md).toContain('31,500 (extrapolated)');
		expect(md).toMatch(
			/\| billing 10,000: calls ≤ 1.1× the minimum \| 2,700 vs 2,660 = 1.02× \| met \|/,
		);
	});
});

describe('n8n REST reads', () => {
	it('retries a read after a network failure, never other errors', async () => {
		const { readWithRetry } = await import('../../bench/n8nRuns');
		let calls = 0;
		await expect(
			readWithRetry(async () =>
				++calls < 2 ? Promise.reject(new TypeError('fetch failed')) : 'ok',
			),
		).resolves.toBe('ok');
		expect(calls).toBe(2);
		calls = 0;
		await expect(
			readWithRetry(
				async () => (++calls, Promise.reject(new Error('n8n REST GET /x answered 400'))),
			),
		).rejects.toThrow(/400/);
		expect(calls).toBe(1);
	});
});
