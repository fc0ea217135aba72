import { refusalFix } from '../../nodes/autotask/refusalFixes';
import { SETUP_TICKET_TITLE } from '../../nodes/logic/setupTicket';
import type { Sandbox } from '../../sandbox/server';
import { BASE } from '../../sandbox/tenant/base';
import { DEMO } from '../../sandbox/tenant/demo';
import { credentialsFor, runWorkflow, type WorkflowJson } from '../harness';
import { useSandbox } from '../harness/testSandbox';
import { nodeWorkflow } from '../harness/nodeWorkflow';

let sb: Sandbox;
useSandbox((started) => (sb = started), { reset: false });

/** Check Setup with the demo tenant's Axcient services and ticket settings; each case adds its scope. */
const CHECK_SETUP = {
	operation: 'checkSetup',
	serviceNameContains: 'Axcient',
	queue: 'Managed Services Alerts',
	priority: 'Medium',
	statusNew: 'New',
	statusComplete: 'Complete',
};
const byCheck = (items: Record<string, any>[]) =>
	Object.fromEntries(items.map((i) => [i.check, i]));

function lookup(
	parameters: Record<string, unknown>,
	extra: Partial<WorkflowJson['nodes'][number]> = {},
): WorkflowJson {
	return nodeWorkflow('bdrAutotaskLookup', parameters, { node: 'Lookup', trigger: true, extra });
}

const RESOURCE: Record<string, string> = {
	getCompany: 'company',
	searchCompanies: 'company',
	getContracts: 'contract',
	listServices: 'service',
	listTicketSettings: 'ticketSetting',
	checkSetup: 'setup',
};

async function run(parameters: Record<string, unknown>, input: object[] = [{}], extra = {}) {
	const withResource = { resource: RESOURCE[String(parameters.operation)], ...parameters };
	const result = await runWorkflow(lookup(withResource, extra), {
		credentials: { bdrAutotaskApi: credentialsFor(sb) },
		input,
	});
	return {
		...result,
		items: (result.outputs.Lookup?.[0] ?? []).map((i) => i.json as Record<string, any>),
		raw: result.outputs.Lookup?.[0] ?? [],
	};
}

const acme = DEMO.customers.acme;

describe('Autotask Lookup through the engine', () => {
	it('Get Company by ID and from the list (resource locator), with the type label', async () => {
		for (const mode of ['id', 'list']) {
			const { items, error } = await run({
				operation: 'getCompany',
				company: { __rl: true, mode, value: String(acme.companyId) },
			});
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({
				id: acme.companyId,
				companyName: acme.name,
				companyTypeLabel: 'Customer',
			});
		}
	});

	it('Get Company with an unknown ID fails naming the ID, or becomes an item with continue-on-fail', async () => {
		const failing = await run({
			operation: 'getCompany',
			company: { __rl: true, mode: 'id', value: '999999' },
		});
		expect(failing.error?.message).toMatch(/Company 999999 was not found/);
		const continued = await run(
			{ operation: 'getCompany', company: { __rl: true, mode: 'id', value: '999999' } },
			[{}],
			{ onError: 'continueRegularOutput' },
		);
		expect(continued.error).toBeUndefined();
		expect(continued.items[0].error).toMatch(/999999/);
		expect(continued.raw[0].pairedItem).toEqual({ item: 0 });
	});

	it('Get Company simplifies by default (a handful of fields plus the type label); Simplify off returns the whole record', async () => {
		const company = { __rl: true, mode: 'id', value: String(acme.companyId) };
		const stored = sb.store.all('Companies').find((c) => c.id === acme.companyId)!;
		const simple = (await run({ operation: 'getCompany', company })).items[0];
		expect(Object.keys(simple).length).toBeLessThanOrEqual(11);
		expect(simple).toMatchObject({
			id: acme.companyId,
			companyName: stored.companyName,
			companyTypeLabel: 'Customer',
		});
		const whole = (await run({ operation: 'getCompany', company, simplify: false })).items[0];
		for (const [field, value] of Object.entries(stored)) expect(whole[field]).toEqual(value);
	});

	it('Search Companies, Get Contracts and List Services return up to Limit, or every page with Return All', async () => {
		for (let i = 0; i < 520; i++)
			sb.store.insert('Companies', {
				companyName: `Limit Test ${i}`,
				companyType: 1,
				isActive: true,
			});
		const search = {
			operation: 'searchCompanies',
			nameContains: 'Limit Test',
			companyType: '',
			activeOnly: false,
		};
		expect((await run({ ...search, limit: 7 })).items).toHaveLength(7);
		expect((await run(search)).items).toHaveLength(50); // n8n's default Limit
		expect((await run({ ...search, returnAll: true })).items).toHaveLength(520); // two Autotask pages
		const contracts = {
			operation: 'getContracts',
			company: { __rl: true, mode: 'id', value: String(acme.companyId) },
			recurringOnly: false,
			activeOnly: false,
		};
		expect((await run({ ...contracts, limit: 1 })).items).toHaveLength(1);
		expect((await run({ ...contracts, returnAll: true })).items).toHaveLength(2);
		const services = { operation: 'listServices', monthlyOnly: false, nameContains: 'Axcient' };
		const allServices = sb.store
			.all('Services')
			.filter((s) => s.isActive && /axcient/i.test(String(s.name)));
		expect((await run({ ...services, limit: 2 })).items).toHaveLength(2);
		expect((await run({ ...services, returnAll: true })).items).toHaveLength(allServices.length);
	});

	it('Search Companies filters by name, type and active', async () => {
		const customers = await run({
			operation: 'searchCompanies',
			nameContains: '',
			companyType: 'Customer',
			activeOnly: true,
			limit: 100,
		});
		const ids = customers.items.map((c) => c.id);
		expect(ids).toEqual(expect.arrayContaining(DEMO.customerList.map((c) => c.companyId)));
		expect(ids).not.toContain(DEMO.misconfigured.leadCompany.companyId);
		expect(ids).not.toContain(DEMO.misconfigured.inactiveCompany.companyId);
		expect(
			customers.items.every((c) => c.companyTypeLabel === 'Customer' && c.isActive === true),
		).toBe(true);

		const leads = await run({
			operation: 'searchCompanies',
			nameContains: 'ironwood',
			companyType: 'Lead',
			activeOnly: true,
			limit: 10,
		});
		expect(leads.items.map((c) => c.id)).toEqual([DEMO.misconfigured.leadCompany.companyId]);

		const any = await run({
			operation: 'searchCompanies',
			nameContains: 'Linden',
			companyType: '',
			activeOnly: false,
			limit: 10,
		});
		expect(any.items.map((c) => c.id)).toEqual([DEMO.misconfigured.inactiveCompany.companyId]);
	});

	it("Get Contracts lists a company's contracts; options narrow to active Recurring Service", async () => {
		const all = await run({
			operation: 'getContracts',
			company: { __rl: true, mode: 'id', value: String(acme.companyId) },
			recurringOnly: false,
			activeOnly: false,
		});
		expect(all.items.map((c) => c.id).sort()).toEqual(
			[acme.contractId, DEMO.acmeOnsiteContract.id].sort(),
		);
		const recurring = await run({
			operation: 'getContracts',
			company: { __rl: true, mode: 'id', value: String(acme.companyId) },
			recurringOnly: true,
			activeOnly: true,
		});
		expect(recurring.items).toHaveLength(1);
		expect(recurring.items[0]).toMatchObject({
			id: acme.contractId,
			contractTypeLabel: 'Recurring Service',
			statusLabel: 'Active',
		});
	});

	it('List Services, Monthly only by default, leaves out the Yearly one', async () => {
		const monthly = await run({
			operation: 'listServices',
			monthlyOnly: true,
			nameContains: 'Axcient',
		});
		const names = monthly.items.map((s) => s.name);
		expect(names.length).toBeGreaterThanOrEqual(6);
		expect(monthly.items.every((s) => s.periodTypeLabel === 'Monthly')).toBe(true);
		expect(monthly.items.map((s) => s.id)).not.toContain(DEMO.misconfigured.nonMonthlyService.id);
		const all = await run({
			operation: 'listServices',
			monthlyOnly: false,
			nameContains: 'Axcient',
		});
		expect(all.items.map((s) => s.id)).toContain(DEMO.misconfigured.nonMonthlyService.id);
	});

	it('List Ticket Settings returns label/value items read from the tenant picklists', async () => {
		const { items } = await run({
			operation: 'listTicketSettings',
			settings: ['queues', 'priorities', 'statuses', 'sources', 'issueTypes'],
		});
		const labels = (setting: string) =>
			items.filter((i) => i.setting === setting).map((i) => i.label);
		expect(labels('queues')).toContain('Managed Services Alerts');
		expect(labels('priorities')).toContain('Medium');
		expect(labels('statuses')).toEqual(expect.arrayContaining(['New', 'Complete']));
		expect(labels('sources')).toContain('Monitoring Alert');
		expect(labels('issueTypes').length).toBeGreaterThan(0);
		for (const item of items) expect(typeof item.value).toBe('string');
	});

	describe('Check Setup', () => {
		const defaults = { ...CHECK_SETUP, scope: 'udf', udfName: 'BDR Customer ID' };

		it("finds each seeded misconfiguration, with the fix in the seed's words", async () => {
			const { items, error } = await run(defaults);
			expect(error).toBeUndefined();
			const checks = byCheck(items);
			expect(checks.api_access.status).toBe('passed');

			const companies = checks.companies_customer_active;
			expect(companies.status).toBe('failed');
			const badCompanies = companies.offending.map((o: any) => o.id);
			expect(badCompanies).toEqual(
				expect.arrayContaining([
					DEMO.misconfigured.leadCompany.companyId,
					DEMO.misconfigured.inactiveCompany.companyId,
				]),
			);
			expect(badCompanies).not.toContain(acme.companyId);
			expect(companies.fix).toMatch(/Account Type must be Customer/);

			const services = checks.services_monthly;
			expect(services.status).toBe('failed');
			expect(services.offending.map((o: any) => o.id)).toEqual([
				DEMO.misconfigured.nonMonthlyService.id,
			]);
			expect(services.fix).toMatch(/Period Type must be set to Monthly/);

			const contracts = checks.contracts_recurring;
			expect(contracts.status).toBe('failed');
			const contractCompanies = contracts.offending.map((o: any) => o.companyID);
			expect(contractCompanies).toEqual(
				expect.arrayContaining([
					DEMO.misconfigured.nonRecurringContract.companyId,
					DEMO.misconfigured.expiredContract.companyId,
					DEMO.misconfigured.noContract.companyId,
				]),
			);
			expect(contractCompanies).not.toContain(acme.companyId);
			expect(contracts.fix).toMatch(/Recurring Service Contract/);

			const direct = checks.contract_services_direct;
			expect(direct.status).toBe('failed');
			expect(direct.offending.map((o: any) => o.id)).toEqual([
				DEMO.misconfigured.bundleOnly.contractId,
			]);
			expect(direct.fix).toMatch(/cannot be attached as a subset of a "Service Bundle"/);

			for (const check of [
				'ticket_queue',
				'ticket_priority',
				'ticket_status_new',
				'ticket_status_complete',
			]) {
				expect(checks[check].status).toBe('passed');
			}
		});

		it('passes for a well-configured customer chosen by ID, and fails ticket settings that do not exist', async () => {
			const { items } = await run({
				...defaults,
				scope: 'ids',
				companyIds: `${acme.companyId}`,
				contractIds: `${acme.contractId}`,
				queue: 'No Such Queue',
			});
			const checks = byCheck(items);
			expect(checks.companies_customer_active.status).toBe('passed');
			expect(checks.contracts_recurring.status).toBe('passed');
			expect(checks.contract_services_direct.status).toBe('passed');
			expect(checks.ticket_queue.status).toBe('failed');
			expect(checks.ticket_queue.detail).toMatch(/Managed Services Alerts/);
		});

		it("checks the chosen contract, not another of the company (ACME's Onsite Maintenance)", async () => {
			const { items } = await run({
				...defaults,
				scope: 'ids',
				companyIds: `${acme.companyId}`,
				contractIds: `${DEMO.acmeOnsiteContract.id}`,
			});
			const checks = byCheck(items);
			expect(checks.contracts_recurring.status).toBe('failed');
			expect(checks.contracts_recurring.offending[0]).toMatchObject({
				id: DEMO.acmeOnsiteContract.id,
			});
		});

		it('reads the companies and contracts from input items (Map Customer output)', async () => {
			const input = [
				{ autotask: { companyId: acme.companyId, contractId: acme.contractId } },
				{
					autotask: {
						companyId: DEMO.misconfigured.leadCompany.companyId,
						contractId: DEMO.misconfigured.leadCompany.contractId,
					},
				},
			];
			const { items, raw } = await run({ ...defaults, scope: 'input' }, input);
			const checks = byCheck(items);
			expect(checks.companies_customer_active.offending.map((o: any) => o.id)).toEqual([
				DEMO.misconfigured.leadCompany.companyId,
			]);
			expect(raw[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		});

		it("reports a wrong secret as a failed API check with Autotask's message, and no secret in the output", async () => {
			const creds = { ...credentialsFor(sb), secret: 'wrong-secret-value' };
			const result = await runWorkflow(lookup(defaults), {
				credentials: { bdrAutotaskApi: creds },
				input: [{}],
			});
			const items = (result.outputs.Lookup?.[0] ?? []).map((i) => i.json as any);
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({ check: 'api_access', status: 'failed' });
			expect(items[0].detail).toMatch(/401/);
			expect(JSON.stringify(result.outputs)).not.toContain('wrong-secret-value');
			expect(JSON.stringify(result.outputs)).not.toContain(sb.credentials.integrationCode);
		});
	});

	describe('Check Setup: will Autotask accept the tickets Open or Close Ticket creates?', () => {
		const defaults = {
			...CHECK_SETUP,
			scope: 'ids',
			companyIds: `${acme.companyId}`,
			contractIds: `${acme.contractId}`,
		};
		const setupTickets = () =>
			sb.store.all('Tickets').filter((t) => t.title === SETUP_TICKET_TITLE);
		const ticketCreates = () => sb.counts().byRoute['POST Tickets'] ?? 0;
		const workTypeId = String(BASE.billingCodes.managedServiceContract.id);

		beforeEach(async () => {
			await sb.reset();
			sb.resetCounts();
		});

		it('by default: due date passed (the node sets it), no work type needed, and no ticket written', async () => {
			const { items, error } = await run(defaults);
			expect(error).toBeUndefined();
			const checks = byCheck(items);
			expect(checks.ticket_due_date).toMatchObject({
				status: 'passed',
				detail: expect.stringMatching(/24 hours after/),
			});
			expect(checks.ticket_work_type.status).toBe('passed');
			expect(checks.ticket_create).toMatchObject({
				status: 'skipped',
				detail: expect.stringMatching(/Create Test Ticket is off/),
			});
			expect(ticketCreates()).toBe(0);
		});

		it('due date from the category cannot be verified from metadata: skipped, pointing to the test ticket', async () => {
			const { items } = await run({ ...defaults, dueDate: 'category' });
			const checks = byCheck(items);
			expect(checks.ticket_due_date.status).toBe('skipped');
			expect(checks.ticket_due_date.detail).toMatch(
				/cannot be read from Autotask's metadata.*Create Test Ticket/,
			);
		});

		it('Create Test Ticket writes one ticket on our own company as the node would, then sets it to Complete', async () => {
			const before = Date.now();
			const { items, error } = await run({
				...defaults,
				createTestTicket: true,
				dueHours: 8,
				workType: workTypeId,
			});
			expect(error).toBeUndefined();
			const checks = byCheck(items);
			const [ticket] = setupTickets();
			expect(setupTickets()).toHaveLength(1);
			expect(ticket).toMatchObject({ companyID: 0, billingCodeID: Number(workTypeId), status: 5 });
			const dueIn = Date.parse(ticket.dueDateTime) - before;
			expect(dueIn).toBeGreaterThan(7.9 * 3_600_000);
			expect(dueIn).toBeLessThan(8.1 * 3_600_000);
			expect(checks.ticket_create).toMatchObject({
				status: 'passed',
				detail: expect.stringContaining(String(ticket.ticketNumber)),
			});
			expect(checks.ticket_work_type).toMatchObject({
				status: 'passed',
				detail: expect.stringContaining(BASE.billingCodes.managedServiceContract.name),
			});
			expect(ticketCreates()).toBe(1);
		});

		it("a tenant whose categories supply no due date refuses the category setting: Autotask's own text, the fix, sent once", async () => {
			const { items } = await run({ ...defaults, dueDate: 'category', createTestTicket: true });
			const checks = byCheck(items);
			expect(checks.ticket_create.status).toBe('failed');
			expect(checks.ticket_create.detail).toBe('dueDateTime is required.; on record number [0].');
			expect(checks.ticket_create.fix).toBe(refusalFix(['dueDateTime is required.']));
			expect(checks.ticket_due_date.status).toBe('failed');
			expect(ticketCreates()).toBe(1);
			expect(setupTickets()).toHaveLength(0);
		});

		it('a tenant whose category supplies the due date accepts the category setting (the test ticket proves it)', async () => {
			sb.store.settings.categorySuppliesDueDate = true;
			const { items } = await run({ ...defaults, dueDate: 'category', createTestTicket: true });
			const checks = byCheck(items);
			expect(checks.ticket_due_date).toMatchObject({
				status: 'passed',
				detail: expect.stringMatching(/category supplies one/),
			});
			expect(checks.ticket_create.status).toBe('passed');
		});

		it('a tenant that requires a work type (settings API) fails the work type check when none is chosen, and passes with one', async () => {
			const put = await fetch(`${sb.adminUrl}/settings`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ requireTicketBillingCode: true }),
			});
			expect(put.status).toBe(200);
			const without = byCheck((await run({ ...defaults, createTestTicket: true })).items);
			expect(without.ticket_work_type).toMatchObject({
				status: 'failed',
				detail: expect.stringMatching(/billingCodeID is required/),
			});
			expect(without.ticket_create).toMatchObject({
				status: 'failed',
				detail: 'billingCodeID is required.; on record number [0].',
				fix: refusalFix(['billingCodeID is required.']),
			});
			expect(ticketCreates()).toBe(1);

			const withType = byCheck(
				(await run({ ...defaults, createTestTicket: true, workType: workTypeId })).items,
			);
			expect(withType.ticket_work_type.status).toBe('passed');
			expect(withType.ticket_create.status).toBe('passed');
		});

		it('a chosen work type that is not an active work type fails', async () => {
			const { items } = await run({ ...defaults, workType: '424242' });
			expect(byCheck(items).ticket_work_type).toMatchObject({
				status: 'failed',
				detail: expect.stringMatching(/424242 is not an active work type/),
			});
		});

		it('no test ticket when the queue does not exist: the check says to fix that first', async () => {
			const { items } = await run({ ...defaults, queue: 'No Such Queue', createTestTicket: true });
			expect(byCheck(items).ticket_create).toMatchObject({
				status: 'skipped',
				detail: expect.stringMatching(/fix the failed queue/),
			});
			expect(ticketCreates()).toBe(0);
		});
	});
});
