/**
 * Ticket writes that are never retried blindly: when an answer is lost, the state is re-read
 * and only then written again (at most once more).
 */
import { isOutcomeUnknown } from '../autotask/errors';
import { ALERT_KEY_FIELD } from '../logic/alertKey';
import { survivorOf } from '../logic/ticketDecision';
import { sameKey } from './keyStates';
import {
	TICKET_FIELDS,
	picklistNumber,
	type TicketClient,
	type TicketRecord,
} from './ticketClient';
import type { NoteDefaults } from './resolvedSettings';

export class TicketWrites {
	constructor(
		private readonly client: TicketClient,
		private readonly closedStatuses: string[],
		private readonly notes: NoteDefaults,
	) {}

	/** Open tickets carrying this key, lowest id first. */
	async openTicketsFor(key: string): Promise<TicketRecord[]> {
		const rows = await this.client.query<TicketRecord>('Tickets', {
			filter: [
				{ op: 'eq', field: ALERT_KEY_FIELD, value: key },
				{ op: 'notIn', field: 'status', value: this.closedStatuses.map(picklistNumber) },
			],
			includeFields: TICKET_FIELDS,
		});
		return rows.filter((t) => sameKey(t.externalID, key)).sort((a, b) => a.id - b.id);
	}

	isClosed(ticket: TicketRecord | undefined): boolean {
		return !ticket || this.closedStatuses.includes(String(ticket.status));
	}

	/**
	 * Creates the ticket. A lost answer is resolved by looking for the key's open ticket (the create
	 * may have landed) before creating again, at most once more.
	 */
	async createTicket(
		key: string,
		body: Record<string, unknown>,
	): Promise<{ ours: number; recovered: boolean }> {
		for (let attempt = 1; ; attempt++) {
			const sent = await settle(this.client.create('Tickets', body));
			if (sent.ok) return { ours: sent.value, recovered: false };
			if (!isOutcomeUnknown(sent.error)) throw sent.error;
			const open = await this.openTicketsFor(key);
			if (open.length) return { ours: survivorOf(open)!.id, recovered: true };
			if (attempt >= 2) throw sent.error;
		}
	}

	/** Adds a note; a lost answer is checked by looking for the note before writing it again. */
	async addNote(ticketId: number, title: string, description: string): Promise<void> {
		const body = {
			ticketID: ticketId,
			title,
			description,
			noteType: picklistNumber(this.notes.noteType),
			publish: picklistNumber(this.notes.publish),
		};
		for (let attempt = 1; ; attempt++) {
			const sent = await settle(this.client.create(`Tickets/${ticketId}/Notes`, body));
			if (sent.ok) return;
			if (!isOutcomeUnknown(sent.error)) throw sent.error;
			const found = await this.client.query<{ id: number }>('TicketNotes', {
				filter: [
					{ op: 'eq', field: 'ticketID', value: ticketId },
					{ op: 'eq', field: 'title', value: title },
				],
				includeFields: ['id'],
				maxRecords: 1,
			});
			if (found.length) return;
			if (attempt >= 2) throw sent.error;
		}
	}

	/** Sets fields on a ticket; a lost answer is checked by reading the ticket back. */
	async updateTicket(ticketId: number, changes: Record<string, string>): Promise<void> {
		const body: Record<string, unknown> & { id: number } = { id: ticketId };
		for (const [field, value] of Object.entries(changes)) body[field] = picklistNumber(value);
		for (let attempt = 1; ; attempt++) {
			const sent = await settle(this.client.update('Tickets', body));
			if (sent.ok) return;
			if (!isOutcomeUnknown(sent.error)) throw sent.error;
			const now = await this.client.get<TicketRecord>('Tickets', ticketId);
			if (
				now &&
				Object.entries(changes).every(
					([f, v]) => String((now as unknown as Record<string, unknown>)[f]) === v,
				)
			)
				return;
			if (attempt >= 2) throw sent.error;
		}
	}

	/** The note went nowhere: find out whether the ticket was closed meanwhile (then a new ticket is due). */
	async closedSince(ticketId: number): Promise<boolean> {
		return this.isClosed(await this.client.get<TicketRecord>('Tickets', ticketId));
	}
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise's outcome as a value, so the caller decides what a failure means (the node turns errors into NodeApiError). */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}
