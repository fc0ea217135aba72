/**
 * What to do with one BDR event given the ticket currently open for its alert key (pure).
 * The node reads the open tickets of a whole batch at once, then walks each key's events in
 * order through `decideEvent`, updating the state after every write it really made.
 */
import { type Severity, severityRank } from './eventTypes';
import type { NotificationRules } from './ticketSettings';

export interface DecisionEvent {
	type: string;
	severity: Severity;
	occurredAt: string;
}

/** An open ticket for the key, as the node knows it now. */
export interface OpenTicket {
	id: number;
	ticketNumber?: string;
	/** Picklist value of the ticket's current priority. */
	priority?: string;
	/** Repeats already recorded in the ticket's notes. */
	repeatCount: number;
}

/** Picklist values the decision compares with. */
export interface DecisionSettings {
	rules: NotificationRules;
	priority: string;
	/** Separate priority for error/critical; empty when not set. */
	errorPriority?: string;
}

export type TicketAction =
	| { kind: 'skip'; reason: string }
	| { kind: 'ignore'; reason: string }
	| { kind: 'create'; priority: string; reason: string }
	| { kind: 'note'; ticketId: number; repeatCount: number; raisePriorityTo?: string; reason: string }
	| { kind: 'okNote'; ticketId: number; reason: string }
	| { kind: 'close'; ticketIds: number[]; reason: string };

export function isProblem(severity: Severity): boolean {
	return severityRank(severity) >= severityRank('warning');
}

export function priorityFor(settings: DecisionSettings, severity: Severity): string {
	return severityRank(severity) >= severityRank('error') && settings.errorPriority ? settings.errorPriority : settings.priority;
}

/** The ticket a key's events act on when several are open: the oldest (lowest id). */
export function survivorOf<T extends { id: number }>(tickets: T[]): T | undefined {
	return tickets.reduce<T | undefined>((low, t) => (low === undefined || t.id < low.id ? t : low), undefined);
}

export function decideEvent(settings: DecisionSettings, event: DecisionEvent, open: OpenTicket[]): TicketAction {
	const { rules } = settings;
	const ticket = survivorOf(open);

	if (event.severity === 'ok') {
		if (ticket) {
			if (rules.okCloses) {
				return { kind: 'close', ticketIds: open.map((t) => t.id).sort((a, b) => a - b), reason: 'the BDR reported OK: resolution note added, ticket closed' };
			}
			return { kind: 'okNote', ticketId: ticket.id, reason: 'the BDR reported OK; "OK Events Close Tickets" is off, so the ticket stays open with a note' };
		}
		if (rules.okOpens && typeAllowed(rules, event.type)) {
			return { kind: 'create', priority: settings.priority, reason: 'OK event and "OK Events Open Tickets" is on' };
		}
		return { kind: 'ignore', reason: 'OK event and no open ticket for this alert' };
	}

	if (!typeAllowed(rules, event.type)) {
		return { kind: 'skip', reason: `event type "${event.type}" is not selected in Notification Rules > Event Types` };
	}

	if (ticket && isProblem(event.severity)) {
		const want = priorityFor(settings, event.severity);
		// Raise only from the priority this node gave a warning: a technician's own choice is kept.
		const raise = want !== settings.priority && ticket.priority === settings.priority ? want : undefined;
		return {
			kind: 'note',
			ticketId: ticket.id,
			repeatCount: ticket.repeatCount + 1,
			raisePriorityTo: raise,
			reason: raise ? 'repeat of an open alert; severity rose, priority raised' : 'repeat of an open alert: note added',
		};
	}

	if (!rules.openSeverities.includes(event.severity)) {
		return {
			kind: 'ignore',
			reason: `severity "${event.severity}" does not open tickets (Notification Rules > Severities That Open Tickets)`,
		};
	}
	return { kind: 'create', priority: priorityFor(settings, event.severity), reason: `${event.severity} with no open ticket for this alert` };
}

function typeAllowed(rules: NotificationRules, type: string): boolean {
	return rules.eventTypes.length === 0 || rules.eventTypes.includes(type);
}

/** The state after an action succeeded; `created` is the ticket a create produced. */
export function stateAfter(
	open: OpenTicket[],
	action: TicketAction,
	created?: { id: number; ticketNumber?: string; priority: string },
): OpenTicket[] {
	switch (action.kind) {
		case 'create':
			return created ? [...open, { ...created, repeatCount: 0 }] : open;
		case 'note':
			return open.map((t) =>
				t.id === action.ticketId
					? { ...t, repeatCount: action.repeatCount, priority: action.raisePriorityTo ?? t.priority }
					: t,
			);
		case 'close':
			return open.filter((t) => !action.ticketIds.includes(t.id));
		default:
			return open;
	}
}

/**
 * The whole plan for one key's events when every write succeeds (ids of tickets created
 * on the way are negative placeholders). The node runs the same steps one at a time.
 */
export function planKey(settings: DecisionSettings, events: DecisionEvent[], open: OpenTicket[]): TicketAction[] {
	let state = open;
	let placeholder = 0;
	return events.map((event) => {
		const action = decideEvent(settings, event, state);
		placeholder -= action.kind === 'create' ? 1 : 0;
		state = stateAfter(state, action, { id: placeholder, priority: action.kind === 'create' ? action.priority : '' });
		return action;
	});
}

/** Groups item indexes by key, each group in event order (occurredAt, then input order). */
export function groupByKey<T extends { key: string; occurredAt: string }>(items: T[]): Map<string, number[]> {
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
