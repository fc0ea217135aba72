import type { FieldInfo, PicklistValue } from './types';

/** Label ↔ value view of one picklist field. Labels match case-insensitively (tenants rename them). */
export class Picklist {
	private readonly byLabel = new Map<string, PicklistValue>();
	private readonly byValue = new Map<string, PicklistValue>();

	constructor(
		readonly entity: string,
		readonly field: string,
		readonly values: PicklistValue[],
	) {
		for (const v of values) {
			const key = v.label.trim().toLowerCase();
			// An active value wins over an inactive one with the same label.
			const existing = this.byLabel.get(key);
			if (!existing || (!existing.isActive && v.isActive)) this.byLabel.set(key, v);
			this.byValue.set(String(v.value), v);
		}
	}

	valueOf(label: string): string | undefined {
		return this.byLabel.get(label.trim().toLowerCase())?.value;
	}

	labelOf(value: string | number | null | undefined): string | undefined {
		if (value === null || value === undefined) return undefined;
		return this.byValue.get(String(value))?.label;
	}

	has(value: string | number): boolean {
		return this.byValue.has(String(value));
	}

	/** Active values as n8n options, in Autotask's sort order. */
	options(parentValue?: string): Array<{ name: string; value: string }> {
		return this.values
			.filter(
				(v) => v.isActive && (parentValue === undefined || String(v.parentValue) === parentValue),
			)
			.sort((a, b) => a.sortOrder - b.sortOrder || a.label.localeCompare(b.label))
			.map((v) => ({ name: v.label, value: String(v.value) }));
	}

	labels(): string[] {
		return this.values.filter((v) => v.isActive).map((v) => v.label);
	}
}

interface FieldsEntry {
	fields: FieldInfo[];
	at: number;
}

/**
 * entityInformation/fields per tenant and entity, kept a few minutes so a stream of webhook
 * executions does not re-read them on every event. Only an optimisation: a missing label
 * triggers a fresh read.
 */
export class FieldsCache {
	private readonly entries = new Map<string, FieldsEntry>();
	constructor(readonly ttlMs = 5 * 60 * 1000) {}

	private readonly loading = new Map<string, Promise<FieldInfo[]>>();

	/** A read already under way for this key: concurrent callers share it instead of reading again. */
	pending(key: string): Promise<FieldInfo[]> | undefined {
		return this.loading.get(key);
	}

	track(key: string, load: Promise<FieldInfo[]>): void {
		this.loading.set(key, load);
		const done = () => {
			if (this.loading.get(key) === load) this.loading.delete(key);
		};
		load.then(done, done);
	}

	get(key: string, now: number): FieldInfo[] | undefined {
		const entry = this.entries.get(key);
		if (!entry || now - entry.at > this.ttlMs) return undefined;
		return entry.fields;
	}

	set(key: string, fields: FieldInfo[], now: number): void {
		this.entries.set(key, { fields, at: now });
	}

	clear(): void {
		this.entries.clear();
	}
}

export const sharedFieldsCache = new FieldsCache();

export function normalisePicklistValues(raw: unknown): PicklistValue[] {
	if (!Array.isArray(raw)) return [];
	return (raw as Array<Record<string, unknown>>).map((v) => ({
		value: String(v.value),
		label: String(v.label ?? v.value),
		isActive: v.isActive !== false,
		isDefaultValue: v.isDefaultValue === true,
		isSystem: v.isSystem === true,
		sortOrder: Number(v.sortOrder ?? 0),
		parentValue:
			v.parentValue === undefined || v.parentValue === null || v.parentValue === ''
				? null
				: String(v.parentValue),
	}));
}
