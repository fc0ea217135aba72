/**
 * The demo's running summary: what the simulated devices sent, and what happened in Autotask (read
 * from the sandbox's store and counters, the source of truth) and in n8n (its executions).
 */
import type { Store } from '../../sandbox/store';
import type { TrafficStats } from './traffic';

/** Autotask's system value of the Complete ticket status. */
const STATUS_COMPLETE = 5;
/** Tickets our nodes create carry the alert key in externalID with this prefix (nodes/logic/alertKey.ts). */
const ALERT_KEY_PREFIX = 'bdr:';

export interface AutotaskFigures {
	ticketsOpen: number;
	ticketsClosed: number;
	/** Tickets of ours with at least one note (repeats, OK-after-close, flapping). */
	ticketsNoted: number;
	notes: number;
	/** Contract service adjustments made since the baseline (each one changes a contract's units). */
	unitChanges: number;
	contractsChanged: number;
	apiCalls: number;
}

export interface Baseline {
	adjustmentIds: Set<number>;
	noteIds: Set<number>;
}

export function baselineOf(store: Store): Baseline {
	return {
		adjustmentIds: new Set(store.all('ContractServiceAdjustments').map((r) => r.id)),
		noteIds: new Set(store.all('TicketNotes').map((r) => r.id)),
	};
}

export function autotaskFigures(
	store: Store,
	baseline: Baseline,
	apiCalls: number,
): AutotaskFigures {
	const ours = store
		.all('Tickets')
		.filter((t) => String(t.externalID ?? '').startsWith(ALERT_KEY_PREFIX));
	const ourIds = new Set(ours.map((t) => t.id));
	const notes = store
		.all('TicketNotes')
		.filter((n) => ourIds.has(n.ticketID) && !baseline.noteIds.has(n.id));
	const adjustments = store
		.all('ContractServiceAdjustments')
		.filter((a) => !baseline.adjustmentIds.has(a.id));
	return {
		ticketsOpen: ours.filter((t) => t.status !== STATUS_COMPLETE).length,
		ticketsClosed: ours.filter((t) => t.status === STATUS_COMPLETE).length,
		ticketsNoted: new Set(notes.map((n) => n.ticketID)).size,
		notes: notes.length,
		unitChanges: adjustments.length,
		contractsChanged: new Set(
			adjustments.map(
				(a) => a.contractID ?? store.get('ContractServices', a.contractServiceID)?.contractID,
			),
		).size,
		apiCalls,
	};
}

export interface ExecutionFigures {
	ok: number;
	failed: number;
}

export function formatSummary(
	at: Date,
	traffic: TrafficStats | undefined,
	autotask: AutotaskFigures,
	executions: ExecutionFigures | undefined,
): string {
	const time = at.toISOString().slice(11, 19);
	const sent = traffic
		? `sent ${traffic.requests} (${traffic.accepted} accepted, ${traffic.refused} refused${traffic.failed ? `, ${traffic.failed} unanswered` : ''}${traffic.unexpected ? `, ${traffic.unexpected} UNEXPECTED` : ''})`
		: 'simulator off';
	const tickets = `tickets ${autotask.ticketsOpen} open, ${autotask.ticketsNoted} noted (${autotask.notes} notes), ${autotask.ticketsClosed} closed`;
	const units = `units changed ${autotask.unitChanges}× on ${autotask.contractsChanged} contracts`;
	const runs = executions
		? `executions ${executions.ok} ok, ${executions.failed} failed`
		: 'executions ?';
	return `[${time}] ${sent} | ${tickets} | ${units} | Autotask calls ${autotask.apiCalls} | ${runs}`;
}
