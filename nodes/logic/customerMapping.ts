/**
 * Customer Map validation: turns what Autotask returned for the mapped ids into
 * one Mapped or Unmapped result per item. Pure: the node fetches in batches and
 * hands the records here; every refusal has a reason code and names its fix.
 */

export type MappingSource = 'table' | 'companyField' | 'itemFields';

export const REASON_CODES = [
	'missing_customer_id',
	'no_mapping',
	'ambiguous_mapping',
	'invalid_company_id',
	'company_not_found',
	'company_inactive',
	'company_not_customer',
	'invalid_contract_id',
	'contract_not_found',
	'contract_wrong_company',
	'contract_not_recurring',
	'contract_inactive',
	'contract_outside_dates',
	'contract_missing',
	'invalid_configuration',
	'autotask_error',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface MappingTarget {
	/** The BDR customer id as read from the item (may be empty: reported). */
	customerId: string;
	/** Set by the mode: table row, company field match, or item fields. */
	companyId?: number;
	contractId?: number;
	/** A refusal already decided while reading the mode (no row, two companies claim one id…). */
	refusal?: { reason: ReasonCode; message: string };
}

export interface CompanyRecord {
	id: number;
	companyName?: string;
	companyType?: string | number | null;
	isActive?: boolean | null;
	userDefinedFields?: Array<{ name: string; value: unknown }>;
}

export interface ContractRecord {
	id: number;
	companyID?: number;
	contractName?: string;
	contractType?: string | number | null;
	status?: string | number | null;
	startDate?: string | null;
	endDate?: string | null;
}

export interface MappingLookups {
	companies: Map<number, CompanyRecord>;
	contracts: Map<number, ContractRecord>;
	/** Recurring Service contracts of companies that have no mapped contract (only read when the option is on). */
	recurringContractsByCompany: Map<number, ContractRecord[]>;
	/** Picklist values read from Autotask, never hard-coded. */
	customerTypeValue: string;
	recurringTypeValue: string;
	activeStatusValue: string;
}

export interface MappingOptions {
	allowSingleRecurringContract: boolean;
	requireContract: boolean;
	/** YYYY-MM-DD (UTC) the contract dates are checked against. */
	today: string;
	/** Words naming where the map lives, used in fix messages. */
	source: MappingSource;
}

export interface AutotaskLink {
	companyId: number;
	companyName: string;
	contractId?: number;
	contractName?: string;
}

export type MappingResult =
	| { mapped: true; autotask: AutotaskLink }
	| { mapped: false; reason: ReasonCode; message: string };

const FIX_WHERE: Record<MappingSource, string> = {
	table: 'the Mappings table of the Map Customer node',
	companyField: 'the company field in Autotask',
	itemFields: 'the data that feeds the Company ID / Contract ID fields',
};

type Refusal = Extract<MappingResult, { mapped: false }>;

function refuse(reason: ReasonCode, message: string): Refusal {
	return { mapped: false, reason, message };
}

/** Autotask picklist values arrive as numbers or strings depending on the tenant's metadata. */
function same(a: unknown, b: unknown): boolean {
	return a !== undefined && a !== null && String(a) === String(b);
}

function datePart(value: string | null | undefined): string | undefined {
	return value ? value.slice(0, 10) : undefined;
}

/** Why a contract cannot carry this customer, or undefined when it can. */
export function contractProblem(
	contract: ContractRecord,
	companyId: number,
	lookups: MappingLookups,
	today: string,
): { reason: ReasonCode; detail: string } | undefined {
	const name = `contract ${contract.id}${contract.contractName ? ` "${contract.contractName}"` : ''}`;
	if (!same(contract.companyID, companyId)) {
		return {
			reason: 'contract_wrong_company',
			detail: `${name} belongs to company ${contract.companyID}, not ${companyId}`,
		};
	}
	if (!same(contract.contractType, lookups.recurringTypeValue)) {
		return {
			reason: 'contract_not_recurring',
			detail: `${name} is not a Recurring Service contract`,
		};
	}
	if (!same(contract.status, lookups.activeStatusValue)) {
		return { reason: 'contract_inactive', detail: `${name} is not active` };
	}
	const start = datePart(contract.startDate);
	const end = datePart(contract.endDate);
	if ((start && today < start) || (end && today > end)) {
		return {
			reason: 'contract_outside_dates',
			detail: `${name} runs ${start ?? '…'} to ${end ?? '…'}, which does not include ${today}`,
		};
	}
	return undefined;
}

const refused = (reason: ReasonCode, message: string) => ({ refused: refuse(reason, message) });

/** The mapped company, if it exists, is active and is a Customer; else why the item cannot be mapped. */
function companyOf(
	target: MappingTarget,
	lookups: MappingLookups,
	who: string,
	where: string,
): { company: CompanyRecord } | { refused: Refusal } {
	if (target.companyId === undefined) {
		return refused('no_mapping', `${who} is not mapped to an Autotask company: add it to ${where}`);
	}
	const company = lookups.companies.get(target.companyId);
	if (!company) {
		return refused(
			'company_not_found',
			`${who} is mapped to Autotask company ${target.companyId}, which does not exist or is not visible to the API user: correct the company in ${where}`,
		);
	}
	const companyLabel = `company ${company.id} "${company.companyName ?? ''}"`;
	if (company.isActive === false) {
		return refused(
			'company_inactive',
			`${who} is mapped to ${companyLabel}, which is inactive: reactivate it in Autotask or map another company`,
		);
	}
	if (!same(company.companyType, lookups.customerTypeValue)) {
		return refused(
			'company_not_customer',
			`${who} is mapped to ${companyLabel}, whose type is not Customer: set its Company Type to Customer in Autotask (the integration needs it) or map another company`,
		);
	}
	return { company };
}

/** The contract the map names: it must exist and be an active Recurring Service contract of the company. */
function mappedContract(
	contractId: number,
	company: CompanyRecord,
	link: AutotaskLink,
	lookups: MappingLookups,
	options: MappingOptions,
	who: string,
): MappingResult {
	const where = FIX_WHERE[options.source];
	const companyLabel = `company ${company.id} "${link.companyName}"`;
	const contract = lookups.contracts.get(contractId);
	if (!contract) {
		return refuse(
			'contract_not_found',
			`${who} is mapped to Autotask contract ${contractId}, which does not exist or is not visible to the API user: pick a contract of ${companyLabel} in ${where}`,
		);
	}
	const problem = contractProblem(contract, company.id, lookups, options.today);
	if (problem) {
		return refuse(
			problem.reason,
			`${who}: ${problem.detail}: pick an active Recurring Service contract of ${companyLabel} in ${where}`,
		);
	}
	return {
		mapped: true,
		autotask: { ...link, contractId: contract.id, contractName: contract.contractName ?? '' },
	};
}

/** No contract in the map: the company's single usable Recurring Service contract if allowed, else none (or a refusal when one is required). */
function unmappedContract(
	company: CompanyRecord,
	link: AutotaskLink,
	lookups: MappingLookups,
	options: MappingOptions,
	who: string,
): MappingResult {
	const where = FIX_WHERE[options.source];
	const companyLabel = `company ${company.id} "${link.companyName}"`;
	if (options.allowSingleRecurringContract) {
		const usable = (lookups.recurringContractsByCompany.get(company.id) ?? []).filter(
			(contract) => !contractProblem(contract, company.id, lookups, options.today),
		);
		if (usable.length === 1) {
			return {
				mapped: true,
				autotask: { ...link, contractId: usable[0].id, contractName: usable[0].contractName ?? '' },
			};
		}
		if (options.requireContract) {
			return refuse(
				'contract_missing',
				`${who} has no contract mapped and ${companyLabel} has ${usable.length} active Recurring Service contracts (exactly one can be used automatically): map the contract in ${where}`,
			);
		}
	} else if (options.requireContract) {
		return refuse(
			'contract_missing',
			`${who} has no contract mapped: map an active Recurring Service contract of ${companyLabel} in ${where}, or turn on "Use the Single Active Recurring Contract"`,
		);
	}
	return { mapped: true, autotask: link };
}

export function resolveMapping(
	target: MappingTarget,
	lookups: MappingLookups,
	options: MappingOptions,
): MappingResult {
	if (target.refusal) return refuse(target.refusal.reason, target.refusal.message);
	if (!target.customerId) {
		return refuse(
			'missing_customer_id',
			'The item has no BDR customer ID: check the BDR Customer ID expression (default {{ $json.customer.id }})',
		);
	}
	const who = `BDR customer "${target.customerId}"`;
	const found = companyOf(target, lookups, who, FIX_WHERE[options.source]);
	if ('refused' in found) return found.refused;
	const { company } = found;
	const link: AutotaskLink = { companyId: company.id, companyName: company.companyName ?? '' };
	return target.contractId !== undefined
		? mappedContract(target.contractId, company, link, lookups, options, who)
		: unmappedContract(company, link, lookups, options, who);
}

/** Reads a company's user-defined field by name (case-insensitive, as Autotask compares names). */
export function udfValue(company: CompanyRecord, fieldName: string): string | undefined {
	const wanted = fieldName.trim().toLowerCase();
	const field = company.userDefinedFields?.find((f) => f.name.trim().toLowerCase() === wanted);
	const value = field?.value;
	return value === undefined || value === null || String(value).trim() === ''
		? undefined
		: String(value).trim();
}

/**
 * Company-field mode: which company claims each BDR customer id. Two companies
 * claiming the same id is refused rather than guessed.
 */
export function targetsFromCompanyField(
	customerIds: string[],
	companies: CompanyRecord[],
	fieldName: string,
	contractFieldName?: string,
): Map<string, Omit<MappingTarget, 'customerId'>> {
	const claims = new Map<string, CompanyRecord[]>();
	for (const company of companies) {
		const value = udfValue(company, fieldName);
		if (value === undefined) continue;
		claims.set(value, [...(claims.get(value) ?? []), company]);
	}
	const out = new Map<string, Omit<MappingTarget, 'customerId'>>();
	for (const customerId of new Set(customerIds)) {
		const found = claims.get(customerId) ?? [];
		if (found.length === 0) {
			out.set(customerId, {
				refusal: {
					reason: 'no_mapping',
					message: `BDR customer "${customerId}" is not mapped: no Autotask company has "${customerId}" in its "${fieldName}" field; enter it on the right company in Autotask`,
				},
			});
		} else if (found.length > 1) {
			out.set(customerId, {
				refusal: {
					reason: 'ambiguous_mapping',
					message: `BDR customer "${customerId}" is claimed by companies ${found.map((c) => c.id).join(', ')} (field "${fieldName}"): keep it on one company only`,
				},
			});
		} else {
			const target: Omit<MappingTarget, 'customerId'> = { companyId: found[0].id };
			if (contractFieldName) {
				const raw = udfValue(found[0], contractFieldName);
				const contractId = raw === undefined ? undefined : parseId(raw);
				if (raw !== undefined && contractId === undefined) {
					target.refusal = {
						reason: 'invalid_contract_id',
						message: `Company ${found[0].id} has "${raw}" in its "${contractFieldName}" field, which is not a contract ID: enter the numeric Autotask contract ID`,
					};
				}
				target.contractId = contractId;
			}
			out.set(customerId, target);
		}
	}
	return out;
}

/** Positive whole number, from a number or a numeric string; undefined otherwise. */
export function parseId(value: unknown): number | undefined {
	if (typeof value === 'number')
		return Number.isSafeInteger(value) && value > 0 ? value : undefined;
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
		const n = Number(value);
		return Number.isSafeInteger(n) && n > 0 ? n : undefined;
	}
	return undefined;
}
