/**
 * Parses a path below `/ATServicesRest/V1.0/` into what it addresses, and names its route key
 * (ids replaced by `{id}`, entity names in canonical case) for counts, logs and route faults.
 */
import { ChildPath, EntityDef, childPath, entityNamed } from './entities';

export type Target =
	| { kind: 'zoneInformation' }
	| { kind: 'threshold' }
	| { kind: 'version' }
	| { kind: 'entityInformation'; entity: EntityDef; part: 'info' | 'fields' | 'userDefinedFields' }
	| { kind: 'collection'; entity: EntityDef; child?: { path: ChildPath; parentId: number } }
	| {
			kind: 'query';
			entity: EntityDef;
			count: boolean;
			page?: 'next' | 'prev';
			child?: { path: ChildPath; parentId: number };
	  }
	| { kind: 'item'; entity: EntityDef; id: number; child?: { path: ChildPath; parentId: number } }
	| { kind: 'unknown' };

const isId = (s: string | undefined) => s !== undefined && /^-?\d+$/.test(s);
const eq = (a: string | undefined, b: string) =>
	a !== undefined && a.toLowerCase() === b.toLowerCase();

export function parseTarget(segments: string[]): Target {
	const [first, second, third, fourth, fifth] = segments;
	if (segments.length === 1 && eq(first, 'zoneInformation')) return { kind: 'zoneInformation' };
	if (segments.length === 1 && eq(first, 'ThresholdInformation')) return { kind: 'threshold' };
	if (segments.length === 1 && eq(first, 'Version')) return { kind: 'version' };
	const entity = first === undefined ? undefined : entityNamed(first);
	if (!entity) return { kind: 'unknown' };
	if (segments.length === 1) return { kind: 'collection', entity };
	if (eq(second, 'entityInformation')) {
		if (segments.length === 2) return { kind: 'entityInformation', entity, part: 'info' };
		if (segments.length === 3 && eq(third, 'fields'))
			return { kind: 'entityInformation', entity, part: 'fields' };
		if (segments.length === 3 && eq(third, 'userDefinedFields'))
			return { kind: 'entityInformation', entity, part: 'userDefinedFields' };
		return { kind: 'unknown' };
	}
	if (eq(second, 'query')) {
		if (segments.length === 2) return { kind: 'query', entity, count: false };
		if (segments.length === 3 && eq(third, 'count')) return { kind: 'query', entity, count: true };
		if (segments.length === 3 && (eq(third, 'next') || eq(third, 'prev')))
			return { kind: 'query', entity, count: false, page: third!.toLowerCase() as 'next' | 'prev' };
		return { kind: 'unknown' };
	}
	if (isId(second) && segments.length === 2) return { kind: 'item', entity, id: Number(second) };
	if (isId(second) && third !== undefined) {
		const path = childPath(entity.name, third);
		if (!path) return { kind: 'unknown' };
		const child = { path, parentId: Number(second) };
		const childEntity = entityNamed(path.entity)!;
		if (segments.length === 3) return { kind: 'collection', entity: childEntity, child };
		if (segments.length === 4 && isId(fourth))
			return { kind: 'item', entity: childEntity, id: Number(fourth), child };
		if (eq(fourth, 'query')) {
			if (segments.length === 4) return { kind: 'query', entity: childEntity, count: false, child };
			if (segments.length === 5 && eq(fifth, 'count'))
				return { kind: 'query', entity: childEntity, count: true, child };
			if (segments.length === 5 && (eq(fifth, 'next') || eq(fifth, 'prev')))
				return {
					kind: 'query',
					entity: childEntity,
					count: false,
					child,
					page: fifth!.toLowerCase() as 'next' | 'prev',
				};
		}
	}
	return { kind: 'unknown' };
}

const KEYWORDS = new Map(
	[
		'query',
		'count',
		'next',
		'prev',
		'entityInformation',
		'fields',
		'userDefinedFields',
		'zoneInformation',
		'ThresholdInformation',
		'Version',
	].map((k) => [k.toLowerCase(), k]),
);

/** `POST Tickets/{id}/Notes`, `GET Companies/query`, `PATCH Tickets`... */
export function routeKey(method: string, segments: string[]): string {
	const parts = segments.map((s, i) => {
		if (isId(s)) return '{id}';
		if (i === 0) return entityNamed(s)?.name ?? KEYWORDS.get(s.toLowerCase()) ?? s;
		if (i === 2 && isId(segments[1])) {
			const parent = entityNamed(segments[0] ?? '');
			const child = parent ? childPath(parent.name, s) : undefined;
			if (child) return child.sub;
		}
		return KEYWORDS.get(s.toLowerCase()) ?? s;
	});
	return `${method} ${parts.join('/')}`;
}

/** The endpoint a thread-limit slot belongs to: the entity the request addresses. */
export function endpointOf(target: Target, segments: string[]): string {
	return 'entity' in target ? target.entity.name : (segments[0] ?? '').toLowerCase();
}
