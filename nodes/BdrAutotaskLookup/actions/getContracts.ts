import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import type { Filter } from '../../autotask/types';
import { companyIdAt, companyLocator } from './companyLocator';
import { maxRecordsAt, returnAllProperties } from './returnAll';

const show = { show: { operation: ['getContracts'] } };

export const properties: INodeProperties[] = [
	companyLocator(
		['getContracts'],
		"The company whose contracts to list (the Axcient guide's Get Contracts)",
	),
	{
		displayName: 'Recurring Service Only',
		name: 'recurringOnly',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description: 'Whether to list only Recurring Service contracts, the only type billing can use',
	},
	{
		displayName: 'Active Only',
		name: 'activeOnly',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description: 'Whether to list only active contracts',
	},
	...returnAllProperties('getContracts'),
];

export async function execute(
	this: IExecuteFunctions,
	client: AutotaskClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const companyId = companyIdAt(this, itemIndex);
	const recurringOnly = this.getNodeParameter('recurringOnly', itemIndex, true) as boolean;
	const activeOnly = this.getNodeParameter('activeOnly', itemIndex, true) as boolean;
	const [types, statuses] = await Promise.all([
		client.picklist('Contracts', 'contractType'),
		client.picklist('Contracts', 'status'),
	]);
	const filter: Filter[] = [{ op: 'eq', field: 'companyID', value: companyId }];
	if (recurringOnly)
		filter.push({
			op: 'eq',
			field: 'contractType',
			value: Number(await client.picklistValue('Contracts', 'contractType', 'Recurring Service')),
		});
	if (activeOnly)
		filter.push({
			op: 'eq',
			field: 'status',
			value: Number(await client.picklistValue('Contracts', 'status', 'Active')),
		});
	const contracts = await client.query<IDataObject>('Contracts', {
		filter,
		includeFields: [
			'companyID',
			'contractName',
			'contractNumber',
			'contractType',
			'status',
			'startDate',
			'endDate',
			'isDefaultContract',
		],
		maxRecords: maxRecordsAt(this, itemIndex),
	});
	return contracts.map((c) => ({
		...c,
		contractTypeLabel: types.labelOf(c.contractType as number) ?? null,
		statusLabel: statuses.labelOf(c.status as number) ?? null,
	}));
}
