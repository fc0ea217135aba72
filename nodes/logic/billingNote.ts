/**
 * The audit note written on a contract when its units change. The title ends
 * with a marker derived from (contract, effective date, units after), so a
 * retried note can be found by re-reading the contract's notes instead of
 * being written a second time.
 */
import type { ContractPlan } from './billingPlan';
import { syncStateLine, type SyncState } from './billingTwins';

export const NOTE_MARKER_PREFIX = 'bdr-sync:';
const MAX_TITLE = 250;
const MAX_DESCRIPTION = 8000;
const MAX_EVENTS_LISTED = 50;
/** Characters kept free for the superseded line (survivor id and targets). */
export const SUPERSEDE_ROOM = 1000;

/** 32-bit FNV-1a as 8 hex digits: stable across runs and machines, no imports. */
export function fnv1a(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * Marker of one change set; the same plan (and run) always yields the same marker. The run id keeps
 * two executions posting the same change at once from taking each other's note for their own.
 */
export function noteMarker(plan: ContractPlan, effectiveDate: string, runId?: string): string {
	const changed = plan.changes
		.filter((c) => c.status === 'change')
		.map((c) => `${c.serviceId}=${c.before}>${c.after}`)
		.sort()
		.join(',');
	const run = runId ? `|${runId}` : '';
	return `${NOTE_MARKER_PREFIX}${fnv1a(`${plan.contractId}|${effectiveDate}|${changed}${run}`)}`;
}

export interface BillingNote {
	title: string;
	description: string;
	marker: string;
}

function signed(n: number): string {
	return n > 0 ? `+${n}` : String(n);
}

/** The note line recording when the billed usage was reported; a later run reads it to refuse older usage. */
export const USAGE_AS_OF_LABEL = 'Usage as of:';

/** The usage time a billing note records, if any. */
export function usageAsOfInNote(description: string | undefined): string | undefined {
	const found = new RegExp(`${USAGE_AS_OF_LABEL} (\\S+)`).exec(description ?? '');
	return found && !Number.isNaN(Date.parse(found[1])) ? found[1] : undefined;
}

export interface NoteExtras {
	/** Unique per execution (see noteMarker). */
	runId?: string;
	/** Watermark and targets for the concurrent-sync check of other runs (nodes/logic/billingTwins.ts). */
	state?: SyncState;
}

export function billingNote(
	plan: ContractPlan,
	effectiveDate: string,
	eventIds: string[],
	usageAsOf?: string,
	extras: NoteExtras = {},
): BillingNote {
	const marker = noteMarker(plan, effectiveDate, extras.runId);
	const changed = plan.changes.filter((c) => c.status === 'change');
	const suffix = ` [${marker}]`;
	const head = `BDR billing sync: ${changed.length} service${changed.length === 1 ? '' : 's'} updated from ${effectiveDate}`;
	const title = head.slice(0, MAX_TITLE - suffix.length) + suffix;

	const lines = [
		'Units synchronized from BDR usage reports (n8n Sync Billing).',
		`Effective date: ${effectiveDate}`,
	];
	if (usageAsOf) lines.push(`${USAGE_AS_OF_LABEL} ${usageAsOf}`);
	lines.push('');
	for (const c of changed) {
		const name = c.serviceName ?? `service ${c.serviceId}`;
		const added = c.addsService ? ' (service added to the contract)' : '';
		lines.push(`- ${name} [${c.quantity}]: ${c.before} → ${c.after} (${signed(c.delta)})${added}`);
	}
	lines.push('');
	const listed = eventIds.slice(0, MAX_EVENTS_LISTED);
	const more = eventIds.length - listed.length;
	lines.push(
		`Source events: ${listed.length ? listed.join(', ') : '(none carried an event id)'}${more > 0 ? ` and ${more} more` : ''}`,
	);
	// The machine-readable line ends the note whole (the text before it is what gets cut), with room
	// left for the line a superseding run appends.
	const tail = extras.state ? `\n${syncStateLine(extras.state)}` : '';
	const room = MAX_DESCRIPTION - tail.length - (extras.state ? SUPERSEDE_ROOM : 0);
	const description = lines.join('\n').slice(0, room) + tail;
	return { title, description, marker };
}
