import { decideEvent, groupByKey, planKey, stateAfter, DecisionSettings, OpenTicket } from '../../nodes/logic/ticketDecision';
import { DEFAULT_RULES } from '../../nodes/logic/ticketSettings';

const settings: DecisionSettings = { rules: DEFAULT_RULES, priority: 'P2', errorPriority: 'P1' };
const ev = (severity: any, type = 'backup_failed', occurredAt = '2026-01-01T00:00:00Z') => ({ severity, type, occurredAt });
const open = (id: number, priority = 'P2', repeatCount = 0): OpenTicket => ({ id, priority, repeatCount });

describe('decideEvent', () => {
	it('warning/error without a ticket creates, with the priority for its severity', () => {
		expect(decideEvent(settings, ev('warning'), [])).toMatchObject({ kind: 'create', priority: 'P2' });
		expect(decideEvent(settings, ev('critical'), [])).toMatchObject({ kind: 'create', priority: 'P1' });
		expect(decideEvent({ ...settings, errorPriority: '' }, ev('error'), [])).toMatchObject({ kind: 'create', priority: 'P2' });
	});

	it('a repeat notes the oldest open ticket with the next count', () => {
		expect(decideEvent(settings, ev('warning'), [open(9, 'P2', 2), open(7, 'P2', 4)])).toMatchObject({ kind: 'note', ticketId: 7, repeatCount: 5, raisePriorityTo: undefined });
	});

	it('raises priority when severity rose, but never over a technician-set priority', () => {
		expect(decideEvent(settings, ev('error'), [open(7, 'P2')])).toMatchObject({ kind: 'note', raisePriorityTo: 'P1' });
		expect(decideEvent(settings, ev('error'), [open(7, 'P3')])).toMatchObject({ kind: 'note', raisePriorityTo: undefined });
		expect(decideEvent(settings, ev('error'), [open(7, 'P1')])).toMatchObject({ kind: 'note', raisePriorityTo: undefined });
	});

	it('ok closes every open ticket of the key, or is ignored with none', () => {
		expect(decideEvent(settings, ev('ok', 'backup_succeeded'), [open(9), open(7)])).toMatchObject({ kind: 'close', ticketIds: [7, 9] });
		expect(decideEvent(settings, ev('ok', 'backup_succeeded'), [])).toMatchObject({ kind: 'ignore' });
	});

	it('OK Events Close Tickets off: a note, the ticket stays open', () => {
		const s = { ...settings, rules: { ...DEFAULT_RULES, okCloses: false } };
		expect(decideEvent(s, ev('ok'), [open(7)])).toMatchObject({ kind: 'okNote', ticketId: 7 });
	});

	it('OK Events Open Tickets on: an OK with no ticket creates one', () => {
		const s = { ...settings, rules: { ...DEFAULT_RULES, okOpens: true } };
		expect(decideEvent(s, ev('ok'), [])).toMatchObject({ kind: 'create', priority: 'P2' });
	});

	it('severities outside the rule are ignored; info never notes', () => {
		const s = { ...settings, rules: { ...DEFAULT_RULES, openSeverities: ['error', 'critical'] as any } };
		expect(decideEvent(s, ev('warning'), [])).toMatchObject({ kind: 'ignore', reason: expect.stringContaining('warning') });
		expect(decideEvent(s, ev('warning'), [open(3)])).toMatchObject({ kind: 'note' });
		expect(decideEvent(settings, ev('info'), [open(3)])).toMatchObject({ kind: 'ignore' });
	});

	it('event types not selected are skipped, but OK still closes', () => {
		const s = { ...settings, rules: { ...DEFAULT_RULES, eventTypes: ['hardware_failure'] } };
		expect(decideEvent(s, ev('error', 'backup_failed'), [])).toMatchObject({ kind: 'skip', reason: expect.stringContaining('backup_failed') });
		expect(decideEvent(s, ev('error', 'hardware_failure'), [])).toMatchObject({ kind: 'create' });
		expect(decideEvent(s, ev('ok', 'backup_succeeded'), [open(1)])).toMatchObject({ kind: 'close' });
	});
});

describe('planKey: the ladder', () => {
	it('fail, fail, warn then error, ok, fail again', () => {
		const plan = planKey(settings, [ev('warning'), ev('warning'), ev('error'), ev('ok'), ev('error')], []);
		expect(plan.map((a) => a.kind)).toEqual(['create', 'note', 'note', 'close', 'create']);
		expect(plan[1]).toMatchObject({ repeatCount: 1 });
		expect(plan[2]).toMatchObject({ repeatCount: 2, raisePriorityTo: 'P1' });
		expect(plan[4]).toMatchObject({ priority: 'P1' });
	});

	it('continues counting from the ticket in Autotask', () => {
		const plan = planKey(settings, [ev('error'), ev('error')], [open(5, 'P1', 6)]);
		expect(plan).toMatchObject([{ kind: 'note', repeatCount: 7 }, { kind: 'note', repeatCount: 8 }]);
	});

	it('stateAfter leaves the state alone for ignore', () => {
		const s = [open(1)];
		expect(stateAfter(s, { kind: 'ignore', reason: '' })).toBe(s);
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
		expect([...groupByKey(items).entries()]).toEqual([['a', [2, 3, 0]], ['b', [1]]]);
	});
});
