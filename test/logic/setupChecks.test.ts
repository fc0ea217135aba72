import { runSetupChecks, type SetupData } from '../../nodes/logic/setupChecks';

const today = '2026-11-25';
const settings = {
	queue: 'Managed Services Alerts',
	priority: 'Medium',
	statusNew: 'New',
	statusComplete: 'Complete',
	today,
};

function data(overrides: Partial<SetupData> = {}): SetupData {
	return {
		api: { ok: true, message: 'ok' },
		companies: [{ id: 1, companyName: 'ACME', typeLabel: 'Customer', isActive: true }],
		services: [{ id: 10, name: 'Axcient Server License', periodLabel: 'Monthly' }],
		contracts: [
			{
				id: 100,
				companyID: 1,
				contractName: 'Backup',
				typeLabel: 'Recurring Service',
				statusLabel: 'Active',
				startDate: '2026-01-01',
				endDate: '2027-12-31',
				chosen: false,
			},
		],
		directServices: new Map([[100, new Set([10])]]),
		bundledServices: new Map(),
		ticketLabels: {
			queues: ['Managed Services Alerts'],
			priorities: ['Medium', 'High'],
			statuses: ['New', 'Complete'],
		},
		...overrides,
	};
}

const byCheck = (results: ReturnType<typeof runSetupChecks>) =>
	Object.fromEntries(results.map((r) => [r.check, r]));

describe('setup checks', () => {
	it('all pass on a well-prepared tenant', () => {
		const results = runSetupChecks(data(), settings);
		expect(results.map((r) => [r.check, r.status])).toEqual([
			['api_access', 'passed'],
			['companies_customer_active', 'passed'],
			['services_monthly', 'passed'],
			['contracts_recurring', 'passed'],
			['contract_services_direct', 'passed'],
			['ticket_queue', 'passed'],
			['ticket_priority', 'passed'],
			['ticket_status_new', 'passed'],
			['ticket_status_complete', 'passed'],
		]);
	});

	it('stops after a failed API check, keeping its message', () => {
		const results = runSetupChecks(
			data({ api: { ok: false, message: 'Autotask answered 401' } }),
			settings,
		);
		expect(results).toHaveLength(1);
		expect(results[0]).toMatchObject({
			check: 'api_access',
			status: 'failed',
			detail: 'Autotask answered 401',
		});
	});

	it('flags Lead and inactive companies, with labels compared case-insensitively', () => {
		const checks = byCheck(
			runSetupChecks(
				data({
					companies: [
						{ id: 1, companyName: 'ACME', typeLabel: 'customer', isActive: true },
						{ id: 2, companyName: 'Lead Co', typeLabel: 'Lead', isActive: true },
						{ id: 3, companyName: 'Gone', typeLabel: 'Customer', isActive: false },
					],
				}),
				settings,
			),
		);
		expect(checks.companies_customer_active.status).toBe('failed');
		expect(checks.companies_customer_active.offending.map((o) => o.id)).toEqual([2, 3]);
	});

	it('fails when no Axcient service exists, and names non-monthly ones', () => {
		expect(
			byCheck(runSetupChecks(data({ services: [] }), settings)).services_monthly,
		).toMatchObject({ status: 'failed', detail: expect.stringMatching(/No Axcient services/) });
		const checks = byCheck(
			runSetupChecks(
				data({
					services: [
						{ id: 10, name: 'A', periodLabel: 'Monthly' },
						{ id: 11, name: 'B', periodLabel: 'Yearly' },
					],
				}),
				settings,
			),
		);
		expect(checks.services_monthly.offending).toEqual([
			{ id: 11, name: 'B', periodType: 'Yearly' },
		]);
	});

	it.each([
		['a non-recurring type', { typeLabel: 'Block Hours' }, /contract type is Block Hours/],
		['an inactive status', { statusLabel: 'Inactive' }, /status is Inactive/],
		['an ended contract', { endDate: '2025-01-31' }, /ended 2025-01-31/],
		['a future start', { startDate: '2027-01-01' }, /starts 2027-01-01/],
	])('fails a chosen contract with %s', (_, change, why) => {
		const contract = { ...data().contracts[0], ...change, chosen: true };
		const checks = byCheck(runSetupChecks(data({ contracts: [contract] }), settings));
		expect(checks.contracts_recurring.status).toBe('failed');
		expect(String(checks.contracts_recurring.offending[0].problem)).toMatch(why);
	});

	it('without a chosen contract, a company passes when any of its contracts is usable, and fails with none', () => {
		const other = {
			id: 101,
			companyID: 1,
			contractName: 'Onsite',
			typeLabel: 'Time and Materials',
			statusLabel: 'Active',
			chosen: false,
		};
		expect(
			byCheck(runSetupChecks(data({ contracts: [other, data().contracts[0]] }), settings))
				.contracts_recurring.status,
		).toBe('passed');
		const none = byCheck(runSetupChecks(data({ contracts: [] }), settings)).contracts_recurring;
		expect(none.offending).toEqual([{ companyID: 1, companyName: 'ACME', problem: 'no contract' }]);
	});

	it('detects services reached only through a bundle, and contracts without any Axcient service', () => {
		const bundled = byCheck(
			runSetupChecks(
				data({ directServices: new Map(), bundledServices: new Map([[100, new Set([10])]]) }),
				settings,
			),
		);
		expect(bundled.contract_services_direct.offending[0]).toMatchObject({
			id: 100,
			problem: 'only through a service bundle',
			services: ['Axcient Server License'],
		});
		const none = byCheck(
			runSetupChecks(data({ directServices: new Map([[100, new Set([99])]]) }), settings),
		);
		expect(none.contract_services_direct.offending[0]).toMatchObject({
			id: 100,
			problem: 'no Axcient service attached',
		});
	});

	it("checks each ticket setting label, listing the tenant's labels when missing", () => {
		const checks = byCheck(
			runSetupChecks(data(), { ...settings, priority: 'Urgent', statusComplete: 'complete' }),
		);
		expect(checks.ticket_priority).toMatchObject({
			status: 'failed',
			detail: expect.stringMatching(/"Urgent" does not exist. Available: Medium, High/),
		});
		expect(checks.ticket_status_complete.status).toBe('passed');
		expect(byCheck(runSetupChecks(data(), { ...settings, queue: '' })).ticket_queue.status).toBe(
			'skipped',
		);
	});
});
