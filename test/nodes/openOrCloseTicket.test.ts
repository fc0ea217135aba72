/** Open or Close Ticket through the engine harness against the Autotask sandbox. */
import { credentialsFor, runWorkflow, type WorkflowJson } from '../harness';
import type { Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { useSandbox } from '../harness/testSandbox';
import { nodeWorkflow } from '../harness/nodeWorkflow';

let sb: Sandbox;
useSandbox((started) => (sb = started));

const acme = DEMO.customers.acme;
const NODE = 'Open or Close Ticket';

function workflow(parameters: Record<string, unknown> = {}, onError?: string): WorkflowJson {
	return nodeWorkflow('bdrOpenOrCloseTicket', parameters, { node: NODE, trigger: true, onError });
}

let seq = 0;
function event(
	severity: string,
	o: { machine?: string; type?: string; customer?: typeof acme; alertId?: string } = {},
) {
	const c = o.customer ?? acme;
	seq++;
	return {
		eventId: `ev-${seq}`,
		occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
		receivedAt: new Date().toISOString(),
		customer: { id: c.bdrCustomerId, name: c.name },
		device: { id: 'BDR-1', name: 'ACME-BDR' },
		machine: { name: o.machine ?? 'SRV-01' },
		type: o.type ?? (severity === 'ok' ? 'backup_succeeded' : 'backup_failed'),
		originalType: 'BackupJob',
		condition: 'backup',
		severity,
		message: `Backup job ${severity}`,
		...(o.alertId ? { alertId: o.alertId } : {}),
		autotask: { companyId: c.companyId, companyName: c.name, contractId: c.contractId },
	};
}

async function run(events: object[], parameters: Record<string, unknown> = {}, onError?: string) {
	const result = await runWorkflow(workflow(parameters, onError), {
		credentials: { bdrAutotaskApi: credentialsFor(sb) },
		input: events as any,
	});
	return {
		...result,
		items: (result.outputs[NODE]?.[0] ?? []).map((i) => i.json as Record<string, any>),
		paired: (result.outputs[NODE]?.[0] ?? []).map((i) => i.pairedItem),
	};
}

const tickets = () => sb.store.all('Tickets');
const open = () =>
	tickets().filter((t) => t.status !== 5 && t.completedDate == null && t.status !== 1000);
const notesOf = (id: number) => sb.store.all('TicketNotes').filter((n) => n.ticketID === id);
const picklist = (entity: string, field: string, label: string) =>
	Number(
		(sb.store as any).picklists[`${entity}.${field}`].find((v: any) => v.label === label).value,
	);
/** Autotask calls excluding the picklist reads (entityInformation), which are cached across runs. */
function calls(): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [route, n] of Object.entries(sb.counts().byRoute))
		if (!/entityInformation/i.test(route)) out[route] = n;
	return out;
}
const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

describe('Open or Close Ticket (engine + sandbox)', () => {
	it('the ladder: fail, fail, warn→error, ok, fail again after a manual close', async () => {
		const r1 = await run([event('warning')]);
		expect(r1.error).toBeUndefined();
		expect(r1.items[0]).toMatchObject({
			outcome: 'created',
			alertKey: `bdr:${acme.bdrCustomerId}/BDR-1/SRV-01/backup`,
		});
		const id = r1.items[0].ticketId;
		expect(r1.items[0].ticketNumber).toMatch(/^T\d{8}\.\d{4}$/);
		const t = sb.store.get('Tickets', id)!;
		expect(t).toMatchObject({
			companyID: acme.companyId,
			externalID: r1.items[0].alertKey,
			status: picklist('Tickets', 'status', 'New'),
			priority: picklist('Tickets', 'priority', 'Medium'),
			queueID: picklist('Tickets', 'queueID', 'Managed Services Alerts'),
			title: 'Backup failed: SRV-01 (ACME Insurance)',
		});
		expect((await run([event('warning')])).items[0]).toMatchObject({
			outcome: 'noted',
			ticketId: id,
		});
		const r3 = await run([event('error')], { errorPriority: 'High' });
		expect(r3.items[0]).toMatchObject({
			outcome: 'noted',
			ticketId: id,
			reason: expect.stringContaining('priority raised'),
		});
		expect(sb.store.get('Tickets', id)!.priority).toBe(picklist('Tickets', 'priority', 'High'));
		expect(notesOf(id).map((n) => n.title)).toEqual([
			expect.stringMatching(/^Repeated 1 time, last at/),
			expect.stringMatching(/^Repeated 2 times, last at/),
		]);
		const r4 = await run([event('ok')]);
		expect(r4.items[0]).toMatchObject({ outcome: 'closed', ticketId: id });
		expect(sb.store.get('Tickets', id)!.status).toBe(picklist('Tickets', 'status', 'Complete'));
		// the resolution travels in the PATCH that closes (one write), in the ticket's Resolution field
		expect(sb.store.get('Tickets', id)!.resolution).toMatch(/^Resolved: the BDR reported OK at /);
		// a new failure → new ticket; then a technician closes it by hand; the next failure opens another
		const r5 = await run([event('error')]);
		expect(r5.items[0]).toMatchObject({ outcome: 'created' });
		expect(r5.items[0].ticketId).not.toBe(id);
		sb.store.update('Tickets', r5.items[0].ticketId, {
			status: picklist('Tickets', 'status', 'Complete'),
		});
		const r6 = await run([event('error')]);
		expect(r6.items[0]).toMatchObject({ outcome: 'created' });
		expect(sb.store.get('Tickets', r5.items[0].ticketId)!.status).toBe(5); // never reopened
		expect(open()).toHaveLength(1);
	});

	it('costs per outcome, from the sandbox counter', async () => {
		sb.resetCounts();
		await run([event('error')]);
		const created = calls();
		sb.resetCounts();
		await run([event('error')], { options: { countRepeats: false } });
		const noted = calls();
		sb.resetCounts();
		await run([event('error')]);
		const notedCounted = calls();
		sb.resetCounts();
		await run([event('ok')]);
		const closed = calls();
		sb.resetCounts();
		await run([event('ok')]);
		const ignored = calls();
		// find (+ the twin / newer-recovery check after a create); the open ticket's repeat notes are read
		// for what it records (events, latest problem), counted or not; a close is one PATCH with the resolution
		expect(created).toEqual({ 'POST Tickets/query': 2, 'POST Tickets': 1 });
		expect(noted).toEqual({
			'POST Tickets/query': 1,
			'POST TicketNotes/query': 1,
			'POST Tickets/{id}/Notes': 1,
		});
		expect(total(notedCounted)).toBe(3);
		expect(closed).toEqual({
			'POST Tickets/query': 1,
			'POST TicketNotes/query': 1,
			'PATCH Tickets': 1,
		});
		expect(total(ignored)).toBe(1);
		// picklists are cached: a second run reads no entityInformation
		sb.resetCounts();
		await run([event('warning', { machine: 'X' })]);
		expect(Object.keys(sb.counts().byRoute).filter((r) => /entityInformation/i.test(r))).toEqual(
			[],
		);
	});

	it('100 events for 20 keys in one batch leave 20 tickets; the batch shares one find', async () => {
		sb.resetCounts();
		const events = Array.from({ length: 100 }, (_, i) =>
			event(i < 20 ? 'warning' : 'error', { machine: `M-${i % 20}` }),
		);
		const r = await run(events);
		expect(r.items).toHaveLength(100);
		expect(r.paired).toEqual(events.map((_, i) => ({ item: i })));
		expect(open()).toHaveLength(20);
		expect(r.items.filter((i) => i.outcome === 'created')).toHaveLength(20);
		expect(r.items.filter((i) => i.outcome === 'noted')).toHaveLength(80);
		const c = calls();
		expect(c['POST Tickets/query']).toBe(1 + 20); // the batch find + one twin check per create
		expect(c['POST Tickets']).toBe(20);
		expect(c['POST Tickets/{id}/Notes']).toBe(80);
	});

	it('two executions racing on the same key leave one open ticket', async () => {
		const [a, b] = await Promise.all([run([event('error')]), run([event('error')])]);
		expect(open()).toHaveLength(1);
		const survivor = open()[0].id;
		expect(survivor).toBe(Math.min(...tickets().map((t) => t.id)));
		for (const r of [a, b]) expect(r.items[0].ticketId).toBe(survivor);
		expect([a.items[0].outcome, b.items[0].outcome].sort()).toEqual(['created', 'noted']);
	});

	it('a twin created by another run while ours was created: the lower id stays, ours is closed pointing at it', async () => {
		const store = sb.store as any;
		const insert = store.insert.bind(store);
		let armed = true;
		store.insert = (entity: string, record: Record<string, any>) => {
			if (armed && entity === 'Tickets') {
				armed = false;
				insert('Tickets', { ...record, ticketNumber: 'T-OTHER-RUN' }); // the other run's create lands first
			}
			return insert(entity, record);
		};
		let r;
		try {
			r = await run([event('error')]);
		} finally {
			store.insert = insert;
		}
		expect(tickets()).toHaveLength(2);
		const [theirs, ours] = tickets().sort((x, y) => x.id - y.id);
		// the other run created it for this same event (a redelivery): no repeat note, outcome duplicate
		expect(r.items[0]).toMatchObject({
			outcome: 'duplicate',
			ticketId: theirs.id,
			ticketNumber: 'T-OTHER-RUN',
		});
		expect(open().map((t) => t.id)).toEqual([theirs.id]);
		expect(notesOf(ours.id)[0].description).toContain('T-OTHER-RUN');
		expect(notesOf(theirs.id)).toHaveLength(0);
	});

	it('lost responses on every write never make a second ticket', async () => {
		sb.setRouteFault('POST Tickets', { status: 'lost', times: 1 });
		const r1 = await run([event('error')]);
		expect(r1.items[0]).toMatchObject({
			outcome: 'created',
			reason: expect.stringContaining('lost'),
		});
		sb.setRouteFault('POST Tickets/{id}/Notes', { status: 'lost', times: 1 });
		const r2 = await run([event('error')]);
		expect(r2.items[0]).toMatchObject({ outcome: 'noted' });
		expect(notesOf(r1.items[0].ticketId)).toHaveLength(1);
		sb.setRouteFault('PATCH Tickets', { status: 'lost', times: 1 });
		const r3 = await run([event('ok')]);
		expect(r3.items[0]).toMatchObject({ outcome: 'closed' });
		expect(tickets()).toHaveLength(1);
		expect(open()).toHaveLength(0);
	});

	it('random 429s and lost answers over a stream of events never make a second ticket per key', async () => {
		sb.setFaults({ rate429: 0.3, rateLostResponse: 0.3, seed: 7 });
		for (let round = 0; round < 4; round++) {
			await run(
				Array.from({ length: 5 }, (_, k) =>
					event(round === 3 ? 'ok' : 'error', { machine: `F-${k}` }),
				),
				{},
				'continueRegularOutput',
			);
		}
		sb.setFaults({ rate429: 0, rateLostResponse: 0 });
		const byKey = new Map<string, number>();
		for (const t of tickets()) byKey.set(t.externalID, (byKey.get(t.externalID) ?? 0) + 1);
		expect(byKey.size).toBe(5);
		for (const n of byKey.values()) expect(n).toBe(1);
	});

	it('Do Not Map: every item passes as skipped, with no Autotask call', async () => {
		sb.resetCounts();
		const r = await run([event('error'), event('ok')], { queue: '__doNotMap__' });
		expect(r.items.map((i) => i.outcome)).toEqual(['skipped', 'skipped']);
		expect(r.items[0].reason).toMatch(/Do Not Map/);
		expect(sb.counts().total).toBe(0);
		expect(tickets()).toHaveLength(0);
	});

	it('settings override the defaults: prefix, queue, priority, statuses, issue type, source, due time, contract', async () => {
		const r = await run([event('error')], {
			prefix: '[Axcient]',
			queue: 'Monitoring Alert',
			priority: 'Low',
			statusNew: 'In Progress',
			statusComplete: 'Waiting Vendor',
			dueHours: 8,
			options: {
				issueType: 'Backup',
				subIssueType: 'Backup Failed',
				source: 'Monitoring Alert',
				attachContract: true,
			},
		});
		const t = sb.store.get('Tickets', r.items[0].ticketId)!;
		expect(t).toMatchObject({
			title: '[Axcient] Backup failed: SRV-01 (ACME Insurance)',
			queueID: picklist('Tickets', 'queueID', 'Monitoring Alert'),
			priority: picklist('Tickets', 'priority', 'Low'),
			status: picklist('Tickets', 'status', 'In Progress'),
			issueType: picklist('Tickets', 'issueType', 'Backup'),
			subIssueType: picklist('Tickets', 'subIssueType', 'Backup Failed'),
			source: picklist('Tickets', 'source', 'Monitoring Alert'),
			contractID: acme.contractId,
		});
		expect((Date.parse(t.dueDateTime) - Date.parse(t.createDate)) / 3600_000).toBeCloseTo(8, 1);
		const closed = await run([event('ok')], { statusComplete: 'Waiting Vendor' });
		expect(closed.items[0].outcome).toBe('closed');
		expect(sb.store.get('Tickets', t.id)!.status).toBe(
			picklist('Tickets', 'status', 'Waiting Vendor'),
		);
	});

	it('per-customer overrides by BDR customer id or company id; an override can switch ticketing off', async () => {
		const blue = DEMO.customers.bluebird;
		const cedar = DEMO.customers.cedar;
		const overrides = {
			override: [
				{ match: acme.bdrCustomerId, queue: 'Level I Support', priority: 'High' },
				{ match: String(blue.companyId), priority: 'Low' },
				{ match: cedar.bdrCustomerId, queue: '__doNotMap__' },
			],
		};
		const r = await run(
			[event('error'), event('error', { customer: blue }), event('error', { customer: cedar })],
			{ overrides },
		);
		expect(r.items.map((i) => i.outcome)).toEqual(['created', 'created', 'skipped']);
		expect(sb.store.get('Tickets', r.items[0].ticketId)).toMatchObject({
			queueID: picklist('Tickets', 'queueID', 'Level I Support'),
			priority: picklist('Tickets', 'priority', 'High'),
		});
		expect(sb.store.get('Tickets', r.items[1].ticketId)).toMatchObject({
			queueID: picklist('Tickets', 'queueID', 'Managed Services Alerts'),
			priority: picklist('Tickets', 'priority', 'Low'),
		});
	});

	it('notification rules: severities, OK opens, OK does not close, event types', async () => {
		const rules = {
			openSeverities: ['error', 'critical'],
			okOpens: true,
			okCloses: false,
			eventTypes: ['backup_failed', 'backup_succeeded'],
		};
		const r = await run(
			[
				event('warning', { machine: 'A' }),
				event('ok', { machine: 'B' }),
				event('error', { machine: 'C', type: 'hardware_failure' }),
				event('error', { machine: 'D' }),
			],
			{ rules },
		);
		expect(r.items.map((i) => i.outcome)).toEqual(['ignored', 'created', 'skipped', 'created']);
		const stays = await run([event('ok', { machine: 'D' })], { rules });
		expect(stays.items[0]).toMatchObject({ outcome: 'noted', ticketId: r.items[3].ticketId });
		expect(open().map((t) => t.id)).toContain(r.items[3].ticketId);
	});

	it('a note refused because the ticket was completed meanwhile falls back to a new ticket', async () => {
		const first = await run([event('error')], { options: { countRepeats: false } });
		const id = first.items[0].ticketId;
		// A technician completes the ticket after our find, before our note: the sandbox then refuses the note.
		const store = sb.store as any;
		const get = store.get.bind(store);
		let armed = true;
		store.get = (entity: string, recordId: number) => {
			if (armed && entity === 'Tickets' && Number(recordId) === id) {
				armed = false;
				store.update('Tickets', id, { status: 5 });
			}
			return get(entity, recordId);
		};
		try {
			const r = await run([event('error')], { options: { countRepeats: false } });
			expect(r.items[0]).toMatchObject({
				outcome: 'created',
				reason: expect.stringContaining('was closed before the note could be added'),
			});
			expect(r.items[0].ticketId).not.toBe(id);
		} finally {
			store.get = get;
		}
		expect(open()).toHaveLength(1);
		expect(notesOf(id)).toHaveLength(0);
	});

	it('a note refused for lack of permission is an error naming the fix, never a silent drop', async () => {
		await run([event('error')]);
		sb.setRouteFault('POST Tickets/{id}/Notes', {
			status: 403,
			message: 'The logged in user does not have permission to add notes.',
			times: 1,
		});
		const r = await run(
			[event('error')],
			{ options: { countRepeats: false } },
			'continueRegularOutput',
		);
		expect(r.items[0]).toMatchObject({ outcome: 'error' });
		expect(r.items[0].reason).toMatch(
			/refused the note on open ticket .*403.*permission to add ticket notes/,
		);
		expect(tickets()).toHaveLength(1);
		sb.setRouteFault('POST Tickets/{id}/Notes', {
			status: 403,
			message: 'no permission',
			times: 1,
		});
		const thrown = await run([event('error')], { options: { countRepeats: false } });
		expect(thrown.error?.message).toMatch(/refused the note/);
	});

	it('a label the tenant lacks is an error naming the setting and the labels available', async () => {
		const r = await run([event('error')], { queue: 'No Such Queue' }, 'continueRegularOutput');
		expect(r.items[0].outcome).toBe('error');
		expect(r.items[0].reason).toMatch(/^Queue: .*No Such Queue.*Managed Services Alerts/);
		const thrown = await run([event('error')], { queue: 'No Such Queue' });
		expect(thrown.error?.message).toMatch(/No Such Queue/);
	});

	it('an item that is not a mapped event is an error naming the field and the fix', async () => {
		const { autotask, ...unmapped } = event('error');
		void autotask;
		const r = await run([{ hello: 1 }, unmapped], {}, 'continueRegularOutput');
		expect(r.items[0]).toMatchObject({
			outcome: 'error',
			reason: expect.stringContaining('json.customer.id'),
		});
		expect(r.items[1]).toMatchObject({
			outcome: 'error',
			reason: expect.stringContaining('json.autotask.companyId'),
		});
	});

	it("a refused credential surfaces Autotask's own 401, not a complaint about a setting", async () => {
		const wrong = { ...credentialsFor(sb), secret: 'not-the-secret' };
		const result = await runWorkflow(workflow({}, 'continueRegularOutput'), {
			credentials: { bdrAutotaskApi: wrong },
			input: [event('error')] as any,
		});
		const text =
			JSON.stringify(result.outputs[NODE]?.[0]?.map((i) => i.json)) +
			String(result.error?.message ?? '');
		expect(text).toMatch(/401/);
		expect(text).not.toMatch(/Queue:|Pick a/);
		expect(text).not.toContain('not-the-secret');
	});

	it('never shows the secret or integration code in outputs or errors', async () => {
		sb.setRouteFault('POST Tickets', {
			status: 500,
			message: `boom ${sb.credentials.secret}`,
			times: 5,
		});
		const r = await run([event('error')], {}, 'continueRegularOutput');
		const text = JSON.stringify(r.items) + String(r.error?.message ?? '');
		expect(text).not.toContain(sb.credentials.secret);
		expect(text).not.toContain(sb.credentials.integrationCode);
	});
});

/**
 * Real tenants refuse a ticket without dueDateTime unless its category supplies one (WYRE-AI/autotask-mcp
 * PR #288: 500 "dueDateTime is required.; on record number [0]."), and some require a billing code
 * (KelvinTegelaar/AutotaskAPI#74). The demo tenant's categories supply no due date.
 */
describe('Open or Close Ticket on tenants with ticket rules', () => {
	it('sends a due date 24 hours out by default, so a tenant whose categories supply none accepts the ticket', async () => {
		expect(sb.store.settings.categorySuppliesDueDate).toBe(false);
		const r = await run([event('error')]);
		expect(r.items[0].outcome).toBe('created');
		const t = sb.store.get('Tickets', r.items[0].ticketId)!;
		expect((Date.parse(t.dueDateTime) - Date.parse(t.createDate)) / 3600_000).toBeCloseTo(24, 1);
	});

	it("with the due date left to the category: refused once with Autotask's text and the fix; accepted where the category supplies it", async () => {
		const refused = await run([event('error')], { dueDate: 'category' }, 'continueRegularOutput');
		expect(refused.items[0].outcome).toBe('error');
		expect(refused.items[0].reason).toContain('dueDateTime is required.');
		expect(sb.counts().byRoute['POST Tickets']).toBe(1); // a refusal is never resent
		expect(tickets()).toHaveLength(0);
		const thrown = await run([event('error')], { dueDate: 'category' });
		expect(thrown.error?.message).toContain('dueDateTime is required.');
		expect(thrown.error?.description).toMatch(/Due In \(Hours\)/);
		sb.store.settings.categorySuppliesDueDate = true;
		const made = await run([event('error')], { dueDate: 'category' });
		expect(made.items[0].outcome).toBe('created');
	});

	it('carries the chosen work type; a tenant that requires one refuses tickets without it, naming the option', async () => {
		sb.store.settings.requireTicketBillingCode = true;
		const without = await run([event('error')], {}, 'continueRegularOutput');
		expect(without.items[0]).toMatchObject({
			outcome: 'error',
			reason: expect.stringMatching(/billingCodeID/),
		});
		const code = sb.store.all('BillingCodes')[0];
		const withCode = await run([event('error')], { options: { workType: String(code.id) } });
		expect(withCode.items[0].outcome).toBe('created');
		expect(sb.store.get('Tickets', withCode.items[0].ticketId)!.billingCodeID).toBe(code.id);
	});

	it('never picks a system or inactive note type or publish value as the default', async () => {
		const first = await run([event('error')]);
		await run([event('error')]);
		const note = notesOf(first.items[0].ticketId)[0];
		for (const field of ['noteType', 'publish']) {
			const value = (sb.store as any).picklists[`TicketNotes.${field}`].find(
				(v: any) => String(v.value) === String(note[field]),
			);
			expect(value).toMatchObject({ isActive: true });
			expect(value.isSystem).not.toBe(true);
		}
	});
});
