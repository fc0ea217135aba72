/**
 * Contract service units. Autotask keeps one ContractServiceUnits row per contract period (monthly
 * here) per service; a ContractServiceAdjustment is a unit delta from an effective date: rows from
 * that date on change, and the row that contains the date is split in two. Autotask creates the
 * ContractService when the service is not on the contract yet.
 */
import { refused } from './errors';
import { parseDate } from './query';
import { SandboxRecord, Store } from './store';

const DAY = 86_400_000;

export function dayStart(ms: number): number {
	return Math.floor(ms / DAY) * DAY;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** Money to 4 decimals, so 500 x 0.05 is 25, not 25.000000000000004. */
const money = (n: number) => Math.round(n * 10_000) / 10_000;

function addMonths(ms: number, months: number): number {
	const d = new Date(ms);
	return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate());
}

/** Monthly periods from the contract's start to its end (inclusive days). */
export function contractPeriods(contract: SandboxRecord): { start: number; end: number }[] {
	const start = parseDate(contract.startDate);
	const end = parseDate(contract.endDate);
	if (start === null || end === null) return [];
	const periods: { start: number; end: number }[] = [];
	for (let k = 0; ; k++) {
		const s = addMonths(dayStart(start), k);
		if (s > end) break;
		periods.push({
			start: s,
			end: Math.min(addMonths(dayStart(start), k + 1) - DAY, dayStart(end)),
		});
	}
	return periods;
}

function unitPriceOf(store: Store, cs: SandboxRecord): number {
	return cs.unitPrice ?? store.get('Services', cs.serviceID)?.unitPrice ?? 0;
}

function unitCostOf(store: Store, cs: SandboxRecord): number {
	return cs.unitCost ?? store.get('Services', cs.serviceID)?.unitCost ?? 0;
}

/** Creates the unit rows of a new contract service, one per contract period. */
export function createUnitRows(store: Store, cs: SandboxRecord, units = 0): void {
	const contract = store.get('Contracts', cs.contractID);
	if (!contract) return;
	const price = unitPriceOf(store, cs);
	const cost = unitCostOf(store, cs);
	for (const p of contractPeriods(contract)) {
		store.insert('ContractServiceUnits', {
			contractID: cs.contractID,
			contractServiceID: cs.id,
			serviceID: cs.serviceID,
			startDate: iso(p.start),
			endDate: iso(p.end),
			units,
			price: money(units * price),
			cost: money(units * cost),
			internalCurrencyPrice: money(units * price),
			approveAndPostDate: null,
		});
	}
}

/** Attaches a service to a contract with a unit count (used by tenant seeds). */
export function attachService(
	store: Store,
	contractID: number,
	serviceID: number,
	units: number,
	unitPrice?: number,
): SandboxRecord {
	const service = store.get('Services', serviceID);
	const cs = store.insert('ContractServices', {
		contractID,
		serviceID,
		unitPrice: unitPrice ?? service?.unitPrice ?? 0,
		unitCost: service?.unitCost ?? 0,
		adjustedPrice: unitPrice ?? service?.unitPrice ?? 0,
		invoiceDescription: service?.name ?? null,
	});
	createUnitRows(store, cs, units);
	return cs;
}

export interface Adjustment {
	contractID: number;
	serviceID?: number | null;
	contractServiceID?: number | null;
	effectiveDate: string;
	unitChange: number;
	adjustedUnitPrice?: number | null;
	adjustedUnitCost?: number | null;
}

/** Applies a unit delta; all-or-nothing (validates every row before changing any). */
export function applyAdjustment(store: Store, adj: Adjustment): SandboxRecord {
	const contract = store.get('Contracts', adj.contractID);
	if (!contract)
		throw refused(
			`ContractServiceAdjustments.contractID: Contracts ${adj.contractID} does not exist.`,
		);
	let cs: SandboxRecord | undefined;
	if (adj.contractServiceID) {
		cs = store.get('ContractServices', adj.contractServiceID);
		if (!cs || cs.contractID !== contract.id) {
			throw refused(
				`ContractServiceAdjustments.contractServiceID: ContractServices ${adj.contractServiceID} is not on contract ${contract.id}.`,
			);
		}
	} else if (adj.serviceID) {
		if (!store.get('Services', adj.serviceID))
			throw refused(
				`ContractServiceAdjustments.serviceID: Services ${adj.serviceID} does not exist.`,
			);
		cs = store
			.rows('ContractServices')
			.find((r) => r.contractID === contract.id && r.serviceID === adj.serviceID);
	} else {
		throw refused(
			'ContractServiceAdjustments.serviceID: either serviceID or contractServiceID is required.',
		);
	}
	const effective = dayStart(parseDate(adj.effectiveDate)!);
	const cStart = parseDate(contract.startDate);
	const cEnd = parseDate(contract.endDate);
	if (
		cStart === null ||
		cEnd === null ||
		effective < dayStart(cStart) ||
		effective > dayStart(cEnd)
	) {
		throw refused(
			`ContractServiceAdjustments.effectiveDate: ${iso(effective).slice(0, 10)} is outside contract ${contract.id}'s dates (${String(contract.startDate).slice(0, 10)} to ${String(contract.endDate).slice(0, 10)}).`,
		);
	}
	const rows = cs
		? store.rows('ContractServiceUnits').filter((r) => r.contractServiceID === cs!.id)
		: [];
	const affected = rows.filter((r) => parseDate(r.endDate)! >= effective);
	for (const r of affected) {
		if (r.approveAndPostDate)
			throw refused(
				`ContractServiceAdjustments.effectiveDate: the period starting ${String(r.startDate).slice(0, 10)} is already approved and posted.`,
			);
		if (r.units + adj.unitChange < 0) {
			throw refused(
				`ContractServiceAdjustments.unitChange: ${adj.unitChange} would leave ${r.units + adj.unitChange} units from ${String(r.startDate).slice(0, 10)}; units cannot be negative.`,
			);
		}
	}
	if (!cs) {
		if (adj.unitChange < 0)
			throw refused(
				`ContractServiceAdjustments.unitChange: the service is not on contract ${contract.id}, so units cannot go below 0.`,
			);
		cs = attachService(store, contract.id, adj.serviceID!, 0, adj.adjustedUnitPrice ?? undefined);
	}
	const price = adj.adjustedUnitPrice ?? unitPriceOf(store, cs);
	const cost = adj.adjustedUnitCost ?? unitCostOf(store, cs);
	const priced = (units: number) => ({
		units,
		price: money(units * price),
		cost: money(units * cost),
		internalCurrencyPrice: money(units * price),
	});
	for (const r of store
		.rows('ContractServiceUnits')
		.filter((u) => u.contractServiceID === cs!.id)) {
		const start = parseDate(r.startDate)!;
		const end = parseDate(r.endDate)!;
		if (end < effective) continue;
		if (start >= effective) {
			store.update('ContractServiceUnits', r.id, priced(r.units + adj.unitChange));
		} else {
			store.update('ContractServiceUnits', r.id, { endDate: iso(effective - DAY) });
			store.insert('ContractServiceUnits', {
				...r,
				id: undefined,
				startDate: iso(effective),
				endDate: iso(end),
				...priced(r.units + adj.unitChange),
			});
		}
	}
	return store.insert('ContractServiceAdjustments', {
		contractID: contract.id,
		serviceID: cs.serviceID,
		contractServiceID: cs.id,
		effectiveDate: iso(effective),
		unitChange: adj.unitChange,
		adjustedUnitPrice: adj.adjustedUnitPrice ?? null,
		adjustedUnitCost: adj.adjustedUnitCost ?? null,
	});
}

/**
 * Units of each service on each contract on a date: the one unit row whose period holds the day. The
 * tests' and benchmarks' oracle, read from this model rather than with the nodes' own reader. Periods
 * never overlap here (an adjustment splits the row), so two rows holding a day are a sandbox bug.
 * One pass over the rows, so a tenant of thousands of contracts costs one scan per date.
 */
export function unitsOn(
	store: Store,
	date: string,
): (contractID: number, serviceID: number) => number | undefined {
	const day = dayStart(parseDate(date) ?? NaN);
	if (Number.isNaN(day)) throw new Error(`unitsOn: ${date} is not a date`);
	const units = new Map<string, number>();
	for (const row of store.rows('ContractServiceUnits')) {
		if (parseDate(row.startDate)! > day || parseDate(row.endDate)! < day) continue;
		const key = `${row.contractID}:${row.serviceID}`;
		if (units.has(key))
			throw new Error(
				`Sandbox: two unit rows of contract ${row.contractID}, service ${row.serviceID} hold ${date}`,
			);
		units.set(key, row.units);
	}
	return (contractID, serviceID) => units.get(`${contractID}:${serviceID}`);
}
