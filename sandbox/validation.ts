/**
 * Create/update validation: unknown fields, read-only fields, types, string lengths, picklist values
 * (active, not Autotask's own system values where the field says so, dependent on a parent picklist),
 * references to existing records, required fields, user-defined fields. Every problem is listed in one
 * refusal (sent with the tenant's refusalStatus, 500 by default).
 *
 * Wordings: a missing or unknown reference/picklist value uses Autotask's "Value does not reference an
 * existing entity for <field> . " (WYRE-AI/autotask-mcp#46); a missing plain field "<field> is required."
 * and a create refusal ends with "on record number [0]." (the shape of Autotask's dueDateTime refusal,
 * WYRE-AI/autotask-mcp PR #288). The other texts are the sandbox's own and name `Entity.field`.
 */
import { EntityDef, FieldDef, fieldNamed } from './entities';
import { refused } from './errors';
import { parseDate } from './query';
import { SandboxRecord, Store } from './store';

export type WriteMode = 'create' | 'patch' | 'put';

/** Returns the record's new values (canonical field names) or throws a 400 listing every problem. */
export function validateWrite(
	store: Store,
	entity: EntityDef,
	body: unknown,
	mode: WriteMode,
	current?: SandboxRecord,
): Record<string, any> {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw refused(`The request body must be a JSON object describing one ${entity.name} record.`);
	}
	const errors: string[] = [];
	const changes: Record<string, any> = {};
	const label = (name: string) => `${entity.name}.${name}`;

	for (const [rawKey, rawValue] of Object.entries(body as Record<string, unknown>)) {
		if (rawKey.toLowerCase() === 'id') continue;
		if (rawKey.toLowerCase() === 'userdefinedfields') {
			if (!entity.hasUserDefinedFields)
				errors.push(`${label('userDefinedFields')}: ${entity.name} has no user-defined fields.`);
			else changes.userDefinedFields = checkUdfs(store, entity, rawValue, errors);
			continue;
		}
		const field = fieldNamed(entity, rawKey);
		if (!field) {
			errors.push(
				`${label(rawKey)}: unknown field; ${entity.name} has no field named "${rawKey}".`,
			);
			continue;
		}
		if (field.readOnly) {
			const unchanged = current !== undefined && sameValue(current[field.name], rawValue);
			if (rawValue !== null && rawValue !== undefined && !unchanged)
				errors.push(`${label(field.name)}: the field is read-only and cannot be set.`);
			continue;
		}
		if (rawValue === null || rawValue === undefined || rawValue === '') {
			changes[field.name] = null;
			continue;
		}
		const value = coerce(field.dataType, rawValue);
		if (value === undefined) {
			errors.push(
				`${label(field.name)}: ${JSON.stringify(rawValue)} is not a valid ${field.dataType}.`,
			);
			continue;
		}
		if (field.length !== undefined && typeof value === 'string' && value.length > field.length) {
			errors.push(
				`${label(field.name)}: the value is ${value.length} characters long; the maximum length is ${field.length}.`,
			);
			continue;
		}
		if (
			field.reference &&
			store.isKnownEntity(field.reference) &&
			!store.get(field.reference, value as number)
		) {
			errors.push(noEntity(field));
			continue;
		}
		changes[field.name] = value;
	}

	const next: Record<string, any> = mode === 'patch' ? { ...current, ...changes } : { ...changes };
	if (mode === 'put' && current) {
		for (const f of entity.fields) if (f.readOnly) next[f.name] = current[f.name];
	}

	for (const field of entity.fields) {
		if (
			field.picklist &&
			next[field.name] !== null &&
			next[field.name] !== undefined &&
			field.name in changes
		) {
			const values = store.picklists[field.picklist] ?? [];
			const entry = values.find((v) => v.value === String(next[field.name]));
			const active = values
				.filter((v) => v.isActive)
				.map((v) => `${v.value} (${v.label})`)
				.join(', ');
			if (!entry) {
				errors.push(noEntity(field));
			} else if (!entry.isActive) {
				errors.push(
					`${label(field.name)}: ${entry.value} (${entry.label}) is inactive; active values: ${active}.`,
				);
			} else if (field.userChoiceOnly && entry.isSystem) {
				errors.push(
					`${label(field.name)}: ${entry.value} (${entry.label}) is a system value that only Autotask itself sets; choose a value that is not marked isSystem.`,
				);
			} else if (
				field.picklistParent &&
				entry.parentValue !== null &&
				entry.parentValue !== String(next[field.picklistParent] ?? '')
			) {
				errors.push(
					`${label(field.name)}: ${entry.value} (${entry.label}) belongs to ${field.picklistParent} ${entry.parentValue}, not ${next[field.picklistParent] ?? 'empty'}.`,
				);
			}
		}
		const missing =
			mode === 'patch'
				? field.name in changes && isEmpty(changes[field.name])
				: isEmpty(next[field.name]);
		if (field.required && !field.readOnly && missing) errors.push(requiredText(field));
	}
	if (errors.length > 0) throw refused(...errors, ...(mode === 'create' ? [ON_RECORD] : []));
	if (mode === 'put') {
		for (const f of entity.fields) if (!f.readOnly && !(f.name in changes)) changes[f.name] = null;
	}
	return changes;
}

/** Autotask's refusals of a create end with the index of the record in the (one-record) batch. */
export const ON_RECORD = 'on record number [0].';

const noEntity = (field: FieldDef) =>
	`Value does not reference an existing entity for ${field.name} . `;
const requiredText = (field: FieldDef) =>
	field.reference || field.picklist ? noEntity(field) : `${field.name} is required.`;

function isEmpty(v: unknown): boolean {
	return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	const da = parseDate(a);
	const db = parseDate(b);
	return da !== null && da === db;
}

function coerce(type: string, value: unknown): unknown {
	switch (type) {
		case 'string':
			return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
		case 'boolean':
			if (typeof value === 'boolean') return value;
			if (value === 'true' || value === 'false') return value === 'true';
			return undefined;
		case 'datetime': {
			const ms = parseDate(value);
			return ms === null ? undefined : new Date(ms).toISOString();
		}
		case 'integer':
		case 'long': {
			const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
		}
		default: {
			const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
		}
	}
}

function checkUdfs(
	store: Store,
	entity: EntityDef,
	value: unknown,
	errors: string[],
): { name: string; value: unknown }[] {
	if (!Array.isArray(value)) {
		errors.push(`${entity.name}.userDefinedFields: must be an array of { name, value }.`);
		return [];
	}
	const defined = store.udfs[entity.name] ?? [];
	const out: { name: string; value: unknown }[] = [];
	for (const item of value) {
		const name = item && typeof item === 'object' ? String(item.name ?? '') : '';
		const def = defined.find((d) => d.name.toLowerCase() === name.toLowerCase());
		if (!def) {
			errors.push(
				`${entity.name}.userDefinedFields: no user-defined field named "${name}"; defined: ${defined.map((d) => d.name).join(', ') || 'none'}.`,
			);
			continue;
		}
		const v = item.value ?? null;
		if (typeof v === 'string' && v.length > def.length) {
			errors.push(
				`${entity.name}.userDefinedFields["${def.name}"]: the value is ${v.length} characters long; the maximum length is ${def.length}.`,
			);
			continue;
		}
		out.push({ name: def.name, value: v === null ? null : String(v) });
	}
	return out;
}
