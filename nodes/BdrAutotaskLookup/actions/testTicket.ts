/**
 * Check Setup's "Create Test Ticket": one real ticket on our own company, built as Open or Close
 * Ticket builds it, then set to the closing status. A refusal is sent once (the client never resends
 * one) and reported with Autotask's own text.
 */
import type { AutotaskClient } from '../../autotask/client';
import { isAutotaskError, isOutcomeUnknown, isRefused } from '../../autotask/errors';
import type { Picklist } from '../../autotask/picklists';
import { refusalFix } from '../../autotask/refusalFixes';
import {
	SETUP_TICKET_TITLE,
	asNumber,
	setupTicketBody,
	type SetupTicketSettings,
} from '../../logic/setupTicket';
import type { TestTicketOutcome, TicketCheckSettings } from '../../logic/ticketChecks';

export interface TestTicketLabels {
	queue: string;
	priority: string;
	statusNew: string;
	statusComplete: string;
}

export interface TicketPicklists {
	queues: Picklist;
	priorities: Picklist;
	statuses: Picklist;
}

/** A label (or an id chosen by expression) to the tenant's value. */
const resolve = (list: Picklist, wanted: string) =>
	list.valueOf(wanted) ?? (list.has(wanted) ? wanted : undefined);

function failure(error: unknown): TestTicketOutcome {
	if (isRefused(error))
		return { state: 'failed', refused: true, errors: error.errors, fix: refusalFix(error.errors) };
	if (!isAutotaskError(error)) throw error;
	const fix = isOutcomeUnknown(error)
		? `The ticket may have been created: look for "${SETUP_TICKET_TITLE}" on your own company in Autotask and complete it, then run Check Setup again.`
		: undefined;
	return { state: 'failed', refused: false, errors: [error.message], fix };
}

async function closeErrors(
	client: AutotaskClient,
	id: number,
	statusComplete: string | undefined,
): Promise<string[] | undefined> {
	if (statusComplete === undefined)
		return ['the Status Complete setting names no status of this tenant'];
	return client.update('Tickets', { id, status: asNumber(statusComplete) }).then(
		() => undefined,
		(error: unknown) => {
			if (!isAutotaskError(error)) throw error;
			return isRefused(error) ? error.errors : [error.message];
		},
	);
}

export async function createTestTicket(
	client: AutotaskClient,
	labels: TestTicketLabels,
	lists: TicketPicklists,
	ticket: TicketCheckSettings,
	now: Date,
): Promise<TestTicketOutcome> {
	const queueID = resolve(lists.queues, labels.queue);
	const priority = resolve(lists.priorities, labels.priority);
	const statusNew = resolve(lists.statuses, labels.statusNew);
	if (queueID === undefined || priority === undefined || statusNew === undefined) {
		return {
			state: 'notAttempted',
			reason:
				'No test ticket was created: fix the failed queue, priority or status check above first.',
		};
	}
	const settings: SetupTicketSettings = { queueID, priority, statusNew, ...ticket };
	let id: number;
	try {
		id = await client.create('Tickets', setupTicketBody(settings, now));
	} catch (error) {
		return failure(error);
	}
	const created = await client.get<{ ticketNumber?: string }>('Tickets', id).catch(() => undefined);
	const ticketNumber = created?.ticketNumber ?? `with id ${id}`;
	const errors = await closeErrors(client, id, resolve(lists.statuses, labels.statusComplete));
	return errors
		? { state: 'created', ticketNumber, closeErrors: errors }
		: { state: 'created', ticketNumber };
}
