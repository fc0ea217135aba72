import type { QuietHours } from '../logic/quietHours';
import type { NoteRepeats } from '../logic/ticketDecision';
import type { NotificationRules } from '../logic/ticketSettings';

/** One event's ticket settings with every picklist label resolved to this tenant's value. */
export interface ResolvedSettings {
	prefix: string;
	queueID: string;
	priority: string;
	errorPriority?: string;
	/** The error priority as the user named it, for the note that says it was raised. */
	errorPriorityLabel?: string;
	statusNew: string;
	statusClose: string;
	issueType?: string;
	subIssueType?: string;
	source?: string;
	/** Hours from creation to the due date; 0: left to the ticket category. */
	dueHours: number;
	/** BillingCodes id for Tickets.billingCodeID. */
	workType?: string;
	rules: NotificationRules;
	countRepeats: boolean;
	attachContract: boolean;
	/** Which repeats get a note; see Open or Close Ticket > Options > Note Repeats. */
	noteRepeats: NoteRepeats;
	noteIntervalHours: number;
	reopenWithinHours: number;
	openAfterMinutes: number;
	quietHours?: QuietHours;
}

/** Picklist values every note needs (TicketNotes.noteType and publish are required). */
export interface NoteDefaults {
	noteType: string;
	publish: string;
}
