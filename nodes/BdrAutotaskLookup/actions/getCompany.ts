import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import { companyIdAt, companyLocator } from './companyLocator';

export const properties: INodeProperties[] = [companyLocator(['getCompany'], 'The Autotask company (account) to read')];

export async function execute(this: IExecuteFunctions, client: AutotaskClient, itemIndex: number): Promise<IDataObject[]> {
	const id = companyIdAt(this, itemIndex);
	const company = await client.get<IDataObject>('Companies', id);
	if (!company) {
		throw new NodeOperationError(this.getNode(), `Company ${id} was not found in Autotask`, {
			itemIndex,
			description: 'Check the ID, or that the API user may see this company.',
		});
	}
	const types = await client.picklist('Companies', 'companyType');
	return [{ ...company, companyTypeLabel: types.labelOf(company.companyType as number) ?? null }];
}
