import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DATTO_CONDITIONS, DEFAULT_DATTO_HEALTH, type DattoCondition, dattoHealthEvents, needsAssets, reportedDevice } from '../../logic/dattoHealth';
import type { DattoClient } from '../transport/client';
import { dattoPaceOption, includeHiddenOption, organizationIdsOption, readAssets, readClientIds, refuseUnknown } from './common';

const show = { show: { operation: ['deviceHealth'] } };

const number = (displayName: string, name: string, dflt: number, description: string, max?: number): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	default: dflt,
	typeOptions: { minValue: 1, ...(max ? { maxValue: max } : {}) },
	description,
});

export const properties: INodeProperties[] = [
	{
		displayName:
			'One item per appliance, agent and share, and condition: a problem (warning or error) or an OK. Connect Map Customer, then Open or Close Ticket: a problem opens one ticket, the same state on the next poll is recognised, the OK closes it.',
		name: 'deviceHealthNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Options',
		name: 'healthOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: show,
		options: [
			number('Appliance Offline After (Minutes)', 'offlineMinutes', DEFAULT_DATTO_HEALTH.offlineMinutes, 'An appliance not seen by Datto for this long is offline (Datto raises its own Device Not Seen alert at 60)'),
			{
				displayName: 'Conditions',
				name: 'conditions',
				type: 'multiOptions',
				default: [],
				description: 'Conditions to report; none chosen means all',
				options: [
					{ name: 'Agent Paused', value: 'paused', description: 'Backups of an agent or share paused in the portal' },
					{ name: 'Backup (Last Backup Failed, No Recent Snapshot)', value: 'backup' },
					{ name: 'Connectivity (Appliance Offline)', value: 'connectivity' },
					{ name: 'Local Storage', value: 'storage', description: 'Local pool fill of each appliance' },
					{ name: 'Offsite Behind', value: 'offsite' },
					{ name: 'Screenshot Verification', value: 'verification', description: "Datto's own Autotask integration does not ticket these" },
				],
			},
			includeHiddenOption,
			number('No Snapshot Within (Hours)', 'snapshotHours', DEFAULT_DATTO_HEALTH.snapshotHours, 'An agent without a local snapshot for this long is an error'),
			number('Offsite Behind After (Hours)', 'offsiteHours', DEFAULT_DATTO_HEALTH.offsiteHours, 'An agent whose latest offsite copy is older than this is a warning'),
			organizationIdsOption,
			dattoPaceOption,
			number('Storage Error At (%)', 'storageErrorPercent', DEFAULT_DATTO_HEALTH.storageErrorPercent, 'Local pool fill of an appliance that is an error', 100),
			number('Storage Warning At (%)', 'storageWarningPercent', DEFAULT_DATTO_HEALTH.storageWarningPercent, 'Local pool fill of an appliance that is a warning', 100),
		],
	},
];

interface HealthParams {
	organizationIds?: unknown;
	conditions?: DattoCondition[];
	includeHidden?: boolean;
	offlineMinutes?: number;
	snapshotHours?: number;
	offsiteHours?: number;
	storageWarningPercent?: number;
	storageErrorPercent?: number;
}

/** One poll: the device pages, then one asset read per reported appliance (none when only appliance conditions are asked for). */
export async function execute(this: IExecuteFunctions, client: DattoClient): Promise<IDataObject[]> {
	const p = this.getNodeParameter('healthOptions', 0, {}) as HealthParams;
	const warn = p.storageWarningPercent ?? DEFAULT_DATTO_HEALTH.storageWarningPercent;
	const error = p.storageErrorPercent ?? DEFAULT_DATTO_HEALTH.storageErrorPercent;
	if (warn > error) {
		throw new NodeOperationError(this.getNode(), `Storage Warning At (${warn}%) is above Storage Error At (${error}%)`, {
			description: 'Set the warning level at or below the error level',
		});
	}
	const clientIds = readClientIds(p.organizationIds);
	const conditions = (p.conditions ?? []).filter((c) => (DATTO_CONDITIONS as readonly string[]).includes(c));
	const devices = await client.allDevices();
	refuseUnknown(this, clientIds, devices);
	const options = { ...p, now: new Date(), conditions, clientIds, includeHidden: p.includeHidden === true };
	const reported = devices.filter((d) => reportedDevice(d, options));
	const assets = needsAssets(conditions) ? await readAssets(this.getNode(), client, reported) : new Map();
	return dattoHealthEvents(reported, assets, options).events as unknown as IDataObject[];
}
