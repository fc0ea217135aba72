import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { autotaskClientFor } from '../autotask/client';
import { toNodeApiError } from '../autotask/errors';
import type { Filter } from '../autotask/types';

const LIST_LIMIT = 200;

/** Companies for a resource locator's "From List" mode, searched by name (or by id when numeric). */
export async function searchCompanies(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await autotaskClientFor(this);
	const text = (filter ?? '').trim();
	const conditions: Filter[] = text
		? /^\d+$/.test(text)
			? [{ op: 'or', items: [{ op: 'eq', field: 'id', value: Number(text) }, { op: 'contains', field: 'companyName', value: text }] }]
			: [{ op: 'contains', field: 'companyName', value: text }]
		: [{ op: 'exist', field: 'id' }];
	try {
		const [companies, types] = await Promise.all([
			client.query<{ id: number; companyName: string; companyType: number; isActive: boolean }>('Companies', {
				filter: conditions,
				includeFields: ['companyName', 'companyType', 'isActive'],
				maxRecords: LIST_LIMIT,
			}),
			client.picklist('Companies', 'companyType'),
		]);
		const results = companies
			.sort((a, b) => a.companyName.localeCompare(b.companyName))
			.map((c) => {
				const notes = [types.labelOf(c.companyType) ?? 'unknown type', c.isActive ? '' : 'inactive'].filter(Boolean);
				return { name: `${c.companyName} (${notes.join(', ')}, ID ${c.id})`, value: String(c.id) };
			});
		return { results };
	} catch (error) {
		throw toNodeApiError(this.getNode(), error);
	}
}
