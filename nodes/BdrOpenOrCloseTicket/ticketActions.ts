/**
 * The writes behind each decision of the pure model (ticketDecision.ts). Each returns the item's
 * result and the key's state after what really happened, so the next event of the key is decided
 * on Autotask's state, not on what was planned.
 */
import { isRefused } from '../autotask/errors';
import { refusalFix } from '../autotask/refusalFixes';
import { ALERT_KEY_FIELD } from '../logic/alertKey';
import {
	stateAfter,
	survivorOf,
	type KeyState,
	type OpenTicket,
	type TicketAction,
} from '../logic/ticketDecision';
import {
	duplicateNoteDescription,
	duplicateNoteTitle,
	duplicateResolution,
	reopenNoteTitle,
	repeatNoteDescription,
	repeatNoteTitle,
	resolutionNoteDescription,
	resolutionNoteTitle,
	resolutionText,
	ticketDescription,
	ticketTitle,
	uncountedRepeatTitle,
} from '../logic/ticketText';
import type { BatchItem, ItemResult } from './batchTypes';
import type { KeyRead } from './keyStates';
import { picklistNumber } from './ticketClient';
import { settle, type TicketWrites } from './ticketWrites';

export interface ActContext {
	writes: TicketWrites;
	read: KeyRead;
	now: () => Date;
	/** Re-reads one key's state from Autotask (after a refusal, or to look for a concurrent write). */
	reread: (key: string, withNotes?: boolean) => Promise<KeyState>;
}

export type Step = { result: Omit<ItemResult, 'alertKey'>; state: KeyState };

type Of<K extends TicketAction['kind']> = Extract<TicketAction, { kind: K }>;

const label = (ctx: ActContext, id: number) => ctx.read.numbers.get(id) ?? String(id);

export async function performCreate(
	ctx: ActContext,
	item: BatchItem,
	action: Of<'create'>,
	state: KeyState,
): Promise<Step> {
	const made = await ctx.writes.createTicket(
		item.key,
		createBody(item, action.priority, ctx.now()),
	);
	// One read finds a twin a concurrent run created, and a recovery recorded while we created.
	return settleCreated(ctx, item, action, state, made, await ctx.reread(item.key, false), true);
}

/** What becomes of the ticket we created, given the key's state read after it: kept, closed as stale, or handed over to a twin. */
async function settleCreated(
	ctx: ActContext,
	item: BatchItem,
	action: Of<'create'>,
	state: KeyState,
	made: { ours: number; recovered: boolean },
	after: KeyState,
	mayRetry: boolean,
	why = '',
): Promise<Step> {
	const open = after.open.some((t) => t.id === made.ours)
		? after.open
		: [...after.open, { id: made.ours, repeatCount: 0, eventIds: [item.event.eventId] }];
	const survivor = survivorOf(open)!;
	const next: KeyState = { open, lastClosed: after.lastClosed ?? state.lastClosed };
	const newerRecovery =
		after.lastClosed?.recoveredAt &&
		Date.parse(after.lastClosed.recoveredAt) > Date.parse(item.event.occurredAt);
	if (newerRecovery) {
		// A recovery newer than this alert landed while the create was in flight: the alert is over.
		await closeTicket(ctx, item, made.ours);
		return {
			result: {
				outcome: 'ignored',
				reasonCode: 'stale_event',
				ticketId: made.ours,
				reason: `${why}a recovery at ${after.lastClosed!.recoveredAt}, newer than this alert, was recorded meanwhile: the ticket was closed again`,
			},
			state: { ...next, open: open.filter((t) => t.id !== made.ours) },
		};
	}
	if (survivor.id === made.ours) {
		const lost = made.recovered
			? ' (the answer to the create was lost; the ticket was found by re-reading)'
			: '';
		return {
			result: { outcome: 'created', ticketId: made.ours, reason: why + action.reason + lost },
			state: next,
		};
	}
	const settled = await yieldToTwin(ctx, item, survivor, made.ours, next, mayRetry, why);
	return settled === 'twinClosed'
		? settleCreated(
				ctx,
				item,
				action,
				state,
				made,
				await ctx.reread(item.key, false),
				false,
				twinClosedReason(survivor),
			)
		: settled;
}

const twinClosedReason = (twin: { id: number; ticketNumber?: string }) =>
	`ticket ${twin.ticketNumber ?? twin.id}, opened for this alert by a concurrent run, was closed before this event could be noted on it; `;

/**
 * A concurrent run created the same alert's ticket first: ours goes, theirs (the survivor) stays.
 * The survivor records this event before ours is closed, so a recovery that closes the survivor
 * meanwhile (its note is refused: 'twinClosed') leaves ours open to be decided on again, not both closed.
 */
async function yieldToTwin(
	ctx: ActContext,
	item: BatchItem,
	survivor: OpenTicket,
	ours: number,
	next: KeyState,
	mayRetry: boolean,
	why: string,
): Promise<Step | 'twinClosed'> {
	const sameEvent = survivor.eventIds?.includes(item.event.eventId) ?? false;
	// A twin made by another delivery of this same event already records it: no repeat note.
	if (!sameEvent) {
		const noted = await settle(
			ctx.writes.addNote(
				survivor.id,
				uncountedRepeatTitle(item.event.occurredAt),
				repeatNoteDescription(item.event),
			),
		);
		if (!noted.ok) {
			if (!mayRetry || !isRefused(noted.error) || !(await ctx.writes.closedSince(survivor.id)))
				throw noted.error;
			return 'twinClosed';
		}
	}
	await ctx.writes.addNote(
		ours,
		duplicateNoteTitle(),
		duplicateNoteDescription({ id: survivor.id, ticketNumber: survivor.ticketNumber }, item.key),
	);
	await ctx.writes.updateTicket(ours, {
		status: item.settings.statusClose,
		resolution: duplicateResolution({ id: survivor.id, ticketNumber: survivor.ticketNumber }),
	});
	const which = sameEvent ? 'this same event' : 'this alert';
	return {
		result: {
			outcome: sameEvent ? 'duplicate' : 'noted',
			ticketId: survivor.id,
			reason: `${why}a concurrent run opened ticket ${survivor.ticketNumber ?? survivor.id} for ${which} first; the duplicate ${ours} was closed pointing at it`,
		},
		state: { ...next, open: next.open.filter((t) => t.id !== ours) },
	};
}

/** A note on a ticket closed meanwhile is refused: the key is re-read and the event decided again. */
export async function performNote(
	ctx: ActContext,
	item: BatchItem,
	action: Of<'note'>,
	state: KeyState,
): Promise<Step | 'closedMeanwhile'> {
	const s = item.settings;
	const event = item.event;
	const title = s.countRepeats
		? repeatNoteTitle(action.repeatCount, event.occurredAt)
		: uncountedRepeatTitle(event.occurredAt);
	const raisedLabel = action.raisePriorityTo;
	const noted = await settle(
		ctx.writes.addNote(
			action.ticketId,
			title,
			repeatNoteDescription(event, raisedLabel ? (s.errorPriorityLabel ?? raisedLabel) : undefined),
		),
	);
	if (!noted.ok) {
		if (!isRefused(noted.error)) throw noted.error;
		if (await ctx.writes.closedSince(action.ticketId)) return 'closedMeanwhile';
		const fix =
			refusalFix(noted.error.errors) ??
			(noted.error.status === 403
				? "Give the API user's security level permission to add ticket notes"
				: 'Fix what Autotask names in Autotask');
		throw new NoteRefusedError(
			`Autotask refused the note on open ticket ${label(ctx, action.ticketId)} (${noted.error.status}: ${noted.error.errors.join('; ') || 'no reason given'}). ${fix.replace(/\.$/, '')}; then run the event again.`,
		);
	}
	let reason = action.reason;
	let applied: TicketAction = action;
	if (raisedLabel) {
		const raised = await settle(
			ctx.writes.updateTicket(action.ticketId, { priority: raisedLabel }),
		);
		if (!raised.ok) {
			reason = `repeat noted, but the priority could not be raised: ${(raised.error as Error).message}`;
			applied = { ...action, raisePriorityTo: undefined };
		}
	}
	return {
		result: { outcome: 'noted', ticketId: action.ticketId, reason },
		state: stateAfter(state, applied, event),
	};
}

export async function performOkNote(
	ctx: ActContext,
	item: BatchItem,
	action: Of<'okNote'>,
	state: KeyState,
): Promise<Step> {
	await ctx.writes.addNote(
		action.ticketId,
		resolutionNoteTitle(item.event),
		resolutionNoteDescription(item.event, false),
	);
	return { result: { outcome: 'noted', ticketId: action.ticketId, reason: action.reason }, state };
}

/** Closing sends the status and the resolution in one PATCH: one write per ticket. */
export async function performClose(
	ctx: ActContext,
	item: BatchItem,
	action: Of<'close'>,
	state: KeyState,
): Promise<Step> {
	for (const id of action.ticketIds) await closeTicket(ctx, item, id);
	return {
		result: { outcome: 'closed', ticketId: action.ticketIds[0], reason: action.reason },
		state: stateAfter(state, action, item.event),
	};
}

async function closeTicket(ctx: ActContext, item: BatchItem, id: number): Promise<void> {
	await ctx.writes.updateTicket(id, {
		status: item.settings.statusClose,
		resolution: resolutionText(item.event, ctx.read.resolutions.get(id)),
	});
}

export async function performReopen(
	ctx: ActContext,
	item: BatchItem,
	action: Of<'reopen'>,
	state: KeyState,
): Promise<Step> {
	await ctx.writes.updateTicket(action.ticketId, {
		status: item.settings.statusNew,
		priority: action.priority,
	});
	await ctx.writes.addNote(
		action.ticketId,
		reopenNoteTitle(item.event.occurredAt),
		repeatNoteDescription(item.event),
	);
	return {
		result: { outcome: 'reopened', ticketId: action.ticketId, reason: action.reason },
		state: stateAfter(state, action, item.event),
	};
}

function createBody(item: BatchItem, priority: string, now: Date): Record<string, unknown> {
	const s = item.settings;
	const body: Record<string, unknown> = {
		companyID: item.companyId,
		title: ticketTitle(s.prefix, item.event),
		description: ticketDescription(item.event, item.key),
		status: picklistNumber(s.statusNew),
		priority: picklistNumber(priority),
		queueID: picklistNumber(s.queueID),
		[ALERT_KEY_FIELD]: item.key,
	};
	if (s.issueType) body.issueType = picklistNumber(s.issueType);
	if (s.subIssueType) body.subIssueType = picklistNumber(s.subIssueType);
	if (s.source) body.source = picklistNumber(s.source);
	if (s.dueHours > 0)
		body.dueDateTime = new Date(now.getTime() + s.dueHours * 3600_000).toISOString();
	if (s.workType) body.billingCodeID = picklistNumber(s.workType);
	if (s.attachContract && item.contractId) body.contractID = item.contractId;
	return body;
}

/** Autotask refused a note on a ticket that is still open (permissions): the event must not be dropped silently. */
export class NoteRefusedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NoteRefusedError';
	}
}
