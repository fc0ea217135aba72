/**
 * Posting one contract's plan. Adjustments are deltas that cannot be read back,
 * so a write that failed without a clear refusal is resolved by re-reading the
 * units and posting only what is still missing; the audit note is looked up by
 * its title marker before it is written again. Nothing is ever double-counted.
 */
import { sleep } from 'n8n-workflow';

import type { AutotaskClient } from '../autotask/client';
import { isBudgetSpent, isRefused } from '../autotask/errors';
import { ENDPOINT_THREADS, forEachLimited } from '../autotask/limiter';
import type { Failure } from '../logic/billingOutcome';
import type { ContractPlan, ServiceChange } from '../logic/billingPlan';
import { billingNote } from '../logic/billingNote';
import type { Targets } from '../logic/billingTwins';
import type { ContractUsage } from '../logic/billingUsage';
import { readUnits } from './readBillingState';

/** Attempts per write, counting the first; each failed attempt is followed by a re-read. */
export const WRITE_ATTEMPTS = 5;

export interface WriteOptions {
	effectiveDate: string;
	writeNote: boolean;
	eventIds: string[];
	/** When the billed usage was reported (recorded in the note). */
	usageAsOf?: string;
	/** Unique per execution: keeps concurrent runs' note markers apart. */
	runId?: string;
	/** Highest note id seen before units were read (the twin check's watermark); recorded in the note. */
	seen?: number;
	/** Wait between attempts (tests pass a no-op). */
	pause?: (ms: number) => Promise<void>;
}

export interface WriteResult {
	applied: ServiceChange[];
	noteId?: number;
	noteTitle?: string;
	noteDescription?: string;
	/** Per service id, the units this run left (applied changes and services already right). */
	targets: Targets;
	/** Set when a write failed for good; changes listed in `applied` did land. */
	error?: unknown;
}

/** An answer that says the write was refused and will be refused again (validation, permission, budget). */
export function isDefiniteRefusal(error: unknown): boolean {
	return isRefused(error) || isBudgetSpent(error);
}

/** An error as the outcomes read it (nodes/logic/billingOutcome.ts): the budget, a definite refusal, or a passing fault. */
export function failureOf(error: unknown): Failure | undefined {
	if (error === undefined) return undefined;
	const kind = isBudgetSpent(error) ? 'budget' : isRefused(error) ? 'refused' : 'passing';
	return { kind, text: error instanceof Error ? error.message : String(error), cause: error };
}

/** Outcome of one write: done, or the error that ended it (never thrown, so one contract cannot stop the run). */
type Written<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function postAdjustment(
	client: AutotaskClient,
	contractId: number,
	change: ServiceChange,
	options: WriteOptions,
): Promise<Written<void>> {
	const pause = options.pause ?? sleep;
	let delta = change.delta;
	for (let attempt = 1; ; attempt++) {
		try {
			await client.create(`Contracts/${contractId}/ServiceAdjustments`, {
				contractID: contractId,
				serviceID: change.serviceId,
				effectiveDate: options.effectiveDate,
				unitChange: delta,
			});
			return { ok: true, value: undefined };
		} catch (error) {
			if (isDefiniteRefusal(error) || attempt >= WRITE_ATTEMPTS) return { ok: false, error };
		}
		await pause(200 * attempt);
		// The adjustment may have landed: what Autotask holds now decides what is still owed.
		try {
			const current = await readUnits(client, contractId, change.serviceId, options.effectiveDate);
			delta = change.after - current;
		} catch (error) {
			return { ok: false, error };
		}
		if (delta === 0) return { ok: true, value: undefined };
	}
}

interface NoteRow {
	id: number;
	title?: string;
}

async function findNote(
	client: AutotaskClient,
	contractId: number,
	marker: string,
): Promise<number | undefined> {
	const notes = await client.query<NoteRow>('ContractNotes', {
		filter: [
			{ op: 'eq', field: 'contractID', value: contractId },
			{ op: 'contains', field: 'title', value: marker },
		],
		includeFields: ['title'],
	});
	return notes[0]?.id;
}

async function postNote(
	client: AutotaskClient,
	plan: ContractPlan,
	options: WriteOptions,
	targets: Targets,
): Promise<Written<{ id: number; title: string; description: string }>> {
	const pause = options.pause ?? sleep;
	const note = billingNote(plan, options.effectiveDate, options.eventIds, options.usageAsOf, {
		runId: options.runId,
		state: { seen: options.seen ?? null, targets },
	});
	for (let attempt = 1; ; attempt++) {
		try {
			const id = await client.create(`Contracts/${plan.contractId}/Notes`, {
				contractID: plan.contractId,
				title: note.title,
				description: note.description,
			});
			return { ok: true, value: { id, title: note.title, description: note.description } };
		} catch (error) {
			if (isDefiniteRefusal(error) || attempt >= WRITE_ATTEMPTS) return { ok: false, error };
		}
		await pause(200 * attempt);
		// The note may have been written: its title marker finds it.
		try {
			const existing = await findNote(client, plan.contractId, note.marker);
			if (existing !== undefined)
				return {
					ok: true,
					value: { id: existing, title: note.title, description: note.description },
				};
		} catch (error) {
			return { ok: false, error };
		}
	}
}

/** Posts every changed service of the plan, then (if anything landed) the audit note. */
export async function writeContractPlan(
	client: AutotaskClient,
	plan: ContractPlan,
	options: WriteOptions,
): Promise<WriteResult> {
	const result: WriteResult = { applied: [], targets: {} };
	for (const change of plan.changes.filter((c) => c.status === 'change')) {
		const written = await postAdjustment(client, plan.contractId, change, options);
		if (!written.ok) {
			result.error = written.error;
			break;
		}
		result.applied.push(change);
	}
	for (const c of plan.changes) {
		if (c.status === 'unchanged' || result.applied.includes(c))
			result.targets[c.serviceId] = c.after;
	}
	if (options.writeNote && result.applied.length > 0) {
		// The note lists only what landed, so a partial failure is still audited truthfully.
		const appliedIds = new Set(result.applied.map((c) => c.serviceId));
		const audited: ContractPlan = {
			...plan,
			changes: plan.changes.map((c) =>
				appliedIds.has(c.serviceId) ? c : { ...c, status: 'unchanged' as const },
			),
		};
		const note = await postNote(client, audited, options, result.targets);
		if (note.ok) {
			result.noteId = note.value.id;
			result.noteTitle = note.value.title;
			result.noteDescription = note.value.description;
		} else {
			result.error ??= note.error;
		}
	}
	return result;
}

/** The write phase's results per contract id; `budget` is the refusal that stopped it, if the hourly budget ran out. */
export interface WrittenContracts {
	results: Map<number, WriteResult>;
	budget?: unknown;
}

/**
 * Writes each contract's plan, as many at once as Autotask lets one endpoint run. An exhausted hourly
 * budget refuses every further request: the contracts not started by then are left to the next run.
 */
export async function writeContracts(
	client: AutotaskClient,
	work: Array<{ plan: ContractPlan; usage: ContractUsage }>,
	options: Omit<WriteOptions, 'eventIds' | 'usageAsOf'>,
): Promise<WrittenContracts> {
	const written: WrittenContracts = { results: new Map() };
	await forEachLimited(work, ENDPOINT_THREADS, async ({ plan, usage }) => {
		if (written.budget) return;
		const result = await writeContractPlan(client, plan, {
			...options,
			eventIds: usage.eventIds,
			usageAsOf: usage.usageAsOf,
		});
		if (isBudgetSpent(result.error)) written.budget = result.error;
		written.results.set(plan.contractId, result);
	});
	return written;
}
