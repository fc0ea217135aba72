import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import { companyIdAt, companyLocator } from './companyLocator';

/** What most workflows need of a company; Simplify off returns Autotask's whole record (80+ fields). */
const SIMPLE_FIELDS = [
	'id',
	'companyName',
	'companyNumber',
	'companyType',
	'isActive',
	'phone',
	'webAddress',
	'city',
	'ownerResourceID',
	'userDefinedFields',
];

export const properties: INodeProperties[] = [
	companyLocator(['getCompany'], 'The Autotask company (account) to read'),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: { show: { operation: ['getCompany'] } },
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: AutotaskClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const id = companyIdAt(this, itemIndex);
	const company = await client.get<IDataObject>('Companies', id);
	if (!company) {
		throw new NodeOperationError(this.getNode(), `Company ${id} was not found in Autotask`, {
			itemIndex,
			description: 'Check the ID, or that the API user may see this company.',
		});
	}
	const types = await client.picklist('Companies', 'companyType');
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const record = simplify
		? Object.fromEntries(SIMPLE_FIELDS.filter((f) => f in company).map((f) => [f, company[f]]))
		: company;
	return [{ ...record, companyTypeLabel: types.labelOf(company.companyType as number) ?? null }];
}
