/**
 * The trigger's subscription options (the Axcient guide's "Partner Notifications"):
 * which normalised events start a workflow and which are only counted.
 */
import type { NormalisedEvent } from './eventSchema';
import { type EventType, type Severity, conditionOf, severityRank } from './eventTypes';

export interface SubscriptionOptions {
	/** OK events (severity ok) are dropped unless this is on; a workflow that closes tickets needs them. */
	subscribeOkEvents: boolean;
	/** 'all', or the chosen types. */
	eventTypes: 'all' | EventType[];
	/** Non-OK events below this are dropped. OK events are governed only by subscribeOkEvents. */
	minimumSeverity: Exclude<Severity, 'ok'>;
	/** Events that occurred longer ago than this are dropped; 0 turns the cutoff off. */
	maxAgeMinutes: number;
}

export const DEFAULT_SUBSCRIPTION: SubscriptionOptions = {
	subscribeOkEvents: false,
	eventTypes: 'all',
	minimumSeverity: 'info',
	maxAgeMinutes: 1440,
};

export type IgnoreReason = 'ok_event' | 'event_type' | 'severity' | 'too_old' | 'duplicate';

export interface FilterResult {
	accepted: NormalisedEvent[];
	ignored: Record<IgnoreReason, number>;
}

function typeMatches(event: NormalisedEvent, types: 'all' | EventType[]): boolean {
	if (types === 'all') return true;
	if (types.includes(event.type)) return true;
	// The OK of a chosen failure ("backup succeeded" after "backup failed") shares its
	// condition; letting it through keeps ticket closing working with a narrow type list.
	return (
		event.severity === 'ok' && types.some((type) => conditionOf(type, type) === event.condition)
	);
}

export function filterEvents(
	events: NormalisedEvent[],
	options: SubscriptionOptions,
	now: Date,
): FilterResult {
	const ignored: Record<IgnoreReason, number> = {
		ok_event: 0,
		event_type: 0,
		severity: 0,
		too_old: 0,
		duplicate: 0,
	};
	const accepted: NormalisedEvent[] = [];
	const seen = new Set<string>();
	const cutoff =
		options.maxAgeMinutes > 0 ? now.getTime() - options.maxAgeMinutes * 60_000 : undefined;
	for (const event of events) {
		let reason: IgnoreReason | undefined;
		if (seen.has(event.eventId)) reason = 'duplicate';
		else if (cutoff !== undefined && Date.parse(event.occurredAt) < cutoff) reason = 'too_old';
		else if (event.severity === 'ok' && !options.subscribeOkEvents) reason = 'ok_event';
		else if (!typeMatches(event, options.eventTypes)) reason = 'event_type';
		else if (
			event.severity !== 'ok' &&
			severityRank(event.severity) < severityRank(options.minimumSeverity)
		)
			reason = 'severity';
		seen.add(event.eventId);
		if (reason) ignored[reason]++;
		else accepted.push(event);
	}
	return { accepted, ignored };
}
