/**
 * The Autotask REST API over the store: entity information, GET by id, query (with paging and
 * count), create, update (PATCH partial, PUT full), delete. Answers `{ status, body }`; limits,
 * auth and faults are the server's job.
 */
import { EntityDef } from './entities';
import { ApiError, noRoute, notAllowed, notFound, refused } from './errors';
import { PageLinks, checkSameQuery, fingerprint, pageUrl, readToken, selectPage } from './paging';
import { parseSearch, project } from './query';
import { Target } from './routes';
import { Store } from './store';
import { validateWrite } from './validation';
import { WriteContext, createRecord, updateRecord } from './writes';

export interface ApiCall {
	method: string;
	target: Target;
	/** The path as requested below V1.0/ (for messages and paging URLs). */
	path: string;
	/** The full request URL (route-level 404 messages quote it). */
	url: string;
	query: URLSearchParams;
	body: unknown;
	/** `http://127.0.0.1:PORT/ATServicesRest/V1.0` */
	baseUrl: string;
}

export interface ApiAnswer {
	status: number;
	body: unknown;
}

const ok = (body: unknown): ApiAnswer => ({ status: 200, body });

export function handleApi(ctx: WriteContext, call: ApiCall): ApiAnswer {
	const { target, method } = call;
	const { store } = ctx;
	switch (target.kind) {
		case 'entityInformation':
			if (method !== 'GET') throw notAllowed(method);
			return ok(entityInformation(store, target.entity, target.part));
		case 'query':
			return runQuery(store, call, target);
		case 'item': {
			const { entity, id, child } = target;
			if (method === 'DELETE') {
				if (!entity.canDelete) throw notAllowed(method);
				const found = store.get(entity.name, id);
				if (!found || (child && found[child.path.parentField] !== child.parentId))
					throw notFound(`${entity.name} ${id} was not found.`);
				store.remove(entity.name, id);
				return ok({ itemId: id });
			}
			if (method !== 'GET') throw notAllowed(method);
			if (!entity.canQuery) throw notAllowed(method);
			const item = store.get(entity.name, id);
			if (!item || (child && item[child.path.parentField] !== child.parentId))
				throw notFound(`${entity.name} ${id} was not found.`);
			return ok({ item });
		}
		case 'collection': {
			const { entity, child } = target;
			if (child && !store.get(child.path.parent, child.parentId))
				throw notFound(`${child.path.parent} ${child.parentId} was not found.`);
			// Notes of tickets and contracts have no root create route (WYRE-AI/autotask-mcp#24: POST /TicketNotes → 404).
			if (method === 'POST' && !child && entity.createOnlyAsChild) throw noRoute(call.url);
			if (method === 'POST') return create(ctx, entity, call.body, child);
			if (method === 'PATCH' || method === 'PUT')
				return update(ctx, entity, call.body, method, child);
			throw notAllowed(method);
		}
		default:
			throw noRoute(call.url);
	}
}

type Child = { path: { parentField: string; parent: string }; parentId: number } | undefined;

function withParent(entity: EntityDef, body: unknown, child: Child): unknown {
	if (!child || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
	const field = child.path.parentField;
	const given = Object.entries(body).find(([k]) => k.toLowerCase() === field.toLowerCase());
	if (given && given[1] !== null && given[1] !== undefined && Number(given[1]) !== child.parentId) {
		throw refused(
			`${entity.name}.${field}: the body says ${given[1]} but the URL addresses ${child.path.parent} ${child.parentId}.`,
		);
	}
	const rest = Object.fromEntries(
		Object.entries(body).filter(([k]) => k.toLowerCase() !== field.toLowerCase()),
	);
	return { ...rest, [field]: child.parentId };
}

function create(ctx: WriteContext, entity: EntityDef, rawBody: unknown, child: Child): ApiAnswer {
	if (!entity.canCreate) throw notAllowed('POST');
	const body = withParent(entity, rawBody, child);
	const values = validateWrite(ctx.store, entity, body, 'create');
	const record = createRecord(ctx, entity, values);
	return ok({ itemId: record.id });
}

function update(
	ctx: WriteContext,
	entity: EntityDef,
	rawBody: unknown,
	method: 'PATCH' | 'PUT',
	child: Child,
): ApiAnswer {
	if (!entity.canUpdate) throw notAllowed(method);
	const body = withParent(entity, rawBody, child) as Record<string, unknown>;
	const idKey =
		body && typeof body === 'object'
			? Object.keys(body).find((k) => k.toLowerCase() === 'id')
			: undefined;
	const id = idKey ? Number(body[idKey]) : NaN;
	if (!Number.isInteger(id))
		throw refused(`${entity.name}.id: an update needs the record's "id" in the body.`);
	const current = ctx.store.get(entity.name, id);
	if (!current || (child && current[child.path.parentField] !== child.parentId))
		throw notFound(`${entity.name} ${id} was not found.`);
	const changes = validateWrite(
		ctx.store,
		entity,
		body,
		method === 'PATCH' ? 'patch' : 'put',
		current,
	);
	const record = updateRecord(ctx, entity, current, changes);
	return ok({ itemId: record.id });
}

function readSearch(call: ApiCall): unknown {
	if (call.method === 'POST') {
		if (call.body === undefined)
			throw refused(
				'The query body is missing: send the query ({"filter": [...]}) as the request body.',
			);
		return call.body;
	}
	const raw = call.query.get('search');
	if (raw === null)
		throw refused(
			'search: a GET query needs the "search" parameter (URL-encoded JSON with a "filter" array).',
		);
	try {
		return JSON.parse(raw);
	} catch {
		throw refused('search: the "search" parameter is not valid JSON.');
	}
}

/** Which verbs a query URL takes: GET on a page URL only when it carries the search (a GET query's page). */
function checkQueryVerb(call: ApiCall, target: Extract<Target, { kind: 'query' }>): void {
	if (call.method !== 'GET' && call.method !== 'POST') throw notAllowed(call.method);
	if (target.page && call.method === 'GET' && !call.query.has('search')) throw notAllowed('GET');
}

function runQuery(
	store: Store,
	call: ApiCall,
	target: Extract<Target, { kind: 'query' }>,
): ApiAnswer {
	const { entity, child } = target;
	checkQueryVerb(call, target);
	if (!entity.canQuery) throw notAllowed(call.method);
	if (child && !store.get(child.path.parent, child.parentId))
		throw notFound(`${child.path.parent} ${child.parentId} was not found.`);
	const searchBody = readSearch(call);
	const search = parseSearch(entity, store.udfs[entity.name] ?? [], searchBody);
	const inScope = (r: Record<string, any>) =>
		(!child || r[child.path.parentField] === child.parentId) && search.matches(r);
	const rows = store.rows(entity.name).filter(inScope);
	if (target.count) return ok({ queryCount: rows.length });

	const token = target.page ? readToken(call.query.get('paging')) : undefined;
	const includeFields = token ? checkSameQuery(token, search) : search.includeFields;
	const pageSize = token?.pageSize ?? search.maxRecords;
	const page = selectPage(rows, pageSize, token);
	const links: PageLinks = {
		collectionUrl: `${call.baseUrl}/${call.path.replace(/\/query(\/(next|prev))?$/i, '')}`,
		pageSize,
		query: fingerprint(search),
		fields: includeFields,
		getSearch: call.method === 'GET' ? JSON.stringify(searchBody) : undefined,
	};
	return ok({
		items: page.items.map((r) => project(structuredClone(r), includeFields)),
		pageDetails: {
			count: page.items.length,
			requestCount: pageSize,
			prevPageUrl: page.hasPrev ? pageUrl(links, 'prev', page.items[0]!.id) : null,
			nextPageUrl: page.hasNext
				? pageUrl(links, 'next', page.items[page.items.length - 1]!.id)
				: null,
		},
	});
}

function entityInformation(
	store: Store,
	entity: EntityDef,
	part: 'info' | 'fields' | 'userDefinedFields',
): unknown {
	if (part === 'info') {
		return {
			info: {
				name: entity.name,
				canCreate: entity.canCreate,
				canDelete: entity.canDelete,
				canQuery: entity.canQuery,
				canUpdate: entity.canUpdate,
				userAccessForCreate: entity.canCreate ? 'All' : 'None',
				userAccessForDelete: entity.canDelete ? 'All' : 'None',
				userAccessForQuery: entity.canQuery ? 'All' : 'None',
				userAccessForUpdate: entity.canUpdate ? 'All' : 'None',
				hasUserDefinedFields: entity.hasUserDefinedFields,
				supportsWebhookCallouts: false,
			},
		};
	}
	if (part === 'userDefinedFields') {
		return {
			fields: (store.udfs[entity.name] ?? []).map((u) => ({
				name: u.name,
				label: u.name,
				dataType: u.dataType,
				length: u.length,
				isRequired: u.isRequired,
				isReadOnly: false,
				isQueryable: true,
				isReference: false,
				referenceEntityType: '',
				isPickList: false,
				picklistValues: null,
				isActive: true,
			})),
		};
	}
	return {
		fields: entity.fields.map((f) => ({
			name: f.name,
			dataType: f.dataType,
			length: f.length ?? 0,
			isRequired: f.required === true,
			isReadOnly: f.readOnly === true,
			isQueryable: true,
			isReference: f.reference !== undefined,
			referenceEntityType: f.reference ?? '',
			isPickList: f.picklist !== undefined,
			picklistValues: f.picklist ? structuredClone(store.picklists[f.picklist] ?? []) : null,
			picklistParentValueField: f.picklistParent ?? '',
			isSupportedWebhookField: false,
		})),
	};
}

export { ApiError };
