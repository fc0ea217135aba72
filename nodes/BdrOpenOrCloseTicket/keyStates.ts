/**
 * What Autotask records for a batch's alert keys, in two reads whatever the batch size: the keys'
 * open tickets and those touched in the look-back window (one Tickets query), then the "Repeated"
 * notes of the open ones (one TicketNotes query). Turned into the pure model's KeyState per key.
 */
import { ALERT_KEY_FIELD } from '../logic/alertKey';
import type { KeyState } from '../logic/ticketDecision';
import { keyStateFrom, type NoteRow, type TicketRow } from '../logic/ticketHistory';
import {
	TICKET_FIELDS,
	picklistNumber,
	type TicketClient,
	type TicketRecord,
} from './ticketClient';

/** How far back a closed ticket still tells what the last recovery of its key was. */
export const CLOSED_LOOKBACK_DAYS = 7;

export interface KeyRead {
	states: Map<string, KeyState>;
	numbers: Map<number, string | undefined>;
	/** Resolutions already on open tickets (a close keeps them above its own). */
	resolutions: Map<number, string>;
}

/** Autotask compares strings case-insensitively. */
export function sameKey(a: unknown, b: string): boolean {
	return String(a ?? '').toLowerCase() === b.toLowerCase();
}

/** `withNotes: false` skips the notes read (a twin check after a create needs only the tickets). */
export async function readKeyStates(
	client: TicketClient,
	keys: string[],
	closedStatuses: string[],
	now: Date,
	withNotes = true,
): Promise<KeyRead> {
	const since = new Date(now.getTime() - CLOSED_LOOKBACK_DAYS * 86_400_000).toISOString();
	const tickets = await client.queryIn<TicketRecord>('Tickets', ALERT_KEY_FIELD, keys, {
		filter: [
			{
				op: 'or',
				items: [
					{ op: 'notIn', field: 'status', value: closedStatuses.map(picklistNumber) },
					{ op: 'gt', field: 'lastActivityDate', value: since },
				],
			},
		],
		includeFields: [...TICKET_FIELDS, 'description', 'resolution'],
	});
	const isClosed = (t: TicketRecord) => closedStatuses.includes(String(t.status));
	const openIds = tickets.filter((t) => !isClosed(t)).map((t) => t.id);
	const notes =
		openIds.length && withNotes
			? await client.queryIn<NoteRow>('TicketNotes', 'ticketID', openIds, {
					filter: [{ op: 'beginsWith', field: 'title', value: 'Repeated ' }],
					includeFields: ['ticketID', 'title', 'description'],
				})
			: [];
	const read: KeyRead = { states: new Map(), numbers: new Map(), resolutions: new Map() };
	for (const key of keys) {
		const mine = tickets.filter((t) => sameKey(t.externalID, key));
		const rows: TicketRow[] = mine.map((t) => ({ ...t, closed: isClosed(t) }));
		read.states.set(key, keyStateFrom(rows, notes));
		for (const t of mine) {
			read.numbers.set(t.id, t.ticketNumber);
			if (!isClosed(t) && t.resolution) read.resolutions.set(t.id, t.resolution);
		}
	}
	return read;
}
