/** Texts the ticketing node writes into Autotask: titles, descriptions and notes, within Autotask's limits. */

export const TITLE_MAX = 255;
export const DESCRIPTION_MAX = 8000;
export const NOTE_TITLE_MAX = 250;
export const NOTE_DESCRIPTION_MAX = 32000;
export const TRUNCATION_MARKER = '\n[… truncated: the full event is in the n8n execution]';

/** The event fields these texts use (a subset of the normalised BDR event). */
export interface TextEvent {
	eventId: string;
	occurredAt: string;
	type: string;
	originalType: string;
	severity: string;
	message: string;
	alertId?: string;
	customer: { id: string; name?: string };
	device: { id: string; name?: string; serial?: string };
	machine?: { id?: string; name?: string };
	/** When the vendor says the failing state began (poll sources). */
	failingSince?: string;
}

const TYPE_LABELS: Record<string, string> = {
	backup_failed: 'Backup failed',
	backup_completed_with_errors: 'Backup completed with errors',
	no_recent_backup: 'No recent backup',
	backup_succeeded: 'Backup succeeded',
	offsite_replication_failed: 'Offsite replication failed',
	offsite_replication_behind: 'Offsite replication behind',
	verification_failed: 'Backup verification failed',
	storage_threshold: 'Storage threshold reached',
	hardware_failure: 'BDR hardware failure',
	appliance_offline: 'BDR appliance offline',
	agent_offline: 'Backup agent offline',
	license_expiry: 'License expiring',
	usage_report: 'Usage report',
};

export function typeLabel(type: string, originalType: string): string {
	return TYPE_LABELS[type] ?? (originalType.trim() || 'BDR event');
}

/** Cuts a text to `max` characters, ending with `marker` when something was cut. */
export function truncate(text: string, max: number, marker = '…'): string {
	if (text.length <= max) return text;
	return text.slice(0, Math.max(0, max - marker.length)) + marker;
}

function subject(event: TextEvent): string {
	const where = event.machine?.name || event.machine?.id || event.device.name || event.device.id;
	const who = event.customer.name || event.customer.id;
	return `${where} (${who})`;
}

/** Ticket title: prefix + a human summary such as "Backup failed: SRV-01 (Acme Insurance)". */
export function ticketTitle(prefix: string, event: TextEvent): string {
	const head = prefix.trim() ? `${prefix.trim()} ` : '';
	return truncate(
		`${head}${typeLabel(event.type, event.originalType)}: ${subject(event)}`,
		TITLE_MAX,
	);
}

function detailLines(event: TextEvent, alertKey: string): string[] {
	const lines = [
		`Severity: ${event.severity}`,
		`Event type: ${event.originalType || event.type}`,
		`Customer: ${event.customer.name ? `${event.customer.name} (${event.customer.id})` : event.customer.id}`,
		`Device: ${event.device.name ? `${event.device.name} (${event.device.id})` : event.device.id}`,
	];
	if (event.device.serial) lines.push(`Serial: ${event.device.serial}`);
	if (event.machine) lines.push(`Protected machine: ${event.machine.name || event.machine.id}`);
	lines.push(`Occurred at: ${event.occurredAt}`);
	if (event.failingSince) lines.push(`Failing since: ${event.failingSince}`);
	if (event.alertId) lines.push(`Vendor alert id: ${event.alertId}`);
	lines.push(`Event id: ${event.eventId}`, `Alert key: ${alertKey}`);
	return lines;
}

export const NO_MESSAGE = '(the BDR sent no message)';

/** Ticket description: the message first (what a technician reads), then the details, ≤ 8000 characters. */
export function ticketDescription(event: TextEvent, alertKey: string): string {
	const details = detailLines(event, alertKey).join('\n');
	const message = event.message.trim() || NO_MESSAGE;
	const room = DESCRIPTION_MAX - details.length - 2;
	// The details carry the key a technician searches by: cut the message, never them.
	const body =
		room > TRUNCATION_MARKER.length + 20 ? truncate(message, room, TRUNCATION_MARKER) : message;
	return truncate(`${body}\n\n${details}`, DESCRIPTION_MAX, TRUNCATION_MARKER);
}

const REPEAT_TITLE = /^Repeated (\d+) times?\b/i;

export function repeatNoteTitle(count: number, occurredAt: string): string {
	return truncate(
		`Repeated ${count} time${count === 1 ? '' : 's'}, last at ${occurredAt}`,
		NOTE_TITLE_MAX,
	);
}

/** The highest repeat count found in a ticket's note titles (0 when none): the count lives in Autotask. */
export function parseRepeatCount(titles: Array<string | null | undefined>): number {
	let max = 0;
	for (const title of titles) {
		const m = REPEAT_TITLE.exec(String(title ?? '').trim());
		if (m) max = Math.max(max, Number(m[1]));
	}
	return max;
}

/** Title of a repeat note when repeats are not counted (saves reading the notes). */
export function uncountedRepeatTitle(occurredAt: string): string {
	return truncate(`Repeated, last at ${occurredAt}`, NOTE_TITLE_MAX);
}

export function repeatNoteDescription(event: TextEvent, raisedTo?: string): string {
	const lines = [
		`${typeLabel(event.type, event.originalType)} (${event.severity}) at ${event.occurredAt}.`,
		event.message.trim(),
	];
	if (raisedTo) lines.push(`Severity rose to ${event.severity}: priority raised to ${raisedTo}.`);
	if (event.failingSince) lines.push(`Failing since: ${event.failingSince}`);
	lines.push(`Event id: ${event.eventId}`);
	return truncate(lines.filter(Boolean).join('\n'), NOTE_DESCRIPTION_MAX, TRUNCATION_MARKER);
}

export function resolutionNoteTitle(event: TextEvent): string {
	return truncate(`Resolved: the BDR reported OK at ${event.occurredAt}`, NOTE_TITLE_MAX);
}

export function resolutionNoteDescription(event: TextEvent, closing: boolean): string {
	const lines = [
		`${typeLabel(event.type, event.originalType)} (${event.severity}) at ${event.occurredAt}.`,
		event.message.trim(),
		closing
			? 'The BDR integration closed this ticket.'
			: 'The ticket stays open: closing on OK events is switched off.',
		`Event id: ${event.eventId}`,
	];
	return truncate(lines.filter(Boolean).join('\n'), NOTE_DESCRIPTION_MAX, TRUNCATION_MARKER);
}

/** Title of the note on a ticket reopened because the alert failed again soon after it was closed. */
export function reopenNoteTitle(occurredAt: string): string {
	return truncate(`Repeated, last at ${occurredAt}: reopened`, NOTE_TITLE_MAX);
}

/** The marker this integration puts at the head of the resolution it writes when it closes a ticket. */
export const RESOLUTION_MARKER = 'Resolved: the BDR reported OK at ';

/**
 * The ticket's Resolution when the integration closes it (sent in the PATCH that closes it, so a
 * close costs one write); a resolution already on the ticket is kept above it.
 */
export function resolutionText(event: TextEvent, existing?: string | null): string {
	const ours = [
		`${RESOLUTION_MARKER}${event.occurredAt}.`,
		event.message.trim(),
		'The BDR integration closed this ticket.',
		`Event id: ${event.eventId}`,
	];
	const text = [existing?.trim(), ours.filter(Boolean).join('\n')].filter(Boolean).join('\n\n');
	return truncate(text, NOTE_DESCRIPTION_MAX, TRUNCATION_MARKER);
}

export function duplicateNoteTitle(): string {
	return 'Duplicate closed by the BDR integration';
}

export function duplicateNoteDescription(
	survivor: { id: number; ticketNumber?: string },
	alertKey: string,
): string {
	const ref = survivor.ticketNumber
		? `${survivor.ticketNumber} (id ${survivor.id})`
		: `id ${survivor.id}`;
	return `Another run opened ticket ${ref} for the same alert (${alertKey}) at the same time. This duplicate was closed; follow ${ref}.`;
}

export const DUPLICATE_RESOLUTION_MARKER =
	'Closed by the BDR integration as a duplicate of ticket ';

/**
 * The Resolution of a twin closed as a duplicate (sent in the PATCH that closes it). It tells the
 * key's history that this close was no recovery, so the survivor's recovery is not hidden behind it.
 */
export function duplicateResolution(survivor: { id: number; ticketNumber?: string }): string {
	return `${DUPLICATE_RESOLUTION_MARKER}${survivor.ticketNumber ?? survivor.id} (id ${survivor.id}): another run opened it for the same alert at the same time.`;
}
