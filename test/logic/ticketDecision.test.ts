import {
	decideEvent,
	groupByKey,
	planKey,
	stateAfter,
	type DecisionEvent,
	type DecisionSettings,
	type KeyState,
	type OpenTicket,
} from '../../nodes/logic/ticketDecision';
import { DEFAULT_RULES } from '../../nodes/logic/ticketSettings';

const settings: DecisionSettings = { rules: DEFAULT_RULES, priority: 'P2', errorPriority: 'P1' };
const NOW = new Date('2026-01-01T12:00:00Z');
let seq = 0;
const ev = (
	severity: any,
	type = 'backup_failed',
	occurredAt = '2026-01-01T00:00:00Z',
	extra: Partial<DecisionEvent> = {},
): DecisionEvent => ({
	eventId: `e${++seq}`,
	severity,
	type,
	occurredAt,
	message: 'm',
	...extra,
});
const open = (
	id: number,
	priority = 'P2',
	repeatCount = 0,
	extra: Partial<OpenTicket> = {},
): OpenTicket => ({ id, priority, repeatCount, ...extra });
const st = (...tickets: OpenTicket[]): KeyState => ({ open: tickets });

describe('decideEvent', () => {
	it('warning/error without a ticket creates, with the priority for its severity', () => {
		expect(decideEvent(settings, ev('warning'), st(), NOW)).toMatchObject({
			kind: 'create',
			priority: 'P2',
		});
		expect(decideEvent(settings, ev('critical'), st(), NOW)).toMatchObject({
			kind: 'create',
			priority: 'P1',
		});
		expect(decideEvent({ ...settings, errorPriority: '' }, ev('error'), st(), NOW)).toMatchObject({
			kind: 'create',
			priority: 'P2',
		});
	});

	it('a repeat notes the oldest open ticket with the next count', () => {
		expect(
			decideEvent(settings, ev('warning'), st(open(9, 'P2', 2), open(7, 'P2', 4)), NOW),
		).toMatchObject({ kind: 'note', ticketId: 7, repeatCount: 5, raisePriorityTo: undefined });
	});

	it('raises priority when severity rose, but never over a technician-set priority', () => {
		expect(decideEvent(settings, ev('error'), st(open(7, 'P2')), NOW)).toMatchObject({
			kind: 'note',
			raisePriorityTo: 'P1',
		});
		expect(decideEvent(settings, ev('error'), st(open(7, 'P3')), NOW)).toMatchObject({
			kind: 'note',
			raisePriorityTo: undefined,
		});
		expect(decideEvent(settings, ev('error'), st(open(7, 'P1')), NOW)).toMatchObject({
			kind: 'note',
			raisePriorityTo: undefined,
		});
	});

	it('ok closes every open ticket of the key, or is ignored with none', () => {
		expect(
			decideEvent(settings, ev('ok', 'backup_succeeded'), st(open(9), open(7)), NOW),
		).toMatchObject({ kind: 'close', ticketIds: [7, 9] });
		expect(decideEvent(settings, ev('ok', 'backup_succeeded'), st(), NOW)).toMatchObject({
			kind: 'ignore',
			code: 'no_ticket',
		});
	});

	it('OK Events Close Tickets off: a note, the ticket stays open', () => {
		const s = { ...settings, rules: { ...DEFAULT_RULES, okCloses: false } };
		expect(decideEvent(s, ev('ok'), st(open(7)), NOW)).toMatchObject({
			kind: 'okNote',
			ticketId: 7,
		});
	});

	it('OK Events Open Tickets on: an OK with no ticket creates one', () => {
		const s = { ...settings, rules: { ...DEFAULT_RULES, okOpens: true } };
		expect(decideEvent(s, ev('ok'), st(), NOW)).toMatchObject({ kind: 'create', priority: 'P2' });
	});

	it('severities outside the rule are ignored; info never notes', () => {
		const s = {
			...settings,
			rules: { ...DEFAULT_RULES, openSeverities: ['error', 'critical'] as any },
		};
		expect(decideEvent(s, ev('warning'), st(), NOW)).toMatchObject({
			kind: 'ignore',
			reason: expect.stringContaining('warning'),
		});
		expect(decideEvent(s, ev('warning'), st(open(3)), NOW)).toMatchObject({ kind: 'note' });
		expect(decideEvent(settings, ev('info'), st(open(3)), NOW)).toMatchObject({ kind: 'ignore' });
	});

	it('event types not selected are skipped, but OK still closes', () => {
		const s = { ...settings, rules: { ...DEFAULT_RULES, eventTypes: ['hardware_failure'] } };
		expect(decideEvent(s, ev('error', 'backup_failed'), st(), NOW)).toMatchObject({
			kind: 'skip',
			reason: expect.stringContaining('backup_failed'),
		});
		expect(decideEvent(s, ev('error', 'hardware_failure'), st(), NOW)).toMatchObject({
			kind: 'create',
		});
		expect(decideEvent(s, ev('ok', 'backup_succeeded'), st(open(1)), NOW)).toMatchObject({
			kind: 'close',
		});
	});
});

describe('rule 1: late events never undo newer ones', () => {
	const t5 = '2026-01-01T05:00:00Z';
	it('an OK older than the latest problem recorded on the open ticket does not close it', () => {
		const ticket = open(7, 'P2', 1, { latest: { eventId: 'f5', occurredAt: t5 } });
		expect(
			decideEvent(settings, ev('ok', 'backup_succeeded', '2026-01-01T04:00:00Z'), st(ticket), NOW),
		).toMatchObject({ kind: 'ignore', code: 'stale_event' });
		expect(
			decideEvent(settings, ev('ok', 'backup_succeeded', '2026-01-01T06:00:00Z'), st(ticket), NOW),
		).toMatchObject({ kind: 'close', ticketIds: [7] });
	});

	it("a problem older than the recovery that closed the key's last ticket opens nothing", () => {
		const state: KeyState = {
			open: [],
			lastClosed: { id: 4, recoveredAt: '2026-01-01T03:00:00Z' },
		};
		expect(
			decideEvent(settings, ev('error', 'backup_failed', '2026-01-01T02:00:00Z'), state, NOW),
		).toMatchObject({ kind: 'ignore', code: 'stale_event' });
		expect(
			decideEvent(settings, ev('error', 'backup_failed', '2026-01-01T04:00:00Z'), state, NOW),
		).toMatchObject({ kind: 'create' });
	});

	it('a ticket a person closed (no recovery recorded) makes nothing stale', () => {
		const state: KeyState = { open: [], lastClosed: { id: 4 } };
		expect(
			decideEvent(settings, ev('error', 'backup_failed', '2020-01-01T00:00:00Z'), state, NOW),
		).toMatchObject({ kind: 'create' });
	});
});

describe('rule 2: an OK that finds no ticket asks for a re-check while a create may still be landing', () => {
	it('only when the OK is fresh', () => {
		expect(
			decideEvent(settings, ev('ok', 'backup_succeeded', '2026-01-01T11:59:00Z'), st(), NOW),
		).toMatchObject({ kind: 'ignore', recheck: true });
		expect(
			decideEvent(settings, ev('ok', 'backup_succeeded', '2026-01-01T09:00:00Z'), st(), NOW),
		).toMatchObject({ kind: 'ignore', recheck: false });
	});
});

describe('rule 3: deliveries are not repeats', () => {
	it('an event already recorded on the open ticket is a duplicate, not a repeat', () => {
		const e = ev('error');
		expect(
			decideEvent(settings, e, st(open(7, 'P2', 0, { eventIds: [e.eventId] })), NOW),
		).toMatchObject({ kind: 'duplicate', ticketId: 7 });
	});

	it('planKey: the same event delivered three times opens one ticket and adds no note', () => {
		const e = ev('error');
		expect(planKey(settings, [e, e, e], st(), NOW).map((a) => a.kind)).toEqual([
			'create',
			'duplicate',
			'duplicate',
		]);
	});
});

describe('rule 4: Note Repeats', () => {
	const latest = {
		eventId: 'a',
		occurredAt: '2026-01-01T00:00:00Z',
		severity: 'error' as const,
		message: 'm',
		failingSince: '2025-12-31T23:00:00Z',
	};
	const polled = (at: string, extra: Partial<DecisionEvent> = {}) =>
		ev('error', 'backup_failed', at, { failingSince: '2025-12-31T23:00:00Z', ...extra });
	const ticket = open(7, 'P1', 0, { latest, eventIds: ['a'] });

	it('When the State Changes: the same state adds no note; a new severity, message or failing-since does', () => {
		const s = { ...settings, noteRepeats: 'stateChange' as const };
		expect(decideEvent(s, polled('2026-01-01T00:15:00Z'), st(ticket), NOW)).toMatchObject({
			kind: 'ignore',
			code: 'state_unchanged',
		});
		expect(
			decideEvent(s, polled('2026-01-01T00:15:00Z', { severity: 'critical' }), st(ticket), NOW),
		).toMatchObject({ kind: 'note' });
		expect(
			decideEvent(s, polled('2026-01-01T00:15:00Z', { message: 'other' }), st(ticket), NOW),
		).toMatchObject({ kind: 'note' });
		expect(
			decideEvent(
				s,
				polled('2026-01-01T00:15:00Z', { failingSince: '2026-01-01T00:10:00Z' }),
				st(ticket),
				NOW,
			),
		).toMatchObject({ kind: 'note' });
	});

	it('At Most Every N Hours: unchanged repeats add a reminder once the last recorded one is N hours old', () => {
		const s = { ...settings, noteRepeats: 'interval' as const, noteIntervalHours: 6 };
		expect(decideEvent(s, polled('2026-01-01T05:45:00Z'), st(ticket), NOW)).toMatchObject({
			kind: 'ignore',
			code: 'state_unchanged',
		});
		expect(decideEvent(s, polled('2026-01-01T06:00:00Z'), st(ticket), NOW)).toMatchObject({
			kind: 'note',
		});
	});

	it('96 polls a day of one persistent fault: one ticket, no note (When the State Changes)', () => {
		const s = { ...settings, noteRepeats: 'stateChange' as const };
		const polls = Array.from({ length: 96 }, (_, i) =>
			polled(new Date(Date.parse('2026-01-01T00:00:00Z') + i * 15 * 60_000).toISOString()),
		);
		const plan = planKey(s, polls, st(), new Date('2026-01-02T00:00:00Z'));
		expect(plan.filter((a) => a.kind === 'create')).toHaveLength(1);
		expect(plan.filter((a) => a.kind === 'note')).toHaveLength(0);
	});
});

describe('rule 5: flapping and timing', () => {
	const closed: KeyState = {
		open: [],
		lastClosed: { id: 4, ticketNumber: 'T4', recoveredAt: '2026-01-01T10:00:00Z' },
	};
	it('Reopen Within (Hours): a problem soon after the integration closed the ticket reopens it', () => {
		const s = { ...settings, reopenWithinHours: 2 };
		expect(
			decideEvent(s, ev('error', 'backup_failed', '2026-01-01T11:00:00Z'), closed, NOW),
		).toMatchObject({ kind: 'reopen', ticketId: 4, priority: 'P1' });
		expect(
			decideEvent(s, ev('error', 'backup_failed', '2026-01-01T12:30:00Z'), closed, NOW),
		).toMatchObject({ kind: 'create' });
		expect(
			decideEvent(
				s,
				ev('error', 'backup_failed', '2026-01-01T11:00:00Z'),
				{ open: [], lastClosed: { id: 4 } },
				NOW,
			),
		).toMatchObject({ kind: 'create' });
	});

	it('Open Only After (Minutes): no ticket until the failure has lasted that long (needs failingSince)', () => {
		const s = { ...settings, openAfterMinutes: 30 };
		expect(
			decideEvent(
				s,
				ev('error', 'backup_failed', '2026-01-01T11:50:00Z', {
					failingSince: '2026-01-01T11:45:00Z',
				}),
				st(),
				NOW,
			),
		).toMatchObject({ kind: 'ignore', code: 'not_failing_long_enough' });
		expect(
			decideEvent(
				s,
				ev('error', 'backup_failed', '2026-01-01T11:50:00Z', {
					failingSince: '2026-01-01T11:00:00Z',
				}),
				st(),
				NOW,
			),
		).toMatchObject({ kind: 'create' });
		expect(decideEvent(s, ev('error'), st(), NOW)).toMatchObject({ kind: 'create' });
	});

	it('Quiet Hours: problems open no ticket inside the window (in its time zone); recoveries still close', () => {
		const s = {
			...settings,
			quietHours: { start: '22:00', end: '07:00', timezone: 'America/New_York' },
		};
		const night = new Date('2026-01-02T04:00:00Z'); // 23:00 in New York
		const day = new Date('2026-01-02T15:00:00Z'); // 10:00 in New York
		expect(
			decideEvent(s, ev('error', 'backup_failed', '2026-01-02T03:59:00Z'), st(), night),
		).toMatchObject({ kind: 'ignore', code: 'quiet_hours' });
		expect(
			decideEvent(s, ev('error', 'backup_failed', '2026-01-02T14:59:00Z'), st(), day),
		).toMatchObject({ kind: 'create' });
		expect(
			decideEvent(s, ev('ok', 'backup_succeeded', '2026-01-02T03:59:00Z'), st(open(3)), night),
		).toMatchObject({ kind: 'close' });
	});
});

describe('planKey: the ladder', () => {
	it('fail, fail, warn then error, ok, fail again', () => {
		const at = (h: number) => `2026-01-01T0${h}:00:00Z`;
		const plan = planKey(
			settings,
			[
				ev('warning', 'backup_failed', at(1)),
				ev('warning', 'backup_failed', at(2)),
				ev('error', 'backup_failed', at(3)),
				ev('ok', 'backup_succeeded', at(4)),
				ev('error', 'backup_failed', at(5)),
			],
			st(),
			NOW,
		);
		expect(plan.map((a) => a.kind)).toEqual(['create', 'note', 'note', 'close', 'create']);
		expect(plan[1]).toMatchObject({ repeatCount: 1 });
		expect(plan[2]).toMatchObject({ repeatCount: 2, raisePriorityTo: 'P1' });
		expect(plan[4]).toMatchObject({ priority: 'P1' });
	});

	it('continues counting from the ticket in Autotask', () => {
		const plan = planKey(settings, [ev('error'), ev('error')], st(open(5, 'P1', 6)), NOW);
		expect(plan).toMatchObject([
			{ kind: 'note', repeatCount: 7 },
			{ kind: 'note', repeatCount: 8 },
		]);
	});

	it('stateAfter leaves the state alone for ignore', () => {
		const s = st(open(1));
		expect(stateAfter(s, { kind: 'ignore', code: 'no_ticket', reason: '' }, ev('ok'))).toBe(s);
	});

	it('stateAfter of a close remembers the recovery, so an older problem is stale afterwards', () => {
		const after = stateAfter(
			st(open(7)),
			{ kind: 'close', ticketIds: [7], reason: '' },
			ev('ok', 'backup_succeeded', '2026-01-01T03:00:00Z'),
		);
		expect(after).toEqual({ open: [], lastClosed: { id: 7, recoveredAt: '2026-01-01T03:00:00Z' } });
	});
});

describe('groupByKey', () => {
	it('groups by key in time order, ties by input order', () => {
		const items = [
			{ key: 'a', occurredAt: '2026-01-01T00:00:02Z' },
			{ key: 'b', occurredAt: '2026-01-01T00:00:00Z' },
			{ key: 'a', occurredAt: '2026-01-01T00:00:01Z' },
			{ key: 'a', occurredAt: '2026-01-01T00:00:01Z' },
		];
		expect([...groupByKey(items).entries()]).toEqual([
			['a', [2, 3, 0]],
			['b', [1]],
		]);
	});
});
