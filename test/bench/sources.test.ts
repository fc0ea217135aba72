/**
 * The source-poll section of the benchmark (bench/sources.ts, bench/sourcesReport.ts): its flags, the
 * workflows it imports, what counts as an Autotask write, the failing share, the goal verdicts and
 * the merge of `--only-sources` into an existing RESULTS.json. The polls themselves run with
 * `npm run bench -- --only-sources` (real n8n), never in CI.
 */
import * as fs from 'fs';
import { DEFAULT_ARGS, parseArgs } from '../../bench/args';
import { renderReport, type BenchResults, type RunContext } from '../../bench/report';
import {
	clientsFor,
	failingIndexes,
	isAutotaskWrite,
	writesOf,
	type PollFigures,
	type SourcePollRun,
} from '../../bench/sources';
import {
	mergeResults,
	renderSources,
	sourceGoalLines,
	type SourcesSection,
} from '../../bench/sourcesReport';
import { sourcePollWorkflow } from '../../bench/workflows';

describe('source poll flags', () => {
	it('defaults to the issues: both sources at 50, 500 and 2,000 systems, 10 per client, 10% failing, run with the rest', () => {
		expect(DEFAULT_ARGS).toMatchObject({
			sources: ['x360Recover', 'Datto BCDR'],
			sourceDevices: [50, 500, 2000],
			devicesPerClient: 10,
			failingShare: 0.1,
			skipSources: false,
			onlySources: false,
		});
	});

	it('--sources picks the sources by flag value', () => {
		expect(parseArgs(['--sources', 'datto']).sources).toEqual(['Datto BCDR']);
		expect(parseArgs(['--sources', 'X360Recover,datto,datto']).sources).toEqual([
			'x360Recover',
			'Datto BCDR',
		]);
		expect(() => parseArgs(['--sources', 'veeam'])).toThrow(/--sources takes x360recover, datto/);
	});

	it('reads the sizes, the share and the flags to run the section alone or skip it', () => {
		expect(
			parseArgs([
				'--only-sources',
				'--source-devices',
				'50,500',
				'--failing',
				'0.2',
				'--devices-per-client',
				'5',
			]),
		).toMatchObject({
			onlySources: true,
			sourceDevices: [50, 500],
			failingShare: 0.2,
			devicesPerClient: 5,
		});
		expect(parseArgs(['--skip-sources']).skipSources).toBe(true);
		expect(() => parseArgs(['--only-sources', '--skip-sources'])).toThrow(/exclude each other/);
		expect(() => parseArgs(['--source-devices', '50,x'])).toThrow(
			/--source-devices needs a whole number > 0, got "x"/,
		);
		expect(() => parseArgs(['--failing', '2'])).toThrow(/--failing is a share between 0 and 1/);
	});
});

describe('source poll workload', () => {
	it('counts as writes only what changes the tenant: POST/PATCH/PUT/DELETE that are not queries', () => {
		expect(
			[
				'POST Tickets',
				'PATCH Tickets',
				'PUT Tickets',
				'POST Contracts/{id}/ServiceAdjustments',
				'POST Tickets/{id}/Notes',
				'DELETE Tickets/{id}',
			].every(isAutotaskWrite),
		).toBe(true);
		expect(
			[
				'POST Tickets/query',
				'POST Tickets/query/count',
				'GET Tickets/entityInformation/fields',
				'GET Companies/{id}',
			].some(isAutotaskWrite),
		).toBe(false);
		expect(
			writesOf({
				'POST Tickets/query': 7,
				'POST Tickets': 5,
				'PATCH Tickets': 2,
				'GET ThresholdInformation': 1,
			}),
		).toBe(7);
	});

	it('spreads the failing systems evenly and gives one client per 10 systems', () => {
		expect(failingIndexes(50, 0.1)).toEqual([0, 10, 20, 30, 40]);
		expect(failingIndexes(2000, 0.1)).toHaveLength(200);
		expect(new Set(failingIndexes(2000, 0.1)).size).toBe(200);
		expect(failingIndexes(50, 0)).toEqual([]);
		expect([
			clientsFor(50, 10),
			clientsFor(500, 10),
			clientsFor(2000, 10),
			clientsFor(5, 10),
		]).toEqual([5, 50, 200, 1]);
	});
});

describe('source poll workflows', () => {
	const shipped = (file: string) => JSON.parse(fs.readFileSync(`workflows/${file}`, 'utf8'));

	it.each([
		['x360recover-tickets.json', 'Every 15 minutes'],
		['x360recover-billing.json', 'Every 12 hours'],
		['datto-tickets.json', 'Every 15 minutes'],
		['datto-billing.json', 'Every 12 hours'],
	] as const)(
		"%s is the shipped template with its schedule a webhook of the same name and the poll's Autotask credential",
		(file, trigger) => {
			const wf = sourcePollWorkflow(`workflows/${file}`, {
				webhookPath: 'bench-x',
				autotaskCredential: 'Autotask API (poll 1)',
			});
			const original = shipped(file);
			expect(wf.connections).toEqual(original.connections);
			const webhook = wf.nodes.find((n: any) => n.name === trigger);
			expect(webhook).toMatchObject({
				type: 'n8n-nodes-base.webhook',
				webhookId: 'bench-x',
				parameters: { httpMethod: 'POST', path: 'bench-x' },
			});
			expect(
				wf.nodes.some(
					(n: any) =>
						n.type === 'n8n-nodes-base.scheduleTrigger' || n.type === 'n8n-nodes-base.stickyNote',
				),
			).toBe(false);
			for (const node of wf.nodes.filter((n: any) =>
				n.type.startsWith('n8n-nodes-bdr-autotask.'),
			)) {
				const before = original.nodes.find((n: any) => n.name === node.name);
				if (before.credentials?.bdrAutotaskApi)
					expect(node.credentials.bdrAutotaskApi).toEqual({
						id: '',
						name: 'Autotask API (poll 1)',
					});
				else expect(node.credentials).toEqual(before.credentials);
				expect(node.parameters).toEqual(
					node.type === 'n8n-nodes-bdr-autotask.bdrSyncBilling'
						? { ...before.parameters, dryRun: false }
						: before.parameters,
				);
			}
			expect(wf.settings).not.toHaveProperty('errorWorkflow');
			// the shipped file itself is untouched
			expect(shipped(file).nodes.find((n: any) => n.name === trigger).type).toBe(
				'n8n-nodes-base.scheduleTrigger',
			);
		},
	);

	it.each(['x360recover', 'datto'])(
		'the %s tickets template notes repeats only when the state changes',
		(source) => {
			const ticket = sourcePollWorkflow(`workflows/${source}-tickets.json`, {
				webhookPath: 'p',
				autotaskCredential: 'c',
			}).nodes.find((n: any) => n.name === 'Open or Close Ticket');
			expect(ticket.parameters.options.noteRepeats).toBe('stateChange');
		},
	);
});

describe('source poll report', () => {
	const context: RunContext = {
		commit: 'def',
		dirty: false,
		date: '2026-12-02',
		loadBefore: 'load 3',
		loadAfter: 'load 4',
		command: 'npm run bench -- --only-sources',
		durationMs: 60_000,
		machine: {
			cores: 2,
			memoryBytes: 8 * 1024 ** 3,
			cpu: 'x',
			os: 'Linux',
			benchNode: 'v20',
			n8nNode: 'v24',
			n8nVersion: '2.41.1',
		},
	};
	const poll = (state: PollFigures['state'], over: Partial<PollFigures> = {}): PollFigures => ({
		state,
		vendorCalls: 9,
		vendorByRoute: { 'GET /device': 1 },
		autotaskCalls: 8,
		autotaskByRoute: { 'POST Tickets/query': 2 },
		autotaskWrites: 0,
		refused: {},
		wallMs: 4000,
		status: 'success',
		sourceItems: 210,
		unmapped: 0,
		outcomes: { ignored: 205, duplicate: 5 },
		openTickets: 5,
		...over,
	});
	const tickets = (steadyWrites = 0): SourcePollRun => ({
		source: 'x360Recover',
		template: 'tickets',
		devices: 50,
		clients: 5,
		failing: 5,
		polls: [
			poll('first', {
				autotaskCalls: 17,
				autotaskWrites: 5,
				outcomes: { created: 5, ignored: 205 },
			}),
			poll('steady', { autotaskWrites: steadyWrites }),
			poll('steadyWarm', { autotaskCalls: 3 }),
		],
	});
	const section = (runs: SourcePollRun[]): SourcesSection => ({
		context,
		settings: { latencyMs: 150, devicesPerClient: 10, failingShare: 0.1 },
		runs,
	});

	it('a steady state with any Autotask write, or tickets not one per failing system, fails its goal', () => {
		expect(sourceGoalLines(section([tickets()])).every((g) => g.met)).toBe(true);
		const bad = sourceGoalLines(section([tickets(2)]));
		expect(bad.filter((g) => !g.met).map((g) => g.goal)).toEqual([
			'x360Recover tickets, 50 systems: steady state costs Autotask 0 writes',
		]);
		const missing = tickets();
		missing.polls[0].openTickets = 4;
		expect(
			sourceGoalLines(section([missing]))
				.filter((g) => !g.met)
				.map((g) => g.goal),
		).toEqual([
			'x360Recover tickets, 50 systems: the first poll opens one ticket per failing system, the steady state keeps them',
		]);
	});

	it('renders its own section with its commit, the calls per poll of each state and where they go', () => {
		const md = renderSources(section([tickets()]));
		expect(md).toMatch(/^## Source polls \(x360Recover\)/);
		expect(renderSources(section([tickets(), { ...tickets(), source: 'Datto BCDR' }]))).toMatch(
			/^## Source polls \(x360Recover, Datto BCDR\)/,
		);
		expect(md).toContain('commit `def`');
		expect(md).toContain('npm run bench -- --only-sources');
		expect(md).toContain('| x360Recover | tickets | 50 (5) | first poll | 9 | 17 | 5 |');
		expect(md).toContain(
			'| x360Recover | tickets | 50 (5) | steady state (next scheduled poll) | 9 | 8 | 0 |',
		);
		expect(md).toContain(
			'| x360Recover | tickets | 50 (5) | steady state, re-run within 5 min | 9 | 3 | 0 |',
		);
		expect(md).toContain(
			'| x360Recover tickets, 50 systems: steady state costs Autotask 0 writes | 0 (scheduled), 0 (within 5 min) | met |',
		);
	});

	it('--only-sources replaces only the source polls of the saved figures; --skip-sources keeps the saved ones', () => {
		const saved: BenchResults = {
			args: DEFAULT_ARGS,
			context: { ...context, commit: 'full-run' },
			billing: [{ size: 100 }],
			ticketing: [],
			sources: section([tickets(3)]),
		};
		const measured: BenchResults = {
			args: { ...DEFAULT_ARGS, onlySources: true },
			context,
			billing: [],
			ticketing: [],
			sources: section([tickets()]),
		};
		const merged = mergeResults({ ...DEFAULT_ARGS, onlySources: true }, measured, saved);
		expect(merged.context.commit).toBe('full-run');
		expect(merged.billing).toEqual([{ size: 100 }]);
		expect(merged.sources).toBe(measured.sources);
		expect(mergeResults({ ...DEFAULT_ARGS, onlySources: true }, measured, undefined)).toBe(
			measured,
		);
		const full: BenchResults = { ...measured, args: DEFAULT_ARGS, sources: undefined };
		expect(mergeResults({ ...DEFAULT_ARGS, skipSources: true }, full, saved).sources).toBe(
			saved.sources,
		);
		expect(mergeResults(DEFAULT_ARGS, measured, saved).sources).toBe(measured.sources);
		// the whole report keeps the section last, after the other sections
		const md = renderReport(merged);
		expect(md.indexOf('## Source polls')).toBeGreaterThan(md.indexOf('## Goals'));
		expect(md.trimEnd().endsWith('|')).toBe(true);
	});
});
