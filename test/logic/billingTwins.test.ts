/** The pure rules of the concurrent-sync check: note lines, twin detection, survivor and waits. */
import { billingNote, noteMarker } from '../../nodes/logic/billingNote';
import type { ContractPlan } from '../../nodes/logic/billingPlan';
import {
	decideTwin,
	isSuperseded,
	parseSuperseded,
	parseSyncState,
	supersededLine,
	syncStateLine,
	type LoggedNote,
	type Targets,
	type TwinInput,
} from '../../nodes/logic/billingTwins';

const note = (id: number, seen: number | null, targets: Targets, extra = ''): LoggedNote => ({
	id,
	description: `Units synchronized…\n- S1: 1 → 2\n${syncStateLine({ seen, targets })}${extra}`,
});
const superseded = (n: LoggedNote, survivor: number, targets: Targets): LoggedNote => ({
	...n,
	description: `${n.description}\n${supersededLine(survivor, targets)}`,
});
const input = (over: Partial<TwinInput>): TwinInput => ({
	ownNoteId: 20,
	ownTargets: { 1: 9 },
	seen: 10,
	readIds: new Set(),
	notes: [],
	...over,
});

describe('note lines', () => {
	it('round-trips the sync state and the superseded line', () => {
		expect(
			parseSyncState(`text\n${syncStateLine({ seen: 42, targets: { 101: 3, 102: 0 } })}`),
		).toEqual({ seen: 42, targets: { 101: 3, 102: 0 } });
		expect(parseSyncState(syncStateLine({ seen: null, targets: {} }))).toEqual({
			seen: null,
			targets: {},
		});
		expect(parseSuperseded(`x\n${supersededLine(7, { 5: 2 })}`)).toEqual({
			survivor: 7,
			targets: { 5: 2 },
		});
	});

	it('ignores notes without the line, with broken JSON or with non-integer targets', () => {
		expect(parseSyncState('Units synchronized\nUsage as of: 2026-01-01T00:00:00Z')).toBeUndefined();
		expect(parseSyncState('Sync state: {"seen":1,"targets":')).toBeUndefined();
		expect(parseSyncState('Sync state: {"seen":1,"targets":{"5":1.5}}')).toBeUndefined();
		expect(parseSyncState('Sync state: {"seen":1,"targets":{"x":1}}')).toBeUndefined();
		expect(parseSuperseded('Superseded by note 3: {"targets":{"1":1}}')).toBeUndefined();
	});

	it('tells superseded notes by their line or their title', () => {
		expect(
			isSuperseded({ title: 'BDR billing sync [bdr-sync:1]', description: supersededLine(3, {}) }),
		).toBe(true);
		expect(
			isSuperseded({ title: 'Superseded: BDR billing sync [bdr-sync:1]', description: '' }),
		).toBe(true);
		expect(
			isSuperseded({
				title: 'BDR billing sync [bdr-sync:1]',
				description: syncStateLine({ seen: 1, targets: {} }),
			}),
		).toBe(false);
	});
});

describe('billing note for the check', () => {
	const plan: ContractPlan = {
		contractId: 900,
		status: 'change',
		problems: [],
		changes: [
			{
				row: 1,
				quantity: 'Server licenses',
				rule: 'count',
				serviceId: 5,
				before: 1,
				after: 3,
				delta: 2,
				addsService: false,
				status: 'change',
			},
		],
	};

	it('carries the sync state last, whole, even when the text is cut', () => {
		const ids = Array.from({ length: 50 }, (_, i) => `event-${'x'.repeat(200)}-${i}`);
		const n = billingNote(plan, '2026-03-01', ids, undefined, {
			runId: 'r1',
			state: { seen: 12, targets: { 5: 3 } },
		});
		expect(n.description.length).toBeLessThanOrEqual(8000 - 1000);
		expect(n.description.split('\n').pop()).toBe(syncStateLine({ seen: 12, targets: { 5: 3 } }));
		expect(parseSyncState(n.description)).toEqual({ seen: 12, targets: { 5: 3 } });
	});

	it("gives two runs with the same change different markers (a lost note is never taken for the twin's)", () => {
		expect(noteMarker(plan, '2026-03-01', 'exec-1.a')).not.toBe(
			noteMarker(plan, '2026-03-01', 'exec-2.b'),
		);
		expect(noteMarker(plan, '2026-03-01', 'exec-1.a')).toBe(
			noteMarker(plan, '2026-03-01', 'exec-1.a'),
		);
	});
});

describe('decideTwin', () => {
	it('no note between our watermark and our note: nothing to do (also when later notes exist)', () => {
		expect(decideTwin(input({ notes: [note(20, 10, { 1: 9 }), note(25, 10, { 1: 9 })] }))).toEqual({
			kind: 'none',
		});
		// Notes at or below the watermark were seen before our units were read.
		expect(
			decideTwin(
				input({ notes: [note(8, 5, { 1: 1 }), note(10, 8, { 1: 2 }), note(20, 10, { 1: 9 })] }),
			),
		).toEqual({ kind: 'none' });
	});

	it('a note between: the earliest survives and its targets win', () => {
		const d = decideTwin(input({ notes: [note(20, 10, { 1: 9 }), note(15, 10, { 1: 4, 2: 0 })] }));
		expect(d).toEqual({ kind: 'correct', survivorId: 15, targets: { 1: 4, 2: 0 } });
	});

	it('without a watermark (the read found none of our notes), every other note below ours is new', () => {
		const d = decideTwin(
			input({ seen: undefined, notes: [note(15, null, { 1: 4 }), note(20, null, { 1: 9 })] }),
		);
		expect(d).toEqual({ kind: 'correct', survivorId: 15, targets: { 1: 4 } });
		expect(
			decideTwin(
				input({ seen: undefined, notes: [note(20, null, { 1: 9 }), note(22, null, { 1: 9 })] }),
			),
		).toEqual({ kind: 'none' });
		// A run without a watermark that found a note below its own corrects: it is waited for.
		expect(
			decideTwin(
				input({
					seen: undefined,
					notes: [note(14, null, { 1: 4 }), note(15, null, { 1: 4 }), note(20, null, { 1: 9 })],
				}),
			),
		).toEqual({ kind: 'wait', noteIds: [15] });
	});

	it('waits for a lower run that is itself correcting, then follows its mark', () => {
		const survivor = note(12, 10, { 1: 4 });
		const middle = note(15, 10, { 1: 4 }); // posted on top of 12, which it had not seen: it corrects
		expect(decideTwin(input({ notes: [survivor, middle, note(20, 10, { 1: 4 })] }))).toEqual({
			kind: 'wait',
			noteIds: [15],
		});
		expect(
			decideTwin(
				input({ notes: [survivor, superseded(middle, 12, { 1: 4 }), note(20, 10, { 1: 4 })] }),
			),
		).toEqual({ kind: 'correct', survivorId: 12, targets: { 1: 4 } });
	});

	it('does not wait for a lower run that had seen everything below it', () => {
		const d = decideTwin(
			input({ notes: [note(12, 10, { 1: 4 }), note(15, 12, { 1: 6 }), note(20, 10, { 1: 9 })] }),
		);
		expect(d).toEqual({ kind: 'correct', survivorId: 12, targets: { 1: 4 } });
	});

	it('the earliest unseen note already superseded: its survivor (seen by us) wins', () => {
		const d = decideTwin(
			input({ notes: [superseded(note(14, 5, { 1: 7 }), 9, { 1: 3 }), note(20, 10, { 1: 9 })] }),
		);
		expect(d).toEqual({ kind: 'correct', survivorId: 9, targets: { 1: 3 } });
	});

	it('the earliest note still correcting: wait; forced after the wait runs out, it is taken as it stands', () => {
		const first = note(14, 5, { 1: 7 });
		const notes = [first, note(20, 10, { 1: 9 })];
		const readIds = new Set([8]); // a note 5 < 8 < 14 that run 14 had not seen
		expect(decideTwin(input({ notes, readIds }))).toEqual({ kind: 'wait', noteIds: [14] });
		expect(decideTwin(input({ notes, readIds, force: true }))).toEqual({
			kind: 'correct',
			survivorId: 14,
			targets: { 1: 7 },
		});
	});

	it('a survivor without a sync state (older version): our own targets, so the change still counts once', () => {
		const d = decideTwin(
			input({
				notes: [{ id: 15, description: 'Units synchronized (old format)' }, note(20, 10, { 1: 9 })],
			}),
		);
		expect(d).toEqual({ kind: 'correct', survivorId: 15, targets: { 1: 9 } });
	});
});
