/**
 * Sync Billing's rows as the user set them. A row names its service by ID (from the list) or by name
 * (the templates ship names, not tenant ids); names are resolved through Autotask (one query, in
 * nodes/BdrSyncBilling/syncSettings.ts), then every row is checked with its id.
 */
import {
	checkBillingRows,
	isStorageQuantity,
	rowLabel,
	type BillingRow,
	type QuantityKind,
	type SettingsProblem,
} from './billingSettings';
import type { Conversion, Rounding, UnitBase } from './units';

/** A row with its service as typed: `serviceRef` is the ID or the name; `serviceId` is 0 until a name is resolved. */
export type TypedRow = BillingRow & { serviceRef: string };

/** The rows of the Billing Settings parameter (each a plain object as n8n stores it). */
export function rowsFromSettings(rows: Array<Record<string, unknown>>): TypedRow[] {
	return rows.map((r, index) => {
		const quantity = String(r.quantity ?? 'serverLicenses') as QuantityKind;
		// The service is a resource locator (list / ID / name); a plain value is an ID or a name.
		const locator =
			typeof r.serviceId === 'object' && r.serviceId !== null
				? (r.serviceId as Record<string, unknown>)
				: undefined;
		const serviceRef = String(locator ? (locator.value ?? '') : (r.serviceId ?? '')).trim();
		const byName = locator?.mode === 'name';
		const convertible = isStorageQuantity(quantity) || quantity === 'custom';
		return {
			index,
			quantity,
			customPath: quantity === 'custom' ? String(r.customPath ?? '') : undefined,
			serviceRef,
			serviceId: byName || !/^\d+$/.test(serviceRef) ? 0 : Number(serviceRef),
			// Counts are billed as reported: a conversion left over from a storage row must not apply.
			conversion: (convertible ? String(r.conversion ?? 'GB') : 'none') as Conversion,
			base: String(r.base ?? 'binary') as UnitBase,
			rounding: String(r.rounding ?? 'up') as Rounding,
			included: Number(r.included ?? 0),
			minimum: Number(r.minimum ?? 0),
		};
	});
}

/** Rows naming their service by name: resolved through Autotask before they can be checked. */
export function namedRows(rows: TypedRow[]): TypedRow[] {
	return rows.filter((r) => r.serviceId === 0 && r.serviceRef !== '');
}

/** An id no Autotask service has, distinct per row, for a named row whose name is not resolved (yet). */
function standInId(row: BillingRow): number {
	return Number.MAX_SAFE_INTEGER - row.index;
}

/** The problems the rows show before any name is resolved (a named row is taken to name a service of its own). */
export function problemsBeforeNames(rows: TypedRow[]): SettingsProblem[] {
	const named = namedRows(rows);
	return checkBillingRows(
		rows.map((r) => (named.includes(r) ? { ...r, serviceId: standInId(r) } : r)),
	);
}

/** When the names cannot be read (the hourly budget is spent), named rows keep a stand-in id. */
export function leaveNamesUnresolved(rows: TypedRow[]): void {
	for (const r of namedRows(rows)) r.serviceId = standInId(r);
}

export function unknownServiceName(row: TypedRow): SettingsProblem {
	return {
		message: `Billing Settings ${rowLabel(row)}: no Autotask service is named "${row.serviceRef}": choose the service from the list (Retrieve Services List)`,
	};
}

/**
 * Gives the named rows the ids Autotask found (`ids`: lower-cased name → id). The problems: every
 * name no service has; once all are found, what the rows' own check finds with the real ids.
 */
export function applyServiceIds(rows: TypedRow[], ids: Map<string, number>): SettingsProblem[] {
	const named = namedRows(rows);
	const missing = named.filter((r) => !ids.has(r.serviceRef.toLowerCase()));
	if (missing.length) return missing.map(unknownServiceName);
	for (const r of named) r.serviceId = ids.get(r.serviceRef.toLowerCase())!;
	return checkBillingRows(rows);
}
