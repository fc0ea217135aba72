/**
 * The billing plan: a pure function of (what Autotask holds now, summed usage,
 * settings) → per contract, the problems that block it and, per mapped service,
 * units before → after and the delta to post. Running it again on the state it
 * produced yields no changes, which is what makes a rerun (or a re-read after a
 * lost write) idempotent.
 */
import type { BillingRow } from './billingSettings';
import { QUANTITY_LABELS, rowLabel } from './billingSettings';
import type { ContractUsage } from './billingUsage';
import { billableUnits, describeRule } from './units';

export interface ServiceInfo {
	id: number;
	name: string;
	/** Period type read via the picklist label "Monthly". */
	isMonthly: boolean;
	periodLabel?: string;
}

export interface ContractState {
	id: number;
	name?: string;
	companyId?: number;
	/** Contract type is the picklist label "Recurring Service". */
	isRecurringService: boolean;
	contractTypeLabel?: string;
	/** Services attached directly (ContractServices), with the units of the period containing the effective date. */
	directServices: Map<number, { contractServiceId: number; units: number }>;
	/** Services reached only through an attached service bundle. */
	bundleServiceIds: Set<number>;
}

export type ProblemCode =
	| 'contract-not-found'
	| 'not-recurring-service'
	| 'service-not-found'
	| 'service-not-monthly'
	| 'service-not-on-contract'
	| 'service-only-in-bundle'
	| 'no-usage';

export interface PlanProblem {
	code: ProblemCode;
	/** What is wrong and how to fix it. */
	message: string;
	serviceId?: number;
	row?: number;
}

export type ServiceChangeStatus = 'change' | 'unchanged' | 'not-reported' | 'blocked';

export interface ServiceChange {
	/** Settings row (1-based, as the user sees it). */
	row: number;
	quantity: string;
	serviceId: number;
	serviceName?: string;
	/** Summed quantity as reported (bytes for storage). */
	reported?: number;
	/** How reported becomes units, e.g. "GB (decimal), rounded up, 100 included". */
	rule: string;
	before: number;
	after: number;
	delta: number;
	/** The service is not on the contract yet and the adjustment will add it ("add missing service"). */
	addsService: boolean;
	status: ServiceChangeStatus;
}

export interface ContractPlan {
	contractId: number;
	contractName?: string;
	companyId?: number;
	status: 'error' | 'unchanged' | 'change';
	problems: PlanProblem[];
	changes: ServiceChange[];
}

export interface PlanInput {
	usage: ContractUsage;
	/** undefined when the contract id was not found in Autotask. */
	contract: ContractState | undefined;
	rows: BillingRow[];
	services: Map<number, ServiceInfo>;
	addMissingServices: boolean;
}

/**
 * Units of a contract service on a date: the ContractServiceUnits row whose
 * [startDate, endDate] contains it. Dates compare as calendar days (YYYY-MM-DD),
 * so time-of-day and zone suffixes in Autotask's values do not matter.
 */
export function unitsOnDate(
	rows: Array<{ startDate: string; endDate?: string | null; units: number }>,
	date: string,
): number | undefined {
	const day = date.slice(0, 10);
	let found: { startDate: string; units: number } | undefined;
	for (const r of rows) {
		const start = String(r.startDate).slice(0, 10);
		const end = r.endDate ? String(r.endDate).slice(0, 10) : '9999-12-31';
		// Adjustments split periods; if two rows touch the day, the one starting latest is current.
		if (start <= day && day <= end && (!found || start > found.startDate.slice(0, 10))) found = r;
	}
	return found?.units;
}

/** A contract no row can be billed on: not found, or not a Recurring Service contract. */
function contractProblem(
	usage: ContractUsage,
	contract: ContractState | undefined,
): PlanProblem | undefined {
	if (!contract) {
		return {
			code: 'contract-not-found',
			message: `Contract ${usage.contractId} was not found in Autotask (deleted, or the API user cannot see contracts): fix the customer's contract in Map Customer`,
		};
	}
	if (!contract.isRecurringService) {
		return {
			code: 'not-recurring-service',
			message: `Contract "${contract.name ?? contract.id}" is a ${contract.contractTypeLabel ?? 'non-recurring'} contract, not a Recurring Service contract: in Autotask map the customer to a Recurring Service contract (or create one) in Map Customer`,
		};
	}
	return undefined;
}

/** One row's change as it starts: blocked, units unchanged, until planRow clears it. */
function startChange(row: BillingRow, input: PlanInput, contract: ContractState): ServiceChange {
	const direct = contract.directServices.get(row.serviceId);
	return {
		row: row.index + 1,
		quantity:
			row.quantity === 'custom' ? `custom: ${row.customPath ?? ''}` : QUANTITY_LABELS[row.quantity],
		serviceId: row.serviceId,
		serviceName: input.services.get(row.serviceId)?.name,
		reported: input.usage.totals.get(row.index),
		rule: describeRule(row),
		before: direct?.units ?? 0,
		after: direct?.units ?? 0,
		delta: 0,
		addsService: false,
		status: 'blocked',
	};
}

/** What blocks a row's service: missing, not Monthly, or not directly on the contract (unless the node may add it). */
function serviceProblem(
	row: BillingRow,
	input: PlanInput,
	contract: ContractState,
	change: ServiceChange,
): PlanProblem | undefined {
	const service = input.services.get(row.serviceId);
	const at = { serviceId: row.serviceId, row: change.row };
	if (!service) {
		return {
			code: 'service-not-found',
			...at,
			message: `Service ${row.serviceId} of Billing Settings ${rowLabel(row)} was not found in Autotask: choose the service again from the list`,
		};
	}
	const label = `"${service.name}" (${rowLabel(row)})`;
	if (!service.isMonthly) {
		return {
			code: 'service-not-monthly',
			...at,
			message: `Service ${label} has period type ${service.periodLabel ?? 'other than Monthly'}; billing needs Monthly services: set its Period Type to Monthly in Autotask or map a Monthly service`,
		};
	}
	// Usage missing for this row: not a problem of the service, and checked before its place on the contract.
	if (change.reported === undefined || contract.directServices.has(row.serviceId)) return undefined;
	if (contract.bundleServiceIds.has(row.serviceId)) {
		return {
			code: 'service-only-in-bundle',
			...at,
			message: `Service ${label} is on contract "${contract.name ?? contract.id}" only inside a service bundle; billed services must be attached directly as Services: add it to the contract as a service (not as part of a bundle)`,
		};
	}
	if (!input.addMissingServices) {
		return {
			code: 'service-not-on-contract',
			...at,
			message: `Service ${label} is not on contract "${contract.name ?? contract.id}": add it to the contract in Autotask, or turn on the option "Add Missing Services"`,
		};
	}
	return undefined;
}

/** A row's change and the problem that blocks it, if any. */
function planRow(
	row: BillingRow,
	input: PlanInput,
	contract: ContractState,
): { change: ServiceChange; problem?: PlanProblem } {
	const change = startChange(row, input, contract);
	const problem = serviceProblem(row, input, contract, change);
	if (problem) return { change, problem };
	if (change.reported === undefined) {
		change.status = 'not-reported';
		return { change };
	}
	change.addsService = !contract.directServices.has(row.serviceId);
	change.after = billableUnits(change.reported, row);
	change.delta = change.after - change.before;
	// A missing service billed at 0 units is left off the contract: there is nothing to post.
	change.status = change.delta !== 0 ? 'change' : 'unchanged';
	return { change };
}

/** The contract's status from its rows; a contract with no reported row at all is a problem of its own. */
function settleStatus(plan: ContractPlan): void {
	if (plan.problems.length > 0) {
		plan.status = 'error';
	} else if (plan.changes.every((c) => c.status === 'not-reported')) {
		plan.status = 'error';
		plan.problems.push({
			code: 'no-usage',
			message:
				"No item for this contract carries any of the mapped quantities (json.usage…): send usage reports (event type usage_report) to Sync Billing, or check the rows' quantities and custom paths",
		});
	} else if (plan.changes.some((c) => c.status === 'change')) {
		plan.status = 'change';
	}
	// A blocked contract posts nothing: its changes show the target but no delta, so totals stay consistent.
	if (plan.status === 'error') {
		for (const c of plan.changes) if (c.status === 'change') c.status = 'blocked';
	}
}

export function planContract(input: PlanInput): ContractPlan {
	const { usage, contract } = input;
	const plan: ContractPlan = {
		contractId: usage.contractId,
		contractName: contract?.name ?? usage.contractName,
		companyId: contract?.companyId ?? usage.companyId,
		status: 'unchanged',
		problems: [],
		changes: [],
	};
	const blocked = contractProblem(usage, contract);
	if (!contract || blocked) {
		plan.status = 'error';
		if (blocked) plan.problems.push(blocked);
		return plan;
	}
	for (const row of input.rows) {
		const { change, problem } = planRow(row, input, contract);
		plan.changes.push(change);
		if (problem) plan.problems.push(problem);
	}
	settleStatus(plan);
	return plan;
}
