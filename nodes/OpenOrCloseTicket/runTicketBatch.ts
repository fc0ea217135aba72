/**
 * One execution's events against Autotask: one read for the open tickets of every key in the
 * batch (and one for their repeat counts), then each key's events in order through the pure
 * decision, acting on the answer of each write before deciding the next event.
 */
import { BUDGET_NOT_TRIED, BUDGET_SPENT } from '../autotask/budget';
import { AutotaskApiError, isBudgetSpent, isRefused } from '../autotask/errors';
import { ENDPOINT_THREADS, forEachLimited } from '../autotask/limiter';
import { refusalFix } from '../autotask/refusalFixes';
import { ALERT_KEY_FIELD } from '../logic/alertKey';
import type { NormalisedEvent } from '../logic/eventSchema';
import { decideEvent, groupByKey, survivorOf, type OpenTicket, type TicketAction } from '../logic/ticketDecision';
import {
	duplicateNoteDescription, duplicateNoteTitle, parseRepeatCount, repeatNoteDescription, repeatNoteTitle,
	resolutionNoteDescription, resolutionNoteTitle, ticketDescription, ticketTitle, uncountedRepeatTitle,
} from '../logic/ticketText';
import { TICKET_FIELDS, picklistNumber, type TicketClient, type TicketRecord } from './ticketClient';
import { TicketWrites, sameKey, settle } from './ticketWrites';
import type { NoteDefaults, ResolvedSettings } from './resolvedSettings';

export type Outcome = 'created' | 'noted' | 'closed' | 'ignored' | 'skipped' | 'budget' | 'error';

export interface BatchItem {
	index: number;
	event: NormalisedEvent;
	key: string;
	companyId: number;
	contractId?: number;
	settings: ResolvedSettings;
}

export interface ItemResult {
	outcome: Outcome;
	reason: string;
	alertKey: string;
	ticketId?: number;
	ticketNumber?: string;
	error?: unknown;
}

export interface BatchOptions {
	closedStatuses: string[];
	notes: NoteDefaults;
	now?: () => Date;
	/** Keys worked on at once (Autotask allows 3 requests in flight per entity). */
	concurrency?: number;
}

export async function runTicketBatch(client: TicketClient, items: BatchItem[], options: BatchOptions): Promise<Map<number, ItemResult>> {
	const results = new Map<number, ItemResult>();
	if (!items.length) return results;
	const writes = new TicketWrites(client, options.closedStatuses, options.notes);
	const now = options.now ?? (() => new Date());

	const keys = Array.from(new Set(items.map((i) => i.key)));
	const found = await client.queryIn<TicketRecord>('Tickets', ALERT_KEY_FIELD, keys, {
		filter: [{ op: 'notIn', field: 'status', value: options.closedStatuses.map(picklistNumber) }],
		includeFields: TICKET_FIELDS,
	});
	const openByKey = new Map<string, TicketRecord[]>();
	for (const ticket of found) {
		const key = keys.find((k) => sameKey(ticket.externalID, k));
		if (key) openByKey.set(key, [...(openByKey.get(key) ?? []), ticket]);
	}

	const repeats = await readRepeatCounts(client, items, openByKey);
	const groups = groupByKey(items.map((i) => ({ key: i.key, occurredAt: i.event.occurredAt })));
	let budgetError: unknown;

	const runKey = async (key: string, indexes: number[]) => {
		const numbers = new Map<number, string | undefined>();
		let state: OpenTicket[] = (openByKey.get(key) ?? []).map((t) => {
			numbers.set(t.id, t.ticketNumber);
			return { id: t.id, ticketNumber: t.ticketNumber, priority: t.priority === undefined ? undefined : String(t.priority), repeatCount: repeats.get(t.id) ?? 0 };
		});
		for (const i of indexes) {
			const item = items[i];
			const base = { alertKey: key };
			if (budgetError) {
				results.set(item.index, { ...base, outcome: 'budget', reason: BUDGET_NOT_TRIED });
				continue;
			}
			try {
				const step = await act(item, state, numbers);
				state = step.state;
				results.set(item.index, { ...base, ...step.result, ticketNumber: step.result.ticketId ? numbers.get(step.result.ticketId) : undefined });
			} catch (error) {
				if (isBudgetSpent(error)) {
					// Not a failure of the event: stop spending; the next run (or the BDR's next event) handles it.
					budgetError = error;
					results.set(item.index, { ...base, outcome: 'budget', reason: BUDGET_SPENT });
					continue;
				}
				results.set(item.index, { ...base, outcome: 'error', reason: errorReason(error), error });
			}
		}
	};

	const act = async (item: BatchItem, state: OpenTicket[], numbers: Map<number, string | undefined>, prelude = '') => {
		const s = item.settings;
		const event = item.event;
		const action = decideEvent({ rules: s.rules, priority: s.priority, errorPriority: s.errorPriority }, event, state);
		const done = (result: Omit<ItemResult, 'alertKey'>, next: OpenTicket[] = state) => ({ result: { ...result, reason: prelude + result.reason }, state: next });

		switch (action.kind) {
			case 'skip':
				return done({ outcome: 'skipped', reason: action.reason });
			case 'ignore':
				return done({ outcome: 'ignored', reason: action.reason });
			case 'create': {
				const body = createBody(item, action.priority, now());
				const made = await writes.createTicket(item.key, body);
				for (const t of made.open) numbers.set(t.id, t.ticketNumber ?? numbers.get(t.id));
				const survivor = survivorOf(made.open)!;
				const next: OpenTicket[] = made.open.map((t) => ({
					id: t.id, ticketNumber: t.ticketNumber, priority: t.priority === undefined ? undefined : String(t.priority),
					repeatCount: state.find((o) => o.id === t.id)?.repeatCount ?? 0,
				}));
				if (survivor.id === made.ours) {
					const lost = made.recovered ? ' (the answer to the create was lost; the ticket was found by re-reading)' : '';
					return done({ outcome: 'created', ticketId: made.ours, reason: action.reason + lost }, next);
				}
				// A concurrent run created the same alert's ticket first: ours goes, theirs stays.
				await writes.addNote(made.ours, duplicateNoteTitle(), duplicateNoteDescription({ id: survivor.id, ticketNumber: survivor.ticketNumber }, item.key));
				await writes.updateTicket(made.ours, { status: s.statusClose });
				await writes.addNote(survivor.id, uncountedRepeatTitle(event.occurredAt), repeatNoteDescription(event));
				return done(
					{ outcome: 'noted', ticketId: survivor.id, reason: `a concurrent run opened ticket ${survivor.ticketNumber ?? survivor.id} for this alert first; the duplicate ${made.ours} was closed pointing at it` },
					next.filter((t) => t.id !== made.ours),
				);
			}
			case 'note': {
				const title = s.countRepeats ? repeatNoteTitle(action.repeatCount, event.occurredAt) : uncountedRepeatTitle(event.occurredAt);
				const raisedLabel = action.raisePriorityTo;
				const noted = await settle(writes.addNote(action.ticketId, title, repeatNoteDescription(event, raisedLabel ? s.errorPriorityLabel ?? raisedLabel : undefined)));
				if (!noted.ok) {
					if (!isRefused(noted.error)) throw noted.error;
					if (await writes.closedSince(action.ticketId)) {
						// Someone closed it between our read and the note: a new ticket, never a lost event.
						return act(item, state.filter((t) => t.id !== action.ticketId), numbers, `ticket ${numbers.get(action.ticketId) ?? action.ticketId} was closed before the note could be added; `);
					}
					const fix =
						refusalFix(noted.error.errors) ??
						(noted.error.status === 403 ? "Give the API user's security level permission to add ticket notes" : 'Fix what Autotask names in Autotask');
					throw new NoteRefusedError(
						`Autotask refused the note on open ticket ${numbers.get(action.ticketId) ?? action.ticketId} (${noted.error.status}: ${noted.error.errors.join('; ') || 'no reason given'}). ${fix.replace(/\.$/, "")}; then run the event again.`,
					);
				}
				let reason = action.reason;
				if (raisedLabel) {
					const raised = await settle(writes.updateTicket(action.ticketId, { priority: raisedLabel }));
					if (!raised.ok) reason = `repeat noted, but the priority could not be raised: ${errorReason(raised.error)}`;
				}
				const next = state.map((t) => (t.id === action.ticketId ? { ...t, repeatCount: action.repeatCount, priority: reason === action.reason ? raisedLabel ?? t.priority : t.priority } : t));
				return done({ outcome: 'noted', ticketId: action.ticketId, reason }, next);
			}
			case 'okNote': {
				await writes.addNote(action.ticketId, resolutionNoteTitle(event), resolutionNoteDescription(event, false));
				return done({ outcome: 'noted', ticketId: action.ticketId, reason: action.reason });
			}
			case 'close':
				return done(await closeAll(writes, action, item), state.filter((t) => !action.ticketIds.includes(t.id)));
		}
	};

	await forEachLimited([...groups.entries()], options.concurrency ?? ENDPOINT_THREADS, ([key, indexes]) => runKey(key, indexes));
	return results;
}

async function closeAll(writes: TicketWrites, action: Extract<TicketAction, { kind: 'close' }>, item: BatchItem): Promise<Omit<ItemResult, 'alertKey'>> {
	const already: number[] = [];
	for (const id of action.ticketIds) {
		const noted = await settle(writes.addNote(id, resolutionNoteTitle(item.event), resolutionNoteDescription(item.event, true)));
		if (!noted.ok) {
			if (isRefused(noted.error) && (await writes.closedSince(id))) {
				already.push(id);
				continue;
			}
			throw noted.error;
		}
		await writes.updateTicket(id, { status: item.settings.statusClose });
	}
	const reason = already.length === action.ticketIds.length ? 'the BDR reported OK; the ticket had already been closed by someone else' : action.reason;
	return { outcome: 'closed', ticketId: action.ticketIds[0], reason };
}

/** Repeat counts of the open tickets that this batch may note, in one query. */
async function readRepeatCounts(client: TicketClient, items: BatchItem[], openByKey: Map<string, TicketRecord[]>): Promise<Map<number, number>> {
	const counts = new Map<number, number>();
	const ids = new Set<number>();
	for (const item of items) {
		const open = openByKey.get(item.key);
		if (open?.length && item.settings.countRepeats && item.event.severity !== 'ok' && item.event.severity !== 'info') {
			for (const t of open) ids.add(t.id);
		}
	}
	if (!ids.size) return counts;
	const notes = await client.queryIn<{ ticketID: number; title: string }>('TicketNotes', 'ticketID', [...ids], {
		filter: [{ op: 'beginsWith', field: 'title', value: 'Repeated ' }],
		includeFields: ['ticketID', 'title'],
	});
	const titles = new Map<number, string[]>();
	for (const n of notes) titles.set(n.ticketID, [...(titles.get(n.ticketID) ?? []), n.title]);
	for (const [id, list] of titles) counts.set(id, parseRepeatCount(list));
	return counts;
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
	if (s.dueHours > 0) body.dueDateTime = new Date(now.getTime() + s.dueHours * 3600_000).toISOString();
	if (s.workType) body.billingCodeID = picklistNumber(s.workType);
	if (s.attachContract && item.contractId) body.contractID = item.contractId;
	return body;
}

function errorReason(error: unknown): string {
	if (error instanceof AutotaskApiError) {
		if (isBudgetSpent(error)) return BUDGET_SPENT;
		return `Autotask answered ${error.status}: ${error.errors.join('; ') || 'no reason given'}`;
	}
	return error instanceof Error ? error.message : String(error);
}

/** Autotask refused a note on a ticket that is still open (permissions): the event must not be dropped silently. */
export class NoteRefusedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NoteRefusedError';
	}
}
