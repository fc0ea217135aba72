/**
 * Concurrent syncs of one contract ("twins"): two executions that read the same units and both post
 * the difference would count the change twice. Our contract notes are the shared log that tells them
 * apart: Autotask gives note ids in creation order, each run remembers the highest note id it had
 * seen before reading units, and each note records that watermark and the run's targets. A note
 * above a run's watermark but below its own note was written by a run whose adjustments this run
 * may not have seen. The earliest such note survives; every later run sets the units to the
 * survivor's targets and marks its own note superseded. Pure functions only; I/O is in
 * nodes/BdrSyncBilling/concurrentSyncs.ts.
 */

/** Per service id, the units a run set (or found already right). */
export type Targets = Record<string, number>;

/** Posting rounds before a correction that does not hold is reported as an error. */
export const CORRECTION_ROUNDS = 3;

export interface TwinCorrection {
	serviceId: number;
	/** Units found before the correction (this run's and the twin's changes both in). */
	before: number;
	/** The survivor's target. */
	after: number;
	/** Net units posted by the correction. */
	delta: number;
}

/** What settling one written contract found (nodes/BdrSyncBilling/concurrentSyncs.ts does the reads and writes). */
export interface TwinResult {
	status: 'none' | 'corrected' | 'unsettled' | 'failed';
	survivorNoteId?: number;
	survivorTargets?: Targets;
	corrections: TwinCorrection[];
	/** The own note carries the superseded line (false: the edit failed; the units are right regardless). */
	marked?: boolean;
	error?: unknown;
}

/** What a note records for other runs: the watermark its run read under, and its targets. */
export interface SyncState {
	/** Highest id of our notes the run had seen before it read units (null: none seen). */
	seen: number | null;
	targets: Targets;
}

export const SYNC_STATE_LABEL = 'Sync state:';
export const SUPERSEDED_LABEL = 'Superseded by note';
export const SUPERSEDED_TITLE_PREFIX = 'Superseded: ';

export function syncStateLine(state: SyncState): string {
	return `${SYNC_STATE_LABEL} ${JSON.stringify(state)}`;
}

/** The line a later run appends to its own note once it has set the units to the survivor's targets. */
export function supersededLine(survivorId: number, targets: Targets): string {
	return `${SUPERSEDED_LABEL} ${survivorId}: ${JSON.stringify({ survivor: survivorId, targets })}`;
}

function isTargets(value: unknown): value is Targets {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		Object.entries(value).every(([k, v]) => /^\d+$/.test(k) && Number.isInteger(v))
	);
}

function jsonAfter(description: string | undefined, label: string): unknown {
	const line = (description ?? '').split('\n').find((l) => l.startsWith(label));
	if (!line) return undefined;
	const start = line.indexOf('{');
	if (start < 0) return undefined;
	try {
		return JSON.parse(line.slice(start));
	} catch {
		return undefined;
	}
}

/** The sync state a note records; undefined for notes written before notes carried one, or edited by hand. */
export function parseSyncState(description: string | undefined): SyncState | undefined {
	const value = jsonAfter(description, SYNC_STATE_LABEL) as
		| { seen?: unknown; targets?: unknown }
		| undefined;
	if (!value || !isTargets(value.targets)) return undefined;
	const seen = typeof value.seen === 'number' && Number.isInteger(value.seen) ? value.seen : null;
	return { seen, targets: value.targets };
}

/** The survivor a superseded note points at, with the targets it was set to. */
export function parseSuperseded(
	description: string | undefined,
): { survivor: number; targets: Targets } | undefined {
	const value = jsonAfter(description, SUPERSEDED_LABEL) as
		| { survivor?: unknown; targets?: unknown }
		| undefined;
	if (!value || typeof value.survivor !== 'number' || !isTargets(value.targets)) return undefined;
	return { survivor: value.survivor, targets: value.targets };
}

export interface LoggedNote {
	id: number;
	description?: string;
}

export interface TwinInput {
	ownNoteId: number;
	ownTargets: Targets;
	/** This run's watermark (highest note id seen before reading units); undefined when it saw none. */
	seen: number | undefined;
	/** Ids of our notes on this contract returned by the read (used when there is no watermark). */
	readIds: Set<number>;
	/** Our notes on this contract as read after writing (may include ones from before the watermark). */
	notes: LoggedNote[];
	/** After the wait for other correcting runs has run out: decide with what is known. */
	force?: boolean;
}

export type TwinDecision =
	| { kind: 'none' }
	/** Other runs are still correcting: look again later (their notes get the superseded line). */
	| { kind: 'wait'; noteIds: number[] }
	| { kind: 'correct'; survivorId: number; targets: Targets };

/**
 * Whether another run wrote between our read and our note, and if so which note survives.
 * A lower note whose run is itself correcting (its own watermark lies below another note under it)
 * is waited for, so that corrections happen one after another in note order and never race.
 */
export function decideTwin(input: TwinInput): TwinDecision {
	const isNew = (id: number) =>
		input.seen !== undefined ? id > input.seen : !input.readIds.has(id);
	const lower = input.notes
		.filter((n) => n.id !== input.ownNoteId && n.id < input.ownNoteId && isNew(n.id))
		.sort((a, b) => a.id - b.id);
	if (!lower.length) return { kind: 'none' };

	const known = new Set<number>([...input.readIds, ...input.notes.map((n) => n.id)]);
	/** The run of note k posted on top of a note it had not seen: it corrects, and marks its note when done. */
	const correcting = (note: LoggedNote) => {
		const state = parseSyncState(note.description);
		if (!state) return false;
		const seen = state.seen ?? -1;
		return [...known].some((id) => id > seen && id < note.id);
	};

	const first = lower[0];
	const waitFor: number[] = [];
	let survivor: { survivorId: number; targets: Targets } | undefined;
	const superseded = parseSuperseded(first.description);
	if (superseded) {
		// The earliest unseen note was itself a twin: its survivor (seen by us) is the cluster's survivor.
		survivor = { survivorId: superseded.survivor, targets: superseded.targets };
	} else if (correcting(first) && !input.force) {
		waitFor.push(first.id);
	} else {
		const state = parseSyncState(first.description);
		// A note without targets (older version, or edited): keep ours, which at least counts the change once.
		survivor = { survivorId: first.id, targets: state?.targets ?? input.ownTargets };
	}
	for (const note of lower.slice(1)) {
		if (!parseSuperseded(note.description) && correcting(note)) waitFor.push(note.id);
	}
	if (waitFor.length && !input.force) return { kind: 'wait', noteIds: waitFor };
	if (!survivor) {
		const state = parseSyncState(first.description);
		survivor = { survivorId: first.id, targets: state?.targets ?? input.ownTargets };
	}
	return { kind: 'correct', ...survivor };
}

/** Newest usage a note shows as billed: superseded notes' usage was replaced, so it does not count. */
export function isSuperseded(note: { title?: string; description?: string }): boolean {
	return (
		parseSuperseded(note.description) !== undefined ||
		(note.title ?? '').startsWith(SUPERSEDED_TITLE_PREFIX)
	);
}
