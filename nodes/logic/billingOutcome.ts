/**
 * What Sync Billing reports for each contract: the outcome, its reason code and the message a person
 * reads, decided from what the run planned, wrote and settled (pure; the phases that read and write
 * are in nodes/BdrSyncBilling/, the outcomes are listed in docs/billing.md). Also which failure, if
 * any, must fail the execution so that n8n retries it.
 */
import { BUDGET_SPENT, BUDGET_SPENT_SENTENCE } from '../autotask/budget';
import type { ContractPlan, PlanProblem, ServiceChange } from './billingPlan';
import {
	CORRECTION_ROUNDS,
	type Targets,
	type TwinCorrection,
	type TwinResult,
} from './billingTwins';
import type { ContractUsage, ItemWithoutContract } from './billingUsage';

export type BillingOutcome = 'updated' | 'unchanged' | 'dry-run' | 'budget' | 'error';

/** An Autotask error as the outcome reads it. */
export interface Failure {
	/** budget: the hourly budget is spent; refused: refused for good, resending cannot help; passing: a fault a rerun may clear. */
	kind: 'budget' | 'refused' | 'passing';
	text: string;
	/** The error itself, for failing the execution with it. */
	cause: unknown;
}

/** What every outcome of one run shares. */
export interface SyncRun {
	effectiveDate: string;
	dryRun: boolean;
}

/** What the write phase did on one contract. */
export interface ContractWrite {
	applied: Array<{ serviceId: number }>;
	noteId?: number;
	noteTitle?: string;
	/** The error that ended the writes (the services in `applied` did land). */
	failure?: Failure;
}

/** What the settle phase found on one contract: another execution syncing it at the same time. */
export type ContractTwin = Omit<TwinResult, 'error'> & { failure?: Failure };

export interface ConcurrentSync {
	survivorNoteId: number | null;
	survivorTargets: Targets | null;
	corrections: TwinCorrection[];
	noteMarkedSuperseded: boolean;
}

export type OutcomeChange = ServiceChange & { correction?: TwinCorrection };

interface Verdict {
	outcome: BillingOutcome;
	reason: string;
	message: string;
}

export interface ContractOutcome extends Verdict {
	contractId: number;
	contractName: string | null;
	companyId: number | null;
	companyName: string | null;
	effectiveDate: string;
	dryRun: boolean;
	sourceEventIds: string[];
	devices: string[];
	problems?: PlanProblem[];
	note?: { id: number; title: string | null };
	concurrentSync?: ConcurrentSync;
	changes: OutcomeChange[];
}

export interface OutcomeInput {
	usage: ContractUsage;
	plan: ContractPlan;
	/** When usage newer than this one is already billed on the contract, that usage's time (newerUsageBilled). */
	newerBilled?: string;
	/** Absent when nothing was written on the contract. */
	write?: ContractWrite;
	twin?: ContractTwin;
	/** The budget refusal that stopped the run's writes before this contract. */
	budget?: Failure;
}

export interface Decided {
	outcome: ContractOutcome;
	/** Set when a passing fault must fail the execution (once every contract is handled) so that n8n retries it. */
	retry?: { cause: unknown };
}

export const UNITS_MATCH_MESSAGE =
	'Autotask already holds the units the usage calls for; nothing was written';
export const DRY_RUN_MESSAGE =
	'Dry run: these changes would be posted; turn off Dry Run to write them';

/** Autotask's text as the start of a sentence of ours (without its own closing period). */
function clause(text: string): string {
	return text.replace(/\.\s*$/, '');
}

export function budgetMessage(failure: Failure | undefined, applied = 0): string {
	const done = applied ? ` ${applied} service(s) were updated before the budget ran out.` : '';
	return `Not written: ${clause(failure?.text ?? 'the hourly budget is spent')}. ${BUDGET_SPENT_SENTENCE}${done}`;
}

/** The output-pane hint when the budget stopped the run: the outcomes alone are easy to miss in a long list. */
export function budgetHint(contracts: number): string {
	return `${contracts} ${contracts === 1 ? 'contract was' : 'contracts were'} not written (outcome <b>budget</b>): ${BUDGET_SPENT}.`;
}

/** The usage time of a newer billing on the contract, when its notes show one (a retried or late execution). */
export function newerUsageBilled(
	usage: ContractUsage,
	newestBilled: Map<number, string>,
): string | undefined {
	const newest = newestBilled.get(usage.contractId);
	if (newest === undefined || usage.usageAsOf === undefined) return undefined;
	return Date.parse(newest) > Date.parse(usage.usageAsOf) ? newest : undefined;
}

function baseOf(usage: ContractUsage, run: SyncRun, plan?: ContractPlan) {
	return {
		contractId: usage.contractId,
		contractName: plan?.contractName ?? usage.contractName ?? null,
		companyId: plan?.companyId ?? usage.companyId ?? null,
		companyName: usage.companyName ?? null,
		effectiveDate: run.effectiveDate,
		dryRun: run.dryRun,
		sourceEventIds: usage.eventIds,
		devices: usage.deviceIds,
	};
}

/** An input item without a contract or with a quantity that is not a number. */
export function rejectedOutcome(item: ItemWithoutContract, run: SyncRun) {
	return {
		outcome: 'error' as BillingOutcome,
		reason: item.reason,
		message: item.message,
		dryRun: run.dryRun,
		effectiveDate: run.effectiveDate,
	};
}

/** A contract the run could not read (or resolve the services for): the budget, or the read's error. */
export function unreadOutcome(
	usage: ContractUsage,
	failure: Failure,
	run: SyncRun,
): ContractOutcome {
	const verdict: Verdict =
		failure.kind === 'budget'
			? { outcome: 'budget', reason: 'budget-exhausted', message: budgetMessage(failure) }
			: { outcome: 'error', reason: 'autotask-read-failed', message: failure.text };
	return { ...baseOf(usage, run), ...verdict, changes: [] };
}

/** The outcome of one contract the run planned (and, unless dry, wrote and settled). */
export function contractOutcome(input: OutcomeInput, run: SyncRun): Decided {
	const { usage, plan } = input;
	const base = baseOf(usage, run, plan);
	const changes: OutcomeChange[] = plan.changes.map((c) => ({ ...c }));
	if (input.newerBilled && plan.status !== 'error') {
		// A retried or late execution: newer usage is already billed, so this one must not roll it back.
		for (const c of changes) if (c.status === 'change') c.status = 'blocked';
		const message = `Usage as of ${usage.usageAsOf} is older than the usage already billed (as of ${input.newerBilled}, see the contract's billing note); nothing was written`;
		return {
			outcome: { ...base, outcome: 'unchanged', reason: 'newer-usage-billed', message, changes },
		};
	}
	if (plan.status === 'error') {
		const message = plan.problems.map((p) => p.message).join('\n');
		const problems = plan.problems.map((p) => ({ ...p }));
		return {
			outcome: {
				...base,
				outcome: 'error',
				reason: plan.problems[0].code,
				message,
				problems,
				changes,
			},
		};
	}
	if (plan.status === 'unchanged')
		return {
			outcome: {
				...base,
				outcome: 'unchanged',
				reason: 'units-match',
				message: UNITS_MATCH_MESSAGE,
				changes,
			},
		};
	if (run.dryRun)
		return {
			outcome: {
				...base,
				outcome: 'dry-run',
				reason: 'dry-run',
				message: DRY_RUN_MESSAGE,
				changes,
			},
		};
	return writtenOutcome({ ...base, changes }, input, run);
}

type Unjudged = Omit<ContractOutcome, keyof Verdict>;

function writtenOutcome(unjudged: Unjudged, input: OutcomeInput, run: SyncRun): Decided {
	const { write, twin } = input;
	const applied = new Set((write?.applied ?? []).map((c) => c.serviceId));
	for (const c of unjudged.changes)
		if (c.status === 'change' && !applied.has(c.serviceId)) c.status = 'blocked';
	const json =
		write?.noteId !== undefined
			? { ...unjudged, note: { id: write.noteId, title: write.noteTitle ?? null } }
			: unjudged;
	const count = write?.applied.length ?? 0;
	if (!write || write.failure?.kind === 'budget') {
		return {
			outcome: {
				...json,
				outcome: 'budget',
				reason: 'budget-exhausted',
				message: budgetMessage(write?.failure ?? input.budget, count),
			},
		};
	}
	const settled =
		twin && twin.status !== 'none' ? twinVerdict(twin, count, run.effectiveDate) : undefined;
	if (write.failure) {
		const done = count ? `${count} service(s) were updated before it failed; ` : '';
		const message = `${clause(write.failure.text)}. ${done}running again completes the rest without double counting.`;
		// What landed was still checked against a concurrent twin: show what that did.
		const outcome: ContractOutcome = {
			...json,
			outcome: 'error',
			reason: 'autotask-write-failed',
			message,
		};
		if (settled) outcome.concurrentSync = settled.verdict.concurrentSync;
		return {
			outcome,
			retry: write.failure.kind === 'passing' ? { cause: write.failure.cause } : undefined,
		};
	}
	if (!settled)
		return {
			outcome: {
				...json,
				outcome: 'updated',
				reason: 'units-changed',
				message: `${count} service(s) updated from ${run.effectiveDate}`,
			},
		};
	for (const c of json.changes) {
		const fix = twin!.corrections.find((x) => x.serviceId === c.serviceId);
		if (fix) c.correction = { ...fix };
	}
	return { outcome: { ...json, ...settled.verdict }, retry: settled.retry };
}

export interface TwinVerdict {
	verdict: Verdict & { concurrentSync: ConcurrentSync };
	retry?: { cause: unknown };
}

/** The outcome of a contract another execution changed at the same time (nodes/BdrSyncBilling/concurrentSyncs.ts). */
export function twinVerdict(
	twin: ContractTwin,
	applied: number,
	effectiveDate: string,
): TwinVerdict {
	const concurrentSync: ConcurrentSync = {
		survivorNoteId: twin.survivorNoteId ?? null,
		survivorTargets: twin.survivorTargets ?? null,
		corrections: twin.corrections.map((c) => ({ ...c })),
		noteMarkedSuperseded: twin.marked ?? false,
	};
	if (twin.status === 'corrected') {
		const marked = twin.marked
			? ''
			: ` (marking this run's note as superseded failed: ${twin.failure?.text ?? 'no answer'})`;
		const message = `${applied} service(s) updated from ${effectiveDate}; another execution changed this contract at the same time (its note ${twin.survivorNoteId} came first), so the units were set to its targets and this run's note is marked superseded${marked}`;
		return {
			verdict: { outcome: 'updated', reason: 'concurrent-sync-corrected', message, concurrentSync },
		};
	}
	if (twin.status === 'failed' && twin.failure?.kind === 'budget') {
		return {
			verdict: {
				outcome: 'budget',
				reason: 'budget-exhausted',
				message: budgetMessage(twin.failure),
				concurrentSync,
			},
		};
	}
	if (twin.status === 'unsettled') {
		const message = `Another execution changed this contract at the same time and the units did not hold the targets of its note ${twin.survivorNoteId} after ${CORRECTION_ROUNDS} correction rounds: rerun this sync (it posts reported minus current units)`;
		return {
			verdict: { outcome: 'error', reason: 'concurrent-sync-unsettled', message, concurrentSync },
			retry: { cause: new Error(message) },
		};
	}
	const message = `Units were updated, but checking for another execution syncing this contract at the same time failed: ${clause(twin.failure?.text ?? 'no answer')}. Rerun this sync: it re-reads the units and posts only what differs.`;
	// Anything but a definite refusal may pass: fail the execution so that n8n retries it.
	const retry =
		twin.failure?.kind === 'refused'
			? undefined
			: { cause: twin.failure?.cause ?? new Error(message) };
	return {
		verdict: { outcome: 'error', reason: 'concurrent-sync-check-failed', message, concurrentSync },
		retry,
	};
}

/** The first contract whose failure must fail the execution (in input order), if any. */
export function firstRetry(decided: Decided[]): { contractId: number; cause: unknown } | undefined {
	const first = decided.find((d) => d.retry);
	return first?.retry && { contractId: first.outcome.contractId, cause: first.retry.cause };
}

/** The description of the error that fails the execution for a passing fault on one contract. */
export function retryDescription(contractId: number, description: string | undefined): string {
	return [
		`Contract ${contractId}:`,
		description,
		'The other contracts were handled; retrying this execution completes the rest without double counting.',
	]
		.filter(Boolean)
		.join(' ');
}
