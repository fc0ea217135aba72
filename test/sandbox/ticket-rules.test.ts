/**
 * Ticket business rules that depend on tenant settings, each against its public source:
 * - dueDateTime is required unless the ticket category supplies a due date: WYRE-AI/autotask-mcp PR #288
 *   ("HTTP 500: dueDateTime is required.; on record number [0]." seen in production);
 * - some tenants need billingCodeID (KelvinTegelaar/AutotaskAPI#74);
 * - refusals come as HTTP 500 with errors[] (same sources); refusalStatus 400 is the old-tests switch.
 */
import { DEMO } from '../../sandbox/tenant/demo';
import { Sandbox, startSandbox } from '../../sandbox/server';
import { admin, call } from './sandbox-fetch';

const NOW = new Date('2026-11-25T10:00:00Z');
let sb: Sandbox;
afterEach(() => sb.close());

const ticket = (extra: Record<string, unknown> = {}) =>
	call(sb, 'POST', 'Tickets', {
		companyID: DEMO.customers.acme.companyId,
		title: 'Backup failed',
		status: 1,
		priority: 6,
		queueID: 29683498,
		...extra,
	});

it("demo tenant: a ticket without dueDateTime is refused with 500 and Autotask's text, and nothing is written (PR #288)", async () => {
	sb = await startSandbox({ seed: 'demo', port: 0, now: () => NOW });
	const before = sb.store.all('Tickets').length;
	const r = await ticket();
	expect(r).toEqual({
		status: 500,
		body: { errors: ['dueDateTime is required.', 'on record number [0].'] },
	});
	expect(r.body.errors.join('; ')).toBe('dueDateTime is required.; on record number [0].');
	expect(sb.store.all('Tickets')).toHaveLength(before);
	expect((await ticket({ dueDateTime: '2026-11-26T10:00:00Z' })).status).toBe(200);
});

it('categorySuppliesDueDate: the sandbox sets dueDateTime 24 h after creation', async () => {
	sb = await startSandbox({ seed: 'demo', port: 0, now: () => NOW, categorySuppliesDueDate: true });
	const r = await ticket();
	expect(r.status).toBe(200);
	expect(sb.store.get('Tickets', r.body.itemId)!.dueDateTime).toBe('2026-11-26T10:00:00.000Z');
	const given = await ticket({ dueDateTime: '2026-12-01T08:00:00Z' });
	expect(sb.store.get('Tickets', given.body.itemId)!.dueDateTime).toBe('2026-12-01T08:00:00.000Z');
});

it('requireTicketBillingCode: a ticket without billingCodeID is refused (KelvinTegelaar/AutotaskAPI#74)', async () => {
	sb = await startSandbox({
		seed: 'demo',
		port: 0,
		now: () => NOW,
		requireTicketBillingCode: true,
	});
	const due = { dueDateTime: '2026-11-26T10:00:00Z' };
	expect(await ticket(due)).toEqual({
		status: 500,
		body: { errors: ['billingCodeID is required.', 'on record number [0].'] },
	});
	const billingCodeID = sb.store.all('BillingCodes')[0].id;
	expect((await ticket({ ...due, billingCodeID })).status).toBe(200);
});

it('lists every rule a ticket breaks in one refusal', async () => {
	sb = await startSandbox({
		seed: 'demo',
		port: 0,
		now: () => NOW,
		requireTicketBillingCode: true,
	});
	const r = await ticket({ queueID: null });
	expect(r.body.errors).toEqual([
		expect.stringMatching(/^Data violation/),
		'dueDateTime is required.',
		'billingCodeID is required.',
		'on record number [0].',
	]);
});

it('refusalStatus 400 keeps the body and changes only the status (for old tests)', async () => {
	sb = await startSandbox({ seed: 'demo', port: 0, now: () => NOW, refusalStatus: 400 });
	expect(await ticket()).toEqual({
		status: 400,
		body: { errors: ['dueDateTime is required.', 'on record number [0].'] },
	});
	expect(
		(
			await call(sb, 'POST', 'Companies/query', {
				MaxRecords: 501,
				filter: [{ op: 'exist', field: 'id' }],
			})
		).status,
	).toBe(400);
	// Route-level answers and missing records are not refusals.
	expect((await call(sb, 'GET', 'Tickets')).status).toBe(405);
	expect((await call(sb, 'GET', 'Tickets/1')).status).toBe(404);
});

it('the settings are reachable through the admin API and survive until reset restores the start options', async () => {
	sb = await startSandbox({ seed: 'demo', port: 0, now: () => NOW });
	const defaults = (await admin(sb, 'GET', 'settings')).body;
	expect(defaults).toEqual(
		expect.objectContaining({
			refusalStatus: 500,
			categorySuppliesDueDate: false,
			requireTicketBillingCode: false,
			requireTicketNoteTitle: false,
			refuseNotesOnCompletedTickets: true,
			threadLimitStatus: 500,
			threadLimit: 3,
		}),
	);
	const put = await admin(sb, 'PUT', 'settings', {
		categorySuppliesDueDate: true,
		refusalStatus: 400,
		requireTicketNoteTitle: true,
		threadLimitStatus: 429,
	});
	expect(put.body).toEqual(
		expect.objectContaining({
			categorySuppliesDueDate: true,
			refusalStatus: 400,
			requireTicketNoteTitle: true,
			threadLimitStatus: 429,
		}),
	);
	expect((await ticket()).status).toBe(200);
	await admin(sb, 'POST', 'reset');
	expect((await ticket()).status).toBe(500);
	for (const bad of [
		{ refusalStatus: 404 },
		{ threadLimitStatus: 503 },
		{ categorySuppliesDueDate: 'yes' },
		{ dueDateDefault: true },
	]) {
		expect((await admin(sb, 'PUT', 'settings', bad)).status).toBe(400);
	}
});
