/**
 * The "Source polls" section of bench/RESULTS.md, rendered from its own part of RESULTS.json
 * (`sources`: context, settings, runs, reading). Self-contained, so a run with `--only-sources`
 * can be merged into a file that another run wrote.
 */
import type { BenchArgs } from './args';
import type { BenchResults, RunContext } from './report';
import type { PollFigures, PollState, SourcePollRun } from './sources';
import { fmtInt, fmtSeconds } from './stats';

export interface SourcesSection {
	context: RunContext;
	settings: { latencyMs: number; devicesPerClient: number; failingShare: number };
	runs: SourcePollRun[];
	/** Hand-written reading (bench/notes-sources.md), appended as is. */
	notes?: string;
}

export interface SourceGoalLine {
	goal: string;
	measured: string;
	met: boolean | undefined;
}

const STATE_LABEL: Record<PollState, string> = {
	first: 'first poll',
	steady: 'steady state (next scheduled poll)',
	steadyWarm: 'steady state, re-run within 5 min',
};

const yes = (met: boolean | undefined) =>
	met === undefined ? 'not measured' : met ? 'met' : '**not met**';
const pollOf = (run: SourcePollRun, state: PollState) => run.polls.find((p) => p.state === state);
const label = (run: SourcePollRun) =>
	`${run.source} ${run.template}, ${fmtInt(run.devices)} systems`;

export function sourceGoalLines(section: SourcesSection): SourceGoalLine[] {
	const lines: SourceGoalLine[] = [];
	for (const run of section.runs) {
		const steady = [pollOf(run, 'steady'), pollOf(run, 'steadyWarm')].filter(
			(p): p is PollFigures => !!p,
		);
		lines.push({
			goal: `${label(run)}: steady state costs Autotask 0 writes`,
			measured: steady.length
				? steady
						.map(
							(p) => `${p.autotaskWrites} (${p.state === 'steady' ? 'scheduled' : 'within 5 min'})`,
						)
						.join(', ')
				: '–',
			met: steady.length
				? steady.every((p) => p.autotaskWrites === 0 && p.status === 'success')
				: undefined,
		});
		const first = pollOf(run, 'first');
		if (run.template === 'tickets' && first) {
			const stillOpen = steady.every((p) => p.openTickets === run.failing);
			lines.push({
				goal: `${label(run)}: the first poll opens one ticket per failing system, the steady state keeps them`,
				measured: `${first.openTickets ?? '–'} open for ${run.failing} failing; after the steady polls ${steady.map((p) => p.openTickets ?? '–').join(', ')}`,
				met: first.openTickets === run.failing && stillOpen && first.status === 'success',
			});
		}
		const unmapped = run.polls.reduce((n, p) => n + p.unmapped, 0);
		if (unmapped)
			lines.push({
				goal: `${label(run)}: every client mapped`,
				measured: `${unmapped} unmapped items`,
				met: false,
			});
	}
	return lines;
}

function table(head: string[], rows: string[][]): string {
	return [
		`| ${head.join(' | ')} |`,
		`|${head.map(() => '---').join('|')}|`,
		...rows.map((r) => `| ${r.join(' | ')} |`),
	].join('\n');
}

const routes = (byRoute: Record<string, number> | undefined) =>
	Object.entries(byRoute ?? {})
		.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
		.map(([route, n]) => `${route} ${n}`)
		.join(', ');

const outcomes = (o: Record<string, number>) =>
	Object.entries(o)
		.sort((a, b) => b[1] - a[1])
		.map(([k, n]) => `${k} ${fmtInt(n)}`)
		.join(', ') || '–';

export function renderSources(section: SourcesSection): string {
	const { context: c, settings: s, runs } = section;
	const out: string[] = [];
	const sources = [...new Set(runs.map((r) => r.source))];
	out.push(`## Source polls (${sources.join(', ') || 'none'})`, '');
	out.push(
		`Measured separately from the sections above: commit \`${c.commit}\`${c.dirty ? ' (with uncommitted changes in the tree)' : ''}, ${c.date}, took ${fmtSeconds(c.durationMs)}; n8n ${c.machine.n8nVersion}, ${c.machine.cores} cores; load before \`${c.loadBefore}\`, after \`${c.loadAfter}\`. Reproduce (merges into the existing RESULTS.json, the other sections kept):`,
		'',
		'```',
		c.command,
		'```',
		'',
		`Each source's shipped templates in the real n8n: *tickets* = \`workflows/<source>-tickets.json\` (Device Health → Map Customer → Open or Close Ticket, Note Repeats "When the State Changes"), *billing* = \`workflows/<source>-billing.json\` (Usage → Map Customer → Sync Billing, Dry Run turned off); each with its Schedule Trigger replaced by a webhook that starts one poll. The stand-ins answer at **${s.latencyMs} ms** per request (the Autotask sandbox with 3 concurrent requests per endpoint and a fresh 10,000 hourly budget per size). Workload: the vendor stand-in's generated seed (x360Recover \`{ clients, devices }\`, Datto \`{ organizations, agents }\`: one client per ${s.devicesPerClient} protected systems, one in four a server) and the Autotask sandbox's generated tenant of as many companies, each carrying its client's id in "x360Recover Client ID" and "Datto Organization ID". Before the first tickets poll ${Math.round(s.failingShare * 100)}% of the systems fail their backups (x360Recover: TROUBLED / BACKUP_FAILED; Datto: the agent's backups failing), since 3 h; the billing tenant's contract units start unlike the usage.`,
		'',
		`States: *first poll*: the Autotask side is not yet in step (tickets to open, units to write). *Steady state*: the same vendor state polled again, as the next scheduled poll (15 min / 12 h later) sees it: our nodes' 5-minute lookup and picklist caches have expired, so it runs as its own Autotask API user (nothing cached; same tenant). *Re-run within 5 min*: the steady poll again at once, same API user (caches warm). Calls are what each stand-in counted by route, refusals included; *writes* are Autotask POST/PATCH/PUT/DELETE other than queries.`,
		'',
	);
	out.push(
		'### Goals',
		'',
		table(
			['goal', 'measured', 'result'],
			sourceGoalLines(section).map((g) => [g.goal, g.measured, yes(g.met)]),
		),
		'',
	);
	out.push('### Calls per poll', '');
	const rows: string[][] = [];
	for (const run of runs) {
		for (const p of run.polls) {
			rows.push([
				run.source,
				run.template,
				`${fmtInt(run.devices)} (${fmtInt(run.clients)})`,
				STATE_LABEL[p.state],
				fmtInt(p.vendorCalls),
				fmtInt(p.autotaskCalls),
				fmtInt(p.autotaskWrites),
				fmtSeconds(p.wallMs),
				`${fmtInt(p.sourceItems)} → ${outcomes(p.outcomes)}${p.openTickets !== undefined ? `; ${fmtInt(p.openTickets)} tickets open` : ''}`,
			]);
		}
	}
	out.push(
		table(
			[
				'source',
				'template',
				'systems / agents (clients)',
				'state',
				'vendor calls',
				'Autotask calls',
				'Autotask writes',
				'wall (n8n)',
				'items → outcomes',
			],
			rows,
		),
		'',
	);
	out.push('### Where the calls go', '');
	const detail: string[][] = [];
	for (const run of runs) {
		for (const p of run.polls) {
			detail.push([
				`${run.source} ${run.template} ${fmtInt(run.devices)}`,
				STATE_LABEL[p.state],
				routes(p.vendorByRoute),
				routes(p.autotaskByRoute),
			]);
			if (Object.keys(p.refused).length)
				detail.push([
					`${run.source} ${run.template} ${fmtInt(run.devices)}`,
					`${STATE_LABEL[p.state]}: non-2xx answers`,
					'',
					routes(p.refused),
				]);
		}
	}
	out.push(
		table(['run', 'state', 'vendor requests by route', 'Autotask requests by route'], detail),
		'',
	);
	if (section.notes) out.push(section.notes.trim(), '');
	return out.join('\n');
}

/**
 * The results to write: a full run's own; with `--only-sources` the saved file with only its
 * `sources` replaced (the other sections' figures and context kept); with `--skip-sources` the saved
 * file's source polls carried over (they name their own commit and date).
 */
export function mergeResults(
	args: BenchArgs,
	measured: BenchResults,
	saved: BenchResults | undefined,
): BenchResults {
	if (args.onlySources) return saved ? { ...saved, sources: measured.sources } : measured;
	if (args.skipSources && saved?.sources) return { ...measured, sources: saved.sources };
	return measured;
}
