import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { autotaskClientFor } from '../autotask/client';
import { toNodeApiError } from '../autotask/errors';
import type { Filter } from '../autotask/types';

/** Companies per page of the list; n8n asks for the next page (paginationToken) as the user scrolls. */
const LIST_PAGE = 100;

/** Companies for a resource locator's "From List" mode, searched by name (or by id when numeric). */
export async function searchCompanies(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await autotaskClientFor(this);
	const text = (filter ?? '').trim();
	const conditions: Filter[] = text
		? /^\d+$/.test(text)
			? [
					{
						op: 'or',
						items: [
							{ op: 'eq', field: 'id', value: Number(text) },
							{ op: 'contains', field: 'companyName', value: text },
						],
					},
				]
			: [{ op: 'contains', field: 'companyName', value: text }]
		: [{ op: 'exist', field: 'id' }];
	try {
		// The token is Autotask's own nextPageUrl; the client refuses one that points at another host.
		const [page, types] = await Promise.all([
			client.queryPage<{ id: number; companyName: string; companyType: number; isActive: boolean }>(
				'Companies',
				{ filter: conditions, includeFields: ['companyName', 'companyType', 'isActive'] },
				LIST_PAGE,
				paginationToken || undefined,
			),
			client.picklist('Companies', 'companyType'),
		]);
		// Autotask cannot sort a query: each page is sorted by name, pages follow Autotask's id order.
		const results = page.items
			.sort((a, b) => a.companyName.localeCompare(b.companyName))
			.map((c) => {
				const notes = [
					types.labelOf(c.companyType) ?? 'unknown type',
					c.isActive ? '' : 'inactive',
				].filter(Boolean);
				return { name: `${c.companyName} (${notes.join(', ')}, ID ${c.id})`, value: String(c.id) };
			});
		return { results, paginationToken: page.nextPageUrl };
	} catch (error) {
		throw toNodeApiError(this.getNode(), error);
	}
}
