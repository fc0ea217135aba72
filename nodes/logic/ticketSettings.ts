/** Ticketing settings as the decision needs them, their defaults, and per-customer overrides (pure). */
import type { Severity } from './eventTypes';

/** The Axcient guide's Partner Notification "Open an Autotask ticket": warnings and errors, no OK events, all types. */
export interface NotificationRules {
	openSeverities: Severity[];
	okCloses: boolean;
	okOpens: boolean;
	/** Event types that may open tickets; empty means all. */
	eventTypes: string[];
}

export const DEFAULT_RULES: NotificationRules = {
	openSeverities: ['warning', 'error', 'critical'],
	okCloses: true,
	okOpens: false,
	eventTypes: [],
};

/** Picklist choices as the user gave them: labels (portable templates) or values picked from a list. */
export interface TicketChoices {
	queue: string;
	priority: string;
	errorPriority: string;
	statusNew: string;
	statusComplete: string;
	issueType: string;
	subIssueType: string;
	source: string;
}

/** The Axcient guide's defaults: queue Managed Services Alerts, priority Medium, status New / Complete. */
export const DEFAULT_CHOICES: TicketChoices = {
	queue: 'Managed Services Alerts',
	priority: 'Medium',
	errorPriority: '',
	statusNew: 'New',
	statusComplete: 'Complete',
	issueType: '',
	subIssueType: '',
	source: '',
};

export const DO_NOT_MAP = '__doNotMap__';

export interface CustomerOverride {
	/** A BDR customer id or an Autotask company id. */
	match: string;
	queue?: string;
	priority?: string;
	errorPriority?: string;
}

/** The override for a customer: a BDR customer id match wins over a company id match. */
export function overrideFor(
	overrides: CustomerOverride[],
	bdrCustomerId: string,
	companyId: number | undefined,
): CustomerOverride | undefined {
	const norm = (s: string) => s.trim().toLowerCase();
	const byCustomer = overrides.find((o) => norm(o.match) === norm(bdrCustomerId));
	if (byCustomer) return byCustomer;
	if (companyId === undefined) return undefined;
	return overrides.find((o) => norm(o.match) === String(companyId));
}

/** Choices for one event: the node's choices with the customer's override laid over them. */
export function choicesFor(
	base: TicketChoices,
	override: CustomerOverride | undefined,
): TicketChoices {
	if (!override) return base;
	const pick = (v: string | undefined, fallback: string) => (v && v.trim() ? v.trim() : fallback);
	return {
		...base,
		queue: pick(override.queue, base.queue),
		priority: pick(override.priority, base.priority),
		errorPriority: pick(override.errorPriority, base.errorPriority),
	};
}

/** Why ticketing is off, or undefined when it is on. */
export function ticketingDisabledReason(choices: TicketChoices): string | undefined {
	if (choices.queue === DO_NOT_MAP) {
		return 'Queue is set to "Do Not Map", which disables ticketing; choose a queue in Open or Close Ticket to open tickets';
	}
	if (!choices.queue.trim())
		return 'Queue is empty; choose a queue in Open or Close Ticket (the Axcient guide: "This field must contain a selection")';
	return undefined;
}
