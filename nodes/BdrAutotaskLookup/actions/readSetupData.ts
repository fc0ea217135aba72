/**
 * Check Setup's reads: what the checklists need, in a few batched queries, shaped into the
 * SetupData the pure checks (nodes/logic/setupChecks.ts) take. The order of the reads is the
 * order the checks depend on each other: the API first, then companies → contracts → services.
 */
import type { IDataObject } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import { isAutotaskError } from '../../autotask/errors';
import type { Picklist } from '../../autotask/picklists';
import { readWorkTypes } from '../../methods/workTypes';
import type { SetupData } from '../../logic/setupChecks';
import type { TicketCheckData, TicketCheckSettings } from '../../logic/ticketChecks';
import { createTestTicket, type TestTicketLabels, type TicketPicklists } from './testTicket';

/** Which companies to check, and the contracts chosen for them. */
export interface Scope {
	companyIds?: number[];
	chosenContracts: Set<number>;
	udfName?: string;
}

export type ReadSettings = TestTicketLabels & {
	ticket: TicketCheckSettings;
	serviceNameContains: string;
	createTestTicket: boolean;
};

/** Nothing read yet: what the checks get when the API itself fails. */
export const NO_SETUP_DATA: SetupData = {
	api: { ok: false, message: '' },
	companies: [],
	services: [],
	contracts: [],
	directServices: new Map(),
	bundledServices: new Map(),
	ticketLabels: { queues: [], priorities: [], statuses: [] },
};

/** An Autotask refusal here is the first check's result, not a node failure. */
export async function checkApi(client: AutotaskClient): Promise<SetupData['api']> {
	return client.threshold().then(
		async (threshold) => ({
			ok: true,
			message: `Authenticated at ${await client.baseUrl()}; ${threshold.currentTimeframeRequestCount ?? '?'} of ${threshold.externalRequestThreshold ?? '?'} requests used this hour.`,
		}),
		(error: unknown) =>
			isAutotaskError(error) ? { ok: false, message: error.message } : Promise.reject(error),
	);
}

type Picklists = TicketPicklists & {
	companyTypes: Picklist;
	contractTypes: Picklist;
	contractStatuses: Picklist;
	periods: Picklist;
};

async function readPicklists(client: AutotaskClient): Promise<Picklists> {
	const [companyTypes, contractTypes, contractStatuses, periods, queues, priorities, statuses] =
		await Promise.all([
			client.picklist('Companies', 'companyType'),
			client.picklist('Contracts', 'contractType'),
			client.picklist('Contracts', 'status'),
			client.picklist('Services', 'periodType'),
			client.picklist('Tickets', 'queueID'),
			client.picklist('Tickets', 'priority'),
			client.picklist('Tickets', 'status'),
		]);
	return { companyTypes, contractTypes, contractStatuses, periods, queues, priorities, statuses };
}

/** The companies in scope, and the IDs typed or passed in that Autotask does not have. */
async function readCompanies(
	client: AutotaskClient,
	scope: Scope,
): Promise<{ companies: IDataObject[]; missing: number[] }> {
	const includeFields = ['companyName', 'companyType', 'isActive'];
	const companies = scope.udfName
		? await client.query<IDataObject>('Companies', {
				filter: [{ op: 'exist', field: scope.udfName, udf: true }],
				includeFields,
			})
		: await client.queryIn<IDataObject>('Companies', 'id', scope.companyIds ?? [], {
				includeFields,
			});
	const found = new Set(companies.map((c) => Number(c.id)));
	return { companies, missing: (scope.companyIds ?? []).filter((id) => !found.has(id)) };
}

async function readContractsAndServices(
	client: AutotaskClient,
	companyIds: number[],
	serviceNameContains: string,
) {
	const [contracts, services] = await Promise.all([
		client.queryIn<IDataObject>('Contracts', 'companyID', companyIds, {
			includeFields: [
				'companyID',
				'contractName',
				'contractType',
				'status',
				'startDate',
				'endDate',
			],
		}),
		client.query<IDataObject>('Services', {
			filter: [
				{ op: 'contains', field: 'name', value: serviceNameContains },
				{ op: 'eq', field: 'isActive', value: true },
			],
			includeFields: ['name', 'periodType'],
		}),
	]);
	return { contracts, services };
}

/** Work types, whether the tenant marks Tickets.billingCodeID required, and the test ticket when asked for. */
async function readTicketCheckData(
	client: AutotaskClient,
	settings: ReadSettings,
	lists: TicketPicklists,
): Promise<TicketCheckData> {
	const [fields, workTypes] = await Promise.all([client.fields('Tickets'), readWorkTypes(client)]);
	const billingCode = fields.find((f) => f.name.toLowerCase() === 'billingcodeid');
	const testTicket = settings.createTestTicket
		? await createTestTicket(client, settings, lists, settings.ticket, new Date())
		: ({ state: 'off' } as const);
	return { billingCodeRequired: billingCode?.isRequired === true, workTypes, testTicket };
}

/** The services on each contract: attached directly, and reached only through a service bundle. */
function serviceMaps(
	contractServices: IDataObject[],
	contractBundles: IDataObject[],
	bundleServices: IDataObject[],
) {
	const add = (map: Map<number, Set<number>>, key: number, value: number) =>
		map.set(key, (map.get(key) ?? new Set()).add(value));
	const directServices = new Map<number, Set<number>>();
	for (const cs of contractServices)
		add(directServices, Number(cs.contractID), Number(cs.serviceID));
	const bundledServices = new Map<number, Set<number>>();
	for (const cb of contractBundles) {
		for (const bs of bundleServices.filter(
			(b) => Number(b.serviceBundleID) === Number(cb.serviceBundleID),
		)) {
			add(bundledServices, Number(cb.contractID), Number(bs.serviceID));
		}
	}
	return { directServices, bundledServices };
}

function companyRecords(
	companies: IDataObject[],
	missing: number[],
	lists: Picklists,
): SetupData['companies'] {
	return [
		...companies.map((c) => ({
			id: Number(c.id),
			companyName: String(c.companyName ?? ''),
			typeLabel: lists.companyTypes.labelOf(c.companyType as number),
			isActive: c.isActive !== false,
		})),
		...missing.map((id) => ({
			id,
			companyName: '(not found in Autotask)',
			typeLabel: undefined,
			isActive: false,
		})),
	];
}

function contractRecords(
	contracts: IDataObject[],
	lists: Picklists,
	scope: Scope,
): SetupData['contracts'] {
	return contracts.map((c) => ({
		id: Number(c.id),
		companyID: Number(c.companyID),
		contractName: String(c.contractName ?? ''),
		typeLabel: lists.contractTypes.labelOf(c.contractType as number),
		statusLabel: lists.contractStatuses.labelOf(c.status as number),
		startDate: (c.startDate as string) ?? null,
		endDate: (c.endDate as string) ?? null,
		chosen: scope.chosenContracts.has(Number(c.id)),
	}));
}

/** Everything after the API check, for a tenant that answered it. */
export async function readSetupData(
	client: AutotaskClient,
	scope: Scope,
	settings: ReadSettings,
	api: SetupData['api'],
): Promise<SetupData> {
	const lists = await readPicklists(client);
	const { companies, missing } = await readCompanies(client, scope);
	const { contracts, services } = await readContractsAndServices(
		client,
		companies.map((c) => Number(c.id)),
		settings.serviceNameContains,
	);
	const contractIds = contracts.map((c) => Number(c.id));
	const [contractServices, contractBundles] = await Promise.all([
		client.queryIn<IDataObject>('ContractServices', 'contractID', contractIds, {
			includeFields: ['contractID', 'serviceID'],
		}),
		client.queryIn<IDataObject>('ContractServiceBundles', 'contractID', contractIds, {
			includeFields: ['contractID', 'serviceBundleID'],
		}),
	]);
	const tickets = await readTicketCheckData(client, settings, lists);
	const bundleServices = await client.queryIn<IDataObject>(
		'ServiceBundleServices',
		'serviceBundleID',
		contractBundles.map((b) => Number(b.serviceBundleID)),
		{ includeFields: ['serviceBundleID', 'serviceID'] },
	);
	return {
		api,
		companies: companyRecords(companies, missing, lists),
		services: services.map((s) => ({
			id: Number(s.id),
			name: String(s.name),
			periodLabel: lists.periods.labelOf(s.periodType as number),
		})),
		contracts: contractRecords(contracts, lists, scope),
		...serviceMaps(contractServices, contractBundles, bundleServices),
		ticketLabels: {
			queues: lists.queues.labels(),
			priorities: lists.priorities.labels(),
			statuses: lists.statuses.labels(),
		},
		tickets,
	};
}
