import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';
import type { Filter } from '../../autotask/types';
import { maxRecordsAt, returnAllProperties } from './returnAll';

const show = { show: { operation: ['listServices'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Monthly Only',
		name: 'monthlyOnly',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description:
			'Whether to list only services whose Period Type is Monthly, the only ones billing can use',
	},
	{
		displayName: 'Name Contains',
		name: 'nameContains',
		type: 'string',
		default: '',
		placeholder: 'e.g. Axcient',
		displayOptions: show,
		description: 'Part of the service name; leave empty for all services',
	},
	...returnAllProperties('listServices'),
];

export async function execute(
	this: IExecuteFunctions,
	client: AutotaskClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const monthlyOnly = this.getNodeParameter('monthlyOnly', itemIndex, true) as boolean;
	const nameContains = (this.getNodeParameter('nameContains', itemIndex, '') as string).trim();
	const periods = await client.picklist('Services', 'periodType');
	const filter: Filter[] = [{ op: 'eq', field: 'isActive', value: true }];
	if (monthlyOnly)
		filter.push({
			op: 'eq',
			field: 'periodType',
			value: Number(await client.picklistValue('Services', 'periodType', 'Monthly')),
		});
	if (nameContains) filter.push({ op: 'contains', field: 'name', value: nameContains });
	const services = await client.query<IDataObject>('Services', {
		filter,
		includeFields: [
			'name',
			'description',
			'periodType',
			'unitPrice',
			'unitCost',
			'billingCodeID',
			'isActive',
		],
		maxRecords: maxRecordsAt(this, itemIndex),
	});
	return services.map((s) => ({
		...s,
		periodTypeLabel: periods.labelOf(s.periodType as number) ?? null,
	}));
}
