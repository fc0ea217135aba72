/**
 * Checks that predict whether Autotask accepts the tickets Open or Close Ticket creates: the due
 * date source, the work type (billing code) and, when the user allows it, a real test ticket.
 */
import type { CheckResult } from './setupChecks';
import type { DueDateSource } from './setupTicket';
import type { WorkType } from './workTypes';

export type TicketCheckId = 'ticket_due_date' | 'ticket_work_type' | 'ticket_create';

/** What happened to the test ticket. */
export type TestTicketOutcome =
	| { state: 'off' }
	/** Not attempted: the reason says which earlier check must be fixed first. */
	| { state: 'notAttempted'; reason: string }
	| { state: 'created'; ticketNumber: string; closeErrors?: string[] }
	/** Refused (Autotask's own texts, unchanged) or failed otherwise; `fix` when the refusal is known. */
	| { state: 'failed'; refused: boolean; errors: string[]; fix?: string };

export interface TicketCheckData {
	/** Tickets.billingCodeID is marked isRequired in Tickets/entityInformation/fields. */
	billingCodeRequired: boolean;
	/** The tenant's active work types. */
	workTypes: WorkType[];
	testTicket: TestTicketOutcome;
}

export interface TicketCheckSettings {
	dueDate: DueDateSource;
	dueHours: number;
	/** BillingCodes id, or undefined for none. */
	workType?: string;
}

const TITLES: Record<TicketCheckId, string> = {
	ticket_due_date: 'New tickets get a due date',
	ticket_work_type: 'New tickets carry a work type where the tenant requires one',
	ticket_create: 'Autotask accepts a ticket as Open or Close Ticket creates it',
};

export const TICKET_FIXES: Record<TicketCheckId, string> = {
	ticket_due_date:
		'Set Due Date to "Hours After Creation" in Open or Close Ticket (and here), or give the ticket category (or the API user\'s default category) a default due date and time in Autotask (Admin > Features & Settings > Service Desk (Tickets) > Ticket Categories).',
	ticket_work_type:
		'Choose a Work Type in Open or Close Ticket (Options > Work Type) and the same one here. Work types are the billing codes on the Work Types tab of Admin > Features & Settings > Finance, Accounting & Invoicing > Billing Codes.',
	ticket_create:
		"Read Autotask's message: it names the field or rule the ticket broke. Fix it in Open or Close Ticket or in Autotask, then run Check Setup again with Create Test Ticket on.",
};

const DUE_DATE_TEXT = /dueDateTime/i;
const WORK_TYPE_TEXT = /billingCodeID|billing code|work type/i;

function check(
	id: TicketCheckId,
	status: CheckResult['status'],
	detail: string,
	fix = TICKET_FIXES[id],
	offending: CheckResult['offending'] = [],
): CheckResult {
	return { check: id, title: TITLES[id], status, detail, offending, fix };
}

/** Autotask's refusal texts of the test ticket that match a field, if the ticket was refused. */
function refusedFor(outcome: TestTicketOutcome, text: RegExp): string | undefined {
	if (outcome.state !== 'failed' || !outcome.refused) return undefined;
	const joined = outcome.errors.join('; ');
	return text.test(joined) ? joined : undefined;
}

export function dueDateCheck(data: TicketCheckData, s: TicketCheckSettings): CheckResult {
	const refusal = refusedFor(data.testTicket, DUE_DATE_TEXT);
	if (refusal)
		return check('ticket_due_date', 'failed', `Autotask refused the test ticket: ${refusal}`);
	if (s.dueDate === 'hours')
		return check(
			'ticket_due_date',
			'passed',
			`The node sets the due date ${s.dueHours} hours after a ticket is created.`,
		);
	if (data.testTicket.state === 'created') {
		return check(
			'ticket_due_date',
			'passed',
			'The test ticket was accepted without a due date: the ticket category supplies one.',
		);
	}
	return check(
		'ticket_due_date',
		'skipped',
		'Due Date is "From the Ticket Category": whether the category (or the API user\'s default category) supplies a due date and time cannot be read from Autotask\'s metadata. Turn on Create Test Ticket to prove it; tenants without such a default refuse the ticket with "dueDateTime is required".',
	);
}

export function workTypeCheck(data: TicketCheckData, s: TicketCheckSettings): CheckResult {
	if (s.workType) {
		const chosen = data.workTypes.find((w) => String(w.id) === s.workType);
		if (!chosen) {
			return check(
				'ticket_work_type',
				'failed',
				`Work type ${s.workType} is not an active work type in this tenant.`,
				TICKET_FIXES.ticket_work_type,
				[{ workType: s.workType }],
			);
		}
		return check('ticket_work_type', 'passed', `New tickets carry the work type "${chosen.name}".`);
	}
	const refusal = refusedFor(data.testTicket, WORK_TYPE_TEXT);
	if (refusal)
		return check(
			'ticket_work_type',
			'failed',
			`No work type is chosen and Autotask refused the test ticket: ${refusal}`,
		);
	if (data.billingCodeRequired) {
		return check(
			'ticket_work_type',
			'failed',
			'No work type is chosen, but this tenant marks Tickets.billingCodeID (Work Type) as required: Autotask will refuse every new ticket.',
		);
	}
	const proof =
		data.testTicket.state === 'created'
			? 'the test ticket was accepted without one'
			: 'Tickets.billingCodeID is not marked required';
	return check(
		'ticket_work_type',
		'passed',
		`No work type is chosen, and the tenant does not require one (${proof}).`,
	);
}

export function testTicketCheck(data: TicketCheckData): CheckResult {
	const t = data.testTicket;
	if (t.state === 'off') {
		return check(
			'ticket_create',
			'skipped',
			'Create Test Ticket is off. Turn it on to have Autotask itself accept (or refuse) a ticket as Open or Close Ticket creates it.',
		);
	}
	if (t.state === 'notAttempted') return check('ticket_create', 'skipped', t.reason);
	if (t.state === 'failed') {
		const text = t.errors.join('; ');
		const detail = t.refused ? text : `The test ticket could not be created: ${text}`;
		return check('ticket_create', 'failed', detail, t.fix ?? TICKET_FIXES.ticket_create, [
			{ title: 'test ticket', errors: t.errors },
		]);
	}
	if (t.closeErrors?.length) {
		return check(
			'ticket_create',
			'failed',
			`Autotask accepted test ticket ${t.ticketNumber}, but refused to set it to the closing status: ${t.closeErrors.join('; ')}`,
			`Close ticket ${t.ticketNumber} by hand, and check the Status Complete setting: Open or Close Ticket closes tickets with it.`,
			[{ ticketNumber: t.ticketNumber }],
		);
	}
	return check(
		'ticket_create',
		'passed',
		`Autotask accepted test ticket ${t.ticketNumber} on your own company; it was set to the closing status right away.`,
	);
}

export function runTicketChecks(data: TicketCheckData, s: TicketCheckSettings): CheckResult[] {
	return [dueDateCheck(data, s), workTypeCheck(data, s), testTicketCheck(data)];
}
