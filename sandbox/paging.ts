/**
 * Query paging the way real Autotask does it:
 * - a POST query's `nextPageUrl` is `…/{Entity}/query/next?paging=…`; the next page is a POST of the
 *   same query body to it, and a GET there is a 405 (WYRE-AI/autotask-mcp PR #170, reproduced live);
 * - a GET query's `nextPageUrl` also carries `&search=…` and is followed with GET (KelvinTegelaar/AutotaskAPI
 *   Get-AutotaskAPIResource.ps1 and panoramicdata/AutoTask.Psa.Api AutoTaskClient.cs repeat the first
 *   request's verb on every page).
 * The `paging` token is `{ pageSize, nextIds | previousIds }` as Autotask's is (the shape is visible in
 * KelvinTegelaar's length estimate), plus `query`: a fingerprint of the filter that made it, and `fields`:
 * its IncludeFields. The record does not say what Autotask does with a different filter on the next page;
 * the sandbox refuses it (strict reading). A page body without IncludeFields is accepted and keeps the
 * first page's fields: msoukhomlinov/n8n-nodes-autotask has POSTed only `{filter}` to page URLs against
 * live tenants since Feb 2025 (get-many.ts, "IncludeFields already in the URL"), with no failure reported;
 * PR #170's live reproduction POSTs `{filter}` too (docs/autotask-conformance.md).
 */
import { createHash } from 'crypto';
import { refused } from './errors';
import { PAGE_LIMIT, Search } from './query';

export interface PageToken {
	pageSize: number;
	/** Last id of the page before (next page). */
	nextIds?: number[];
	/** First id of the page after (previous page). */
	previousIds?: number[];
	query: string;
	/** The IncludeFields of the first page, applied when a page body carries none. */
	fields?: string[] | null;
}

/** Same filter → same fingerprint, whatever the key order or spacing. */
export function fingerprint(search: Search): string {
	const canonical = JSON.stringify(sortKeys({ filter: search.filter }));
	return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value === null || typeof value !== 'object') return value;
	const entries = Object.entries(value as Record<string, unknown>).map(
		([k, v]) => [k.toLowerCase(), sortKeys(v)] as const,
	);
	return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function readToken(raw: string | null): PageToken {
	let token: PageToken;
	try {
		token = JSON.parse(raw ?? '');
	} catch {
		throw refused(
			'paging: the "paging" parameter of a page URL is not valid; follow nextPageUrl exactly as given.',
		);
	}
	if (typeof token?.query !== 'string')
		throw refused(
			'paging: the "paging" parameter of a page URL is not valid; follow nextPageUrl exactly as given.',
		);
	return {
		...token,
		pageSize: Math.min(Math.max(1, Number(token.pageSize) || PAGE_LIMIT), PAGE_LIMIT),
	};
}

/**
 * The body sent to a page URL must hold the filter that produced it; its IncludeFields may be left
 * out (the first page's apply) but not changed. Returns the IncludeFields of this page.
 */
export function checkSameQuery(token: PageToken, search: Search): string[] | null {
	const fields = search.includeFields ?? token.fields ?? null;
	const changedFields =
		search.includeFields !== null &&
		JSON.stringify(sortKeys(search.includeFields)) !==
			JSON.stringify(sortKeys(token.fields ?? null));
	if (token.query !== fingerprint(search) || changedFields) {
		throw refused(
			'paging: the query sent to this page URL is not the query that produced it; send the original query body (filter and IncludeFields) unchanged.',
		);
	}
	return fields;
}

type Row = { id: number };

export interface Page<T extends Row> {
	items: T[];
	hasNext: boolean;
	hasPrev: boolean;
}

/** Rows are in id order; the token says where the page starts. */
export function selectPage<T extends Row>(rows: T[], pageSize: number, token?: PageToken): Page<T> {
	const before = token?.previousIds?.[0];
	const after = token?.nextIds?.[0];
	let items: T[];
	if (before !== undefined) {
		const earlier = rows.filter((r) => r.id < before);
		items = earlier.slice(Math.max(0, earlier.length - pageSize));
	} else {
		items = (after === undefined ? rows : rows.filter((r) => r.id > after)).slice(0, pageSize);
	}
	const first = items[0]?.id;
	const last = items[items.length - 1]?.id;
	return {
		items,
		hasNext: last !== undefined && rows.some((r) => r.id > last),
		hasPrev: first !== undefined && rows.some((r) => r.id < first),
	};
}

export interface PageLinks {
	/** `http://…/V1.0/Companies` (or a child collection). */
	collectionUrl: string;
	pageSize: number;
	query: string;
	fields: string[] | null;
	/** The search of a GET query, carried on its page URLs; absent for a POST query. */
	getSearch?: string;
}

export function pageUrl(links: PageLinks, kind: 'next' | 'prev', boundaryId: number): string {
	const token: PageToken = {
		pageSize: links.pageSize,
		[kind === 'next' ? 'nextIds' : 'previousIds']: [boundaryId],
		query: links.query,
		fields: links.fields,
	};
	const search =
		links.getSearch === undefined ? '' : `&search=${encodeURIComponent(links.getSearch)}`;
	return `${links.collectionUrl}/query/${kind}?paging=${encodeURIComponent(JSON.stringify(token))}${search}`;
}
