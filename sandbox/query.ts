/**
 * The query engine: parses a search body ({ filter, MaxRecords, IncludeFields }) and evaluates
 * filters the way Autotask documents them: ops eq, noteq, gt, gte, lt, lte, beginsWith, endsWith,
 * contains, exist, notExist, in, notIn; nested and/or groups; a top-level array is an implicit and;
 * `udf: true` filters a user-defined field by name; strings compare case-insensitively; dates as dates.
 */
import { DataType, EntityDef, fieldNamed } from './entities';
import { refused } from './errors';
import { UdfDef } from './tenant/picklists';

export const PAGE_LIMIT = 500;
/** Autotask refuses `in`/`notIn` lists longer than a page; clients chunk them. */
export const IN_LIST_LIMIT = 500;

const CONDITION_OPS = [
	'eq',
	'noteq',
	'gt',
	'gte',
	'lt',
	'lte',
	'beginsWith',
	'endsWith',
	'contains',
	'exist',
	'notExist',
	'in',
	'notIn',
];

type Compiled = (record: Record<string, any>) => boolean;

export interface Search {
	filter: unknown[];
	maxRecords: number;
	includeFields: string[] | null;
	matches: Compiled;
}

/** Body keys are matched case-insensitively (clients send MaxRecords, maxRecords, Filter, filter). */
function key(body: Record<string, unknown>, name: string): unknown {
	const found = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
	return found === undefined ? undefined : body[found];
}

export function parseSearch(entity: EntityDef, udfs: UdfDef[], body: unknown): Search {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw refused('The search body must be a JSON object with a "filter" array.');
	}
	const filter = key(body as Record<string, unknown>, 'filter');
	if (!Array.isArray(filter) || filter.length === 0) {
		throw refused(
			'filter: a query needs at least one filter item (use {"op":"exist","field":"id"} to read all records).',
		);
	}
	const max = key(body as Record<string, unknown>, 'MaxRecords');
	let maxRecords = PAGE_LIMIT;
	if (max !== undefined && max !== null) {
		// Autotask refuses a page size outside 1..500 rather than capping it (WYRE-AI/autotask-mcp AutotaskHttpClient, AUTOTASK_MAX_PAGE_SIZE).
		if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > PAGE_LIMIT)
			throw refused(`maxCountOfRecordsToReturn must be between 1 and ${PAGE_LIMIT}`);
		maxRecords = max;
	}
	const include = key(body as Record<string, unknown>, 'IncludeFields');
	let includeFields: string[] | null = null;
	if (Array.isArray(include) && include.length > 0) {
		includeFields = include.map((name) => {
			const f = fieldNamed(entity, String(name));
			if (!f && String(name).toLowerCase() !== 'userdefinedfields')
				throw refused(`IncludeFields: ${entity.name} has no field "${name}".`);
			return f ? f.name : 'userDefinedFields';
		});
	}
	const matches = compileGroup('and', filter, entity, udfs);
	return { filter, maxRecords, includeFields, matches };
}

function compileGroup(
	op: 'and' | 'or',
	items: unknown[],
	entity: EntityDef,
	udfs: UdfDef[],
): Compiled {
	const compiled = items.map((item) => compileItem(item, entity, udfs));
	return op === 'and' ? (r) => compiled.every((c) => c(r)) : (r) => compiled.some((c) => c(r));
}

function compileItem(item: unknown, entity: EntityDef, udfs: UdfDef[]): Compiled {
	if (item === null || typeof item !== 'object')
		throw refused('filter: each item must be an object with "op".');
	const it = item as Record<string, any>;
	const op = String(key(it, 'op') ?? '');
	const lowerOp = op.toLowerCase();
	if (lowerOp === 'and' || lowerOp === 'or') {
		const items = key(it, 'items');
		if (!Array.isArray(items) || items.length === 0)
			throw refused(`filter: an "${op}" group needs a non-empty "items" array.`);
		return compileGroup(lowerOp, items, entity, udfs);
	}
	const canonicalOp = CONDITION_OPS.find((o) => o.toLowerCase() === lowerOp);
	if (!canonicalOp)
		throw refused(
			`filter: unknown operator "${op}" (expected one of ${CONDITION_OPS.join(', ')}, and, or).`,
		);
	const fieldName = key(it, 'field');
	if (typeof fieldName !== 'string' || fieldName === '')
		throw refused(`filter: the "${op}" condition needs a "field".`);

	let dataType: DataType;
	let read: (r: Record<string, any>) => unknown;
	if (key(it, 'udf') === true) {
		const udf = udfs.find((u) => u.name.toLowerCase() === fieldName.toLowerCase());
		if (!udf) throw refused(`filter: ${entity.name} has no user-defined field "${fieldName}".`);
		dataType = udf.dataType === 'string' ? 'string' : udf.dataType;
		read = (r) =>
			(r.userDefinedFields ?? []).find(
				(u: any) => String(u.name).toLowerCase() === udf.name.toLowerCase(),
			)?.value ?? null;
	} else {
		const field = fieldNamed(entity, fieldName);
		if (!field)
			throw refused(
				`filter: ${entity.name} has no field "${fieldName}" (for a user-defined field add "udf": true).`,
			);
		dataType = field.dataType;
		read = (r) => r[field.name];
	}
	const raw = key(it, 'value');
	const norm = (v: unknown) => normalize(v, dataType);
	const target = () => {
		const n = norm(raw);
		if (n === null)
			throw refused(
				`filter: value ${JSON.stringify(raw)} is not a valid ${dataType} for "${fieldName}".`,
			);
		return n;
	};
	switch (canonicalOp) {
		case 'exist':
			return (r) => present(read(r));
		case 'notExist':
			return (r) => !present(read(r));
		case 'in':
		case 'notIn': {
			if (!Array.isArray(raw))
				throw refused(`filter: "${op}" on "${fieldName}" needs an array value.`);
			if (raw.length > IN_LIST_LIMIT)
				throw refused(
					`filter: "${op}" on "${fieldName}" has ${raw.length} values; at most ${IN_LIST_LIMIT} are allowed.`,
				);
			const set = new Set<unknown>(raw.map(norm).filter((v) => v !== null));
			return canonicalOp === 'in' ? (r) => set.has(norm(read(r))) : (r) => !set.has(norm(read(r)));
		}
		case 'beginsWith':
		case 'endsWith':
		case 'contains': {
			const needle = String(raw ?? '').toLowerCase();
			return (r) => {
				const v = read(r);
				if (!present(v)) return false;
				const s = String(v).toLowerCase();
				return canonicalOp === 'contains'
					? s.includes(needle)
					: canonicalOp === 'beginsWith'
						? s.startsWith(needle)
						: s.endsWith(needle);
			};
		}
		default: {
			const t = target();
			return (r) => {
				const v = norm(read(r));
				// SQL-like: a null field only satisfies noteq.
				if (v === null) return canonicalOp === 'noteq';
				switch (canonicalOp) {
					case 'eq':
						return v === t;
					case 'noteq':
						return v !== t;
					case 'gt':
						return v > t;
					case 'gte':
						return v >= t;
					case 'lt':
						return v < t;
					default:
						return v <= t;
				}
			};
		}
	}
}

function present(v: unknown): boolean {
	return v !== null && v !== undefined;
}

/** Parses an ISO date; a value without a zone is UTC (Autotask's API times are UTC). */
export function parseDate(value: unknown): number | null {
	if (value instanceof Date) return value.getTime();
	if (typeof value !== 'string' || value.trim() === '') return null;
	const s = value.trim();
	const hasZone = /(?:Z|[+-]\d\d:?\d\d)$/i.test(s) || !s.includes('T');
	const ms = Date.parse(hasZone ? s : `${s}Z`);
	return Number.isNaN(ms) ? null : ms;
}

function normalize(value: unknown, type: DataType): string | number | boolean | null {
	if (value === null || value === undefined) return null;
	switch (type) {
		case 'string':
			return String(value).toLowerCase();
		case 'boolean':
			if (value === true || value === 'true' || value === 1 || value === '1') return true;
			if (value === false || value === 'false' || value === 0 || value === '0') return false;
			return null;
		case 'datetime':
			return parseDate(value);
		default: {
			if (typeof value === 'boolean' || value === '') return null;
			const n = Number(value);
			return Number.isFinite(n) ? n : null;
		}
	}
}

/** Keeps `id` and the included fields only. */
export function project(
	record: Record<string, any>,
	includeFields: string[] | null,
): Record<string, any> {
	if (!includeFields) return record;
	const out: Record<string, any> = { id: record.id };
	for (const f of includeFields) out[f] = record[f];
	return out;
}
