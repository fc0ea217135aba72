import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { byNameThenId, clientListItem } from '../../logic/sourceEvents';
import { type OperationText, operationParameters } from '../../sources/parameters';
import type { X360RecoverClient } from '../transport/client';
import { readClients } from './common';

export const operation: OperationText = {
	action: 'List clients',
	description: "ID and name of every client, e.g. for Map Customer's Suggest Mappings",
};

export const properties: INodeProperties[] = operationParameters('listClients', undefined, [
	{
		displayName: 'Include Inactive Clients',
		name: 'includeInactive',
		type: 'boolean',
		default: false,
		description: 'Whether to list clients x360Recover marks inactive too',
	},
]);

/** The clients for the editor's picker. */
export async function pickerEntries(
	client: X360RecoverClient,
): Promise<Array<{ id: string; name?: string }>> {
	return (await readClients(client)).map((c) => ({ id: String(c.id), name: c.name }));
}

/** One item per client: `customer.id` / `customer.name` are what Map Customer reads by default. */
export async function execute(
	this: IExecuteFunctions,
	client: X360RecoverClient,
): Promise<IDataObject[]> {
	const options = this.getNodeParameter('listOptions', 0, {}) as { includeInactive?: boolean };
	const clients = await readClients(client);
	// `active` is documented as a boolean; one public client types it 0/1.
	const isActive = (value: unknown) =>
		value === undefined ||
		value === null ||
		value === true ||
		value === 1 ||
		value === '1' ||
		value === 'true';
	return clients
		.filter((c) => options.includeInactive === true || isActive(c.active))
		.sort(
			byNameThenId(
				(c) => String(c.name ?? ''),
				(c) => c.id,
			),
		)
		.map((c) =>
			clientListItem(c.id, c.name, {
				clientId: c.id,
				name: c.name ?? '',
				clientCode: c.client_code ?? null,
				active: isActive(c.active),
				healthStatus: c.health_status ?? null,
				devicesCounters: (c.devices_counters ?? null) as IDataObject | null,
			}),
		);
}
