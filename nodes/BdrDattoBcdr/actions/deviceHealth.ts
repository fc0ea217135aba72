import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	DATTO_CONDITIONS,
	DEFAULT_DATTO_HEALTH,
	type DattoCondition,
	dattoHealthEvents,
	needsAssets,
	reportedDevice,
} from '../../logic/dattoHealth';
import type { DattoClient } from '../transport/client';
import {
	numberOption,
	readClientIds,
	readConditions,
	readStorageLevels,
	type OperationText,
	conditionsOption,
	operationParameters,
} from '../../sources/parameters';
import {
	dattoPaceOption,
	includeHiddenOption,
	organizationIdsOption,
	readAssets,
	refuseUnknownOrganizations,
} from './common';

const hoursOrMinutes = { minValue: 1 };
const PERCENT = { minValue: 1, maxValue: 100 };
const D = DEFAULT_DATTO_HEALTH;

export const operation: OperationText = {
	action: 'Get health of every appliance and agent',
	description:
		'The current state of every appliance, agent and share as BDR events (problems and OKs)',
};

export const properties: INodeProperties[] = operationParameters(
	'deviceHealth',
	'One item per appliance, agent and share, and condition: a problem (warning or error) or an OK. Connect Map Customer, then Open or Close Ticket: a problem opens one ticket, the same state on the next poll is recognised, the OK closes it.',
	[
		numberOption(
			'Appliance Offline After (Minutes)',
			'offlineMinutes',
			D.offlineMinutes,
			'An appliance not seen by Datto for this long is offline (Datto raises its own Device Not Seen alert at 60)',
			hoursOrMinutes,
		),
		conditionsOption([
			{
				name: 'Agent Paused',
				value: 'paused',
				description: 'Backups of an agent or share paused in the portal',
			},
			{ name: 'Backup (Last Backup Failed, No Recent Snapshot)', value: 'backup' },
			{ name: 'Connectivity (Appliance Offline)', value: 'connectivity' },
			{ name: 'Local Storage', value: 'storage', description: 'Local pool fill of each appliance' },
			{ name: 'Offsite Behind', value: 'offsite' },
			{
				name: 'Screenshot Verification',
				value: 'verification',
				description: "Datto's own Autotask integration does not ticket these",
			},
		]),
		includeHiddenOption,
		numberOption(
			'No Snapshot Within (Hours)',
			'snapshotHours',
			D.snapshotHours,
			'An agent without a local snapshot for this long is an error',
			hoursOrMinutes,
		),
		numberOption(
			'Offsite Behind After (Hours)',
			'offsiteHours',
			D.offsiteHours,
			'An agent whose latest offsite copy is older than this is a warning',
			hoursOrMinutes,
		),
		organizationIdsOption,
		dattoPaceOption,
		numberOption(
			'Storage Error At (%)',
			'storageErrorPercent',
			D.storageErrorPercent,
			'Local pool fill of an appliance that is an error',
			PERCENT,
		),
		numberOption(
			'Storage Warning At (%)',
			'storageWarningPercent',
			D.storageWarningPercent,
			'Local pool fill of an appliance that is a warning',
			PERCENT,
		),
	],
);

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
export async function execute(
	this: IExecuteFunctions,
	client: DattoClient,
): Promise<IDataObject[]> {
	const p = this.getNodeParameter('healthOptions', 0, {}) as HealthParams;
	const levels = readStorageLevels(this.getNode(), p, DEFAULT_DATTO_HEALTH);
	const clientIds = readClientIds(p.organizationIds);
	const conditions = readConditions(p.conditions, DATTO_CONDITIONS);
	const devices = await client.allDevices();
	refuseUnknownOrganizations(this.getNode(), clientIds, devices);
	const options = {
		...p,
		...levels,
		now: new Date(),
		conditions,
		clientIds,
		includeHidden: p.includeHidden === true,
	};
	const reported = devices.filter((d) => reportedDevice(d, options));
	const assets = needsAssets(conditions)
		? await readAssets(this.getNode(), client, reported)
		: new Map();
	return dattoHealthEvents(reported, assets, options).events as unknown as IDataObject[];
}
