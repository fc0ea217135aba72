import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';
import type { Filter } from '../autotask/types';

import { autotaskClientFor } from '../autotask/client';
import { toNodeApiError } from '../autotask/errors';

/** The Axcient guide's "Retrieve Services List": active services, with their period type shown. */
export async function getServices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await autotaskClientFor(this);
	try {
		const [services, periods] = await Promise.all([
			client.query<{ id: number; name: string; periodType: number }>('Services', {
				filter: [{ op: 'eq', field: 'isActive', value: true }],
				includeFields: ['name', 'periodType'],
			}),
			client.picklist('Services', 'periodType'),
		]);
		return services
			.sort((a, b) => a.name.localeCompare(b.name))
			.map((s) => {
				const period = periods.labelOf(s.periodType) ?? 'unknown period';
				const monthly = period.toLowerCase() === 'monthly';
				return {
					name: monthly ? s.name : `${s.name} (${period}: not billable here)`,
					value: s.id,
					description: monthly ? `Monthly · ID ${s.id}` : `Period ${period}; the integration needs Monthly services · ID ${s.id}`,
				};
			});
	} catch (error) {
		throw toNodeApiError(this.getNode(), error);
	}
}

/** Services for a resource locator's "From List" mode, searched by name; non-monthly ones are marked. */
export async function searchServices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await autotaskClientFor(this);
	const text = (filter ?? '').trim();
	const conditions: Filter[] = [{ op: 'eq', field: 'isActive', value: true }];
	if (text) conditions.push({ op: 'contains', field: 'name', value: text });
	try {
		const [services, periods] = await Promise.all([
			client.query<{ id: number; name: string; periodType: number }>('Services', { filter: conditions, includeFields: ['name', 'periodType'], maxRecords: 200 }),
			client.picklist('Services', 'periodType'),
		]);
		const results = services
			.sort((a, b) => a.name.localeCompare(b.name))
			.map((s) => {
				const period = periods.labelOf(s.periodType) ?? 'unknown period';
				const monthly = period.toLowerCase() === 'monthly';
				return { name: monthly ? s.name : `${s.name} (${period}: not billable here)`, value: String(s.id) };
			});
		return { results };
	} catch (error) {
		throw toNodeApiError(this.getNode(), error);
	}
}
