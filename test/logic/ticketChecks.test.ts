import { runSetupChecks, type SetupData } from '../../nodes/logic/setupChecks';
import { OWN_COMPANY_ID, SETUP_TICKET_TITLE, setupTicketBody } from '../../nodes/logic/setupTicket';
import {
	dueDateCheck,
	testTicketCheck,
	workTypeCheck,
	type TicketCheckData,
	type TicketCheckSettings,
} from '../../nodes/logic/ticketChecks';
import { WORK_TYPE_FILTER, workTypeOptions } from '../../nodes/logic/workTypes';

const hours: TicketCheckSettings = { dueDate: 'hours', dueHours: 24 };
const category: TicketCheckSettings = { dueDate: 'category', dueHours: 24 };
const data = (over: Partial<TicketCheckData> = {}): TicketCheckData => ({
	billingCodeRequired: false,
	workTypes: [{ id: 7, name: 'Remote Support' }],
	testTicket: { state: 'off' },
	...over,
});
const refused = (...errors: string[]): TicketCheckData['testTicket'] => ({
	state: 'failed',
	refused: true,
	errors,
	fix: 'the fix',
});

describe('ticket due date check', () => {
	it('passes with Hours After Creation: the node supplies the due date', () => {
		expect(dueDateCheck(data(), hours)).toMatchObject({
			status: 'passed',
			detail: expect.stringMatching(/24 hours after/),
		});
	});

	it('cannot verify "From the Ticket Category" from metadata: skipped, pointing to the test ticket', () => {
		expect(dueDateCheck(data(), category)).toMatchObject({
			status: 'skipped',
			detail: expect.stringMatching(/Create Test Ticket/),
		});
	});

	it('is decided by the test ticket when there is one: accepted → passed, refused for dueDateTime → failed', () => {
		expect(
			dueDateCheck(data({ testTicket: { state: 'created', ticketNumber: 'T1' } }), category).status,
		).toBe('passed');
		const failed = dueDateCheck(
			data({ testTicket: refused('dueDateTime is required.', 'on record number [0].') }),
			category,
		);
		expect(failed).toMatchObject({
			status: 'failed',
			detail: expect.stringContaining('dueDateTime is required.; on record number [0].'),
		});
		expect(failed.fix).toMatch(/Hours After Creation/);
	});
});

describe('ticket work type check', () => {
	it('fails without a work type where Tickets.billingCodeID is marked required', () => {
		expect(workTypeCheck(data({ billingCodeRequired: true }), hours)).toMatchObject({
			status: 'failed',
			detail: expect.stringMatching(/marks Tickets.billingCodeID/),
		});
	});

	it('fails without a work type when the test ticket was refused for it', () => {
		expect(
			workTypeCheck(
				data({ testTicket: refused('billingCodeID is required.', 'on record number [0].') }),
				hours,
			).status,
		).toBe('failed');
	});

	it('passes without a work type where none is required, and with an active chosen one', () => {
		expect(workTypeCheck(data(), hours).status).toBe('passed');
		expect(
			workTypeCheck(data({ billingCodeRequired: true }), { ...hours, workType: '7' }),
		).toMatchObject({ status: 'passed', detail: expect.stringContaining('Remote Support') });
	});

	it('fails a chosen work type that is not among the active work types', () => {
		expect(workTypeCheck(data(), { ...hours, workType: '8' })).toMatchObject({
			status: 'failed',
			offending: [{ workType: '8' }],
		});
	});

	it('does not blame the work type for a refusal about something else', () => {
		expect(
			workTypeCheck(data({ testTicket: refused('dueDateTime is required.') }), hours).status,
		).toBe('passed');
	});
});

describe('test ticket check', () => {
	it('is skipped when off or not attempted', () => {
		expect(testTicketCheck(data()).status).toBe('skipped');
		expect(
			testTicketCheck(data({ testTicket: { state: 'notAttempted', reason: 'fix the queue' } })),
		).toMatchObject({ status: 'skipped', detail: 'fix the queue' });
	});

	it("reports a refusal with Autotask's text unchanged and the known fix", () => {
		const result = testTicketCheck(
			data({ testTicket: refused('dueDateTime is required.', 'on record number [0].') }),
		);
		expect(result).toMatchObject({
			status: 'failed',
			detail: 'dueDateTime is required.; on record number [0].',
			fix: 'the fix',
		});
	});

	it('passes with the ticket number, and fails when the ticket could not be closed', () => {
		expect(
			testTicketCheck(data({ testTicket: { state: 'created', ticketNumber: 'T20261125.0001' } })),
		).toMatchObject({ status: 'passed', detail: expect.stringContaining('T20261125.0001') });
		const unclosed = testTicketCheck(
			data({
				testTicket: { state: 'created', ticketNumber: 'T2', closeErrors: ['status is not valid'] },
			}),
		);
		expect(unclosed).toMatchObject({
			status: 'failed',
			detail: expect.stringContaining('status is not valid'),
		});
		expect(unclosed.fix).toMatch(/Close ticket T2 by hand/);
	});
});

describe('setup checks with the ticket checks', () => {
	const base: SetupData = {
		api: { ok: true, message: 'ok' },
		companies: [],
		services: [{ id: 10, name: 'Axcient Server License', periodLabel: 'Monthly' }],
		contracts: [],
		directServices: new Map(),
		bundledServices: new Map(),
		ticketLabels: { queues: ['Q'], priorities: ['P'], statuses: ['New', 'Complete'] },
	};

	it('appends due date, work type and test ticket after the ticket settings', () => {
		const results = runSetupChecks(
			{ ...base, tickets: data() },
			{
				queue: 'Q',
				priority: 'P',
				statusNew: 'New',
				statusComplete: 'Complete',
				ticket: hours,
				today: '2026-11-25',
			},
		);
		expect(results.slice(-3).map((r) => r.check)).toEqual([
			'ticket_due_date',
			'ticket_work_type',
			'ticket_create',
		]);
		for (const r of results.slice(-3)) expect(r.title && r.fix).toBeTruthy();
	});
});

describe('the test ticket body', () => {
	const now = new Date('2026-11-25T10:00:00Z');
	const settings = {
		queueID: '29682833',
		priority: '6',
		statusNew: '1',
		dueDate: 'hours' as const,
		dueHours: 24,
	};

	it("is the node's ticket on our own company: ids as numbers, due date now + hours", () => {
		expect(setupTicketBody(settings, now)).toEqual({
			companyID: OWN_COMPANY_ID,
			title: SETUP_TICKET_TITLE,
			description: expect.any(String),
			status: 1,
			priority: 6,
			queueID: 29682833,
			dueDateTime: '2026-11-26T10:00:00.000Z',
		});
		expect(OWN_COMPANY_ID).toBe(0);
	});

	it('leaves the due date to the category, and carries the work type when chosen', () => {
		const body = setupTicketBody({ ...settings, dueDate: 'category', workType: '29682802' }, now);
		expect(body).not.toHaveProperty('dueDateTime');
		expect(body.billingCodeID).toBe(29682802);
	});
});

describe('work types', () => {
	it('are the active BillingCodes of use type 1 (Tickets (Labor), the Work Types tab)', () => {
		expect(WORK_TYPE_FILTER).toEqual([
			{ op: 'eq', field: 'useType', value: 1 },
			{ op: 'eq', field: 'isActive', value: true },
		]);
	});

	it('list "No Work Type" first, then by name, values as id strings', () => {
		expect(
			workTypeOptions([
				{ id: 2, name: 'Remote' },
				{ id: 1, name: 'Onsite' },
			]).map((o) => [o.name, o.value]),
		).toEqual([
			['No Work Type', ''],
			['Onsite', '1'],
			['Remote', '2'],
		]);
	});
});
