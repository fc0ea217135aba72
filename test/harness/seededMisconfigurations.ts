/**
 * What Check Setup must report on the demo tenant, whatever runs it (the engine harness or a real
 * n8n): each misconfiguration the demo seed plants (sandbox/tenant/demo.ts) as a failed check.
 */
import { DEMO } from '../../sandbox/tenant/demo';

/** `failed`: the failed checks' items by check id. */
export function expectSeededMisconfigurationsFound(failed: Record<string, any>): void {
	expect(Object.keys(failed).sort()).toEqual([
		'companies_customer_active',
		'contract_services_direct',
		'contracts_recurring',
		'services_monthly',
	]);
	const m = DEMO.misconfigured;
	expect(failed.companies_customer_active.offending.map((o: any) => o.id)).toEqual(
		expect.arrayContaining([m.leadCompany.companyId, m.inactiveCompany.companyId]),
	);
	expect(failed.services_monthly.offending.map((o: any) => o.id)).toEqual([m.nonMonthlyService.id]);
	expect(failed.contracts_recurring.offending.map((o: any) => o.companyID)).toEqual(
		expect.arrayContaining([
			m.nonRecurringContract.companyId,
			m.expiredContract.companyId,
			m.noContract.companyId,
		]),
	);
	expect(failed.contract_services_direct.offending.map((o: any) => o.id)).toEqual([
		m.bundleOnly.contractId,
	]);
}
