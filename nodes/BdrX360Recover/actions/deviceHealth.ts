import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	type DeviceDetail,
	DEFAULT_HEALTH_OPTIONS,
	devicesNeedingDetail,
	healthEvents,
	lastFailedRun,
	X360_CONDITIONS,
	type X360Condition,
} from '../../logic/x360Health';
import type { X360Appliance, X360JobRun, X360Vault } from '../../logic/x360Records';
import { toNodeError } from '../transport';
import { X360ApiError, type X360RecoverClient } from '../transport/client';
import { clientIdsOption, readClientIds, readClients, requestsPerSecondOption, unknownClientIds } from './common';

const show = { show: { operation: ['deviceHealth'] } };

export const properties: INodeProperties[] = [
	{
		displayName:
			'One item per protected system, appliance and private vault, and condition: a problem (warning or error) or an OK. Connect Map Customer, then Open or Close Ticket: a problem opens one ticket, a repeat is recognised by its event ID, the OK closes it.',
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
			{
				displayName: 'Appliance Offline After (Minutes)',
				name: 'applianceOfflineMinutes',
				type: 'number',
				default: 60,
				typeOptions: { minValue: 0 },
				description: "An appliance whose tunnel has been down this long is offline. x360Recover publishes no appliance threshold; private vaults use their own connectivity threshold.",
			},
			clientIdsOption,
			{
				displayName: 'Conditions',
				name: 'conditions',
				type: 'multiOptions',
				default: [],
				description: 'Conditions to report; none chosen means all',
				options: [
					{ name: 'AutoVerify (Screenshot Verification)', value: 'verification', description: 'The latest AutoVerify of each protected system' },
					{ name: 'Backup (Local)', value: 'backup', description: 'Local backup jobs and the system health x360Recover reports' },
					{ name: 'Connectivity', value: 'connectivity', description: 'Appliance tunnel or private vault offline' },
					{ name: 'Offsite / Vault', value: 'offsite', description: 'Replication to the cloud or a private vault' },
					{ name: 'Storage', value: 'storage', description: 'Appliance and private vault pool fill' },
				],
			},
			{
				displayName: 'Failure Details At Most',
				name: 'maxDetailCalls',
				type: 'number',
				default: 25,
				typeOptions: { minValue: 0 },
				description:
					'Read the last failed run of at most this many systems in backup trouble per run (one call each), to quote its error in the ticket. 0 reads none.',
			},
			requestsPerSecondOption,
			{
				displayName: 'Storage Error At (%)',
				name: 'storageErrorPercent',
				type: 'number',
				default: 95,
				typeOptions: { minValue: 1, maxValue: 100 },
				description: 'Pool fill of an appliance or private vault that is an error',
			},
			{
				displayName: 'Storage Warning At (%)',
				name: 'storageWarningPercent',
				type: 'number',
				default: 85,
				typeOptions: { minValue: 1, maxValue: 100 },
				description: 'Pool fill of an appliance or private vault that is a warning',
			},
			{
				displayName: 'Vault Offline After (Minutes)',
				name: 'vaultOfflineMinutes',
				type: 'number',
				default: 240,
				typeOptions: { minValue: 0 },
				description: 'For a private vault that reports no connectivity threshold of its own',
			},
		],
	},
];

interface HealthParams {
	clientIds?: unknown;
	conditions?: X360Condition[];
	storageWarningPercent?: number;
	storageErrorPercent?: number;
	applianceOfflineMinutes?: number;
	vaultOfflineMinutes?: number;
	maxDetailCalls?: number;
}

const HISTORY_WINDOW_S = 24 * 3600;

/** The events of one poll; the items of a client whose detail read failed still go out, with the failure named. */
export async function execute(this: IExecuteFunctions, client: X360RecoverClient): Promise<IDataObject[]> {
	const p = this.getNodeParameter('healthOptions', 0, {}) as HealthParams;
	const clientIds = readClientIds(p.clientIds);
	const conditions = (p.conditions ?? []).filter((c) => (X360_CONDITIONS as readonly string[]).includes(c));
	const wants = (c: X360Condition) => conditions.length === 0 || conditions.includes(c);
	const warn = p.storageWarningPercent ?? DEFAULT_HEALTH_OPTIONS.storageWarningPercent;
	const error = p.storageErrorPercent ?? DEFAULT_HEALTH_OPTIONS.storageErrorPercent;
	if (warn > error) {
		throw new NodeOperationError(this.getNode(), `Storage Warning At (${warn}%) is above Storage Error At (${error}%)`, {
			description: 'Set the warning level at or below the error level',
		});
	}

	const clients = await readClients(client);
	const unknown = unknownClientIds(clientIds, clients);
	if (unknown.length) {
		throw new NodeOperationError(this.getNode(), `x360Recover has no client with ID ${unknown.join(', ')}`, {
			description: 'Pick the clients from the list in Options → Client Names or IDs, or remove the ones that no longer exist',
		});
	}
	const needsPools = wants('connectivity') || wants('storage');
	const appliances = needsPools ? await client.list<X360Appliance>('/appliance', { include_devices: false }) : [];
	// Private vaults only (Cloud vaults are Axcient's); their device list says which clients they serve.
	const vaults = needsPools ? await client.list<X360Vault>('/vault', { vault_type: 'Private', include_devices: true }) : [];
	const devices = await client.allDevices();

	const options = {
		now: new Date(),
		conditions,
		clientIds,
		storageWarningPercent: warn,
		storageErrorPercent: error,
		applianceOfflineMinutes: p.applianceOfflineMinutes,
		vaultOfflineMinutes: p.vaultOfflineMinutes,
	};
	const details = new Map<number, DeviceDetail>();
	const troubled = devicesNeedingDetail({ devices }, options);
	const budget = Math.max(0, Math.floor(p.maxDetailCalls ?? 25));
	for (const [index, { device, job }] of troubled.entries()) {
		if (job === undefined) continue;
		if (index >= budget) {
			details.set(device.id, { jobId: job.id, error: `not read: more than ${budget} systems in backup trouble this run (Failure Details At Most)` });
			continue;
		}
		try {
			const since = Math.floor(options.now.getTime() / 1000) - HISTORY_WINDOW_S;
			const runs = await client.list<X360JobRun>(`/client/${device.client_id}/device/${device.id}/job/${job.id}/history`, {
				limit: 50,
				starttime_begin: since,
			});
			details.set(device.id, { jobId: job.id, lastFailedRun: lastFailedRun(runs) });
		} catch (failure) {
			// Job history is the least reliable endpoint: its failure costs the quote, never the event.
			if (failure instanceof X360ApiError && (failure.kind === 'auth' || failure.kind === 'network')) throw toNodeError(this.getNode(), failure);
			details.set(device.id, { jobId: job.id, error: failure instanceof Error ? failure.message : String(failure) });
		}
	}

	const result = healthEvents({ clients, appliances, vaults, devices, details }, options);
	return result.events as unknown as IDataObject[];
}
