import { createHash } from 'crypto';
import { sleep as n8nSleep } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { classifyAnswer, mayResend } from './answers';
import {
	AutotaskApiError,
	AutotaskNetworkError,
	AutotaskWriteUnknownError,
	isWriteRequest,
	redact,
} from './errors';
import { sharedLimiter, type KeyedLimiter } from './limiter';
import { LookupCache, sharedLookupCache } from './lookupCache';
import { FieldsCache, Picklist, normalisePicklistValues, sharedFieldsCache } from './picklists';
import { processRequestCounter, type RequestCounter } from './requestCounter';
import { DEFAULT_RETRY, backoffMs, retryAfterMs, type RetryPolicy } from './retry';
import { n8nTransport } from './n8nTransport';
import type {
	AutotaskCredentials,
	AutotaskRecord,
	FieldInfo,
	Filter,
	HttpMethod,
	HttpResponse,
	QueryOptions,
	Transport,
} from './types';
import {
	ZONE_LOOKUP_URL,
	ZoneCache,
	explicitBaseUrl,
	normaliseBaseUrl,
	sharedZoneCache,
} from './zone';

/** What ThresholdInformation answers. */
export type Threshold = {
	externalRequestThreshold: number;
	requestThresholdTimeframe: number;
	currentTimeframeRequestCount: number;
};

export const CREDENTIAL_TYPE = 'bdrAutotaskApi';
/** Autotask returns at most 500 records per page and accepts `in` lists of that size. */
export const PAGE_SIZE = 500;

export interface AutotaskClientOptions {
	credentials: AutotaskCredentials;
	transport: Transport;
	/**
	 * The transport adds the credential's headers itself (n8n's httpRequestWithAuthentication
	 * applying the credential's `authenticate`), so the client sends none of its own.
	 */
	transportAuthenticates?: boolean;
	/** Requests in flight per endpoint (Autotask's thread limit is 3). */
	maxInFlightPerEndpoint?: number;
	retry?: Partial<RetryPolicy>;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	now?: () => number;
	counter?: RequestCounter;
	zoneLookupUrl?: string;
	limiter?: KeyedLimiter;
	zoneCache?: ZoneCache;
	fieldsCache?: FieldsCache;
	lookupCache?: LookupCache;
}

interface RequestPlan {
	method: HttpMethod;
	/** Relative to the base URL, or an absolute URL on the same host (nextPageUrl). */
	path: string;
	body?: unknown;
	/** Reads are retried; writes are not (the caller re-reads and decides). */
	read: boolean;
}

/** Thread-limit refusals are certain not to have run and cost little to wait out: allow more tries. */
const THREAD_LIMIT_RETRY_FACTOR = 3;

export class AutotaskClient {
	private readonly options: AutotaskClientOptions;
	private readonly retry: RetryPolicy;
	private resolvedBaseUrl?: string;

	constructor(options: AutotaskClientOptions) {
		this.options = options;
		this.retry = { ...DEFAULT_RETRY, ...options.retry };
	}

	private get now(): number {
		return (this.options.now ?? Date.now)();
	}

	private secrets(): string[] {
		return [this.options.credentials.secret, this.options.credentials.integrationCode];
	}

	/** The tenant's REST base URL, `…/ATServicesRest/V1.0`, looked up once per username when set to auto. */
	async baseUrl(): Promise<string> {
		if (this.resolvedBaseUrl) return this.resolvedBaseUrl;
		const explicit = explicitBaseUrl(this.options.credentials);
		if (explicit) return (this.resolvedBaseUrl = explicit);
		const cache = this.options.zoneCache ?? sharedZoneCache;
		const username = this.options.credentials.username;
		const cached = cache.get(username, this.now);
		if (cached) return (this.resolvedBaseUrl = cached);
		const lookup = `${this.options.zoneLookupUrl ?? ZONE_LOOKUP_URL}?user=${encodeURIComponent(username)}`;
		const response = await this.send(
			{ method: 'GET', path: lookup, read: true },
			lookup,
			{},
			'zoneInformation',
		);
		const url = (response.body as { url?: string } | undefined)?.url;
		if (response.status !== 200 || !url) {
			throw new AutotaskApiError({
				status: response.status === 200 ? 404 : response.status,
				errors: [
					`No Autotask zone was found for API user "${username}". Check the username in the credential, or set the zone explicitly.`,
				],
				method: 'GET',
				path: 'zoneInformation',
			});
		}
		const base = normaliseBaseUrl(url);
		cache.set(username, base, this.now);
		return (this.resolvedBaseUrl = base);
	}

	async get<T = AutotaskRecord>(entity: string, id: number | string): Promise<T | undefined> {
		const notFound = Symbol('404');
		const body = (await this.request({ method: 'GET', path: `${entity}/${id}`, read: true }).catch(
			(error: unknown) => {
				if (error instanceof AutotaskApiError && error.status === 404) return notFound;
				return Promise.reject(error);
			},
		)) as { item?: T | null } | typeof notFound;
		return body === notFound ? undefined : (body?.item ?? undefined);
	}

	/**
	 * Runs a query and follows `nextPageUrl` until the last page (or `maxRecords`). Each next page is
	 * a POST of the same body to that URL: real Autotask answers a GET there with 405.
	 */
	async query<T = AutotaskRecord>(entity: string, options: QueryOptions): Promise<T[]> {
		const limit = options.maxRecords ?? Infinity;
		const pageSize = Math.min(PAGE_SIZE, limit);
		const items: T[] = [];
		let page = await this.queryPage<T>(entity, options, pageSize);
		for (;;) {
			items.push(...page.items);
			if (!page.nextPageUrl || items.length >= limit) break;
			page = await this.queryPage<T>(entity, options, pageSize, page.nextPageUrl);
		}
		return items.length > limit ? items.slice(0, limit) : items;
	}

	/**
	 * One page of a query: `pageSize` records (1..500) and the URL of the next page, if any. A
	 * later page must be asked with the same options, since Autotask wants the same body POSTed there.
	 */
	async queryPage<T = AutotaskRecord>(
		entity: string,
		options: QueryOptions,
		pageSize: number,
		pageUrl?: string,
	): Promise<{ items: T[]; nextPageUrl?: string }> {
		const filter = options.filter.length
			? options.filter
			: [{ op: 'exist', field: 'id' } as Filter];
		const body: Record<string, unknown> = { MaxRecords: pageSize, filter };
		if (options.includeFields?.length)
			body.IncludeFields = Array.from(new Set(['id', ...options.includeFields]));
		const page = (await this.request({
			method: 'POST',
			path: pageUrl ?? `${entity}/query`,
			body,
			read: true,
		})) as QueryPage<T>;
		return { items: page?.items ?? [], nextPageUrl: page?.pageDetails?.nextPageUrl ?? undefined };
	}

	/**
	 * `field in values`, chunked so that no query holds more than 500 list values in all (the other
	 * filters' `in`/`notIn` lists count too: the old API capped a query at 500 OR conditions, and the
	 * REST API documents no higher cap). A UDF is matched with an `or` of `eq` items, the documented
	 * UDF form, since `in` on a UDF is not documented. One query per chunk, within the thread limit.
	 */
	async queryIn<T = AutotaskRecord>(
		entity: string,
		field: string,
		values: Array<string | number>,
		options: { filter?: Filter[]; includeFields?: string[]; udf?: boolean } = {},
	): Promise<T[]> {
		const unique = Array.from(
			new Set(values.filter((v) => v !== undefined && v !== null && v !== '')),
		);
		if (!unique.length) return [];
		const size = Math.max(1, PAGE_SIZE - listValuesIn(options.filter ?? []));
		const chunks: Array<Array<string | number>> = [];
		for (let i = 0; i < unique.length; i += size) chunks.push(unique.slice(i, i + size));
		const results = await Promise.all(
			chunks.map((chunk) =>
				this.query<T>(entity, {
					filter: [inFilter(field, chunk, options.udf ?? false), ...(options.filter ?? [])],
					includeFields: options.includeFields,
				}),
			),
		);
		return results.flat();
	}

	/**
	 * `queryIn` through the per-worker lookup cache (lookupCache.ts): records found in the last few
	 * minutes are not read again; values that found nothing are. `keysOf` names the values a record answers.
	 */
	async queryInCached<T extends { id: number }>(
		entity: string,
		field: string,
		values: Array<string | number>,
		options: { filter?: Filter[]; includeFields?: string[]; udf?: boolean },
		keysOf: (record: T) => string[],
	): Promise<T[]> {
		const cache = this.options.lookupCache ?? sharedLookupCache;
		// The whole credential is in the scope (hashed): a changed or wrong secret must not be answered from memory.
		const scope = `${await this.baseUrl()}|${credentialFingerprint(this.options.credentials)}|${entity}|${field}|${JSON.stringify(options)}`;
		return cache.lookup<T>(
			scope,
			values,
			this.now,
			(missing) => this.queryIn<T>(entity, field, missing, options),
			keysOf,
		);
	}

	async count(entity: string, filter: Filter[]): Promise<number> {
		const body = (await this.request({
			method: 'POST',
			path: `${entity}/query/count`,
			body: { filter: filter.length ? filter : [{ op: 'exist', field: 'id' }] },
			read: true,
		})) as { queryCount?: number };
		return Number(body?.queryCount ?? 0);
	}

	/** Creates a record (`Tickets`) or a child (`Tickets/12/Notes`); returns the new id. Never retried blindly. */
	async create(path: string, body: Record<string, unknown>): Promise<number> {
		const answer = (await this.request({ method: 'POST', path, body, read: false })) as {
			itemId?: number;
		};
		return Number(answer?.itemId);
	}

	/** PATCH changes only the given fields; PUT replaces the record. Returns the id. */
	async update(
		path: string,
		body: Record<string, unknown> & { id: number },
		method: 'PATCH' | 'PUT' = 'PATCH',
	): Promise<number> {
		const answer = (await this.request({ method, path, body, read: false })) as { itemId?: number };
		return Number(answer?.itemId ?? body.id);
	}

	/** The tenant's hourly request budget and what is spent of it. */
	async threshold(): Promise<Threshold> {
		return (await this.request({
			method: 'GET',
			path: 'ThresholdInformation',
			read: true,
		})) as Threshold;
	}

	async fields(entity: string, fresh = false): Promise<FieldInfo[]> {
		const cache = this.options.fieldsCache ?? sharedFieldsCache;
		const key = `${await this.baseUrl()}|${this.options.credentials.username}|${entity}`;
		if (!fresh) {
			const cached = cache.get(key, this.now) ?? cache.pending(key);
			if (cached) return cached;
		}
		const load = this.request({
			method: 'GET',
			path: `${entity}/entityInformation/fields`,
			read: true,
		}).then((body) => {
			const fields: FieldInfo[] = ((body as { fields?: FieldInfo[] })?.fields ?? []).map((f) => ({
				...f,
				picklistValues: f.isPickList ? normalisePicklistValues(f.picklistValues) : null,
			}));
			cache.set(key, fields, this.now);
			return fields;
		});
		cache.track(key, load);
		return load;
	}

	async picklist(entity: string, field: string, fresh = false): Promise<Picklist> {
		const fields = await this.fields(entity, fresh);
		const info = fields.find((f) => f.name.toLowerCase() === field.toLowerCase());
		if (!info || !info.isPickList) {
			throw new Error(`Autotask field ${entity}.${field} is not a picklist in this tenant`);
		}
		return new Picklist(entity, info.name, info.picklistValues ?? []);
	}

	/**
	 * The picklist value for a label (or an id chosen from a list). A miss re-reads the picklist
	 * once, since an admin may have just added or renamed the value.
	 */
	async picklistValue(entity: string, field: string, labelOrValue: string): Promise<string> {
		let list = await this.picklist(entity, field);
		let value = list.valueOf(labelOrValue);
		if (value === undefined && !list.has(labelOrValue)) {
			list = await this.picklist(entity, field, true);
			value = list.valueOf(labelOrValue);
		}
		if (value !== undefined) return value;
		if (list.has(labelOrValue)) return String(labelOrValue);
		throw new Error(
			`"${labelOrValue}" is not a ${entity} ${field} in this Autotask tenant. Choose one of: ${list.labels().join(', ')}`,
		);
	}

	/** Where a request goes, what it carries, and which thread-limit slot it takes. */
	private async route(plan: RequestPlan) {
		const base = await this.baseUrl();
		const absolute = /^https?:\/\//i.test(plan.path);
		if (absolute && new URL(plan.path).origin !== new URL(base).origin) {
			// Never send the credential to another host, even if a page link points there.
			throw new AutotaskApiError({
				status: 400,
				errors: ['Autotask returned a page link to another host'],
				method: plan.method,
				path: 'query',
			});
		}
		const url = absolute ? plan.path : `${base}/${plan.path.replace(/^\/+/, '')}`;
		const relative = absolute ? url.slice(url.toLowerCase().indexOf('/v1.0/') + 6) : plan.path;
		const credentials = this.options.credentials;
		const headers = {
			...(this.options.transportAuthenticates ? {} : authHeaders(credentials)),
			'Content-Type': 'application/json',
			Accept: 'application/json',
		};
		// Autotask counts threads per integration code and endpoint, whichever user sends them.
		const limitKey = `${base}|${credentials.integrationCode}|${endpointOf(relative).toLowerCase()}`;
		return { url, relative, headers, limitKey };
	}

	private async request(plan: RequestPlan): Promise<unknown> {
		const { url, relative, headers, limitKey } = await this.route(plan);
		const limiter = this.options.limiter ?? sharedLimiter;
		const max = this.options.maxInFlightPerEndpoint ?? 3;
		const sleep = this.options.sleep ?? n8nSleep;
		const random = this.options.random ?? Math.random;
		const pathForErrors = relative.split('?')[0];

		const write = !plan.read && isWriteRequest(plan.method, relative);
		for (let attempt = 0; ; attempt++) {
			// A transport failure means no answer arrived; it is handled below, outside any catch.
			const outcome = await limiter
				.run(limitKey, max, () => this.send(plan, url, headers, pathForErrors))
				.then(
					(answer) => ({ answer, failure: undefined }),
					(failure: unknown) => ({ answer: undefined, failure }),
				);
			if (outcome.answer === undefined) {
				const failure = outcome.failure as { message?: string; code?: string } | undefined;
				const message = redact(failure?.message ?? String(failure), this.secrets());
				if (classifyAnswer({ errors: [], write }) === 'unknown')
					throw new AutotaskWriteUnknownError({
						method: plan.method,
						path: pathForErrors,
						message,
					});
				if (attempt < this.retry.retries) {
					await sleep(backoffMs(this.retry, attempt + 1, random()));
					continue;
				}
				throw new AutotaskNetworkError({
					method: plan.method,
					path: pathForErrors,
					code: failure?.code ?? 'ENETWORK',
					message,
				});
			}
			const response: HttpResponse = outcome.answer;
			if (response.status >= 200 && response.status < 300) return response.body;

			const errors = extractErrors(response.body).map((e) => redact(e, this.secrets()));
			const kind = classifyAnswer({ status: response.status, errors, write });
			const tries =
				kind === 'threadLimit'
					? this.retry.retries * THREAD_LIMIT_RETRY_FACTOR
					: this.retry.retries;
			if (mayResend(kind) && attempt < tries) {
				const after = retryAfterMs(response.headers['retry-after'], this.now);
				await sleep(
					backoffMs(this.retry, Math.min(attempt + 1, this.retry.retries), random(), after),
				);
				continue;
			}
			throw new AutotaskApiError({
				status: response.status,
				errors,
				method: plan.method,
				path: pathForErrors,
				kind,
			});
		}
	}

	private async send(
		plan: RequestPlan,
		url: string,
		headers: Record<string, string>,
		path: string,
	): Promise<HttpResponse> {
		this.options.counter?.record(plan.method, path);
		processRequestCounter.record(plan.method, path);
		return this.options.transport({ method: plan.method, url, headers, body: plan.body });
	}
}

/** The three headers of credentials/BdrAutotaskApi's `authenticate`, for transports that do not apply it. */
function authHeaders(c: AutotaskCredentials): Record<string, string> {
	return { ApiIntegrationCode: c.integrationCode, UserName: c.username, Secret: c.secret };
}

/** A short hash of the whole credential, to key caches without holding the secret in clear. */
function credentialFingerprint(c: AutotaskCredentials): string {
	return createHash('sha256')
		.update(`${c.username}\u0000${c.secret}\u0000${c.integrationCode}`)
		.digest('hex')
		.slice(0, 16);
}

/**
 * The entity a path addresses, for the thread limit: `Tickets/12/Notes` is TicketNotes,
 * `Contracts/5/ServiceAdjustments` ContractServiceAdjustments, `Tickets/query/next` Tickets.
 */
export function endpointOf(relative: string): string {
	const [parent, id, child] = relative.split('?')[0].split('/');
	if (!/^\d+$/.test(id ?? '') || !child) return parent;
	const singular = parent.replace(/ies$/i, 'y').replace(/s$/i, '');
	return `${singular}${child}`;
}

function inFilter(field: string, values: Array<string | number>, udf: boolean): Filter {
	if (!udf) return { op: 'in', field, value: values };
	return { op: 'or', items: values.map((value) => ({ op: 'eq', field, value, udf: true })) };
}

/** How many list values the `in`/`notIn` items of a filter hold (nested groups included). */
function listValuesIn(filter: Filter[]): number {
	let n = 0;
	for (const item of filter) {
		if ('items' in item) n += listValuesIn(item.items);
		else if ((item.op === 'in' || item.op === 'notIn') && Array.isArray(item.value))
			n += item.value.length;
	}
	return n;
}

interface QueryPage<T> {
	items?: T[];
	pageDetails?: { count?: number; nextPageUrl?: string | null };
}

/** Autotask's own texts: `errors[]`, or the `Message` (route-level 404/405) or `message` of other answers. */
function extractErrors(body: unknown): string[] {
	if (body && typeof body === 'object') {
		const errors = (body as { errors?: unknown }).errors;
		if (Array.isArray(errors) && errors.length) {
			return errors.map((e) =>
				typeof e === 'string'
					? e
					: String((e as { message?: unknown } | null)?.message ?? JSON.stringify(e)),
			);
		}
		const message =
			(body as { Message?: unknown; message?: unknown }).Message ??
			(body as { message?: unknown }).message;
		if (typeof message === 'string') return [message];
	}
	if (typeof body === 'string' && body.trim() && body.length < 500 && !body.includes('<'))
		return [body.trim()];
	return [];
}

/** Reads the n8n credential into the client's shape. */
export function credentialsFromN8n(
	data: ICredentialDataDecryptedObject,
): AutotaskCredentials & { maxConcurrent?: number } {
	return {
		username: String(data.username ?? '').trim(),
		secret: String(data.secret ?? ''),
		integrationCode: String(data.integrationCode ?? '').trim(),
		zone: String(data.zone ?? 'auto'),
		customUrl: data.customUrl ? String(data.customUrl) : undefined,
		maxConcurrent: data.maxConcurrent ? Number(data.maxConcurrent) : undefined,
	};
}

export interface ClientContext {
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
	helpers: {
		httpRequestWithAuthentication(
			this: unknown,
			credentialsType: string,
			options: IHttpRequestOptions,
		): Promise<unknown>;
	};
}

/**
 * The client for a node, list method or webhook: n8n's authenticated request helper, so the
 * credential's own `authenticate` signs every request and n8n's proxy and timeout settings apply.
 * The credentials are still read: the zone lookup, the thread-limit key and the cache scope need them.
 */
export async function autotaskClientFor(
	ctx: ClientContext,
	overrides: Partial<AutotaskClientOptions> = {},
): Promise<AutotaskClient> {
	const credentials = credentialsFromN8n(await ctx.getCredentials(CREDENTIAL_TYPE));
	return new AutotaskClient({
		credentials,
		transport: n8nTransport((options) =>
			ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options),
		),
		transportAuthenticates: true,
		maxInFlightPerEndpoint: credentials.maxConcurrent,
		...overrides,
	});
}
