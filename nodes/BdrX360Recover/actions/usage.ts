import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { X360Appliance } from '../../logic/x360Records';
import { usageEvents } from '../../logic/x360Usage';
import type { X360RecoverClient } from '../transport/client';
import { clientIdsOption, readClientIds, readClients, requestsPerSecondOption, unknownClientIds } from './common';

const show = { show: { operation: ['usage'] } };

export const properties: INodeProperties[] = [
	{
		displayName:
			'One usage report per client: server and workstation licences (protected systems), appliances, local and offsite storage in bytes. Connect Map Customer, then Sync Billing. A client with no systems reports zeros.',
		name: 'usageNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Options',
		name: 'usageOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: show,
		options: [
			clientIdsOption,
			{
				displayName: 'Count Parked Systems',
				name: 'countParked',
				type: 'boolean',
				default: true,
				description: 'Whether a parked protected system (replication off) still counts as a licence',
			},
			requestsPerSecondOption,
		],
	},
];

export async function execute(this: IExecuteFunctions, client: X360RecoverClient): Promise<IDataObject[]> {
	const p = this.getNodeParameter('usageOptions', 0, {}) as { clientIds?: unknown; countParked?: boolean };
	const clientIds = readClientIds(p.clientIds);
	const clients = await readClients(client);
	const unknown = unknownClientIds(clientIds, clients);
	if (unknown.length) {
		throw new NodeOperationError(this.getNode(), `x360Recover has no client with ID ${unknown.join(', ')}`, {
			description: 'Pick the clients from the list in Options → Client Names or IDs, or remove the ones that no longer exist',
		});
	}
	const appliances = await client.list<X360Appliance>('/appliance', { include_devices: false });
	const devices = await client.allDevices();
	return usageEvents(clients, devices, appliances, { now: new Date(), clientIds, countParked: p.countParked }) as unknown as IDataObject[];
}
