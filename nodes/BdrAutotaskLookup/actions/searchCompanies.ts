import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { autotaskClientFor, type AutotaskClient } from '../../autotask/client';
import type { Filter } from '../../autotask/types';
import { maxRecordsAt, returnAllProperties } from './returnAll';

const show = { show: { operation: ['searchCompanies'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Name Contains',
		name: 'nameContains',
		type: 'string',
		default: '',
		displayOptions: show,
		description: 'Part of the company name; leave empty for all companies',
	},
	{
		displayName: 'Company Type Name or ID',
		name: 'companyType',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCompanyTypes' },
		default: 'Customer',
		displayOptions: show,
		description:
			'Only companies of this type. The integration needs Customer. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Active Only',
		name: 'activeOnly',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description: 'Whether to return only active companies',
	},
	...returnAllProperties('searchCompanies'),
];

/** Company types from the tenant's picklist, plus "Any". */
export async function getCompanyTypes(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const client = await autotaskClientFor(this);
	const types = await client.picklist('Companies', 'companyType');
	return [
		{ name: 'Any Type', value: '' },
		...types.options().map((o) => ({ name: o.name, value: o.name })),
	];
}

export async function execute(
	this: IExecuteFunctions,
	client: AutotaskClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const nameContains = (this.getNodeParameter('nameContains', itemIndex, '') as string).trim();
	const typeLabel = this.getNodeParameter('companyType', itemIndex, '') as string;
	const activeOnly = this.getNodeParameter('activeOnly', itemIndex, true) as boolean;
	const filter: Filter[] = [];
	if (nameContains) filter.push({ op: 'contains', field: 'companyName', value: nameContains });
	if (typeLabel)
		filter.push({
			op: 'eq',
			field: 'companyType',
			value: Number(await client.picklistValue('Companies', 'companyType', typeLabel)),
		});
	if (activeOnly) filter.push({ op: 'eq', field: 'isActive', value: true });
	const [companies, types] = await Promise.all([
		client.query<IDataObject>('Companies', {
			filter,
			includeFields: [
				'companyName',
				'companyNumber',
				'companyType',
				'isActive',
				'phone',
				'userDefinedFields',
			],
			maxRecords: maxRecordsAt(this, itemIndex),
		}),
		client.picklist('Companies', 'companyType'),
	]);
	return companies.map((c) => ({
		...c,
		companyTypeLabel: types.labelOf(c.companyType as number) ?? null,
	}));
}
