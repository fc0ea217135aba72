/**
 * What a key's tickets record, read back from the texts this integration wrote (pure): the
 * problem events on an open ticket (its description and its "Repeated" notes) and the recovery
 * that closed a ticket (its Resolution). Autotask is the only memory: nothing is kept in n8n.
 */
import { normaliseSeverity, type Severity } from './eventTypes';
import type { ClosedTicket, OpenTicket, RecordedProblem } from './ticketDecision';
import {
	DUPLICATE_RESOLUTION_MARKER,
	NO_MESSAGE,
	RESOLUTION_MARKER,
	parseRepeatCount,
} from './ticketText';

const line = (text: string, label: string): string | undefined => {
	const m = new RegExp(`^${label}: (.+)$`, 'm').exec(text);
	return m ? m[1].trim() : undefined;
};

const severityOf = (value: string | undefined): Severity | undefined =>
	value ? normaliseSeverity(value) : undefined;

/** The event that opened a ticket, from the description ticketDescription wrote. */
export function problemFromDescription(
	description: string | null | undefined,
): RecordedProblem | undefined {
	const text = description ?? '';
	const eventId = line(text, 'Event id');
	const occurredAt = line(text, 'Occurred at');
	if (!eventId || !occurredAt) return undefined;
	const cut = text.lastIndexOf('\n\nSeverity: ');
	const body = cut > 0 ? text.slice(0, cut) : '';
	const message = body === NO_MESSAGE ? '' : body;
	return {
		eventId,
		occurredAt,
		severity: severityOf(line(text, 'Severity')),
		message,
		failingSince: line(text, 'Failing since'),
	};
}

const NOTE_HEAD = /^.*\((ok|info|warning|error|critical)\) at (\S+)\.$/;
const TRAILERS = /^(Severity rose to |Failing since: |Event id: )/;

/** A repeat event, from a note repeatNoteDescription wrote. */
export function problemFromNote(
	description: string | null | undefined,
): RecordedProblem | undefined {
	const lines = (description ?? '').split('\n');
	const head = NOTE_HEAD.exec(lines[0] ?? '');
	const text = lines.join('\n');
	const eventId = line(text, 'Event id');
	if (!head || !eventId) return undefined;
	const message = lines
		.slice(1)
		.filter((l) => !TRAILERS.test(l))
		.join('\n');
	return {
		eventId,
		occurredAt: head[2],
		severity: severityOf(head[1]),
		message,
		failingSince: line(text, 'Failing since'),
	};
}

/** When the recovery that closed a ticket occurred, if this integration closed it. */
export function recoveredAtFrom(resolution: string | null | undefined): string | undefined {
	const at = (resolution ?? '').lastIndexOf(RESOLUTION_MARKER);
	if (at < 0) return undefined;
	return /^(\S+?)\.?(\s|$)/.exec((resolution ?? '').slice(at + RESOLUTION_MARKER.length))?.[1];
}

/** A twin this integration closed as a duplicate of the ticket that survived: no recovery, no episode. */
export function closedAsDuplicate(resolution: string | null | undefined): boolean {
	return (resolution ?? '').trimStart().startsWith(DUPLICATE_RESOLUTION_MARKER);
}

export interface TicketRow {
	id: number;
	ticketNumber?: string;
	priority?: number | string;
	description?: string | null;
	resolution?: string | null;
	closed: boolean;
}

export interface NoteRow {
	ticketID: number;
	title?: string | null;
	description?: string | null;
}

const later = (a: RecordedProblem | undefined, b: RecordedProblem | undefined) =>
	!a ? b : !b ? a : Date.parse(b.occurredAt) > Date.parse(a.occurredAt) ? b : a;

/**
 * One key's state as Autotask records it: its open tickets with their events, and its latest closed
 * ticket. A twin closed as a duplicate is skipped: it has a higher id than the survivor, so taking it
 * would hide the recovery that closed the survivor (a late, older failure would then open a ticket).
 */
export function keyStateFrom(
	tickets: TicketRow[],
	notes: NoteRow[],
): { open: OpenTicket[]; lastClosed?: ClosedTicket } {
	const open = tickets
		.filter((t) => !t.closed)
		.map((t) =>
			openTicketFrom(
				t,
				notes.filter((n) => n.ticketID === t.id),
			),
		);
	const closed = tickets
		.filter((t) => t.closed && !closedAsDuplicate(t.resolution))
		.sort((a, b) => b.id - a.id)[0];
	const lastClosed = closed
		? {
				id: closed.id,
				ticketNumber: closed.ticketNumber,
				recoveredAt: recoveredAtFrom(closed.resolution),
			}
		: undefined;
	return { open, lastClosed };
}

function openTicketFrom(ticket: TicketRow, notes: NoteRow[]): OpenTicket {
	const problems = [
		problemFromDescription(ticket.description),
		...notes.map((n) => problemFromNote(n.description)),
	].filter((p): p is RecordedProblem => !!p);
	return {
		id: ticket.id,
		ticketNumber: ticket.ticketNumber,
		priority: ticket.priority === undefined ? undefined : String(ticket.priority),
		repeatCount: parseRepeatCount(notes.map((n) => n.title)),
		eventIds: problems.map((p) => p.eventId),
		latest: problems.reduce<RecordedProblem | undefined>(later, undefined),
	};
}
