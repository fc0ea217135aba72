/**
 * Paging of the list endpoints: `_page` (from 1) and `_perPage` in the query, answered as
 * `{pagination: {page, perPage, totalPages, count}, items: [...]}`. Defaults and limits: README.md.
 */

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 250;
/** The alert endpoint ignores `_perPage` and always pages by 100 (Celerium/Datto-PowerShellWrapper, Get-DattoAlert notes). */
export const ALERT_PER_PAGE = 100;

export interface PageRequest {
	page: number;
	perPage: number;
}

function whole(query: URLSearchParams, name: string): number | undefined | Error {
	const raw = query.get(name);
	if (raw === null || raw === '') return undefined;
	if (!/^\d+$/.test(raw) || Number(raw) < 1)
		return new Error(`${name} must be a whole number of at least 1, got "${raw}".`);
	return Number(raw);
}

/** The page asked for; an Error names a bad value. `_perPage` above the maximum is cut to it. */
export function readPage(query: URLSearchParams): PageRequest | Error {
	const page = whole(query, '_page');
	const perPage = whole(query, '_perPage');
	if (page instanceof Error) return page;
	if (perPage instanceof Error) return perPage;
	return { page: page ?? 1, perPage: Math.min(perPage ?? DEFAULT_PER_PAGE, MAX_PER_PAGE) };
}

/** One page of `all`; a page past the end is empty. `totalPages` is 0 when there is nothing. */
export function pageOf<T>(
	all: T[],
	req: PageRequest,
): {
	pagination: { page: number; perPage: number; totalPages: number; count: number };
	items: T[];
} {
	const start = (req.page - 1) * req.perPage;
	return {
		pagination: {
			page: req.page,
			perPage: req.perPage,
			totalPages: Math.ceil(all.length / req.perPage),
			count: all.length,
		},
		items: all.slice(start, start + req.perPage),
	};
}
