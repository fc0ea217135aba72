/**
 * The billing workload: one usage report per generated customer that bills exactly what Autotask
 * holds, except for a share of customers whose usage changed (one service, every second one a second
 * service). Built from the sandbox tenant itself, so "changed" is exact, and checked afterwards.
 */
import { unitsOn } from '../sandbox/billing';
import type { Store } from '../sandbox/store';
import { BASE, SERVICE_KEYS, type ServiceKey } from '../sandbox/tenant/base';

export type Units = Record<ServiceKey, number>;

export interface UsageItem {
	eventId: string;
	occurredAt: string;
	receivedAt: string;
	customer: { id: string };
	device: { id: string };
	type: 'usage_report';
	originalType: 'usage_report';
	condition: 'usage';
	severity: 'info';
	message: string;
	usage: {
		licenses: { appliance: number; server: number; workstation: number; virtual: number };
		storage: { localBytes: number; offsiteBytes: number };
	};
}

export interface BillingDataset {
	customers: number;
	items: UsageItem[];
	/** Units every contract must hold after a correct run. */
	target: Map<number, Units>;
	changedContracts: number;
	changedServices: number;
}

const today = (now: Date) => now.toISOString().slice(0, 10);

/** Current units per contract (the unit row whose period contains today), from the sandbox's model. */
export function currentUnits(store: Store, now = new Date()): Map<number, Units> {
	const unitsOf = unitsOn(store, today(now));
	const out = new Map<number, Units>();
	for (const contract of store.rows('Contracts')) {
		const units = {} as Units;
		for (const key of SERVICE_KEYS) units[key] = unitsOf(contract.id, BASE.services[key].id) ?? 0;
		out.set(contract.id, units);
	}
	return out;
}

/** BDR customer id per company, from the generated tenant's "BDR Customer ID" field. */
function bdrIdOf(company: Record<string, any> | undefined): string | undefined {
	return (
		company?.userDefinedFields?.find((f: { name: string }) => f.name === BASE.udfName)?.value ??
		undefined
	);
}

/**
 * `changedShare` of the contracts (evenly spread) change their workstation licenses by +1; every
 * second changed contract also changes its cloud storage by +7 GB: 1.5 changed services per changed contract.
 */
export function buildBillingDataset(
	store: Store,
	changedShare: number,
	now = new Date(),
): BillingDataset {
	const before = currentUnits(store, now);
	const contracts = store
		.rows('Contracts')
		.filter((c) => bdrIdOf(store.get('Companies', c.companyID)) !== undefined);
	const every = Math.max(1, Math.round(1 / changedShare));
	const target = new Map<number, Units>();
	const items: UsageItem[] = [];
	let changedContracts = 0;
	let changedServices = 0;
	contracts.forEach((contract, n) => {
		const units = { ...before.get(contract.id)! };
		if (n % every === 0) {
			changedContracts++;
			units.workstationLicense += 1;
			changedServices++;
			if (n % (2 * every) === 0) {
				units.cloudStorageGb += 7;
				changedServices++;
			}
		}
		target.set(contract.id, units);
		const customerId = bdrIdOf(store.get('Companies', contract.companyID))!;
		items.push({
			eventId: `bench-usage-${n}`,
			occurredAt: now.toISOString(),
			receivedAt: now.toISOString(),
			customer: { id: customerId },
			device: { id: `${customerId}-bdr-1` },
			type: 'usage_report',
			originalType: 'usage_report',
			condition: 'usage',
			severity: 'info',
			message: 'Daily usage report',
			usage: {
				licenses: {
					appliance: units.appliance,
					server: units.serverLicense,
					workstation: units.workstationLicense,
					virtual: units.virtualLicense,
				},
				// whole GB in decimal bytes: the template's rows convert to decimal GB, rounding up
				storage: {
					localBytes: units.localStorageGb * 1e9,
					offsiteBytes: units.cloudStorageGb * 1e9,
				},
			},
		});
	});
	return { customers: contracts.length, items, target, changedContracts, changedServices };
}

/** Contracts whose units differ from the target after a run (0 = exact). */
export function contractsOffTarget(
	store: Store,
	target: Map<number, Units>,
	now = new Date(),
): number {
	const after = currentUnits(store, now);
	let off = 0;
	for (const [contractId, units] of target) {
		const actual = after.get(contractId);
		if (!actual || SERVICE_KEYS.some((k) => actual[k] !== units[k])) off++;
	}
	return off;
}

export const PAGE_SIZE = 500;

export interface MinimumCalls {
	companies: number;
	contracts: number;
	unitRows: number;
	adjustments: number;
	notes: number;
	total: number;
}

/**
 * The physical minimum for one sync: the companies (BDR id → company), their contracts and the
 * current unit rows (one per mapped service and contract), read at 500 per page, then one
 * adjustment per changed service and one note per changed contract.
 */
export function minimumCalls(
	customers: number,
	servicesPerContract: number,
	changedContracts: number,
	changedServices: number,
): MinimumCalls {
	const pages = (rows: number) => Math.ceil(rows / PAGE_SIZE);
	const m = {
		companies: pages(customers),
		contracts: pages(customers),
		unitRows: pages(customers * servicesPerContract),
		adjustments: changedServices,
		notes: changedContracts,
	};
	return { ...m, total: m.companies + m.contracts + m.unitRows + m.adjustments + m.notes };
}
