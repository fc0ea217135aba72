import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	NodeOperationError,
} from 'n8n-workflow';

import { autotaskClientFor, type AutotaskClient } from '../../autotask/client';
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
import {
	readCustomerIds,
	targetsFromCompanyUdf,
	targetsFromItems,
	targetsFromTable,
} from './readTargets';

const COMPANY_FIELDS = ['companyName', 'companyType', 'isActive'];
const CONTRACT_FIELDS = [
	'companyID',
	'contractName',
	'contractType',
	'status',
	'startDate',
	'endDate',
];

type MapOptions = { allowSingleRecurringContract?: boolean; requireContract?: boolean };

/**
 * Map Customers: read every item's target, fetch all companies and contracts
 * involved in a few batched queries, then let the pure resolver decide per item.
 */
export async function mapCustomers(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const source = this.getNodeParameter('mapSource', 0, 'table') as MappingSource;
	const options = this.getNodeParameter('options', 0, {}) as MapOptions;
	const customerIds = readCustomerIds(this, items);
	let results: MappingResult[];
	try {
		results = await resolveAll(this, customerIds, source, options);
	} catch (error) {
		results = failedResults(this, error, items.length);
	}
	return splitOutputs(items, results, customerIds);
}

async function resolveAll(
	ctx: IExecuteFunctions,
	customerIds: string[],
	source: MappingSource,
	options: MapOptions,
): Promise<MappingResult[]> {
	const client = await autotaskClientFor(ctx);
	let targets: MappingTarget[];
	let known: CompanyRecord[] = [];
	if (source === 'companyField')
		({ targets, companies: known } = await targetsFromCompanyUdf(ctx, client, customerIds));
	else if (source === 'itemFields') targets = targetsFromItems(ctx, customerIds);
	else targets = targetsFromTable(ctx, customerIds);
	const lookups = await readLookups(client, targets, known, options);
	const resolveOptions = {
		allowSingleRecurringContract: options.allowSingleRecurringContract === true,
		requireContract: options.requireContract === true,
		today: new Date().toISOString().slice(0, 10),
		source,
	};
	return targets.map((target) => resolveMapping(target, lookups, resolveOptions));
}

/** The companies and contracts the targets name, in a few batched (and cached) queries. */
async function readLookups(
	client: AutotaskClient,
	targets: MappingTarget[],
	known: CompanyRecord[],
	options: MapOptions,
): Promise<MappingLookups> {
	const live = targets.filter((t) => !t.refusal && t.companyId !== undefined);
	const knownIds = new Set(known.map((c) => c.id));
	const companyIds = [...new Set(live.map((t) => t.companyId!))].filter((id) => !knownIds.has(id));
	const contractIds = [
		...new Set(live.flatMap((t) => (t.contractId === undefined ? [] : [t.contractId]))),
	];
	const needAuto = options.allowSingleRecurringContract
		? [...new Set(live.filter((t) => t.contractId === undefined).map((t) => t.companyId!))]
		: [];

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
		client.queryInCached<CompanyRecord>(
			'Companies',
			'id',
			companyIds,
			{ includeFields: COMPANY_FIELDS },
			byId,
		),
		client.queryInCached<ContractRecord>(
			'Contracts',
			'id',
			contractIds,
			{ includeFields: CONTRACT_FIELDS },
			byId,
		),
		client.queryInCached<ContractRecord>(
			'Contracts',
			'companyID',
			needAuto,
			{
				filter: [{ op: 'eq', field: 'contractType', value: recurringTypeValue }],
				includeFields: CONTRACT_FIELDS,
			},
			(c) => [String(c.companyID)],
		),
	]);
	const byCompany = new Map<number, ContractRecord[]>();
	for (const contract of recurring) {
		const id = Number(contract.companyID);
		byCompany.set(id, [...(byCompany.get(id) ?? []), contract]);
	}
	return {
		companies: new Map([...known, ...companies].map((c) => [c.id, c])),
		contracts: new Map(contracts.map((c) => [c.id, c])),
		recurringContractsByCompany: byCompany,
		customerTypeValue,
		recurringTypeValue,
		activeStatusValue,
	};
}

/** One failed batch read (or a bad table) concerns every item: each gets the reason, none is dropped. */
function failedResults(ctx: IExecuteFunctions, error: unknown, count: number): MappingResult[] {
	const isConfig = error instanceof NodeOperationError;
	if (!ctx.continueOnFail()) throw isConfig ? error : toNodeApiError(ctx.getNode(), error);
	const result: MappingResult = isConfig
		? {
				mapped: false,
				reason: 'invalid_configuration',
				message: `${error.message}: ${error.description ?? ''}`.replace(/: $/, ''),
			}
		: {
				mapped: false,
				reason: 'autotask_error',
				message: `Autotask could not be read: ${toNodeApiError(ctx.getNode(), error).message}`,
			};
	return Array.from({ length: count }, () => result);
}

/** Mapped items to the first output, unmapped (with reason and fix) to the second; binary data goes along. */
function splitOutputs(
	items: INodeExecutionData[],
	results: MappingResult[],
	customerIds: string[],
): INodeExecutionData[][] {
	const mapped: INodeExecutionData[] = [];
	const unmapped: INodeExecutionData[] = [];
	results.forEach((result, i) => {
		const json = { ...items[i].json };
		delete json.autotask;
		delete json.unmapped;
		const base = {
			pairedItem: { item: i },
			...(items[i].binary ? { binary: items[i].binary } : {}),
		};
		if (result.mapped)
			mapped.push({
				...base,
				json: { ...json, autotask: result.autotask as unknown as IDataObject },
			});
		else
			unmapped.push({
				...base,
				json: {
					...json,
					unmapped: { reason: result.reason, message: result.message, customerId: customerIds[i] },
				},
			});
	});
	return [mapped, unmapped];
}
