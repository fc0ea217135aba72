/**
 * The in-memory tenant: one table per entity, the picklists, the UDF definitions and the tenant
 * settings. No validation here (the API layer validates); tests use it to arrange and inspect data.
 */
import { ENTITIES, entityNamed } from './entities';
import { SandboxPicklistValue, UdfDef, tenantPicklists, tenantUdfs } from './tenant/picklists';

export type SandboxRecord = Record<string, any> & { id: number };

export interface TenantSettings {
	/** Autotask refuses notes on a Complete ticket in many tenants; on by default. */
	refuseNotesOnCompletedTickets: boolean;
	/** HTTP status of validation and business-rule refusals: real Autotask answers 500; old tests may pick 400. */
	refusalStatus: 400 | 500;
	/** The ticket category (or the API user's default category) supplies a due date and time; off in the demo tenant. */
	categorySuppliesDueDate: boolean;
	/** Tickets must carry a billingCodeID (work type) on create; off by default. */
	requireTicketBillingCode: boolean;
	/** The ticket category requires titles on ticket notes; off by default. */
	requireTicketNoteTitle: boolean;
}

export const DEFAULT_TENANT_SETTINGS: Readonly<TenantSettings> = {
	refuseNotesOnCompletedTickets: true,
	refusalStatus: 500,
	categorySuppliesDueDate: false,
	requireTicketBillingCode: false,
	requireTicketNoteTitle: false,
};

export interface StoreSnapshot {
	tables: Record<string, SandboxRecord[]>;
	nextIds: Record<string, number>;
	picklists: Record<string, SandboxPicklistValue[]>;
	udfs: Record<string, UdfDef[]>;
	settings: TenantSettings;
}

const clone = <T>(value: T): T => structuredClone(value);

export class Store {
	private tables = new Map<string, Map<number, SandboxRecord>>();
	private nextIds = new Map<string, number>();
	/** Tables that got an id below their largest one and must be re-sorted before paging. */
	private unsorted = new Set<string>();
	private maxIds = new Map<string, number>();
	picklists: Record<string, SandboxPicklistValue[]> = tenantPicklists();
	udfs: Record<string, UdfDef[]> = tenantUdfs();
	settings: TenantSettings = { ...DEFAULT_TENANT_SETTINGS };
	/** Per-day counter behind ticket numbers like T20261125.0001. */
	ticketNumbers = new Map<string, number>();

	constructor() {
		this.clear();
	}

	clear(): void {
		this.tables = new Map([...ENTITIES.keys()].map((name) => [name, new Map()]));
		this.nextIds = new Map([...ENTITIES.values()].map((e) => [e.name, e.idBase]));
		this.unsorted = new Set();
		this.maxIds = new Map();
		this.picklists = tenantPicklists();
		this.udfs = tenantUdfs();
		this.settings = { ...DEFAULT_TENANT_SETTINGS };
		this.ticketNumbers = new Map();
	}

	private table(entity: string): Map<number, SandboxRecord> {
		const def = entityNamed(entity);
		if (!def)
			throw new Error(
				`Sandbox store: unknown entity "${entity}" (known: ${[...ENTITIES.keys()].join(', ')})`,
			);
		return this.tables.get(def.name)!;
	}

	/** Adds a record as is (every defined field defaults to null); an explicit id is kept. */
	insert(entity: string, record: Record<string, any>): SandboxRecord {
		const def = entityNamed(entity)!;
		const table = this.table(entity);
		const recordId = typeof record.id === 'number' ? record.id : this.nextId(def.name);
		if (table.has(recordId))
			throw new Error(`Sandbox store: ${def.name} ${recordId} already exists`);
		const full: SandboxRecord = { ...this.blank(def.name), ...clone(record), id: recordId };
		if (def.hasUserDefinedFields)
			full.userDefinedFields = this.mergeUdfs(def.name, [], record.userDefinedFields ?? []);
		table.set(recordId, full);
		if (recordId < (this.maxIds.get(def.name) ?? -Infinity)) this.unsorted.add(def.name);
		else this.maxIds.set(def.name, recordId);
		if (recordId >= (this.nextIds.get(def.name) ?? 0)) this.nextIds.set(def.name, recordId + 1);
		return clone(full);
	}

	get(entity: string, recordId: number): SandboxRecord | undefined {
		const found = this.table(entity).get(Number(recordId));
		return found ? clone(found) : undefined;
	}

	/** Live rows, sorted by id (the order Autotask pages in). Callers must not mutate them. */
	rows(entity: string): SandboxRecord[] {
		const name = entityNamed(entity)?.name ?? entity;
		const table = this.table(entity);
		if (this.unsorted.has(name)) {
			const sorted = [...table.values()].sort((a, b) => a.id - b.id);
			table.clear();
			for (const r of sorted) table.set(r.id, r);
			this.unsorted.delete(name);
		}
		return [...table.values()];
	}

	all(entity: string): SandboxRecord[] {
		return clone(this.rows(entity));
	}

	update(entity: string, recordId: number, patch: Record<string, any>): SandboxRecord {
		const table = this.table(entity);
		const current = table.get(Number(recordId));
		if (!current) throw new Error(`Sandbox store: ${entity} ${recordId} not found`);
		const def = entityNamed(entity)!;
		const next: SandboxRecord = { ...current, ...clone(patch), id: current.id };
		if (def.hasUserDefinedFields && patch.userDefinedFields) {
			next.userDefinedFields = this.mergeUdfs(
				def.name,
				current.userDefinedFields ?? [],
				patch.userDefinedFields,
			);
		}
		table.set(current.id, next);
		return clone(next);
	}

	remove(entity: string, recordId: number): boolean {
		return this.table(entity).delete(Number(recordId));
	}

	isKnownEntity(entity: string): boolean {
		return entityNamed(entity) !== undefined;
	}

	nextId(entity: string): number {
		const def = entityNamed(entity)!;
		const next = this.nextIds.get(def.name)!;
		this.nextIds.set(def.name, next + 1);
		return next;
	}

	/** Replaces a picklist (e.g. to rename a label the way a tenant admin would). */
	setPicklist(entity: string, field: string, values: SandboxPicklistValue[]): void {
		this.picklists[`${entityNamed(entity)?.name ?? entity}.${field}`] = clone(values);
	}

	snapshot(): StoreSnapshot {
		return clone({
			tables: Object.fromEntries([...this.tables.keys()].map((name) => [name, this.rows(name)])),
			nextIds: Object.fromEntries(this.nextIds),
			picklists: this.picklists,
			udfs: this.udfs,
			settings: this.settings,
		});
	}

	private blank(entity: string): Record<string, any> {
		const def = ENTITIES.get(entity)!;
		return Object.fromEntries(def.fields.map((f) => [f.name, f.defaultValue ?? null]));
	}

	/** UDFs are `[{name, value}]`; every defined UDF is present, updates merge by name. */
	private mergeUdfs(
		entity: string,
		current: { name: string; value: unknown }[],
		changes: { name: string; value: unknown }[],
	) {
		const defined = this.udfs[entity] ?? [];
		return defined.map((udf) => {
			const key = udf.name.toLowerCase();
			const change = changes.find((c) => String(c.name).toLowerCase() === key);
			if (change) return { name: udf.name, value: change.value ?? null };
			return {
				name: udf.name,
				value: current.find((c) => c.name.toLowerCase() === key)?.value ?? null,
			};
		});
	}
}
