/**
 * The ticketing engine against an in-memory Autotask stand-in: exact fault paths (lost answers,
 * refusals, twins, budget) and the calls each outcome costs.
 */
import { AutotaskApiError, AutotaskWriteUnknownError } from '../../nodes/autotask/errors';
import { Picklist } from '../../nodes/autotask/picklists';
import { alertKeyOf } from '../../nodes/logic/alertKey';
import { DEFAULT_RULES } from '../../nodes/logic/ticketSettings';
import { resolutionText } from '../../nodes/logic/ticketText';
import type { ResolvedSettings } from '../../nodes/BdrOpenOrCloseTicket/resolvedSettings';
import { runTicketBatch, type BatchItem } from '../../nodes/BdrOpenOrCloseTicket/runTicketBatch';
import type { TicketClient } from '../../nodes/BdrOpenOrCloseTicket/ticketClient';

type Row = Record<string, any> & { id: number };

class FakeAutotask implements TicketClient {
	tickets: Row[] = [];
	notes: Row[] = [];
	calls: string[] = [];
	nextId = 100;
	/** Called before a write; may throw or change state (to simulate faults and races). */
	beforeWrite?: (path: string, body: any) => void;
	/** Called after a write is applied; throwing here is a lost answer. */
	afterWrite?: (path: string, body: any) => void;

	private match(row: Row, f: any): boolean {
		const v = row[f.field];
		const n = (x: unknown) => String(x ?? '').toLowerCase();
		switch (f.op) {
			case 'eq':
				return n(v) === n(f.value);
			case 'in':
				return f.value.map(n).includes(n(v));
			case 'notIn':
				return !f.value.map(n).includes(n(v));
			case 'beginsWith':
				return n(v).startsWith(n(f.value));
			case 'gt':
				return Date.parse(String(v)) > Date.parse(String(f.value));
			case 'or':
				return f.items.some((i: any) => this.match(row, i));
			default:
				throw new Error(`fake: op ${f.op}`);
		}
	}
	private rows(entity: string) {
		return entity === 'Tickets' ? this.tickets : this.notes;
	}
	async get<T>(entity: string, id: number) {
		this.calls.push(`GET ${entity}`);
		return this.rows(entity).find((r) => r.id === id) as T | undefined;
	}
	async query<T>(entity: string, o: { filter: any[]; maxRecords?: number }) {
		this.calls.push(`QUERY ${entity}`);
		return this.rows(entity)
			.filter((r) => o.filter.every((f) => this.match(r, f)))
			.map((r) => ({ ...r })) as T[];
	}
	async queryIn<T>(entity: string, field: string, values: any[], o: { filter?: any[] } = {}) {
		return this.query<T>(entity, {
			filter: [{ op: 'in', field, value: values }, ...(o.filter ?? [])],
		});
	}
	async create(path: string, body: any) {
		this.calls.push(`POST ${path.replace(/\d+/, '{id}')}`);
		this.beforeWrite?.(path, body);
		const id = this.nextId++;
		if (path === 'Tickets')
			this.tickets.push({
				...body,
				id,
				ticketNumber: `T${id}`,
				lastActivityDate: new Date().toISOString(),
			});
		else {
			const ticket = this.tickets.find((t) => t.id === body.ticketID);
			if (String(ticket?.status) === '5')
				throw new AutotaskApiError({
					status: 400,
					errors: ['Cannot add a note to a completed ticket'],
					method: 'POST',
					path,
				});
			this.notes.push({ ...body, id });
		}
		this.afterWrite?.(path, body);
		return id;
	}
	async update(path: string, body: any) {
		this.calls.push(`PATCH ${path}`);
		this.beforeWrite?.(path, body);
		Object.assign(this.tickets.find((t) => t.id === body.id)!, body, {
			lastActivityDate: new Date().toISOString(),
		});
		this.afterWrite?.(path, body);
		return body.id;
	}
	async picklist(): Promise<Picklist> {
		throw new Error('not used');
	}
	async picklistValue(): Promise<string> {
		throw new Error('not used');
	}
}

const settings: ResolvedSettings = {
	prefix: '[BDR]',
	queueID: '29683498',
	priority: '6',
	errorPriority: '1',
	errorPriorityLabel: 'High',
	statusNew: '1',
	statusClose: '5',
	dueHours: 0,
	rules: DEFAULT_RULES,
	countRepeats: true,
	attachContract: false,
	noteRepeats: 'every',
	noteIntervalHours: 24,
	reopenWithinHours: 0,
	openAfterMinutes: 0,
};
let seq = 0;
function item(
	severity: string,
	over: Partial<BatchItem> & { machine?: string; type?: string } = {},
): BatchItem {
	const event: any = {
		eventId: `e${++seq}`,
		occurredAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
		receivedAt: '',
		customer: { id: 'C1', name: 'Acme' },
		device: { id: 'D1' },
		machine: { name: over.machine ?? 'SRV-01' },
		type: over.type ?? (severity === 'ok' ? 'backup_succeeded' : 'backup_failed'),
		originalType: 'x',
		condition: 'backup',
		severity,
		message: 'msg',
	};
	return { index: seq, event, key: alertKeyOf(event), companyId: 7, settings, ...over };
}
const opts = { closedStatuses: ['5'], notes: { noteType: '3', publish: '1' } };
const run = (at: FakeAutotask, items: BatchItem[]) => runTicketBatch(at, items, opts);

describe('runTicketBatch', () => {
	it('walks the ladder: create, counted notes, priority raise, close, new ticket after a manual close', async () => {
		const at = new FakeAutotask();
		const r1 = await run(at, [item('warning')]);
		expect([...r1.values()][0]).toMatchObject({
			outcome: 'created',
			ticketId: 100,
			ticketNumber: 'T100',
		});
		expect(at.tickets[0]).toMatchObject({
			priority: 6,
			status: 1,
			queueID: 29683498,
			companyID: 7,
			title: '[BDR] Backup failed: SRV-01 (Acme)',
		});
		await run(at, [item('warning')]);
		const r3 = await run(at, [item('error')]);
		expect([...r3.values()][0]).toMatchObject({ outcome: 'noted', ticketId: 100 });
		expect(at.notes.map((n) => n.title)).toEqual([
			expect.stringMatching(/^Repeated 1 time,/),
			expect.stringMatching(/^Repeated 2 times,/),
		]);
		expect(at.notes[1].description).toContain('priority raised to High');
		expect(at.tickets[0].priority).toBe(1);
		const r4 = await run(at, [item('ok')]);
		expect([...r4.values()][0]).toMatchObject({ outcome: 'closed', ticketId: 100 });
		expect(at.tickets[0].status).toBe(5);
		const r5 = await run(at, [item('error')]);
		expect([...r5.values()][0]).toMatchObject({ outcome: 'created', ticketId: 103 }); // 101-102 went to notes; the close wrote none
		expect(at.tickets).toHaveLength(2);
	});

	it('costs: first failure 3 calls, counted repeat 3, uncounted repeat 3, close 3, ok with nothing open 1', async () => {
		const at = new FakeAutotask();
		await run(at, [item('error')]);
		expect(at.calls).toEqual(['QUERY Tickets', 'POST Tickets', 'QUERY Tickets']);
		at.calls = [];
		await run(at, [item('error')]);
		expect(at.calls).toEqual(['QUERY Tickets', 'QUERY TicketNotes', 'POST Tickets/{id}/Notes']);
		at.calls = [];
		// the notes are read either way: they tell which events the ticket records (deliveries are not repeats)
		await run(at, [item('error', { settings: { ...settings, countRepeats: false } })]);
		expect(at.calls).toEqual(['QUERY Tickets', 'QUERY TicketNotes', 'POST Tickets/{id}/Notes']);
		at.calls = [];
		// the resolution travels in the PATCH that closes
		await run(at, [item('ok')]);
		expect(at.calls).toEqual(['QUERY Tickets', 'QUERY TicketNotes', 'PATCH Tickets']);
		at.calls = [];
		await run(at, [item('ok')]);
		expect(at.calls).toEqual(['QUERY Tickets']);
	});

	it('a batch shares its reads: 100 events for 20 keys, one ticket per key, one find query', async () => {
		const at = new FakeAutotask();
		const items = Array.from({ length: 100 }, (_, i) => item('warning', { machine: `M${i % 20}` }));
		const results = await run(at, items);
		expect(at.tickets).toHaveLength(20);
		expect([...results.values()].filter((r) => r.outcome === 'created')).toHaveLength(20);
		expect([...results.values()].filter((r) => r.outcome === 'noted')).toHaveLength(80);
		// 1 batch find + per key (create, twin check) + 80 notes; no repeat-count read (nothing was open)
		expect(at.calls.filter((c) => c === 'QUERY Tickets')).toHaveLength(1 + 20);
		expect(at.calls).toHaveLength(1 + 40 + 80);
	});

	it('a create whose answer was lost is found by re-reading, never created twice', async () => {
		const at = new FakeAutotask();
		at.afterWrite = (path) => {
			if (path === 'Tickets') {
				at.afterWrite = undefined;
				throw new AutotaskWriteUnknownError({ method: 'POST', path, message: 'socket hang up' });
			}
		};
		const r = [...(await run(at, [item('error'), item('error')])).values()];
		expect(at.tickets).toHaveLength(1);
		expect(r[0]).toMatchObject({
			outcome: 'created',
			ticketId: 100,
			reason: expect.stringContaining('lost'),
		});
		expect(r[1]).toMatchObject({ outcome: 'noted', ticketId: 100 });
	});

	it('a create that was lost before it landed is written again once, after the re-read found nothing', async () => {
		const at = new FakeAutotask();
		at.beforeWrite = (path) => {
			if (path === 'Tickets') {
				at.beforeWrite = undefined;
				throw new AutotaskWriteUnknownError({ method: 'POST', path, message: 'reset' });
			}
		};
		const r = [...(await run(at, [item('error')])).values()];
		expect(at.tickets).toHaveLength(1);
		expect(r[0]).toMatchObject({ outcome: 'created' });
	});

	it('a note whose answer was lost is not written twice', async () => {
		const at = new FakeAutotask();
		await run(at, [item('error')]);
		at.afterWrite = (path) => {
			if (path.endsWith('/Notes')) {
				at.afterWrite = undefined;
				throw new AutotaskWriteUnknownError({ method: 'POST', path, message: 'timeout' });
			}
		};
		const r = [...(await run(at, [item('error')])).values()];
		expect(r[0]).toMatchObject({ outcome: 'noted' });
		expect(at.notes).toHaveLength(1);
	});

	it('a concurrent twin: the lower id survives, ours is closed with a note pointing at it', async () => {
		const at = new FakeAutotask();
		at.beforeWrite = (path, body) => {
			if (path === 'Tickets' && at.beforeWrite) {
				at.beforeWrite = undefined;
				// the other run's create (for another event of the same alert) landed first
				at.tickets.push({
					...body,
					description: String(body.description).replace(
						/Event id: .*/,
						'Event id: other-run-event',
					),
					id: 50,
					ticketNumber: 'T50',
				});
			}
		};
		const r = [...(await run(at, [item('error')])).values()];
		expect(r[0]).toMatchObject({ outcome: 'noted', ticketId: 50, ticketNumber: 'T50' });
		const ours = at.tickets.find((t) => t.id === 100)!;
		expect(ours.status).toBe(5);
		expect(at.notes.find((n) => n.ticketID === 100)?.description).toContain('T50');
		expect(at.notes.some((n) => n.ticketID === 50)).toBe(true);
		expect(at.tickets.filter((t) => t.status !== 5)).toHaveLength(1);
	});

	it('a note refused because a technician closed the ticket meanwhile opens a new ticket', async () => {
		const at = new FakeAutotask();
		await run(at, [item('error')]);
		at.beforeWrite = (path) => {
			if (path.endsWith('/Notes')) {
				at.beforeWrite = undefined;
				at.tickets[0].status = 5;
			}
		};
		const r = [
			...(
				await run(at, [item('error', { settings: { ...settings, countRepeats: false } })])
			).values(),
		];
		expect(r[0]).toMatchObject({
			outcome: 'created',
			ticketId: 102,
			reason: expect.stringContaining('was closed before the note'),
		});
		expect(at.tickets.filter((t) => t.status !== 5)).toHaveLength(1);
	});

	it('a note refused on an open ticket is an error naming the permission, not a silent drop', async () => {
		const at = new FakeAutotask();
		await run(at, [item('error')]);
		at.beforeWrite = (path) => {
			if (path.endsWith('/Notes'))
				throw new AutotaskApiError({
					status: 403,
					errors: ['no permission'],
					method: 'POST',
					path,
				});
		};
		const r = [...(await run(at, [item('error')])).values()];
		expect(r[0].outcome).toBe('error');
		expect(at.notes).toHaveLength(0);
		expect(r[0].reason).toMatch(
			/refused the note on open ticket T100 \(403: no permission\).*permission to add ticket notes/,
		);
	});

	it('after an hourly-budget refusal the rest of the batch is not tried: outcome budget, not error', async () => {
		const at = new FakeAutotask();
		at.beforeWrite = () => {
			throw new AutotaskApiError({
				status: 429,
				errors: ['hourly request limit exceeded'],
				method: 'POST',
				path: 'Tickets',
				isBudget: true,
			});
		};
		const items = Array.from({ length: 5 }, (_, i) => item('error', { machine: `B${i}` }));
		const r = [...(await runTicketBatch(at, items, { ...opts, concurrency: 1 })).values()];
		expect(r.map((x) => x.outcome)).toEqual(Array(5).fill('budget'));
		expect(at.calls.filter((c) => c === 'POST Tickets')).toHaveLength(1);
		expect(r[0].reason).toMatch(/hourly Autotask API budget is spent/);
		expect(r[4].reason).toMatch(/^not tried: .*budget/);
		expect(r.every((x) => x.error === undefined)).toBe(true);
	});

	it('OK closes every open duplicate of the key; ignored and skipped cost no writes', async () => {
		const at = new FakeAutotask();
		const key = item('ok').key;
		at.tickets.push(
			{ id: 1, externalID: key, status: 1, priority: 6 },
			{ id: 2, externalID: key, status: 1, priority: 6 },
		);
		const r = [...(await run(at, [item('ok')])).values()];
		expect(r[0]).toMatchObject({ outcome: 'closed', ticketId: 1 });
		expect(at.tickets.map((t) => t.status)).toEqual([5, 5]);
		at.calls = [];
		const skipped = await run(at, [
			item('error', {
				type: 'hardware_failure',
				settings: { ...settings, rules: { ...DEFAULT_RULES, eventTypes: ['backup_failed'] } },
			}),
			item('info'),
		]);
		expect([...skipped.values()].map((x) => x.outcome)).toEqual(['skipped', 'ignored']);
		expect(at.calls).toEqual(['QUERY Tickets']);
	});

	it('due time, issue type, source and contract go on the new ticket when set', async () => {
		const at = new FakeAutotask();
		const s = {
			...settings,
			dueHours: 4,
			issueType: '14',
			subIssueType: '241',
			source: '8',
			attachContract: true,
		};
		await runTicketBatch(at, [item('error', { settings: s, contractId: 33 })], {
			...opts,
			now: () => new Date('2026-01-01T00:00:00Z'),
		});
		expect(at.tickets[0]).toMatchObject({
			dueDateTime: '2026-01-01T04:00:00.000Z',
			issueType: 14,
			subIssueType: 241,
			source: 8,
			contractID: 33,
		});
		await run(at, [item('error', { machine: 'other' })]);
		expect(at.tickets[1]).not.toHaveProperty('dueDateTime');
		expect(at.tickets[1]).not.toHaveProperty('contractID');
	});
});

/**
 * Found by the scenario suite through real n8n (test/e2e/convergence.test.ts, issue #14): what a
 * concurrent twin leaves behind must not break the convergence rule afterwards.
 */
describe('after a concurrent twin', () => {
	const minute = (e: BatchItem, m: number) =>
		new Date(Date.parse(e.event.occurredAt) + m * 60_000).toISOString();
	/** The other run's create (for another event of the same alert, occurred at `occurredAt`) lands just before ours. */
	const twinFirst = (at: FakeAutotask, occurredAt: string) => (path: string, body: any) => {
		if (path !== 'Tickets' || at.tickets.some((t) => t.id === 50)) return;
		const description = String(body.description)
			.replace(/Event id: .*/, 'Event id: other-run-event')
			.replace(/Occurred at: .*/, `Occurred at: ${occurredAt}`);
		at.tickets.push({ ...body, description, id: 50, ticketNumber: 'T50' });
	};

	it('a late failure older than the recovery that closed the survivor is still stale, though the closed twin has a higher id', async () => {
		const at = new FakeAutotask();
		const fail = item('error');
		at.beforeWrite = twinFirst(at, fail.event.occurredAt);
		await run(at, [fail]);
		at.beforeWrite = undefined;
		expect(at.tickets.map((t) => [t.id, t.status])).toEqual([
			[50, 1],
			[100, 5],
		]);
		const ok = item('ok');
		ok.event.occurredAt = minute(fail, 10);
		expect([...(await run(at, [ok])).values()][0]).toMatchObject({
			outcome: 'closed',
			ticketId: 50,
		});
		const late = item('error');
		late.event.occurredAt = minute(fail, 5);
		const [r] = [...(await run(at, [late])).values()];
		expect(at.tickets.filter((t) => t.status !== 5)).toEqual([]);
		expect(r).toMatchObject({ outcome: 'ignored', reasonCode: 'stale_event' });
	});

	it('when an older recovery closes the survivor during the hand-over, the alert keeps an open ticket', async () => {
		const at = new FakeAutotask();
		const fail = item('error');
		const older = minute(fail, -10);
		const twin = twinFirst(at, older);
		at.beforeWrite = (path, body) => {
			twin(path, body);
			// meanwhile an OK that occurred between the twin's failure and ours closes the survivor
			if (path === 'Tickets/50/Notes' && at.tickets[0].status !== 5) {
				Object.assign(at.tickets[0], {
					status: 5,
					lastActivityDate: new Date().toISOString(),
					resolution: resolutionText({
						...fail.event,
						severity: 'ok',
						occurredAt: minute(fail, -5),
					}),
				});
			}
		};
		const [r] = [...(await run(at, [fail])).values()];
		expect(at.tickets.filter((t) => t.status !== 5)).toHaveLength(1);
		expect(r).toMatchObject({
			outcome: 'created',
			ticketId: at.tickets.find((t) => t.status !== 5)!.id,
		});
	});

	it('when a newer recovery closes the survivor during the hand-over, no ticket stays open', async () => {
		const at = new FakeAutotask();
		const fail = item('error');
		const twin = twinFirst(at, minute(fail, -10));
		at.beforeWrite = (path, body) => {
			twin(path, body);
			if (path === 'Tickets/50/Notes' && at.tickets[0].status !== 5) {
				Object.assign(at.tickets[0], {
					status: 5,
					lastActivityDate: new Date().toISOString(),
					resolution: resolutionText({
						...fail.event,
						severity: 'ok',
						occurredAt: minute(fail, 5),
					}),
				});
			}
		};
		const [r] = [...(await run(at, [fail])).values()];
		expect(at.tickets.filter((t) => t.status !== 5)).toEqual([]);
		expect(r).toMatchObject({ outcome: 'ignored', reasonCode: 'stale_event' });
	});
});

/**
 * Known gap of the convergence rule (issue #14), kept as a failing test until the design covers it:
 * an OK that finds no ticket writes nothing, so Autotask has no trace of that recovery. A failure
 * that occurred before it but is delivered after the OK's 3-second re-check (a device retrying a
 * timed-out post, a queued webhook) opens a ticket that nothing closes, although in occurredAt order
 * the OK came last. Covering it costs a write for every OK that finds no ticket (most OKs), or a
 * source that resends its current state. \`it.failing\` passes while the gap exists; remove it when fixed.
 */
describe('known gap: an OK that found no ticket leaves no trace', () => {
	it.failing(
		'a failure older than an OK already handled with nothing open, delivered after it, opens no ticket',
		async () => {
			const at = new FakeAutotask();
			const fail = item('error');
			const ok = item('ok');
			expect([...(await run(at, [ok])).values()][0]).toMatchObject({
				outcome: 'ignored',
				reasonCode: 'no_ticket',
			});
			await run(at, [fail]);
			expect(at.tickets.filter((t) => t.status !== 5)).toEqual([]);
		},
	);
});
