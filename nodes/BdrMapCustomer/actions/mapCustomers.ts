import { type IDataObject, type IExecuteFunctions, type INodeExecutionData, NodeOperationError } from 'n8n-workflow';

import { autotaskClientFor } from '../../autotask/client';
import { toNodeApiError } from '../../autotask/errors';
import {
	type CompanyRecord,
	type ContractRecord,
	type MappingLookups,
	type MappingResult,
	type MappingSource,
	type MappingTarget,
	resolveMapping,
} from '../../logic/customerMapping';
import { readCustomerIds, targetsFromCompanyUdf, targetsFromItems, targetsFromTable } from './readTargets';

const COMPANY_FIELDS = ['companyName', 'companyType', 'isActive'];
const CONTRACT_FIELDS = ['companyID', 'contractName', 'contractType', 'status', 'startDate', 'endDate'];

/**
 * Map Customers: read every item's target, fetch all companies and contracts
 * involved in a few batched queries, then let the pure resolver decide per item.
 */
export async function mapCustomers(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const source = this.getNodeParameter('mapSource', 0, 'table') as MappingSource;
	const options = this.getNodeParameter('options', 0, {}) as { allowSingleRecurringContract?: boolean; requireContract?: boolean };
	const customerIds = readCustomerIds(this, items);

	let results: MappingResult[];
	try {
		const client = await autotaskClientFor(this);
		let targets: MappingTarget[];
		let known: CompanyRecord[] = [];
		if (source === 'companyField') ({ targets, companies: known } = await targetsFromCompanyUdf(this, client, customerIds));
		else if (source === 'itemFields') targets = targetsFromItems(this, customerIds);
		else targets = targetsFromTable(this, customerIds);

		const live = targets.filter((t) => !t.refusal && t.companyId !== undefined);
		const knownIds = new Set(known.map((c) => c.id));
		const companyIds = [...new Set(live.map((t) => t.companyId!))].filter((id) => !knownIds.has(id));
		const contractIds = [...new Set(live.flatMap((t) => (t.contractId === undefined ? [] : [t.contractId])))];
		const needAuto = options.allowSingleRecurringContract ? [...new Set(live.filter((t) => t.contractId === undefined).map((t) => t.companyId!))] : [];

		const [customerTypeValue, recurringTypeValue, activeStatusValue] = live.length
			? await Promise.all([
					client.picklistValue('Companies', 'companyType', 'Customer'),
					client.picklistValue('Contracts', 'contractType', 'Recurring Service'),
					client.picklistValue('Contracts', 'status', 'Active'),
				])
			: ['', '', ''];
		// Cached a few minutes per worker: a stream of one-event executions reads each customer once.
		const byId = (r: { id: number }) => [String(r.id)];
		const [companies, contracts, recurring] = await Promise.all([
			client.queryInCached<CompanyRecord>('Companies', 'id', companyIds, { includeFields: COMPANY_FIELDS }, byId),
			client.queryInCached<ContractRecord>('Contracts', 'id', contractIds, { includeFields: CONTRACT_FIELDS }, byId),
			client.queryInCached<ContractRecord>(
				'Contracts',
				'companyID',
				needAuto,
				{ filter: [{ op: 'eq', field: 'contractType', value: recurringTypeValue }], includeFields: CONTRACT_FIELDS },
				(c) => [String(c.companyID)],
			),
		]);

		const byCompany = new Map<number, ContractRecord[]>();
		for (const contract of recurring) {
			const id = Number(contract.companyID);
			byCompany.set(id, [...(byCompany.get(id) ?? []), contract]);
		}
		const lookups: MappingLookups = {
			companies: new Map([...known, ...companies].map((c) => [c.id, c])),
			contracts: new Map(contracts.map((c) => [c.id, c])),
			recurringContractsByCompany: byCompany,
			customerTypeValue,
			recurringTypeValue,
			activeStatusValue,
		};
		const resolveOptions = {
			allowSingleRecurringContract: options.allowSingleRecurringContract === true,
			requireContract: options.requireContract === true,
			today: new Date().toISOString().slice(0, 10),
			source,
		};
		results = targets.map((target) => resolveMapping(target, lookups, resolveOptions));
	} catch (error) {
		const isConfig = error instanceof NodeOperationError;
		if (!this.continueOnFail()) throw isConfig ? error : toNodeApiError(this.getNode(), error);
		// One failed batch read (or a bad table) concerns every item: each gets the reason, none is dropped.
		const result: MappingResult = isConfig
			? { mapped: false, reason: 'invalid_configuration', message: `${error.message}: ${error.description ?? ''}`.replace(/: $/, '') }
			: { mapped: false, reason: 'autotask_error', message: `Autotask could not be read: ${toNodeApiError(this.getNode(), error).message}` };
		results = items.map(() => result);
	}

	const mapped: INodeExecutionData[] = [];
	const unmapped: INodeExecutionData[] = [];
	results.forEach((result, i) => {
		const json = { ...items[i].json };
		delete json.autotask;
		delete json.unmapped;
		const base = { pairedItem: { item: i }, ...(items[i].binary ? { binary: items[i].binary } : {}) };
		if (result.mapped) mapped.push({ ...base, json: { ...json, autotask: result.autotask as unknown as IDataObject } });
		else unmapped.push({ ...base, json: { ...json, unmapped: { reason: result.reason, message: result.message, customerId: customerIds[i] } } });
	});
	return [mapped, unmapped];
}
