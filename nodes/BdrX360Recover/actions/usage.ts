import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { X360Appliance } from '../../logic/x360Records';
import { usageEvents } from '../../logic/x360Usage';
import { readClientIds, type OperationText, operationParameters } from '../../sources/parameters';
import type { X360RecoverClient } from '../transport/client';
import {
	clientIdsOption,
	readClients,
	refuseUnknownClients,
	requestsPerSecondOption,
} from './common';

export const operation: OperationText = {
	action: 'Get usage per client',
	description: 'Licences and storage per client as usage reports for Sync Billing',
};

export const properties: INodeProperties[] = operationParameters(
	'usage',
	'One usage report per client: server and workstation licences (protected systems), appliances, local and offsite storage in bytes. Connect Map Customer, then Sync Billing. A client with no systems reports zeros.',
	[
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
);

export async function execute(
	this: IExecuteFunctions,
	client: X360RecoverClient,
): Promise<IDataObject[]> {
	const p = this.getNodeParameter('usageOptions', 0, {}) as {
		clientIds?: unknown;
		countParked?: boolean;
	};
	const clientIds = readClientIds(p.clientIds);
	const clients = await readClients(client);
	refuseUnknownClients(this.getNode(), clientIds, clients);
	const appliances = await client.list<X360Appliance>('/appliance', { include_devices: false });
	const devices = await client.allDevices();
	return usageEvents(clients, devices, appliances, {
		now: new Date(),
		clientIds,
		countParked: p.countParked,
	}) as unknown as IDataObject[];
}
