/**
 * Batched reads for a billing run: every entity is read with `in` filters over
 * all contracts at once (chunked at 500 by the client), so the cost grows with
 * ⌈contracts / 500⌉, not with the number of contracts.
 */
import type { AutotaskClient } from '../autotask/client';
import type { Picklist } from '../autotask/picklists';
import type { Filter } from '../autotask/types';
import { NOTE_MARKER_PREFIX, usageAsOfInNote } from '../logic/billingNote';
import { unitsOnDate, type ContractState, type ServiceInfo } from '../logic/billingPlan';
import { isSuperseded } from '../logic/billingTwins';

export const RECURRING_SERVICE_LABEL = 'Recurring Service';
export const MONTHLY_LABEL = 'Monthly';

interface ContractRow {
	id: number;
	companyID?: number;
	contractName?: string;
	contractType?: number | string;
}
interface ContractServiceRow {
	id: number;
	contractID: number;
	serviceID: number;
}
export interface UnitsRow {
	id: number;
	contractID: number;
	serviceID: number;
	contractServiceID?: number;
	startDate: string;
	endDate?: string | null;
	units: number;
}
interface BundleRow {
	id: number;
	contractID: number;
	serviceBundleID: number;
}
interface BundleServiceRow {
	id: number;
	serviceBundleID: number;
	serviceID: number;
}
interface ServiceRow {
	id: number;
	name: string;
	periodType?: number | string;
}

export interface BillingState {
	contracts: Map<number, ContractState>;
	services: Map<number, ServiceInfo>;
}

/** Filters selecting the ContractServiceUnits period that contains the effective date (whole-day bounds). */
export function periodFilter(effectiveDate: string): Filter[] {
	return [
		{ op: 'lte', field: 'startDate', value: `${effectiveDate}T23:59:59Z` },
		{ op: 'gte', field: 'endDate', value: `${effectiveDate}T00:00:00Z` },
	];
}

/**
 * Service ids for names typed in the settings (templates ship names, not tenant ids).
 * Names match case-insensitively; an active service wins over an inactive one.
 */
export async function resolveServiceNames(
	client: AutotaskClient,
	names: string[],
): Promise<Map<string, number>> {
	const found = await client.queryIn<{ id: number; name: string; isActive?: boolean }>(
		'Services',
		'name',
		names,
		{ includeFields: ['name', 'isActive'] },
	);
	const ids = new Map<string, number>();
	for (const s of found.sort((a, b) => Number(Boolean(a.isActive)) - Number(Boolean(b.isActive))))
		ids.set(s.name.toLowerCase(), s.id);
	return ids;
}

/** Current units of several services on one contract (one query), for the concurrent-sync correction. */
export async function readContractUnits(
	client: AutotaskClient,
	contractId: number,
	serviceIds: number[],
	effectiveDate: string,
): Promise<Map<number, number>> {
	const rows = await client.query<UnitsRow>('ContractServiceUnits', {
		filter: [
			{ op: 'eq', field: 'contractID', value: contractId },
			{ op: 'in', field: 'serviceID', value: serviceIds },
			...periodFilter(effectiveDate),
		],
		includeFields: ['contractID', 'serviceID', 'startDate', 'endDate', 'units'],
	});
	return new Map(
		serviceIds.map((id) => [
			id,
			unitsOnDate(
				rows.filter((r) => r.serviceID === id),
				effectiveDate,
			) ?? 0,
		]),
	);
}

/** Current units of one service on one contract, re-read after a write whose outcome is unknown. */
export async function readUnits(
	client: AutotaskClient,
	contractId: number,
	serviceId: number,
	effectiveDate: string,
): Promise<number> {
	const rows = await client.query<UnitsRow>('ContractServiceUnits', {
		filter: [
			{ op: 'eq', field: 'contractID', value: contractId },
			{ op: 'eq', field: 'serviceID', value: serviceId },
			...periodFilter(effectiveDate),
		],
		includeFields: ['contractID', 'serviceID', 'startDate', 'endDate', 'units'],
	});
	return unitsOnDate(rows, effectiveDate) ?? 0;
}

/** The contracts as read, each with no services yet (addUnits and addIndirectServices fill them). */
function contractStates(
	contracts: ContractRow[],
	contractTypes: Picklist,
	recurring: string | number,
): Map<number, ContractState> {
	const states = new Map<number, ContractState>();
	for (const c of contracts) {
		states.set(c.id, {
			id: c.id,
			name: c.contractName,
			companyId: c.companyID,
			isRecurringService: String(c.contractType) === String(recurring),
			contractTypeLabel:
				contractTypes.labelOf(c.contractType as string | number) ??
				`type ${String(c.contractType)}`,
			directServices: new Map(),
			bundleServiceIds: new Set(),
		});
	}
	return states;
}

/** A units row for the period means the service is directly on the contract, with those units. */
function addUnits(
	states: Map<number, ContractState>,
	units: UnitsRow[],
	effectiveDate: string,
): void {
	const unitsByKey = new Map<string, UnitsRow[]>();
	for (const row of units) {
		const key = `${row.contractID}:${row.serviceID}`;
		unitsByKey.set(key, [...(unitsByKey.get(key) ?? []), row]);
	}
	for (const [key, rows] of unitsByKey) {
		const [contractId, serviceId] = key.split(':').map(Number);
		const current = unitsOnDate(rows, effectiveDate);
		if (current === undefined) continue;
		states.get(contractId)?.directServices.set(serviceId, {
			contractServiceId: Number(rows[0].contractServiceID),
			units: current,
		});
	}
}

/**
 * ContractServices (services on the contract without units on that date) and the services reached
 * through bundles, read only for the contracts that miss a mapped service: a full sync of complete
 * contracts skips ⌈contracts / 500⌉ calls.
 */
async function addIndirectServices(
	client: AutotaskClient,
	states: Map<number, ContractState>,
	serviceIds: number[],
): Promise<void> {
	const incomplete = [...states.values()]
		.filter((s) => serviceIds.some((id) => !s.directServices.has(id)))
		.map((s) => s.id);
	if (!incomplete.length) return;
	const serviceFilter: Filter[] = [{ op: 'in', field: 'serviceID', value: serviceIds }];
	const [contractServices, bundles] = await Promise.all([
		client.queryIn<ContractServiceRow>('ContractServices', 'contractID', incomplete, {
			filter: serviceFilter,
			includeFields: ['contractID', 'serviceID'],
		}),
		client.queryIn<BundleRow>('ContractServiceBundles', 'contractID', incomplete, {
			includeFields: ['contractID', 'serviceBundleID'],
		}),
	]);
	for (const cs of contractServices) {
		const state = states.get(cs.contractID);
		if (state && !state.directServices.has(cs.serviceID))
			state.directServices.set(cs.serviceID, { contractServiceId: cs.id, units: 0 });
	}
	const bundleIds = Array.from(new Set(bundles.map((b) => b.serviceBundleID)));
	const bundleServices = bundleIds.length
		? await client.queryIn<BundleServiceRow>(
				'ServiceBundleServices',
				'serviceBundleID',
				bundleIds,
				{ filter: serviceFilter, includeFields: ['serviceBundleID', 'serviceID'] },
			)
		: [];
	const servicesOfBundle = new Map<number, number[]>();
	for (const row of bundleServices)
		servicesOfBundle.set(row.serviceBundleID, [
			...(servicesOfBundle.get(row.serviceBundleID) ?? []),
			row.serviceID,
		]);
	for (const b of bundles) {
		const state = states.get(b.contractID);
		for (const serviceId of servicesOfBundle.get(b.serviceBundleID) ?? [])
			state?.bundleServiceIds.add(serviceId);
	}
}

function serviceInfos(services: ServiceRow[], periodTypes: Picklist): Map<number, ServiceInfo> {
	const monthly = periodTypes.valueOf(MONTHLY_LABEL);
	const infos = new Map<number, ServiceInfo>();
	for (const s of services) {
		const periodLabel = periodTypes.labelOf(s.periodType as string | number);
		infos.set(s.id, {
			id: s.id,
			name: s.name,
			isMonthly: monthly !== undefined && String(s.periodType) === String(monthly),
			periodLabel: periodLabel ?? `period ${String(s.periodType)}`,
		});
	}
	return infos;
}

export async function readBillingState(
	client: AutotaskClient,
	contractIds: number[],
	serviceIds: number[],
	effectiveDate: string,
): Promise<BillingState> {
	const [contractTypes, periodTypes] = await Promise.all([
		client.picklist('Contracts', 'contractType'),
		client.picklist('Services', 'periodType'),
	]);
	const recurring = contractTypes.valueOf(RECURRING_SERVICE_LABEL);
	if (recurring === undefined) {
		throw new Error(
			`This Autotask tenant has no contract type labelled "${RECURRING_SERVICE_LABEL}" (found: ${contractTypes.labels().join(', ')}); billing needs Recurring Service contracts`,
		);
	}
	const [contracts, units, services] = await Promise.all([
		client.queryIn<ContractRow>('Contracts', 'id', contractIds, {
			includeFields: ['companyID', 'contractName', 'contractType'],
		}),
		client.queryIn<UnitsRow>('ContractServiceUnits', 'contractID', contractIds, {
			filter: [{ op: 'in', field: 'serviceID', value: serviceIds }, ...periodFilter(effectiveDate)],
			includeFields: [
				'contractID',
				'serviceID',
				'contractServiceID',
				'startDate',
				'endDate',
				'units',
			],
		}),
		client.queryIn<ServiceRow>('Services', 'id', serviceIds, {
			includeFields: ['name', 'periodType'],
		}),
	]);
	const states = contractStates(contracts, contractTypes, recurring);
	addUnits(states, units, effectiveDate);
	await addIndirectServices(client, states, serviceIds);
	return { contracts: states, services: serviceInfos(services, periodTypes) };
}

export interface BilledNotes {
	/** Per contract, the newest usage time our notes show as billed (superseded notes excluded). */
	newest: Map<number, string>;
	/**
	 * Highest id of our notes seen (any contract; Autotask numbers notes in creation order): a note at
	 * or below it was written, after its run's adjustments, before this run read units.
	 */
	watermark?: number;
	/** Ids of every note returned, per contract (tells new notes apart when there is no watermark). */
	readIds: Map<number, Set<number>>;
	/** The lastActivityDate bound the read used. */
	since: string;
}

/**
 * Our audit notes on the run's contracts written since its oldest usage (one query per 500
 * contracts). Read before the units: a retried or late execution carrying older usage than the
 * newest billed must not roll units back, and the watermark lets the run find concurrent twins
 * after it has written (billingTwins.ts). `fallbackSince` bounds the read for undated usage.
 */
export async function readBilledNotes(
	client: AutotaskClient,
	usages: Array<{ contractId: number; usageAsOf?: string }>,
	fallbackSince: string,
): Promise<BilledNotes> {
	const dated = usages
		.filter((u) => u.usageAsOf !== undefined)
		.map((u) => u.usageAsOf!)
		.sort();
	const since =
		dated.length === usages.length
			? dated[0]
			: [dated[0] ?? fallbackSince, fallbackSince].sort()[0];
	const result: BilledNotes = { newest: new Map(), readIds: new Map(), since };
	if (!usages.length) return result;
	const notes = await client.queryIn<{
		id: number;
		contractID: number;
		title?: string;
		description?: string;
	}>(
		'ContractNotes',
		'contractID',
		usages.map((u) => u.contractId),
		{
			filter: [
				{ op: 'contains', field: 'title', value: `[${NOTE_MARKER_PREFIX}` },
				{ op: 'gt', field: 'lastActivityDate', value: since },
			],
			includeFields: ['contractID', 'title', 'description'],
		},
	);
	for (const note of notes) {
		result.watermark = Math.max(result.watermark ?? note.id, note.id);
		result.readIds.set(
			note.contractID,
			(result.readIds.get(note.contractID) ?? new Set()).add(note.id),
		);
		if (isSuperseded(note)) continue;
		const asOf = usageAsOfInNote(note.description);
		const known = result.newest.get(note.contractID);
		if (asOf && (known === undefined || Date.parse(asOf) > Date.parse(known)))
			result.newest.set(note.contractID, asOf);
	}
	return result;
}
