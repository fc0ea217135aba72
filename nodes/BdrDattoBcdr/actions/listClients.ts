import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { byNameThenId, clientListItem } from '../../logic/sourceEvents';
import { organizationOf } from '../../logic/dattoRecords';
import type { DattoClient } from '../transport/client';
import { type OperationText, operationParameters } from '../../sources/parameters';
import { includeHiddenOption, organizationsOf } from './common';

export const operation: OperationText = {
	action: 'List organizations',
	description:
		"ID and name of every organization with an appliance, e.g. for Map Customer's Suggest Mappings",
};

export const properties: INodeProperties[] = operationParameters('listClients', undefined, [
	includeHiddenOption,
]);

/** The organizations for the editor's picker. */
export async function pickerEntries(
	client: DattoClient,
): Promise<Array<{ id: string; name?: string }>> {
	return [...organizationsOf(await client.allDevices())].map(([id, name]) => ({ id, name }));
}

/** One item per organization with an appliance: its id (or client company name where the API gives none) and name. */
export async function execute(
	this: IExecuteFunctions,
	client: DattoClient,
): Promise<IDataObject[]> {
	const options = this.getNodeParameter('listOptions', 0, {}) as { includeHidden?: boolean };
	const orgs = new Map<
		string,
		{
			id: string;
			name?: string;
			clientCompanyName: string | null;
			serialNumbers: string[];
			idFromName: boolean;
		}
	>();
	for (const device of await client.allDevices()) {
		if (device.hidden === true && options.includeHidden !== true) continue;
		const org = organizationOf(device);
		if (!org) continue;
		const entry = orgs.get(org.id) ?? {
			...org,
			clientCompanyName: device.clientCompanyName ?? null,
			serialNumbers: [],
			idFromName: device.organizationId === undefined || device.organizationId === null,
		};
		entry.serialNumbers.push(device.serialNumber);
		orgs.set(org.id, entry);
	}
	return [...orgs.values()]
		.sort(
			byNameThenId(
				(o) => o.name ?? '',
				(o) => o.id,
			),
		)
		.map((o) =>
			clientListItem(o.id, o.name, {
				organizationId: o.idFromName ? null : o.id,
				name: o.name ?? '',
				clientCompanyName: o.clientCompanyName,
				appliances: o.serialNumbers.length,
				serialNumbers: o.serialNumbers,
			}),
		);
}
