/**
 * The test ticket Check Setup creates (option "Create Test Ticket"): the ticket Open or Close Ticket
 * would create, on our own company, so that Autotask itself says whether it accepts it.
 */

/** Autotask's own company (the MSP) always has id 0. */
export const OWN_COMPANY_ID = 0;
export const SETUP_TICKET_TITLE = '[BDR] Setup check – safe to ignore';
export const SETUP_TICKET_DESCRIPTION =
	'Created by the Check Setup operation of the BDR integration to prove that Autotask accepts the tickets the Open or Close Ticket node creates. It was set to Complete right after it was created; nothing needs to be done.';

export type DueDateSource = 'hours' | 'category';

/** The Open or Close Ticket settings a new ticket is built from, resolved to the tenant's ids. */
export interface SetupTicketSettings {
	queueID: string;
	priority: string;
	statusNew: string;
	dueDate: DueDateSource;
	dueHours: number;
	/** BillingCodes id, or undefined for none. */
	workType?: string;
}

/** Autotask ids travel as numbers; a value that is not all digits is sent as given. */
export const asNumber = (value: string): number | string =>
	/^-?\d+$/.test(value) ? Number(value) : value;

/** The create body, with the due date and work type exactly as Open or Close Ticket sends them. */
export function setupTicketBody(s: SetupTicketSettings, now: Date): Record<string, unknown> {
	const body: Record<string, unknown> = {
		companyID: OWN_COMPANY_ID,
		title: SETUP_TICKET_TITLE,
		description: SETUP_TICKET_DESCRIPTION,
		status: asNumber(s.statusNew),
		priority: asNumber(s.priority),
		queueID: asNumber(s.queueID),
	};
	if (s.dueDate === 'hours')
		body.dueDateTime = new Date(now.getTime() + s.dueHours * 3_600_000).toISOString();
	if (s.workType) body.billingCodeID = asNumber(s.workType);
	return body;
}
