/**
 * The Axcient guide's preparation checklists as pure checks over records read from Autotask.
 * Each check is one result: passed or failed, the offending records, and the fix in the Axcient guide's words.
 */

import { runTicketChecks, type TicketCheckData, type TicketCheckId, type TicketCheckSettings } from './ticketChecks';

/** The checks of the guide's checklists. */
export type GuideCheckId =
	| 'api_access'
	| 'companies_customer_active'
	| 'services_monthly'
	| 'contracts_recurring'
	| 'contract_services_direct'
	| 'ticket_queue'
	| 'ticket_priority'
	| 'ticket_status_new'
	| 'ticket_status_complete';

export type CheckId = GuideCheckId | TicketCheckId;

export interface CheckResult {
	check: CheckId;
	title: string;
	status: 'passed' | 'failed' | 'skipped';
	detail: string;
	offending: Array<Record<string, unknown>>;
	fix: string;
}

export const GUIDE_FIXES: Record<GuideCheckId, string> = {
	api_access:
		'Select or create an Axcient administrative user in Autotask and assign API permissions to that user (an API-only user with an API tracking identifier), then enter its API Username and Password in the credential.',
	companies_customer_active:
		'Ensure that you have generated an Autotask account for each customer. To integrate with Axcient, the Autotask Account Type must be Customer; otherwise account types (for example, Leads) may not behave as expected. Inactive accounts must be reactivated or unmapped.',
	services_monthly: 'In Autotask, create a service for each Axcient product. Note: The service Period Type must be set to Monthly.',
	contracts_recurring:
		'In Autotask, define a contract for each customer using an Axcient Service. Note: Contract Type must be a Recurring Service Contract, and it must be active and within its dates.',
	contract_services_direct:
		'Any attached services must be directly attached as "Services". They cannot be attached as a subset of a "Service Bundle".',
	ticket_queue:
		'Autotask Queue name: select the Retrieve Queue button (the Queue list of Open or Close Ticket) and choose a queue; the default is Managed Services Alerts.',
	ticket_priority: 'Autotask Priority name: select Retrieve and choose a priority; the default is Medium.',
	ticket_status_new: 'Autotask Status New name: the status that marks a newly created ticket (default New); select Retrieve to see all choices.',
	ticket_status_complete:
		'Autotask Status Complete name: the status the integration uses to close a ticket (default Complete); select Retrieve to see all choices.',
};

const TITLES: Record<GuideCheckId, string> = {
	api_access: 'API user can authenticate and read',
	companies_customer_active: 'Companies are active and of type Customer',
	services_monthly: 'Axcient services exist with period Monthly',
	contracts_recurring: 'Contracts are active Recurring Service contracts',
	contract_services_direct: 'Services are attached to the contracts directly, not only through a bundle',
	ticket_queue: 'Ticket queue exists',
	ticket_priority: 'Ticket priority exists',
	ticket_status_new: 'Ticket status for new tickets exists',
	ticket_status_complete: 'Ticket status for closing exists',
};

export interface SetupData {
	api: { ok: boolean; message: string };
	/** Companies in scope, with their type label resolved. */
	companies: Array<{ id: number; companyName: string; typeLabel?: string; isActive: boolean }>;
	/** Services in scope (the Axcient ones), with their period label resolved. */
	services: Array<{ id: number; name: string; periodLabel?: string }>;
	/** Contracts in scope with their type label and status label resolved. */
	contracts: Array<{
		id: number;
		companyID: number;
		contractName: string;
		typeLabel?: string;
		statusLabel?: string;
		startDate?: string | null;
		endDate?: string | null;
		/** Set when the user named this contract (or the mapping did); otherwise it was found on the company. */
		chosen: boolean;
	}>;
	/** serviceIDs attached directly, per contract. */
	directServices: Map<number, Set<number>>;
	/** serviceIDs reachable through a bundle, per contract. */
	bundledServices: Map<number, Set<number>>;
	/** Ticket picklist labels of the tenant. */
	ticketLabels: { queues: string[]; priorities: string[]; statuses: string[] };
	/** What the ticket checks need (work types, billing code metadata, the test ticket). */
	tickets?: TicketCheckData;
}

export interface SetupSettings {
	queue?: string;
	priority?: string;
	statusNew?: string;
	statusComplete?: string;
	/** Due date, due hours and work type as in Open or Close Ticket. */
	ticket?: TicketCheckSettings;
	/** YYYY-MM-DD */
	today: string;
}

const same = (a: string | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

function result(check: GuideCheckId, offending: Array<Record<string, unknown>>, passDetail: string, failDetail: string): CheckResult {
	const failed = offending.length > 0;
	return { check, title: TITLES[check], status: failed ? 'failed' : 'passed', detail: failed ? failDetail : passDetail, offending, fix: GUIDE_FIXES[check] };
}

function skipped(check: GuideCheckId, detail: string): CheckResult {
	return { check, title: TITLES[check], status: 'skipped', detail, offending: [], fix: GUIDE_FIXES[check] };
}

function contractUsable(c: SetupData['contracts'][number], today: string): string | undefined {
	if (!same(c.typeLabel, 'Recurring Service')) return `contract type is ${c.typeLabel ?? 'unknown'}`;
	if (c.statusLabel !== undefined && !same(c.statusLabel, 'Active')) return `status is ${c.statusLabel}`;
	if (c.startDate && c.startDate.slice(0, 10) > today) return `starts ${c.startDate.slice(0, 10)}`;
	if (c.endDate && c.endDate.slice(0, 10) < today) return `ended ${c.endDate.slice(0, 10)}`;
	return undefined;
}

export function runSetupChecks(data: SetupData, settings: SetupSettings): CheckResult[] {
	const results: CheckResult[] = [];
	results.push(
		data.api.ok
			? { check: 'api_access', title: TITLES.api_access, status: 'passed', detail: data.api.message, offending: [], fix: GUIDE_FIXES.api_access }
			: { check: 'api_access', title: TITLES.api_access, status: 'failed', detail: data.api.message, offending: [], fix: GUIDE_FIXES.api_access },
	);
	if (!data.api.ok) return results;

	if (!data.companies.length) results.push(skipped('companies_customer_active', 'No companies in scope.'));
	else {
		const bad = data.companies
			.filter((c) => !c.isActive || !same(c.typeLabel, 'Customer'))
			.map((c) => ({ id: c.id, companyName: c.companyName, companyType: c.typeLabel ?? null, isActive: c.isActive }));
		results.push(result('companies_customer_active', bad, `${data.companies.length} companies are active Customers.`, `${bad.length} of ${data.companies.length} companies are inactive or not of type Customer.`));
	}

	if (!data.services.length) {
		results.push({ ...skipped('services_monthly', ''), status: 'failed', detail: 'No Axcient services were found in Autotask.' });
	} else {
		const bad = data.services.filter((s) => !same(s.periodLabel, 'Monthly')).map((s) => ({ id: s.id, name: s.name, periodType: s.periodLabel ?? null }));
		results.push(result('services_monthly', bad, `${data.services.length} services, all Monthly.`, `${bad.length} of ${data.services.length} services are not Monthly.`));
	}

	// A company passes when its chosen contract (or, with none chosen, at least one of its contracts) is usable.
	const byCompany = new Map<number, SetupData['contracts']>();
	for (const c of data.contracts) byCompany.set(c.companyID, [...(byCompany.get(c.companyID) ?? []), c]);
	const contractProblems: Array<Record<string, unknown>> = [];
	const usableContracts: SetupData['contracts'] = [];
	for (const company of data.companies) {
		const contracts = byCompany.get(company.id) ?? [];
		const chosen = contracts.filter((c) => c.chosen);
		const candidates = chosen.length ? chosen : contracts;
		const usable = candidates.filter((c) => !contractUsable(c, settings.today));
		if (chosen.length) {
			for (const c of chosen) {
				const why = contractUsable(c, settings.today);
				if (why) contractProblems.push({ id: c.id, contractName: c.contractName, companyID: c.companyID, problem: why });
			}
		} else if (!usable.length) {
			contractProblems.push({
				companyID: company.id,
				companyName: company.companyName,
				problem: contracts.length
					? `no active Recurring Service contract (has: ${contracts.map((c) => `${c.contractName} — ${contractUsable(c, settings.today)}`).join('; ')})`
					: 'no contract',
			});
		}
		usableContracts.push(...usable);
	}
	if (!data.companies.length && !data.contracts.length) results.push(skipped('contracts_recurring', 'No companies or contracts in scope.'));
	else results.push(result('contracts_recurring', contractProblems, 'Every company has an active Recurring Service contract.', `${contractProblems.length} contracts or companies fail the contract requirements.`));

	if (!usableContracts.length || !data.services.length) {
		results.push(skipped('contract_services_direct', 'No usable Recurring Service contracts or no Axcient services to check.'));
	} else {
		const serviceNames = new Map(data.services.map((s) => [s.id, s.name]));
		const bad: Array<Record<string, unknown>> = [];
		for (const c of usableContracts) {
			const direct = data.directServices.get(c.id) ?? new Set<number>();
			const bundled = data.bundledServices.get(c.id) ?? new Set<number>();
			const onlyBundled = [...bundled].filter((id) => serviceNames.has(id) && !direct.has(id));
			const axcientDirect = [...direct].filter((id) => serviceNames.has(id));
			if (onlyBundled.length) {
				bad.push({ id: c.id, contractName: c.contractName, companyID: c.companyID, problem: 'only through a service bundle', services: onlyBundled.map((id) => serviceNames.get(id)) });
			} else if (!axcientDirect.length) {
				bad.push({ id: c.id, contractName: c.contractName, companyID: c.companyID, problem: 'no Axcient service attached' });
			}
		}
		results.push(result('contract_services_direct', bad, `${usableContracts.length} contracts carry Axcient services directly.`, `${bad.length} contracts lack directly attached Axcient services.`));
	}

	const labelCheck = (check: GuideCheckId, wanted: string | undefined, labels: string[], what: string): void => {
		if (!wanted) {
			results.push(skipped(check, `No ${what} given.`));
			return;
		}
		const found = labels.some((l) => same(l, wanted));
		results.push(
			found
				? { check, title: TITLES[check], status: 'passed', detail: `${what} "${wanted}" exists.`, offending: [], fix: GUIDE_FIXES[check] }
				: { check, title: TITLES[check], status: 'failed', detail: `${what} "${wanted}" does not exist. Available: ${labels.join(', ')}`, offending: [{ label: wanted }], fix: GUIDE_FIXES[check] },
		);
	};
	labelCheck('ticket_queue', settings.queue, data.ticketLabels.queues, 'Queue');
	labelCheck('ticket_priority', settings.priority, data.ticketLabels.priorities, 'Priority');
	labelCheck('ticket_status_new', settings.statusNew, data.ticketLabels.statuses, 'Status');
	labelCheck('ticket_status_complete', settings.statusComplete, data.ticketLabels.statuses, 'Status');
	if (data.tickets && settings.ticket) results.push(...runTicketChecks(data.tickets, settings.ticket));
	return results;
}
