import {
	DEFAULT_SUBSCRIPTION,
	filterEvents,
	type SubscriptionOptions,
} from '../../nodes/logic/eventFilter';
import type { NormalisedEvent } from '../../nodes/logic/eventSchema';
import { conditionOf, type EventType, type Severity } from '../../nodes/logic/eventTypes';

const now = new Date('2026-03-01T10:00:00Z');

function ev(id: string, type: EventType, severity: Severity, minutesAgo = 1): NormalisedEvent {
	return {
		eventId: id,
		occurredAt: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
		receivedAt: now.toISOString(),
		customer: { id: 'C' },
		device: { id: 'D' },
		type,
		originalType: type,
		condition: conditionOf(type, type),
		severity,
		message: '',
	};
}

const opts = (o: Partial<SubscriptionOptions>): SubscriptionOptions => ({
	...DEFAULT_SUBSCRIPTION,
	...o,
});
const ids = (events: NormalisedEvent[]) => events.map((e) => e.eventId);

describe('filterEvents', () => {
	const mixed = [
		ev('fail', 'backup_failed', 'error'),
		ev('ok', 'backup_succeeded', 'ok'),
		ev('usage', 'usage_report', 'info'),
		ev('hw', 'hardware_failure', 'critical'),
		ev('lic', 'license_expiry', 'warning'),
	];

	it('by default drops OK events and keeps the rest', () => {
		const result = filterEvents(mixed, DEFAULT_SUBSCRIPTION, now);
		expect(ids(result.accepted)).toEqual(['fail', 'usage', 'hw', 'lic']);
		expect(result.ignored.ok_event).toBe(1);
	});

	it('passes OK events when subscribed, even under a high minimum severity', () => {
		const result = filterEvents(
			mixed,
			opts({ subscribeOkEvents: true, minimumSeverity: 'error' }),
			now,
		);
		expect(ids(result.accepted)).toEqual(['fail', 'ok', 'hw']);
		expect(result.ignored.severity).toBe(2);
	});

	it('keeps only chosen types, plus the OK of a chosen condition', () => {
		const result = filterEvents(
			mixed,
			opts({ subscribeOkEvents: true, eventTypes: ['backup_failed', 'license_expiry'] }),
			now,
		);
		expect(ids(result.accepted)).toEqual(['fail', 'ok', 'lic']);
		expect(result.ignored.event_type).toBe(2);
		const unrelated = filterEvents(
			[ev('ok', 'backup_succeeded', 'ok')],
			opts({ subscribeOkEvents: true, eventTypes: ['hardware_failure'] }),
			now,
		);
		expect(unrelated.ignored.event_type).toBe(1);
	});

	it('drops events older than the cutoff, and none when the cutoff is 0', () => {
		const events = [
			ev('new', 'backup_failed', 'error', 5),
			ev('old', 'backup_failed', 'error', 61),
		];
		expect(ids(filterEvents(events, opts({ maxAgeMinutes: 60 }), now).accepted)).toEqual(['new']);
		expect(filterEvents(events, opts({ maxAgeMinutes: 60 }), now).ignored.too_old).toBe(1);
		expect(ids(filterEvents(events, opts({ maxAgeMinutes: 0 }), now).accepted)).toEqual([
			'new',
			'old',
		]);
	});

	it('drops repeats of one event id within a request', () => {
		const result = filterEvents(
			[ev('a', 'backup_failed', 'error'), ev('a', 'backup_failed', 'error')],
			DEFAULT_SUBSCRIPTION,
			now,
		);
		expect(result.accepted).toHaveLength(1);
		expect(result.ignored.duplicate).toBe(1);
	});
});
