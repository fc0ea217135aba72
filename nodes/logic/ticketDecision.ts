/**
 * What to do with one BDR event given what Autotask records for its alert key (pure). The node
 * reads the key's open tickets (and its latest closed one) once per batch, then walks each key's
 * events in order through `decideEvent`, moving to `stateAfter` after every write it really made.
 *
 * The rule it keeps (issue #14, "convergence"): whatever the order, duplication or delay of a key's
 * events, once all are processed Autotask shows what processing them in occurredAt order would
 * show. So late events never undo newer ones, a redelivered event changes nothing, and repeats of an
 * unchanged polled state add no note unless the user asks for one.
 */
import { type Severity, severityRank } from './eventTypes';
import type { NotificationRules } from './ticketSettings';
import { isQuietTime, type QuietHours } from './quietHours';

export interface DecisionEvent {
	eventId: string;
	type: string;
	severity: Severity;
	occurredAt: string;
	message?: string;
	/** When the vendor says the failing state began (poll sources). */
	failingSince?: string;
}

/** A problem event as a ticket records it (creation description or repeat note). */
export interface RecordedProblem {
	eventId: string;
	occurredAt: string;
	severity?: Severity;
	message?: string;
	failingSince?: string;
}

/** An open ticket for the key, as Autotask records it. */
export interface OpenTicket {
	id: number;
	ticketNumber?: string;
	/** Picklist value of the ticket's current priority. */
	priority?: string;
	/** Repeats already recorded in the ticket's notes. */
	repeatCount: number;
	/** Ids of the events recorded on the ticket (deliveries of these are not repeats). */
	eventIds?: string[];
	/** The newest problem recorded on the ticket (by occurredAt). */
	latest?: RecordedProblem;
}

/** The key's most recently closed ticket, within the look-back window. */
export interface ClosedTicket {
	id: number;
	ticketNumber?: string;
	/** occurredAt of the OK that closed it, when this integration closed it; undefined when a person did. */
	recoveredAt?: string;
}

export interface KeyState {
	open: OpenTicket[];
	lastClosed?: ClosedTicket;
}

export type NoteRepeats = 'every' | 'stateChange' | 'interval';

/** Picklist values and options the decision compares with. */
export interface DecisionSettings {
	rules: NotificationRules;
	priority: string;
	/** Separate priority for error/critical; empty when not set. */
	errorPriority?: string;
	/** Which repeats get a note (default every distinct event). */
	noteRepeats?: NoteRepeats;
	/** With 'interval': a reminder note when the last recorded event is at least this old. */
	noteIntervalHours?: number;
	/** A problem this soon after the integration closed the key's ticket reopens that ticket (0: off). */
	reopenWithinHours?: number;
	/** With `failingSince`: no ticket until the failure has lasted this long (0: off). */
	openAfterMinutes?: number;
	quietHours?: QuietHours;
}

export type IgnoreCode =
	| 'no_ticket'
	| 'not_opening'
	| 'stale_event'
	| 'state_unchanged'
	| 'not_failing_long_enough'
	| 'quiet_hours';

export type TicketAction =
	| { kind: 'skip'; reason: string }
	| { kind: 'ignore'; code: IgnoreCode; reason: string; recheck?: boolean }
	| { kind: 'duplicate'; ticketId?: number; reason: string }
	| { kind: 'create'; priority: string; reason: string }
	| { kind: 'reopen'; ticketId: number; priority: string; reason: string }
	| {
			kind: 'note';
			ticketId: number;
			repeatCount: number;
			raisePriorityTo?: string;
			reason: string;
	  }
	| { kind: 'okNote'; ticketId: number; reason: string }
	| { kind: 'close'; ticketIds: number[]; reason: string };

/** An OK younger than this that finds no ticket is checked again: a create for its key may still be landing. */
export const RECHECK_FRESH_MS = 10 * 60_000;

export function isProblem(severity: Severity): boolean {
	return severityRank(severity) >= severityRank('warning');
}

export function priorityFor(settings: DecisionSettings, severity: Severity): string {
	return severityRank(severity) >= severityRank('error') && settings.errorPriority
		? settings.errorPriority
		: settings.priority;
}

/** The ticket a key's events act on when several are open: the oldest (lowest id). */
export function survivorOf<T extends { id: number }>(tickets: T[]): T | undefined {
	return tickets.reduce<T | undefined>(
		(low, t) => (low === undefined || t.id < low.id ? t : low),
		undefined,
	);
}

const time = (iso: string | undefined) => (iso ? Date.parse(iso) : NaN);
const before = (a: string | undefined, b: string | undefined) => time(a) < time(b);

export function decideEvent(
	settings: DecisionSettings,
	event: DecisionEvent,
	state: KeyState,
	now: Date,
): TicketAction {
	if (event.severity === 'ok') return decideOk(settings, event, state, now);
	if (!typeAllowed(settings.rules, event.type)) {
		return {
			kind: 'skip',
			reason: `event type "${event.type}" is not selected in Notification Rules > Event Types`,
		};
	}
	const recorded = event.eventId
		? state.open.find((t) => t.eventIds?.includes(event.eventId))
		: undefined;
	if (recorded)
		return {
			kind: 'duplicate',
			ticketId: recorded.id,
			reason: `event ${event.eventId} is already recorded on this ticket: a redelivery, not a repeat`,
		};
	const ticket = survivorOf(state.open);
	if (ticket && isProblem(event.severity)) return decideRepeat(settings, event, ticket);
	return decideOpen(settings, event, state, now);
}

function decideOk(
	settings: DecisionSettings,
	event: DecisionEvent,
	state: KeyState,
	now: Date,
): TicketAction {
	const { rules } = settings;
	if (state.open.length) {
		// A late OK must not close a ticket that records a newer problem.
		const closable = state.open.filter((t) => !before(event.occurredAt, t.latest?.occurredAt));
		if (!closable.length) {
			return {
				kind: 'ignore',
				code: 'stale_event',
				reason: `OK from ${event.occurredAt} is older than the latest problem recorded on the open ticket; the ticket stays open`,
			};
		}
		if (!rules.okCloses) {
			return {
				kind: 'okNote',
				ticketId: survivorOf(closable)!.id,
				reason:
					'the BDR reported OK; "OK Events Close Tickets" is off, so the ticket stays open with a note',
			};
		}
		return {
			kind: 'close',
			ticketIds: closable.map((t) => t.id).sort((a, b) => a - b),
			reason: 'the BDR reported OK: resolution recorded, ticket closed',
		};
	}
	if (rules.okOpens && typeAllowed(rules, event.type)) {
		return {
			kind: 'create',
			priority: settings.priority,
			reason: 'OK event and "OK Events Open Tickets" is on',
		};
	}
	const fresh = now.getTime() - time(event.occurredAt) < RECHECK_FRESH_MS;
	return {
		kind: 'ignore',
		code: 'no_ticket',
		reason: 'OK event and no open ticket for this alert',
		recheck: fresh,
	};
}

function decideRepeat(
	settings: DecisionSettings,
	event: DecisionEvent,
	ticket: OpenTicket,
): TicketAction {
	const mode = settings.noteRepeats ?? 'every';
	if (mode !== 'every' && ticket.latest && !stateChanged(ticket.latest, event)) {
		const hours = settings.noteIntervalHours ?? 0;
		const sinceLast = (time(event.occurredAt) - time(ticket.latest.occurredAt)) / 3_600_000;
		if (mode === 'stateChange' || !(hours > 0 && sinceLast >= hours)) {
			return {
				kind: 'ignore',
				code: 'state_unchanged',
				reason: `the same state as the last one recorded on the ticket (${ticket.latest.occurredAt}): no note (Note Repeats)`,
			};
		}
	}
	const want = priorityFor(settings, event.severity);
	// Raise only from the priority this node gave a warning: a technician's own choice is kept.
	const raise =
		want !== settings.priority && ticket.priority === settings.priority ? want : undefined;
	return {
		kind: 'note',
		ticketId: ticket.id,
		repeatCount: ticket.repeatCount + 1,
		raisePriorityTo: raise,
		reason: raise
			? 'repeat of an open alert; severity rose, priority raised'
			: 'repeat of an open alert: note added',
	};
}

/** Severity, message or the vendor's failing-since time differ from what the ticket last recorded. */
export function stateChanged(last: RecordedProblem, event: DecisionEvent): boolean {
	// Texts on the ticket may be cut to Autotask's limits: their head is what tells a new state.
	const same = (a: string | undefined, b: string | undefined) =>
		(a ?? '').trim().slice(0, 500) === (b ?? '').trim().slice(0, 500);
	return (
		(last.severity !== undefined && last.severity !== event.severity) ||
		!same(last.message, event.message) ||
		!same(last.failingSince, event.failingSince)
	);
}

function decideOpen(
	settings: DecisionSettings,
	event: DecisionEvent,
	state: KeyState,
	now: Date,
): TicketAction {
	const closed = state.lastClosed;
	if (closed?.recoveredAt && before(event.occurredAt, closed.recoveredAt)) {
		return {
			kind: 'ignore',
			code: 'stale_event',
			reason: `problem from ${event.occurredAt} is older than the recovery (${closed.recoveredAt}) that closed ticket ${closed.ticketNumber ?? closed.id}`,
		};
	}
	if (!settings.rules.openSeverities.includes(event.severity)) {
		return {
			kind: 'ignore',
			code: 'not_opening',
			reason: `severity "${event.severity}" does not open tickets (Notification Rules > Severities That Open Tickets)`,
		};
	}
	const waitMinutes = settings.openAfterMinutes ?? 0;
	const failingMinutes = (now.getTime() - time(event.failingSince)) / 60_000;
	if (waitMinutes > 0 && failingMinutes < waitMinutes) {
		return {
			kind: 'ignore',
			code: 'not_failing_long_enough',
			reason: `failing for ${Math.max(0, Math.floor(failingMinutes))} of the ${waitMinutes} minutes Open Only After asks for`,
		};
	}
	if (settings.quietHours && isQuietTime(settings.quietHours, now)) {
		return {
			kind: 'ignore',
			code: 'quiet_hours',
			reason: 'quiet hours: the problem is counted here but no ticket is opened until they end',
		};
	}
	const priority = priorityFor(settings, event.severity);
	const reopenHours = settings.reopenWithinHours ?? 0;
	if (
		closed?.recoveredAt &&
		reopenHours > 0 &&
		(time(event.occurredAt) - time(closed.recoveredAt)) / 3_600_000 <= reopenHours
	) {
		return {
			kind: 'reopen',
			ticketId: closed.id,
			priority,
			reason: `failed again within ${reopenHours} h of the recovery that closed ticket ${closed.ticketNumber ?? closed.id}: reopened`,
		};
	}
	return {
		kind: 'create',
		priority,
		reason: `${event.severity} with no open ticket for this alert`,
	};
}

function typeAllowed(rules: NotificationRules, type: string): boolean {
	return rules.eventTypes.length === 0 || rules.eventTypes.includes(type);
}

function recordedFrom(event: DecisionEvent): RecordedProblem {
	return {
		eventId: event.eventId,
		occurredAt: event.occurredAt,
		severity: event.severity,
		message: event.message,
		failingSince: event.failingSince,
	};
}

function newest(a: RecordedProblem | undefined, b: RecordedProblem): RecordedProblem {
	return a && !before(a.occurredAt, b.occurredAt) ? a : b;
}

/** The state after an action succeeded; `created` is the ticket a create produced. */
export function stateAfter(
	state: KeyState,
	action: TicketAction,
	event: DecisionEvent,
	created?: { id: number; ticketNumber?: string; priority: string },
): KeyState {
	switch (action.kind) {
		case 'create':
			if (!created) return state;
			return {
				...state,
				open: [
					...state.open,
					{ ...created, repeatCount: 0, eventIds: [event.eventId], latest: recordedFrom(event) },
				],
			};
		case 'reopen': {
			const reopened: OpenTicket = {
				id: action.ticketId,
				ticketNumber: state.lastClosed?.ticketNumber,
				priority: action.priority,
				repeatCount: 0,
				eventIds: [event.eventId],
				latest: recordedFrom(event),
			};
			return { open: [...state.open, reopened], lastClosed: undefined };
		}
		case 'note':
			return {
				...state,
				open: state.open.map((t) =>
					t.id === action.ticketId
						? {
								...t,
								repeatCount: action.repeatCount,
								priority: action.raisePriorityTo ?? t.priority,
								eventIds: [...(t.eventIds ?? []), event.eventId],
								latest: newest(t.latest, recordedFrom(event)),
							}
						: t,
				),
			};
		case 'close': {
			const first = state.open.find((t) => t.id === action.ticketIds[0]);
			return {
				open: state.open.filter((t) => !action.ticketIds.includes(t.id)),
				lastClosed: {
					id: action.ticketIds[0],
					ticketNumber: first?.ticketNumber,
					recoveredAt: event.occurredAt,
				},
			};
		}
		default:
			return state;
	}
}

/**
 * The whole plan for one key's events when every write succeeds (ids of tickets created on the
 * way are negative placeholders): the occurredAt-ordered run the node's outcome must equal.
 */
export function planKey(
	settings: DecisionSettings,
	events: DecisionEvent[],
	start: KeyState,
	now: Date,
): TicketAction[] {
	let state = start;
	let placeholder = 0;
	return events.map((event) => {
		const action = decideEvent(settings, event, state, now);
		placeholder -= action.kind === 'create' ? 1 : 0;
		state = stateAfter(state, action, event, {
			id: placeholder,
			priority: action.kind === 'create' ? action.priority : '',
		});
		return action;
	});
}

/** Groups item indexes by key, each group in event order (occurredAt, then input order). */
export function groupByKey<T extends { key: string; occurredAt: string }>(
	items: T[],
): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	items.forEach((item, index) => {
		const list = groups.get(item.key) ?? [];
		list.push(index);
		groups.set(item.key, list);
	});
	for (const list of groups.values()) {
		list.sort((a, b) => {
			const ta = Date.parse(items[a].occurredAt);
			const tb = Date.parse(items[b].occurredAt);
			return (Number.isNaN(ta) || Number.isNaN(tb) || ta === tb ? 0 : ta - tb) || a - b;
		});
	}
	return groups;
}
