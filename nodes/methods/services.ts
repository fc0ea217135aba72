import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import type { Filter } from '../autotask/types';

import { autotaskClientFor } from '../autotask/client';
import type { Picklist } from '../autotask/picklists';
import { toNodeApiError } from '../autotask/errors';

type Service = { id: number; name: string; periodType: number };

/** Services per page of the list; n8n asks for the next page (paginationToken) as the user scrolls. */
const LIST_PAGE = 100;

/** A service as a list entry; only Monthly services can be billed, the others say so. */
function serviceEntry(s: Service, periods: Picklist): INodePropertyOptions {
	const period = periods.labelOf(s.periodType) ?? 'unknown period';
	const monthly = period.toLowerCase() === 'monthly';
	return {
		name: monthly ? s.name : `${s.name} (${period}: not billable here)`,
		value: String(s.id),
		description: monthly
			? `Monthly · ID ${s.id}`
			: `Period ${period}; the integration needs Monthly services · ID ${s.id}`,
	};
}

const byName = (a: Service, b: Service) => a.name.localeCompare(b.name);

/** The Axcient guide's "Retrieve Services List": active services, with their period type shown. */
export async function getServices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await autotaskClientFor(this);
	try {
		const [services, periods] = await Promise.all([
			client.query<Service>('Services', {
				filter: [{ op: 'eq', field: 'isActive', value: true }],
				includeFields: ['name', 'periodType'],
			}),
			client.picklist('Services', 'periodType'),
		]);
		return services.sort(byName).map((s) => ({ ...serviceEntry(s, periods), value: s.id }));
	} catch (error) {
		throw toNodeApiError(this.getNode(), error);
	}
}

/** Services for a resource locator's "From List" mode, searched by name, a page at a time; non-monthly ones are marked. */
export async function searchServices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await autotaskClientFor(this);
	const text = (filter ?? '').trim();
	const conditions: Filter[] = [{ op: 'eq', field: 'isActive', value: true }];
	if (text) conditions.push({ op: 'contains', field: 'name', value: text });
	try {
		const [page, periods] = await Promise.all([
			client.queryPage<Service>(
				'Services',
				{ filter: conditions, includeFields: ['name', 'periodType'] },
				LIST_PAGE,
				paginationToken || undefined,
			),
			client.picklist('Services', 'periodType'),
		]);
		// Autotask cannot sort a query: each page is sorted by name, pages follow Autotask's id order.
		const results = page.items.sort(byName).map((s) => {
			const { name, value } = serviceEntry(s, periods);
			return { name, value };
		});
		return { results, paginationToken: page.nextPageUrl };
	} catch (error) {
		throw toNodeApiError(this.getNode(), error);
	}
}
