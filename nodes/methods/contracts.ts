import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { autotaskClientFor } from '../autotask/client';
import { toNodeApiError } from '../autotask/errors';

/** Reads the company chosen next to the contract field: a sibling in a collection row, else top level. */
function chosenCompanyId(ctx: ILoadOptionsFunctions): number | undefined {
	for (const path of ['&company', 'company', '&companyId', 'companyId']) {
		try {
			const raw = ctx.getCurrentNodeParameter(path, { extractValue: true }) as unknown;
			const id = Number(typeof raw === 'object' && raw !== null ? (raw as { value?: unknown }).value : raw);
			if (Number.isInteger(id) && id >= 0 && raw !== '' && raw !== undefined) return id;
		} catch {
			// Not defined at this path: try the next one.
		}
	}
	return undefined;
}

/** The Axcient guide's "Get Contracts": every contract of the chosen company, with type, status and dates. */
export async function getContractsOfCompany(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const companyId = chosenCompanyId(this);
	if (companyId === undefined) return [];
	const client = await autotaskClientFor(this);
	try {
		const [contracts, types, statuses] = await Promise.all([
			client.query<{ id: number; contractName: string; contractType: number; status: number; startDate?: string; endDate?: string }>(
				'Contracts',
				{
					filter: [{ op: 'eq', field: 'companyID', value: companyId }],
					includeFields: ['contractName', 'contractType', 'status', 'startDate', 'endDate'],
				},
			),
			client.picklist('Contracts', 'contractType'),
			client.picklist('Contracts', 'status'),
		]);
		return contracts
			.sort((a, b) => a.contractName.localeCompare(b.contractName))
			.map((c) => ({
				name: c.contractName,
				value: c.id,
				description: [
					types.labelOf(c.contractType),
					statuses.labelOf(c.status),
					c.startDate || c.endDate ? `${(c.startDate ?? '').slice(0, 10)} → ${(c.endDate ?? '').slice(0, 10)}` : '',
					`ID ${c.id}`,
				]
					.filter(Boolean)
					.join(' · '),
			}));
	} catch (error) {
		throw toNodeApiError(this.getNode(), error);
	}
}
