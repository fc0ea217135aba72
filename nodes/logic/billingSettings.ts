/**
 * Billing settings: the Axcient guide's one-to-one map between a BDR product quantity and
 * an Autotask service, with the unit rule that turns the quantity into units.
 */
import type { UnitRule } from './units';

export type QuantityKind =
	| 'appliances'
	| 'serverLicenses'
	| 'workstationLicenses'
	| 'virtualLicenses'
	| 'localStorage'
	| 'offsiteStorage'
	| 'custom';

export const QUANTITY_LABELS: Record<QuantityKind, string> = {
	appliances: 'Appliances',
	serverLicenses: 'Server licenses',
	workstationLicenses: 'Workstation licenses',
	virtualLicenses: 'Virtual licenses',
	localStorage: 'Local storage',
	offsiteStorage: 'Offsite (cloud) storage',
	custom: 'Custom field',
};

export interface BillingRow extends UnitRule {
	/** Position in the node's settings list (0-based), used to name rows in errors. */
	index: number;
	quantity: QuantityKind;
	/** Dot path inside the item's json, only for quantity 'custom' (e.g. "usage.licenses.hyperv"). */
	customPath?: string;
	serviceId: number;
}

/** "row 2 (Server licenses)" — how errors and notes name a settings row. */
export function rowLabel(row: BillingRow): string {
	const what =
		row.quantity === 'custom'
			? `custom field "${row.customPath ?? ''}"`
			: QUANTITY_LABELS[row.quantity];
	return `row ${row.index + 1} (${what})`;
}

export function isStorageQuantity(kind: QuantityKind): boolean {
	return kind === 'localStorage' || kind === 'offsiteStorage';
}

export interface SettingsProblem {
	message: string;
}

/**
 * Problems in the rows themselves, before anything is read from Autotask:
 * no rows, a missing service or custom path, negative allowance/minimum, and
 * the same service mapped twice (the Axcient guide's relationship is one-to-one).
 */
export function checkBillingRows(rows: BillingRow[]): SettingsProblem[] {
	const problems: SettingsProblem[] = [];
	if (rows.length === 0) {
		problems.push({
			message:
				'Billing Settings has no rows: add one row per BDR quantity and choose its Autotask service',
		});
	}
	const firstRowOfService = new Map<number, BillingRow>();
	for (const row of rows) {
		if (!Number.isInteger(row.serviceId) || row.serviceId <= 0) {
			problems.push({
				message: `Billing Settings ${rowLabel(row)}: choose an Autotask service ("Service" is empty or not a service ID)`,
			});
			continue;
		}
		if (row.quantity === 'custom' && !(row.customPath ?? '').trim()) {
			problems.push({
				message: `Billing Settings ${rowLabel(row)}: "Custom Field Path" is empty; enter the path of the number in the item, e.g. usage.licenses.hyperv`,
			});
		}
		if (!(row.included >= 0)) {
			problems.push({
				message: `Billing Settings ${rowLabel(row)}: "Included Allowance" must be 0 or more`,
			});
		}
		if (!(row.minimum >= 0)) {
			problems.push({
				message: `Billing Settings ${rowLabel(row)}: "Minimum Units" must be 0 or more`,
			});
		}
		const earlier = firstRowOfService.get(row.serviceId);
		if (earlier) {
			problems.push({
				message: `Billing Settings ${rowLabel(earlier)} and ${rowLabel(row)} both map to Autotask service ${row.serviceId}; each service may be mapped once (one-to-one): remove one row or choose another service`,
			});
		} else {
			firstRowOfService.set(row.serviceId, row);
		}
	}
	return problems;
}
