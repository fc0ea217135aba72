/**
 * Sync Billing's outcomes and messages, each pinned literally: what a contract reports after the run
 * planned, wrote and settled it, and which failure fails the execution so that n8n retries it.
 */
import {
	budgetMessage,
	contractOutcome,
	firstRetry,
	newerUsageBilled,
	rejectedOutcome,
	retryDescription,
	unreadOutcome,
	type ContractTwin,
	type ContractWrite,
	type Decided,
	type Failure,
	type OutcomeInput,
	type SyncRun,
} from '../../nodes/logic/billingOutcome';
import type { ContractPlan, ServiceChange } from '../../nodes/logic/billingPlan';
import type { ContractUsage } from '../../nodes/logic/billingUsage';

const BUDGET =
	"The tenant's hourly Autotask API budget is spent, so nothing more is sent in this run; the next run after the hour rolls finishes the work without double counting.";
const run: SyncRun = { effectiveDate: '2026-03-01', dryRun: false };
const dry: SyncRun = { ...run, dryRun: true };

const usage: ContractUsage = {
	contractId: 7,
	contractName: 'Acme BDR (from the map)',
	companyId: 5,
	companyName: 'Acme',
	itemIndices: [0, 1],
	eventIds: ['ev-1', 'ev-2'],
	deviceIds: ['dev-a', 'dev-b'],
	totals: new Map(),
	usageAsOf: '2026-02-27T10:00:00.000Z',
};

const change = (
	serviceId: number,
	before: number,
	after: number,
	status: ServiceChange['status'] = before === after ? 'unchanged' : 'change',
): ServiceChange => ({
	row: serviceId - 100,
	quantity: 'serverLicenses',
	serviceId,
	rule: 'as reported',
	before,
	after,
	delta: after - before,
	addsService: false,
	status,
});

const plan = (over: Partial<ContractPlan> = {}): ContractPlan => ({
	contractId: 7,
	contractName: 'Acme BDR',
	companyId: 5,
	status: 'change',
	problems: [],
	changes: [change(101, 2, 3), change(102, 4, 6), change(103, 1, 1)],
	...over,
});

const budgetFailure: Failure = {
	kind: 'budget',
	text: 'Autotask answered 429 to POST Contracts/7/ServiceAdjustments: hourly request limit exceeded',
	cause: new Error('budget'),
};
const refused: Failure = {
	kind: 'refused',
	text: 'Autotask answered 400 to POST Contracts/7/ServiceAdjustments: the period is already approved and posted.',
	cause: new Error('400'),
};
const passing: Failure = {
	kind: 'passing',
	text: 'Autotask answered 503 to POST Contracts/7/ServiceAdjustments: Service unavailable',
	cause: new Error('503'),
};

const wrote = (serviceIds: number[], over: Partial<ContractWrite> = {}): ContractWrite => ({
	applied: serviceIds.map((serviceId) => ({ serviceId })),
	noteId: 900,
	noteTitle: '[BDR billing] 2026-03-01',
	...over,
});

const twin = (over: Partial<ContractTwin>): ContractTwin => ({
	status: 'corrected',
	survivorNoteId: 880,
	survivorTargets: { 101: 4, 102: 6 },
	corrections: [{ serviceId: 101, before: 5, after: 4, delta: -1 }],
	marked: true,
	...over,
});

const decide = (over: Partial<OutcomeInput> = {}, r: SyncRun = run): Decided =>
	contractOutcome({ usage, plan: plan(), ...over }, r);
const statuses = (d: Decided) => d.outcome.changes.map((c) => `${c.serviceId}:${c.status}`);

/** Outcome, reason and message (literally), each change's status, and the error that fails the execution (none: undefined). */
function expectDecided(
	d: Decided,
	want: { outcome: string; reason: string; message: string; statuses: string[]; retry?: unknown },
) {
	expect({
		outcome: d.outcome.outcome,
		reason: d.outcome.reason,
		message: d.outcome.message,
		statuses: statuses(d),
		retry: d.retry?.cause,
	}).toEqual(want);
}

describe('every contract outcome carries the contract, the run and the usage it came from', () => {
	it('names from the plan (what Autotask holds) first, then from the usage', () => {
		expect(decide({}, dry).outcome).toMatchObject({
			contractId: 7,
			contractName: 'Acme BDR',
			companyId: 5,
			companyName: 'Acme',
			effectiveDate: '2026-03-01',
			dryRun: true,
			sourceEventIds: ['ev-1', 'ev-2'],
			devices: ['dev-a', 'dev-b'],
		});
		const bare = contractOutcome(
			{
				usage: { ...usage, contractName: undefined, companyId: undefined, companyName: undefined },
				plan: plan({ contractName: undefined, companyId: undefined }),
			},
			dry,
		);
		expect(bare.outcome).toMatchObject({ contractName: null, companyId: null, companyName: null });
		expect(
			contractOutcome({ usage, plan: plan({ contractName: undefined, companyId: undefined }) }, dry)
				.outcome,
		).toMatchObject({ contractName: 'Acme BDR (from the map)', companyId: 5 });
	});

	it("copies the plan's changes, never changing the plan", () => {
		const p = plan();
		const d = contractOutcome({ usage, plan: p }, run);
		expect(p.changes.map((c) => c.status)).toEqual(['change', 'change', 'unchanged']);
		expect(statuses(d)).toEqual(['101:blocked', '102:blocked', '103:unchanged']);
	});
});

describe('contracts that write nothing', () => {
	it('newer usage already billed: unchanged, its changes blocked, both times named', () => {
		expectDecided(decide({ newerBilled: '2026-02-28T09:00:00.000Z' }), {
			outcome: 'unchanged',
			reason: 'newer-usage-billed',
			message:
				"Usage as of 2026-02-27T10:00:00.000Z is older than the usage already billed (as of 2026-02-28T09:00:00.000Z, see the contract's billing note); nothing was written",
			statuses: ['101:blocked', '102:blocked', '103:unchanged'],
		});
	});

	it('newer usage billed in a dry run is reported as such too', () => {
		expect(decide({ newerBilled: '2026-02-28T09:00:00.000Z' }, dry).outcome.reason).toBe(
			'newer-usage-billed',
		);
	});

	it("a plan with problems: error, the first problem's code, every message, the problems listed", () => {
		const problems = [
			{
				code: 'service-not-on-contract' as const,
				message: 'Service 101 is not on the contract: add it, or turn on Add Missing Services',
				serviceId: 101,
				row: 1,
			},
			{
				code: 'service-not-monthly' as const,
				message: 'Service 102 has period type Yearly; billing needs Monthly',
				serviceId: 102,
				row: 2,
			},
		];
		const d = decide({
			plan: plan({ status: 'error', problems }),
			newerBilled: '2026-02-28T09:00:00.000Z',
		});
		expect(d.outcome).toMatchObject({
			outcome: 'error',
			reason: 'service-not-on-contract',
			problems,
		});
		expect(d.outcome.message).toBe(
			'Service 101 is not on the contract: add it, or turn on Add Missing Services\nService 102 has period type Yearly; billing needs Monthly',
		);
		expect(d.outcome.problems![0]).not.toBe(problems[0]);
		expect(statuses(d)).toEqual(['101:change', '102:change', '103:unchanged']);
		expect(d.retry).toBeUndefined();
	});

	it('units already right: unchanged / units-match', () => {
		const d = decide({ plan: plan({ status: 'unchanged', changes: [change(103, 1, 1)] }) });
		expect(d.outcome).toMatchObject({
			outcome: 'unchanged',
			reason: 'units-match',
			message: 'Autotask already holds the units the usage calls for; nothing was written',
		});
	});

	it('dry run: the plan as it would be posted', () => {
		const d = decide({}, dry);
		expect(d.outcome).toMatchObject({
			outcome: 'dry-run',
			reason: 'dry-run',
			message: 'Dry run: these changes would be posted; turn off Dry Run to write them',
		});
		expect(statuses(d)).toEqual(['101:change', '102:change', '103:unchanged']);
		expect(d.outcome.note).toBeUndefined();
	});
});

describe('contracts the run wrote', () => {
	it('updated: the count and the effective date; the note named; nothing blocked', () => {
		const d = decide({ write: wrote([101, 102]) });
		expect(d.outcome).toMatchObject({
			outcome: 'updated',
			reason: 'units-changed',
			message: '2 service(s) updated from 2026-03-01',
			note: { id: 900, title: '[BDR billing] 2026-03-01' },
		});
		expect(statuses(d)).toEqual(['101:change', '102:change', '103:unchanged']);
		expect(d.outcome.concurrentSync).toBeUndefined();
		expect(d.retry).toBeUndefined();
	});

	it('a note without a title (Write Note off: no note at all)', () => {
		expect(decide({ write: wrote([101, 102], { noteTitle: undefined }) }).outcome.note).toEqual({
			id: 900,
			title: null,
		});
		expect(decide({ write: wrote([101, 102], { noteId: undefined }) }).outcome).not.toHaveProperty(
			'note',
		);
	});

	it("a refused write: error, Autotask's text, what landed, no retry (resending cannot help)", () => {
		expectDecided(decide({ write: wrote([101], { failure: refused }) }), {
			outcome: 'error',
			reason: 'autotask-write-failed',
			message:
				'Autotask answered 400 to POST Contracts/7/ServiceAdjustments: the period is already approved and posted. 1 service(s) were updated before it failed; running again completes the rest without double counting.',
			statuses: ['101:change', '102:blocked', '103:unchanged'],
		});
	});

	it('a write failing for a passing reason: error, and the execution fails with that error so n8n retries it', () => {
		expectDecided(decide({ write: wrote([], { noteId: undefined, failure: passing }) }), {
			outcome: 'error',
			reason: 'autotask-write-failed',
			message:
				'Autotask answered 503 to POST Contracts/7/ServiceAdjustments: Service unavailable. running again completes the rest without double counting.',
			statuses: ['101:blocked', '102:blocked', '103:unchanged'],
			retry: passing.cause,
		});
	});

	it('a failed write whose landed part met a concurrent sync shows that check too', () => {
		const d = decide({ write: wrote([101], { failure: refused }), twin: twin({}) });
		expect(d.outcome.reason).toBe('autotask-write-failed');
		expect(d.outcome.concurrentSync).toEqual({
			survivorNoteId: 880,
			survivorTargets: { 101: 4, 102: 6 },
			corrections: [{ serviceId: 101, before: 5, after: 4, delta: -1 }],
			noteMarkedSuperseded: true,
		});
		expect(
			decide({ write: wrote([101], { failure: refused }), twin: twin({ status: 'none' }) }).outcome
				.concurrentSync,
		).toBeUndefined();
	});
});

describe('the hourly budget', () => {
	it('the message: what Autotask said, the one budget text, what landed', () => {
		expect(budgetMessage(budgetFailure)).toBe(
			`Not written: Autotask answered 429 to POST Contracts/7/ServiceAdjustments: hourly request limit exceeded. ${BUDGET}`,
		);
		expect(
			budgetMessage({ ...budgetFailure, text: 'You have exceeded the hourly request limit.' }, 2),
		).toBe(
			`Not written: You have exceeded the hourly request limit. ${BUDGET} 2 service(s) were updated before the budget ran out.`,
		);
	});

	it('a contract not started because the budget ran out on another: budget, all its changes blocked', () => {
		const d = decide({ budget: budgetFailure });
		expect(d.outcome).toMatchObject({
			outcome: 'budget',
			reason: 'budget-exhausted',
			message: budgetMessage(budgetFailure),
		});
		expect(statuses(d)).toEqual(['101:blocked', '102:blocked', '103:unchanged']);
		expect(d.outcome).not.toHaveProperty('note');
		expect(d.retry).toBeUndefined();
	});

	it('a contract the budget stopped half way: what landed counted, the note named', () => {
		const d = decide({ write: wrote([101], { failure: budgetFailure }), budget: budgetFailure });
		expect(d.outcome).toMatchObject({
			outcome: 'budget',
			reason: 'budget-exhausted',
			note: { id: 900 },
		});
		expect(d.outcome.message).toBe(
			`${budgetMessage(budgetFailure)} 1 service(s) were updated before the budget ran out.`,
		);
		expect(statuses(d)).toEqual(['101:change', '102:blocked', '103:unchanged']);
		expect(d.retry).toBeUndefined();
	});

	it('a contract written in full before the budget ran out elsewhere is updated', () => {
		expect(decide({ write: wrote([101, 102]), budget: budgetFailure }).outcome.outcome).toBe(
			'updated',
		);
	});

	it('contracts the run could not read, or whose services it could not resolve: budget, no changes', () => {
		expect(unreadOutcome(usage, budgetFailure, run)).toEqual({
			contractId: 7,
			contractName: 'Acme BDR (from the map)',
			companyId: 5,
			companyName: 'Acme',
			effectiveDate: '2026-03-01',
			dryRun: false,
			sourceEventIds: ['ev-1', 'ev-2'],
			devices: ['dev-a', 'dev-b'],
			outcome: 'budget',
			reason: 'budget-exhausted',
			message: budgetMessage(budgetFailure),
			changes: [],
		});
	});
});

describe('reads and input items', () => {
	it('a read Autotask failed (with continue-on-fail): error / autotask-read-failed with its text', () => {
		expect(unreadOutcome(usage, refused, dry)).toMatchObject({
			outcome: 'error',
			reason: 'autotask-read-failed',
			message: refused.text,
			dryRun: true,
			changes: [],
		});
		expect(unreadOutcome(usage, passing, run)).toMatchObject({
			outcome: 'error',
			reason: 'autotask-read-failed',
			message: passing.text,
		});
	});

	it('an item without a contract keeps its reason and message', () => {
		expect(
			rejectedOutcome(
				{ index: 3, reason: 'no-contract', message: 'The item has no json.autotask.contractId' },
				run,
			),
		).toEqual({
			outcome: 'error',
			reason: 'no-contract',
			message: 'The item has no json.autotask.contractId',
			dryRun: false,
			effectiveDate: '2026-03-01',
		});
	});

	it('newer usage billed: only a strictly newer billed time of the same contract, and only when both are known', () => {
		const billed = new Map([
			[7, '2026-02-28T00:00:00.000Z'],
			[8, '2026-03-05T00:00:00.000Z'],
		]);
		expect(newerUsageBilled(usage, billed)).toBe('2026-02-28T00:00:00.000Z');
		expect(
			newerUsageBilled({ ...usage, usageAsOf: '2026-02-28T00:00:00.000Z' }, billed),
		).toBeUndefined();
		expect(
			newerUsageBilled({ ...usage, usageAsOf: '2026-03-01T00:00:00.000Z' }, billed),
		).toBeUndefined();
		expect(newerUsageBilled({ ...usage, usageAsOf: undefined }, billed)).toBeUndefined();
		expect(newerUsageBilled(usage, new Map())).toBeUndefined();
	});
});

describe('another execution synced the same contract at the same time', () => {
	it('corrected: updated, the survivor named, corrections on their changes', () => {
		const d = decide({ write: wrote([101, 102]), twin: twin({}) });
		expect(d.outcome).toMatchObject({ outcome: 'updated', reason: 'concurrent-sync-corrected' });
		expect(d.outcome.message).toBe(
			"2 service(s) updated from 2026-03-01; another execution changed this contract at the same time (its note 880 came first), so the units were set to its targets and this run's note is marked superseded",
		);
		expect(d.outcome.changes.map((c) => c.correction)).toEqual([
			{ serviceId: 101, before: 5, after: 4, delta: -1 },
			undefined,
			undefined,
		]);
		expect(d.outcome.concurrentSync).toEqual({
			survivorNoteId: 880,
			survivorTargets: { 101: 4, 102: 6 },
			corrections: [{ serviceId: 101, before: 5, after: 4, delta: -1 }],
			noteMarkedSuperseded: true,
		});
		expect(d.retry).toBeUndefined();
	});

	it('corrected, but the own note could not be marked: said, with the reason; the units are right, no retry', () => {
		const d = decide({ write: wrote([101, 102]), twin: twin({ marked: false, failure: passing }) });
		expect(d.outcome.message).toBe(
			"2 service(s) updated from 2026-03-01; another execution changed this contract at the same time (its note 880 came first), so the units were set to its targets and this run's note is marked superseded (marking this run's note as superseded failed: Autotask answered 503 to POST Contracts/7/ServiceAdjustments: Service unavailable)",
		);
		expect(d.outcome.concurrentSync!.noteMarkedSuperseded).toBe(false);
		expect(d.retry).toBeUndefined();
	});

	it('unsettled after the correction rounds: error, rerun, and the execution fails', () => {
		const d = decide({ write: wrote([101, 102]), twin: twin({ status: 'unsettled' }) });
		const message =
			'Another execution changed this contract at the same time and the units did not hold the targets of its note 880 after 3 correction rounds: rerun this sync (it posts reported minus current units)';
		expect(d.outcome).toMatchObject({
			outcome: 'error',
			reason: 'concurrent-sync-unsettled',
			message,
		});
		expect((d.retry!.cause as Error).message).toBe(message);
	});

	it('the check failed for a passing reason: error, rerun, and the execution fails with that error', () => {
		const d = decide({
			write: wrote([101, 102]),
			twin: twin({ status: 'failed', corrections: [], failure: passing }),
		});
		expect(d.outcome).toMatchObject({ outcome: 'error', reason: 'concurrent-sync-check-failed' });
		expect(d.outcome.message).toBe(
			'Units were updated, but checking for another execution syncing this contract at the same time failed: Autotask answered 503 to POST Contracts/7/ServiceAdjustments: Service unavailable. Rerun this sync: it re-reads the units and posts only what differs.',
		);
		expect(d.retry).toEqual({ cause: passing.cause });
	});

	it('a check that failed with no error recorded still fails the execution, with its message', () => {
		const d = decide({
			write: wrote([101, 102]),
			twin: twin({ status: 'failed', failure: undefined }),
		});
		expect(d.outcome.message).toBe(
			'Units were updated, but checking for another execution syncing this contract at the same time failed: no answer. Rerun this sync: it re-reads the units and posts only what differs.',
		);
		expect((d.retry!.cause as Error).message).toBe(d.outcome.message);
	});

	it('the check refused for good: error, no retry', () => {
		const d = decide({
			write: wrote([101, 102]),
			twin: twin({ status: 'failed', failure: refused }),
		});
		expect(d.outcome.reason).toBe('concurrent-sync-check-failed');
		expect(d.outcome.message).toBe(
			'Units were updated, but checking for another execution syncing this contract at the same time failed: Autotask answered 400 to POST Contracts/7/ServiceAdjustments: the period is already approved and posted. Rerun this sync: it re-reads the units and posts only what differs.',
		);
		expect(d.retry).toBeUndefined();
	});

	it('the check ran out of budget: budget, no retry', () => {
		const d = decide({
			write: wrote([101, 102]),
			twin: twin({ status: 'failed', corrections: [], failure: budgetFailure }),
		});
		expect(d.outcome).toMatchObject({
			outcome: 'budget',
			reason: 'budget-exhausted',
			message: budgetMessage(budgetFailure),
		});
		expect(d.retry).toBeUndefined();
	});

	it('no twin: the plain update', () => {
		expect(
			decide({ write: wrote([101, 102]), twin: twin({ status: 'none' }) }).outcome.reason,
		).toBe('units-changed');
	});
});

describe('failing the execution', () => {
	it('the first contract that calls for a retry, in input order', () => {
		const decided = [
			decide({ write: wrote([101, 102]) }),
			contractOutcome(
				{
					usage: { ...usage, contractId: 8 },
					plan: plan({ contractId: 8 }),
					write: wrote([], { failure: passing }),
				},
				run,
			),
			contractOutcome(
				{
					usage: { ...usage, contractId: 9 },
					plan: plan({ contractId: 9 }),
					write: wrote([], { failure: { ...passing, cause: 'second' } }),
				},
				run,
			),
		];
		expect(firstRetry(decided)).toEqual({ contractId: 8, cause: passing.cause });
		expect(firstRetry(decided.slice(0, 1))).toBeUndefined();
	});

	it('the error names the contract and says the others were handled', () => {
		expect(retryDescription(8, 'Autotask had a temporary fault; run the workflow again.')).toBe(
			'Contract 8: Autotask had a temporary fault; run the workflow again. The other contracts were handled; retrying this execution completes the rest without double counting.',
		);
		expect(retryDescription(8, undefined)).toBe(
			'Contract 8: The other contracts were handled; retrying this execution completes the rest without double counting.',
		);
	});
});
