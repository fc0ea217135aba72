import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';

const FIELDS: Record<string, string> = {
	queues: 'queueID',
	priorities: 'priority',
	statuses: 'status',
	issueTypes: 'issueType',
	subIssueTypes: 'subIssueType',
	sources: 'source',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Settings',
		name: 'settings',
		type: 'multiOptions',
		default: ['queues', 'priorities', 'statuses'],
		displayOptions: { show: { operation: ['listTicketSettings'] } },
		description: 'Which ticket lists to retrieve (the Retrieve buttons of the ticket settings)',
		options: [
			{ name: 'Issue Types', value: 'issueTypes' },
			{ name: 'Priorities', value: 'priorities' },
			{ name: 'Queues', value: 'queues' },
			{ name: 'Sources', value: 'sources' },
			{ name: 'Statuses', value: 'statuses' },
			{ name: 'Sub-Issue Types', value: 'subIssueTypes' },
		],
	},
];

export async function execute(this: IExecuteFunctions, client: AutotaskClient, itemIndex: number): Promise<IDataObject[]> {
	const settings = this.getNodeParameter('settings', itemIndex, []) as string[];
	const out: IDataObject[] = [];
	for (const setting of settings) {
		const list = await client.picklist('Tickets', FIELDS[setting]);
		for (const v of list.values) {
			out.push({
				setting,
				label: v.label,
				value: v.value,
				isActive: v.isActive,
				isDefault: v.isDefaultValue,
				...(v.parentValue ? { parentValue: v.parentValue } : {}),
			});
		}
	}
	return out;
}
