import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AutotaskClient } from '../../autotask/client';

/** Each list the node can retrieve: its label in the editor and the Tickets field whose picklist it is (by label). */
const LISTS: Record<string, { label: string; field: string }> = {
	issueTypes: { label: 'Issue Types', field: 'issueType' },
	priorities: { label: 'Priorities', field: 'priority' },
	queues: { label: 'Queues', field: 'queueID' },
	sources: { label: 'Sources', field: 'source' },
	statuses: { label: 'Statuses', field: 'status' },
	subIssueTypes: { label: 'Sub-Issue Types', field: 'subIssueType' },
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Settings',
		name: 'settings',
		type: 'multiOptions',
		default: ['queues', 'priorities', 'statuses'],
		displayOptions: { show: { operation: ['listTicketSettings'] } },
		description: 'Which ticket lists to retrieve (the Retrieve buttons of the ticket settings)',
		options: Object.entries(LISTS).map(([value, { label }]) => ({ name: label, value })),
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: AutotaskClient,
	itemIndex: number,
): Promise<IDataObject[]> {
	const settings = this.getNodeParameter('settings', itemIndex, []) as string[];
	const out: IDataObject[] = [];
	for (const setting of settings) {
		const list = await client.picklist('Tickets', LISTS[setting]?.field as string);
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
