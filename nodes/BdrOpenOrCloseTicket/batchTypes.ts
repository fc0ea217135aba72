/** The shapes a ticket batch is made of: one item per event, one result per item. */
import type { NormalisedEvent } from '../logic/eventSchema';
import type { IgnoreCode } from '../logic/ticketDecision';
import type { ResolvedSettings } from './resolvedSettings';

export type Outcome =
	| 'created'
	| 'noted'
	| 'closed'
	| 'reopened'
	| 'duplicate'
	| 'ignored'
	| 'skipped'
	| 'budget'
	| 'error';

export interface BatchItem {
	index: number;
	event: NormalisedEvent & { failingSince?: string };
	key: string;
	companyId: number;
	contractId?: number;
	settings: ResolvedSettings;
}

export interface ItemResult {
	outcome: Outcome;
	reason: string;
	/** Why an event was ignored, as a code a workflow can branch on (e.g. stale_event). */
	reasonCode?: IgnoreCode;
	alertKey: string;
	ticketId?: number;
	ticketNumber?: string;
	error?: unknown;
}
