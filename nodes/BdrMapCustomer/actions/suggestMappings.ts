import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { autotaskClientFor } from '../../autotask/client';
import { toNodeApiError } from '../../autotask/errors';
import { type Candidate, suggestCompany } from '../../logic/nameSimilarity';

/**
 * Suggest Mappings: one read of the candidate companies, then name similarity per
 * item. Items with a proposal go to the first output, the rest to the second.
 */
export async function suggestMappings(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const options = this.getNodeParameter('suggestOptions', 0, {}) as {
		minScore?: number;
		includeNonCustomers?: boolean;
	};
	const minScore = options.minScore ?? 0.5;

	let candidates: Candidate[];
	try {
		const client = await autotaskClientFor(this);
		const filter = options.includeNonCustomers
			? [{ op: 'exist' as const, field: 'id' }]
			: [
					{
						op: 'eq' as const,
						field: 'companyType',
						value: await client.picklistValue('Companies', 'companyType', 'Customer'),
					},
					{ op: 'eq' as const, field: 'isActive', value: true },
				];
		const companies = await client.query<{ id: number; companyName: string }>('Companies', {
			filter,
			includeFields: ['companyName'],
		});
		candidates = companies.map((c) => ({ id: c.id, name: c.companyName ?? '' }));
	} catch (error) {
		throw toNodeApiError(this.getNode(), error);
	}

	const found: INodeExecutionData[] = [];
	const none: INodeExecutionData[] = [];
	items.forEach((_item, i) => {
		const customerId = String(this.getNodeParameter('customerId', i, '') ?? '').trim();
		const customerName = String(this.getNodeParameter('customerName', i, '') ?? '').trim();
		const { best, runnerUp } = suggestCompany(customerName, candidates, minScore);
		const json = {
			bdrCustomerId: customerId,
			bdrCustomerName: customerName,
			suggestion: best ? { companyId: best.id, companyName: best.name, score: best.score } : null,
			runnerUp: runnerUp
				? { companyId: runnerUp.id, companyName: runnerUp.name, score: runnerUp.score }
				: null,
		};
		if (best) found.push({ json, pairedItem: { item: i } });
		else {
			const message = customerName
				? `No Autotask company scores ${minScore} or more for "${customerName}": create the company, lower Minimum Score, or map it by hand`
				: 'The item has no BDR customer name: check the BDR Customer Name expression';
			none.push({
				json: { ...json, unmapped: { reason: 'no_suggestion', message, customerId } },
				pairedItem: { item: i },
			});
		}
	});
	return [found, none];
}
