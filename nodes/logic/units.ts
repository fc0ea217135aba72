/**
 * Turning a reported BDR quantity (a count, or bytes) into the whole number of
 * units billed on an Autotask contract service. Autotask units are integers, so
 * every storage figure is converted and rounded here, once, before it is billed.
 */

/**
 * The unit a storage service is billed in, binary or decimal by the rule's `base`; not the event
 * contract's StorageUnit (eventSchema.ts), where GB is always decimal and GiB binary.
 */
export type BilledStorageUnit = 'MB' | 'GB' | 'TB';
/** 'none' bills the reported number as is (license and appliance counts). */
export type Conversion = 'none' | BilledStorageUnit;
export type UnitBase = 'binary' | 'decimal';
export type Rounding = 'up' | 'nearest' | 'down';

export interface UnitRule {
	conversion: Conversion;
	/** binary: 1 GB = 1024^3 bytes (GiB); decimal: 1 GB = 1000^3 bytes. */
	base: UnitBase;
	rounding: Rounding;
	/** Units included in the contract price: only what lies above is billed ("less included"). */
	included: number;
	/** Bill at least this many units. */
	minimum: number;
}

const POWER: Record<BilledStorageUnit, number> = { MB: 2, GB: 3, TB: 4 };

/** Bytes expressed in the chosen unit (no rounding). */
export function bytesTo(bytes: number, unit: BilledStorageUnit, base: UnitBase): number {
	const step = base === 'binary' ? 1024 : 1000;
	return bytes / Math.pow(step, POWER[unit]);
}

/**
 * Rounds to an integer. Values are first snapped to 9 decimals so that binary
 * floating-point noise (e.g. 3.0000000000000004 after a division) never
 * bills a whole extra unit when rounding up.
 */
export function roundUnits(value: number, rounding: Rounding): number {
	const snapped = Math.round(value * 1e9) / 1e9;
	if (rounding === 'up') return Math.ceil(snapped);
	if (rounding === 'down') return Math.floor(snapped);
	// Half away from zero: 2.5 GB bills 3, as a person would read it.
	return Math.sign(snapped) * Math.round(Math.abs(snapped));
}

/**
 * Units to bill for a reported quantity:
 * convert → subtract the included allowance (never below zero) → round → apply the minimum.
 * The allowance is in the billed unit (e.g. "100 GB included").
 */
export function billableUnits(reported: number, rule: UnitRule): number {
	if (!Number.isFinite(reported)) {
		throw new RangeError(`Reported quantity must be a finite number, got ${String(reported)}`);
	}
	const converted =
		rule.conversion === 'none' ? reported : bytesTo(reported, rule.conversion, rule.base);
	const aboveAllowance = Math.max(0, converted - Math.max(0, rule.included));
	const rounded = roundUnits(aboveAllowance, rule.rounding);
	return Math.max(rounded, Math.max(0, Math.ceil(rule.minimum)));
}

/** Short human label of a rule, for notes and outputs: "GB (binary), rounded up, 100 included, minimum 1". */
export function describeRule(rule: UnitRule): string {
	const parts: string[] = [];
	parts.push(rule.conversion === 'none' ? 'count' : `${rule.conversion} (${rule.base})`);
	parts.push(`rounded ${rule.rounding}`);
	if (rule.included > 0) parts.push(`${rule.included} included`);
	if (rule.minimum > 0) parts.push(`minimum ${rule.minimum}`);
	return parts.join(', ');
}
