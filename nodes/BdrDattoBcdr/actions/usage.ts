import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { reportedDevice } from '../../logic/dattoHealth';
import type { DattoAsset } from '../../logic/dattoRecords';
import { dattoUsageEvents } from '../../logic/dattoUsage';
import type { DattoClient } from '../transport/client';
import { operationParameters, readClientIds, type OperationText } from '../../sources/parameters';
import {
	dattoPaceOption,
	includeHiddenOption,
	organizationIdsOption,
	readAssets,
	refuseUnknownOrganizations,
} from './common';

export const operation: OperationText = {
	action: 'Get usage per organization',
	description: 'Appliances, agents and storage per organization as usage reports for Sync Billing',
};

export const properties: INodeProperties[] = operationParameters(
	'usage',
	'One usage report per organization: appliances, protected agents (server or workstation by their OS), local and offsite storage in bytes. Connect Map Customer, then Sync Billing (storage rows in binary GB, as Datto counts them).',
	[includeHiddenOption, organizationIdsOption, dattoPaceOption],
);

export async function execute(
	this: IExecuteFunctions,
	client: DattoClient,
): Promise<IDataObject[]> {
	const p = this.getNodeParameter('usageOptions', 0, {}) as {
		organizationIds?: unknown;
		includeHidden?: boolean;
	};
	const clientIds = readClientIds(p.organizationIds);
	const devices = await client.allDevices();
	refuseUnknownOrganizations(this.getNode(), clientIds, devices);
	const options = { now: new Date(), clientIds, includeHidden: p.includeHidden === true };
	const reported = devices.filter((d) => reportedDevice(d, options));
	const assets = new Map<string, DattoAsset[]>();
	for (const [serial, read] of await readAssets(this.getNode(), client, reported)) {
		if (!Array.isArray(read)) {
			// A usage report missing an appliance's agents would bill too little: refuse the run instead.
			throw new NodeOperationError(
				this.getNode(),
				`The agents of Datto appliance ${serial} could not be read: ${read.error}`,
				{
					description:
						'Nothing was reported, so nothing is billed from a partial count. The next scheduled run tries again.',
				},
			);
		}
		assets.set(serial, read);
	}
	const { events, badUnits } = dattoUsageEvents(reported, assets, options);
	if (badUnits.length) {
		throw new NodeOperationError(
			this.getNode(),
			`Datto reported storage in a unit this node does not know: ${badUnits.map((b) => `${b.serialNumber} ${b.field} "${b.units}"`).join(', ')}`,
			{
				description:
					'Known units: B, Bytes, KB, MB, GB, TB (and KiB…TiB). Nothing was reported, so nothing is billed in a wrong unit; please open an issue with the answer.',
			},
		);
	}
	return events as unknown as IDataObject[];
}
