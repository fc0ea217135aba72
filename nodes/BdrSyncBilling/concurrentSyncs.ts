/**
 * After a run has written, find concurrent twins (other executions that changed the same contract
 * between this run's read and its note) and converge on the survivor's targets. One batched notes
 * query per 500 changed contracts; more only for contracts that do have a twin. The decision rules
 * are pure (nodes/logic/billingTwins.ts); this file does the reads and writes.
 */
import { sleep } from 'n8n-workflow';

import type { AutotaskClient } from '../autotask/client';
import type { Filter } from '../autotask/types';
import { NOTE_MARKER_PREFIX } from '../logic/billingNote';
import type { ServiceChange } from '../logic/billingPlan';
import {
	CORRECTION_ROUNDS,
	decideTwin,
	supersededLine,
	SUPERSEDED_TITLE_PREFIX,
	type LoggedNote,
	type Targets,
	type TwinDecision,
	type TwinResult,
} from '../logic/billingTwins';
import { readContractUnits, type BilledNotes } from './readBillingState';
import {
	isDefiniteRefusal,
	postAdjustment,
	WRITE_ATTEMPTS,
	type WriteResult,
} from './writeBillingChanges';

/** Looks at a twin still correcting before deciding without it (its note gets the superseded line when done). */
export const WAIT_POLLS = 6;
const MAX_TITLE = 250;

export interface WrittenContract {
	contractId: number;
	noteId: number;
	noteTitle: string;
	noteDescription: string;
	/** This run's targets (recorded in its note). */
	targets: Targets;
	/** Services this run posted adjustments for: the ones a twin may have counted twice. */
	appliedServiceIds: number[];
}

export interface TwinOptions {
	effectiveDate: string;
	pause?: (ms: number) => Promise<void>;
}

interface NoteRow {
	id: number;
	contractID: number;
	title?: string;
	description?: string;
}

/** Our notes written since the run read: above the watermark, or (none seen) since the read's date bound. */
function newNotesFilter(billed: BilledNotes): Filter[] {
	return [
		{ op: 'contains', field: 'title', value: `[${NOTE_MARKER_PREFIX}` },
		billed.watermark !== undefined
			? { op: 'gt', field: 'id', value: billed.watermark }
			: { op: 'gt', field: 'lastActivityDate', value: billed.since },
	];
}

type Correction = Extract<TwinDecision, { kind: 'correct' }>;

/**
 * State-based: read, post the difference, read again; a write racing ours shows up in the next read.
 * False when the units did not converge on the survivor's targets (the result says why).
 */
async function convergeUnits(
	client: AutotaskClient,
	contract: WrittenContract,
	decision: Correction,
	options: TwinOptions,
	result: TwinResult,
): Promise<boolean> {
	const scope = contract.appliedServiceIds.filter((id) => decision.targets[id] !== undefined);
	const corrected = (serviceId: number, before: number, after: number) => {
		let entry = result.corrections.find((c) => c.serviceId === serviceId);
		if (!entry) result.corrections.push((entry = { serviceId, before, after, delta: 0 }));
		entry.delta += after - before;
	};
	try {
		for (let round = 0; ; round++) {
			const current = scope.length
				? await readContractUnits(client, contract.contractId, scope, options.effectiveDate)
				: new Map<number, number>();
			const off = scope.filter((id) => current.get(id) !== decision.targets[id]);
			if (!off.length) return true;
			if (round >= CORRECTION_ROUNDS) {
				result.status = 'unsettled';
				return false;
			}
			for (const serviceId of off) {
				const after = decision.targets[serviceId];
				const before = current.get(serviceId) ?? 0;
				const change = { serviceId, after, before, delta: after - before } as ServiceChange;
				const posted = await postAdjustment(client, contract.contractId, change, {
					effectiveDate: options.effectiveDate,
					writeNote: false,
					eventIds: [],
					pause: options.pause,
				});
				if (!posted.ok) {
					Object.assign(result, { status: 'failed' as const, error: posted.error });
					return false;
				}
				corrected(serviceId, before, after);
			}
		}
	} catch (error) {
		Object.assign(result, { status: 'failed' as const, error });
		return false;
	}
}

/**
 * The mark tells later twins this run is done, and readers that this note's units were replaced.
 * Setting fixed values is idempotent, so unlike an adjustment it may simply be sent again.
 */
async function markSuperseded(
	client: AutotaskClient,
	contract: WrittenContract,
	decision: Correction,
	options: TwinOptions,
	result: TwinResult,
): Promise<void> {
	const pause = options.pause ?? sleep;
	for (let attempt = 1; ; attempt++) {
		try {
			await client.update(`Contracts/${contract.contractId}/Notes`, {
				id: contract.noteId,
				title: `${SUPERSEDED_TITLE_PREFIX}${contract.noteTitle}`.slice(-MAX_TITLE),
				description: `${contract.noteDescription}\n${supersededLine(decision.survivorId, decision.targets)}`,
			});
			result.marked = true;
			return;
		} catch (error) {
			if (isDefiniteRefusal(error) || attempt >= WRITE_ATTEMPTS) {
				result.marked = false;
				result.error = error;
				return;
			}
		}
		await pause(200 * attempt);
	}
}

async function correct(
	client: AutotaskClient,
	contract: WrittenContract,
	decision: Correction,
	options: TwinOptions,
): Promise<TwinResult> {
	const result: TwinResult = {
		status: 'corrected',
		survivorNoteId: decision.survivorId,
		survivorTargets: decision.targets,
		corrections: [],
	};
	if (await convergeUnits(client, contract, decision, options, result))
		await markSuperseded(client, contract, decision, options, result);
	return result;
}

async function settleOne(
	client: AutotaskClient,
	contract: WrittenContract,
	first: NoteRow[],
	billed: BilledNotes,
	options: TwinOptions,
): Promise<TwinResult> {
	const pause = options.pause ?? sleep;
	const readIds = billed.readIds.get(contract.contractId) ?? new Set<number>();
	const decide = (notes: LoggedNote[], force = false) =>
		decideTwin({
			ownNoteId: contract.noteId,
			ownTargets: contract.targets,
			seen: billed.watermark,
			readIds,
			notes,
			force,
		});
	let decision = decide(first);
	for (let poll = 1; decision.kind === 'wait'; poll++) {
		if (poll > WAIT_POLLS) {
			decision = decide(first, true);
			break;
		}
		await pause(250 * poll);
		first = await client.query<NoteRow>('ContractNotes', {
			filter: [
				{ op: 'eq', field: 'contractID', value: contract.contractId },
				...newNotesFilter(billed),
			],
			includeFields: ['contractID', 'title', 'description'],
		});
		decision = decide(first);
	}
	if (decision.kind !== 'correct') return { status: 'none', corrections: [] };
	return correct(client, contract, decision, options);
}

/** Checks every contract this run wrote a note on; returns a result per contract id. */
export async function settleConcurrentSyncs(
	client: AutotaskClient,
	written: WrittenContract[],
	billed: BilledNotes,
	options: TwinOptions,
): Promise<Map<number, TwinResult>> {
	const results = new Map<number, TwinResult>();
	if (!written.length) return results;
	let notes: NoteRow[];
	try {
		notes = await client.queryIn<NoteRow>(
			'ContractNotes',
			'contractID',
			written.map((w) => w.contractId),
			{
				filter: newNotesFilter(billed),
				includeFields: ['contractID', 'title', 'description'],
			},
		);
	} catch (error) {
		for (const w of written)
			results.set(w.contractId, { status: 'failed', corrections: [], error });
		return results;
	}
	const byContract = new Map<number, NoteRow[]>();
	for (const n of notes) byContract.set(n.contractID, [...(byContract.get(n.contractID) ?? []), n]);
	// In parallel, so that a wait on one contract never holds up another run waiting on us elsewhere
	// (the client keeps the requests within Autotask's thread limit).
	await Promise.all(
		written.map(async (w) => {
			const settled = await settleOne(
				client,
				w,
				byContract.get(w.contractId) ?? [],
				billed,
				options,
			).catch((error: unknown): TwinResult => ({ status: 'failed', corrections: [], error }));
			results.set(w.contractId, settled);
		}),
	);
	return results;
}

/** The contracts a run changed and noted (what a twin may have counted twice), from its write results. */
export function writtenContracts(results: Map<number, WriteResult>): WrittenContract[] {
	const written: WrittenContract[] = [];
	for (const [contractId, r] of results) {
		if (r.noteId === undefined || r.noteDescription === undefined || r.applied.length === 0)
			continue;
		written.push({
			contractId,
			noteId: r.noteId,
			noteTitle: r.noteTitle ?? '',
			noteDescription: r.noteDescription,
			targets: r.targets,
			appliedServiceIds: r.applied.map((c) => c.serviceId),
		});
	}
	return written;
}
