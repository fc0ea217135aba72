import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { autotaskClientFor } from '../autotask/client';
import { toNodeApiError } from '../autotask/errors';
import type { Filter } from '../autotask/types';

/** Reads the company chosen next to the contract field: a sibling in a collection row, else top level. */
function chosenCompanyId(ctx: ILoadOptionsFunctions): number | undefined {
	for (const path of ['&company', 'company', '&companyId', 'companyId']) {
		try {
			const raw = ctx.getCurrentNodeParameter(path, { extractValue: true }) as unknown;
			const id = Number(
				typeof raw === 'object' && raw !== null ? (raw as { value?: unknown }).value : raw,
			);
			if (Number.isInteger(id) && id >= 0 && raw !== '' && raw !== undefined) return id;
		} catch {
			// Not defined at this path: try the next one.
		}
	}
	return undefined;
}

type Contract = {
	id: number;
	contractName: string;
	contractType: number;
	status: number;
	startDate?: string;
	endDate?: string;
};

/** Contracts per page of the list; n8n asks for the next page (paginationToken) as the user scrolls. */
const LIST_PAGE = 100;

/**
 * The Axcient guide's "Get Contracts" for a resource locator's "From List" mode: the contracts of
 * the company chosen beside the field, searched by name, each with type, status and dates.
 */
export async function searchContracts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const companyId = chosenCompanyId(this);
	if (companyId === undefined) return { results: [] };
	const client = await autotaskClientFor(this);
	const text = (filter ?? '').trim();
	const conditions: Filter[] = [{ op: 'eq', field: 'companyID', value: companyId }];
	if (text)
		conditions.push(
			/^\d+$/.test(text)
				? { op: 'eq', field: 'id', value: Number(text) }
				: { op: 'contains', field: 'contractName', value: text },
		);
	try {
		const [page, types, statuses] = await Promise.all([
			client.queryPage<Contract>(
				'Contracts',
				{
					filter: conditions,
					includeFields: ['contractName', 'contractType', 'status', 'startDate', 'endDate'],
				},
				LIST_PAGE,
				paginationToken || undefined,
			),
			client.picklist('Contracts', 'contractType'),
			client.picklist('Contracts', 'status'),
		]);
		// Autotask cannot sort a query: each page is sorted by name, pages follow Autotask's id order.
		const results = page.items
			.sort((a, b) => a.contractName.localeCompare(b.contractName))
			.map((c) => {
				const dates =
					c.startDate || c.endDate
						? `${(c.startDate ?? '').slice(0, 10)} → ${(c.endDate ?? '').slice(0, 10)}`
						: '';
				const notes = [
					types.labelOf(c.contractType),
					statuses.labelOf(c.status),
					dates,
					`ID ${c.id}`,
				].filter(Boolean);
				return { name: `${c.contractName} (${notes.join(' · ')})`, value: String(c.id) };
			});
		return { results, paginationToken: page.nextPageUrl };
	} catch (error) {
		throw toNodeApiError(this.getNode(), error);
	}
}
