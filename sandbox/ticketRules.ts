/**
 * Autotask's business rules for Tickets and TicketNotes that go beyond field validation. Each refusal
 * is sent with the tenant's refusalStatus (500 by default, as Autotask does).
 */
import { refused } from './errors';
import { TenantSettings } from './store';
import { ON_RECORD } from './validation';

/** When the category supplies the due date, the sandbox sets it this long after creation. */
export const CATEGORY_DUE_HOURS = 24;

/**
 * Queue or resource: the REST wording for a resource without its role is Autotask's (WYRE-AI/msp-claude-plugins#32);
 * for neither queue nor resource it is the SOAP API's wording (opendns/autotask-php#75) with REST field names.
 */
export function assignmentProblem(t: Record<string, any>): string | undefined {
	const resource = t.assignedResourceID != null;
	const role = t.assignedResourceRoleID != null;
	if (resource !== role)
		return 'When assigning a Resource, you must assign both a assignedResourceID and assignedResourceRoleID.';
	if (!resource && t.queueID == null) {
		return 'Data violation: assignedResourceID, assignedResourceRoleID, and queueID cannot all be empty. Supply a queueID or both a assignedResourceID and assignedResourceRoleID.';
	}
	return undefined;
}

/**
 * Checks a new ticket and returns it with the values Autotask adds. Without a due date from the ticket
 * category, `dueDateTime` is required (WYRE-AI/autotask-mcp PR #288, seen in production); the refusal
 * comes as two `errors` entries that a client joining with "; " shows as "dueDateTime is required.; on
 * record number [0].". Some tenants require a billing code (KelvinTegelaar/AutotaskAPI#74).
 */
export function checkNewTicket(
	values: Record<string, any>,
	settings: TenantSettings,
	now: Date,
): Record<string, any> {
	const errors: string[] = [];
	const assignment = assignmentProblem(values);
	if (assignment) errors.push(assignment);
	const due =
		values.dueDateTime ??
		(settings.categorySuppliesDueDate
			? new Date(now.getTime() + CATEGORY_DUE_HOURS * 3_600_000).toISOString()
			: null);
	if (due === null) errors.push('dueDateTime is required.');
	if (settings.requireTicketBillingCode && values.billingCodeID == null)
		errors.push('billingCodeID is required.');
	if (errors.length > 0) throw refused(...errors, ON_RECORD);
	return { ...values, dueDateTime: due };
}

/**
 * A note's title is required only where the ticket category requires titles on notes (Autotask's
 * TicketNotes entity page); a note on a Complete ticket may be refused (tenant setting).
 */
export function checkNewTicketNote(
	values: Record<string, any>,
	ticket: Record<string, any>,
	settings: TenantSettings,
	completeStatus: number,
): void {
	if (
		settings.requireTicketNoteTitle &&
		(values.title == null || String(values.title).trim() === '')
	)
		throw refused('title is required.', ON_RECORD);
	if (settings.refuseNotesOnCompletedTickets && ticket.status === completeStatus) {
		throw refused(
			`TicketNotes.ticketID: ticket ${ticket.ticketNumber ?? ticket.id} is Complete; notes cannot be added to a completed ticket. Reopen the ticket first.`,
		);
	}
}
