/**
 * The Axcient guide's preparation checklists as pure checks over records read from Autotask.
 * Each check is one result: passed or failed, the offending records, and the fix in the Axcient guide's words.
 */

import {
	runTicketChecks,
	type TicketCheckData,
	type TicketCheckId,
	type TicketCheckSettings,
} from './ticketChecks';

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
	services_monthly:
		'In Autotask, create a service for each Axcient product. Note: The service Period Type must be set to Monthly.',
	contracts_recurring:
		'In Autotask, define a contract for each customer using an Axcient Service. Note: Contract Type must be a Recurring Service Contract, and it must be active and within its dates.',
	contract_services_direct:
		'Any attached services must be directly attached as "Services". They cannot be attached as a subset of a "Service Bundle".',
	ticket_queue:
		'Autotask Queue name: select the Retrieve Queue button (the Queue list of Open or Close Ticket) and choose a queue; the default is Managed Services Alerts.',
	ticket_priority:
		'Autotask Priority name: select Retrieve and choose a priority; the default is Medium.',
	ticket_status_new:
		'Autotask Status New name: the status that marks a newly created ticket (default New); select Retrieve to see all choices.',
	ticket_status_complete:
		'Autotask Status Complete name: the status the integration uses to close a ticket (default Complete); select Retrieve to see all choices.',
};

const TITLES: Record<GuideCheckId, string> = {
	api_access: 'API user can authenticate and read',
	companies_customer_active: 'Companies are active and of type Customer',
	services_monthly: 'Axcient services exist with period Monthly',
	contracts_recurring: 'Contracts are active Recurring Service contracts',
	contract_services_direct:
		'Services are attached to the contracts directly, not only through a bundle',
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

const same = (a: string | undefined, b: string) =>
	(a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

function result(
	check: GuideCheckId,
	offending: Array<Record<string, unknown>>,
	passDetail: string,
	failDetail: string,
): CheckResult {
	const failed = offending.length > 0;
	return {
		check,
		title: TITLES[check],
		status: failed ? 'failed' : 'passed',
		detail: failed ? failDetail : passDetail,
		offending,
		fix: GUIDE_FIXES[check],
	};
}

function skipped(check: GuideCheckId, detail: string): CheckResult {
	return {
		check,
		title: TITLES[check],
		status: 'skipped',
		detail,
		offending: [],
		fix: GUIDE_FIXES[check],
	};
}

function contractUsable(c: Contract, today: string): string | undefined {
	if (!same(c.typeLabel, 'Recurring Service'))
		return `contract type is ${c.typeLabel ?? 'unknown'}`;
	if (c.statusLabel !== undefined && !same(c.statusLabel, 'Active'))
		return `status is ${c.statusLabel}`;
	if (c.startDate && c.startDate.slice(0, 10) > today) return `starts ${c.startDate.slice(0, 10)}`;
	if (c.endDate && c.endDate.slice(0, 10) < today) return `ended ${c.endDate.slice(0, 10)}`;
	return undefined;
}

type Contract = SetupData['contracts'][number];
type Offending = Array<Record<string, unknown>>;

function apiCheck(data: SetupData): CheckResult {
	return { ...skipped('api_access', data.api.message), status: data.api.ok ? 'passed' : 'failed' };
}

function companiesCheck(data: SetupData): CheckResult {
	if (!data.companies.length) return skipped('companies_customer_active', 'No companies in scope.');
	const bad = data.companies
		.filter((c) => !c.isActive || !same(c.typeLabel, 'Customer'))
		.map((c) => ({
			id: c.id,
			companyName: c.companyName,
			companyType: c.typeLabel ?? null,
			isActive: c.isActive,
		}));
	return result(
		'companies_customer_active',
		bad,
		`${data.companies.length} companies are active Customers.`,
		`${bad.length} of ${data.companies.length} companies are inactive or not of type Customer.`,
	);
}

function servicesCheck(data: SetupData): CheckResult {
	if (!data.services.length)
		return {
			...skipped('services_monthly', ''),
			status: 'failed',
			detail: 'No Axcient services were found in Autotask.',
		};
	const bad = data.services
		.filter((s) => !same(s.periodLabel, 'Monthly'))
		.map((s) => ({ id: s.id, name: s.name, periodType: s.periodLabel ?? null }));
	return result(
		'services_monthly',
		bad,
		`${data.services.length} services, all Monthly.`,
		`${bad.length} of ${data.services.length} services are not Monthly.`,
	);
}

/** A company passes when its chosen contract (or, with none chosen, at least one of its contracts) is usable. */
function companyContracts(
	company: SetupData['companies'][number],
	contracts: Contract[],
	today: string,
): { problems: Offending; usable: Contract[] } {
	const chosen = contracts.filter((c) => c.chosen);
	const usable = (chosen.length ? chosen : contracts).filter((c) => !contractUsable(c, today));
	if (chosen.length) {
		const problems = chosen
			.map((c) => ({ c, why: contractUsable(c, today) }))
			.filter(({ why }) => why)
			.map(({ c, why }) => ({
				id: c.id,
				contractName: c.contractName,
				companyID: c.companyID,
				problem: why,
			}));
		return { problems, usable };
	}
	if (usable.length) return { problems: [], usable };
	const problem = contracts.length
		? `no active Recurring Service contract (has: ${contracts.map((c) => `${c.contractName} — ${contractUsable(c, today)}`).join('; ')})`
		: 'no contract';
	return {
		problems: [{ companyID: company.id, companyName: company.companyName, problem }],
		usable,
	};
}

/** The contract check, and the usable contracts the direct-services check looks at. */
function contractsCheck(
	data: SetupData,
	today: string,
): { check: CheckResult; usable: Contract[] } {
	const byCompany = new Map<number, Contract[]>();
	for (const c of data.contracts)
		byCompany.set(c.companyID, [...(byCompany.get(c.companyID) ?? []), c]);
	const problems: Offending = [];
	const usable: Contract[] = [];
	for (const company of data.companies) {
		const found = companyContracts(company, byCompany.get(company.id) ?? [], today);
		problems.push(...found.problems);
		usable.push(...found.usable);
	}
	const check =
		!data.companies.length && !data.contracts.length
			? skipped('contracts_recurring', 'No companies or contracts in scope.')
			: result(
					'contracts_recurring',
					problems,
					'Every company has an active Recurring Service contract.',
					`${problems.length} contracts or companies fail the contract requirements.`,
				);
	return { check, usable };
}

function contractServicesCheck(data: SetupData, usableContracts: Contract[]): CheckResult {
	if (!usableContracts.length || !data.services.length) {
		return skipped(
			'contract_services_direct',
			'No usable Recurring Service contracts or no Axcient services to check.',
		);
	}
	const serviceNames = new Map(data.services.map((s) => [s.id, s.name]));
	const bad: Offending = [];
	for (const c of usableContracts) {
		const direct = data.directServices.get(c.id) ?? new Set<number>();
		const bundled = data.bundledServices.get(c.id) ?? new Set<number>();
		const onlyBundled = [...bundled].filter((id) => serviceNames.has(id) && !direct.has(id));
		const axcientDirect = [...direct].filter((id) => serviceNames.has(id));
		if (onlyBundled.length) {
			bad.push({
				id: c.id,
				contractName: c.contractName,
				companyID: c.companyID,
				problem: 'only through a service bundle',
				services: onlyBundled.map((id) => serviceNames.get(id)),
			});
		} else if (!axcientDirect.length) {
			bad.push({
				id: c.id,
				contractName: c.contractName,
				companyID: c.companyID,
				problem: 'no Axcient service attached',
			});
		}
	}
	return result(
		'contract_services_direct',
		bad,
		`${usableContracts.length} contracts carry Axcient services directly.`,
		`${bad.length} contracts lack directly attached Axcient services.`,
	);
}

function labelCheck(
	check: GuideCheckId,
	wanted: string | undefined,
	labels: string[],
	what: string,
): CheckResult {
	if (!wanted) return skipped(check, `No ${what} given.`);
	const found = labels.some((l) => same(l, wanted));
	return result(
		check,
		found ? [] : [{ label: wanted }],
		`${what} "${wanted}" exists.`,
		`${what} "${wanted}" does not exist. Available: ${labels.join(', ')}`,
	);
}

export function runSetupChecks(data: SetupData, settings: SetupSettings): CheckResult[] {
	if (!data.api.ok) return [apiCheck(data)];
	const contracts = contractsCheck(data, settings.today);
	return [
		apiCheck(data),
		companiesCheck(data),
		servicesCheck(data),
		contracts.check,
		contractServicesCheck(data, contracts.usable),
		labelCheck('ticket_queue', settings.queue, data.ticketLabels.queues, 'Queue'),
		labelCheck('ticket_priority', settings.priority, data.ticketLabels.priorities, 'Priority'),
		labelCheck('ticket_status_new', settings.statusNew, data.ticketLabels.statuses, 'Status'),
		labelCheck(
			'ticket_status_complete',
			settings.statusComplete,
			data.ticketLabels.statuses,
			'Status',
		),
		...(data.tickets && settings.ticket ? runTicketChecks(data.tickets, settings.ticket) : []),
	];
}
