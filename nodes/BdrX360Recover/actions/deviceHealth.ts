import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import {
	type DeviceDetail,
	DEFAULT_HEALTH_OPTIONS,
	devicesNeedingDetail,
	type HealthOptions,
	healthEvents,
	lastFailedRun,
	X360_CONDITIONS,
	type X360Condition,
} from '../../logic/x360Health';
import type {
	X360Appliance,
	X360Device,
	X360DeviceJob,
	X360JobRun,
	X360Vault,
} from '../../logic/x360Records';
import { included } from '../../logic/sourceEvents';
import {
	numberOption,
	readClientIds,
	readConditions,
	readStorageLevels,
	type OperationText,
	conditionsOption,
	operationParameters,
} from '../../sources/parameters';
import { sourceNodeError } from '../../sources/n8n';
import { SourceApiError } from '../../sources/reader';
import type { X360RecoverClient } from '../transport/client';
import {
	clientIdsOption,
	readClients,
	refuseUnknownClients,
	requestsPerSecondOption,
} from './common';

const PERCENT = { minValue: 1, maxValue: 100 };

export const operation: OperationText = {
	action: 'Get health of every device',
	description:
		'The current state of every protected system, appliance and private vault as BDR events (problems and OKs)',
};

export const properties: INodeProperties[] = operationParameters(
	'deviceHealth',
	'One item per protected system, appliance and private vault, and condition: a problem (warning or error) or an OK. Connect Map Customer, then Open or Close Ticket: a problem opens one ticket, a repeat is recognised by its event ID, the OK closes it.',
	[
		numberOption(
			'Appliance Offline After (Minutes)',
			'applianceOfflineMinutes',
			60,
			'An appliance whose tunnel has been down this long is offline. x360Recover publishes no appliance threshold; private vaults use their own connectivity threshold.',
		),
		clientIdsOption,
		conditionsOption([
			{
				name: 'AutoVerify (Screenshot Verification)',
				value: 'verification',
				description: 'The latest AutoVerify of each protected system',
			},
			{
				name: 'Backup (Local)',
				value: 'backup',
				description: 'Local backup jobs and the system health x360Recover reports',
			},
			{
				name: 'Connectivity',
				value: 'connectivity',
				description: 'Appliance tunnel or private vault offline',
			},
			{
				name: 'Offsite / Vault',
				value: 'offsite',
				description: 'Replication to the cloud or a private vault',
			},
			{ name: 'Storage', value: 'storage', description: 'Appliance and private vault pool fill' },
		]),
		numberOption(
			'Failure Details At Most',
			'maxDetailCalls',
			25,
			'Read the last failed run of at most this many systems in backup trouble per run (one call each), to quote its error in the ticket. 0 reads none.',
		),
		requestsPerSecondOption,
		numberOption(
			'Storage Error At (%)',
			'storageErrorPercent',
			95,
			'Pool fill of an appliance or private vault that is an error',
			PERCENT,
		),
		numberOption(
			'Storage Warning At (%)',
			'storageWarningPercent',
			85,
			'Pool fill of an appliance or private vault that is a warning',
			PERCENT,
		),
		numberOption(
			'Vault Offline After (Minutes)',
			'vaultOfflineMinutes',
			240,
			'For a private vault that reports no connectivity threshold of its own',
		),
	],
);

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

/** The options as the logic takes them; a warning level above the error level is refused before any read. */
function healthOptions(node: INode, p: HealthParams): HealthOptions {
	return {
		now: new Date(),
		conditions: readConditions(p.conditions, X360_CONDITIONS),
		clientIds: readClientIds(p.clientIds),
		...readStorageLevels(node, p, DEFAULT_HEALTH_OPTIONS),
		applianceOfflineMinutes: p.applianceOfflineMinutes,
		vaultOfflineMinutes: p.vaultOfflineMinutes,
	};
}

/** The last failed run of one system's troubled job, read from its job history of the last day. */
async function readDetail(
	node: INode,
	client: X360RecoverClient,
	device: X360Device,
	job: X360DeviceJob,
	now: Date,
): Promise<DeviceDetail> {
	try {
		const runs = await client.list<X360JobRun>(
			`/client/${device.client_id}/device/${device.id}/job/${job.id}/history`,
			{
				limit: 50,
				starttime_begin: Math.floor(now.getTime() / 1000) - HISTORY_WINDOW_S,
			},
		);
		return { jobId: job.id, lastFailedRun: lastFailedRun(runs) };
	} catch (failure) {
		// Job history is the least reliable endpoint: its failure costs the quote, never the event.
		// A refused key or a lost network is not the endpoint's fault, and would fail every other read too.
		if (
			failure instanceof SourceApiError &&
			(failure.kind === 'auth' || failure.kind === 'network')
		)
			throw sourceNodeError(node, failure);
		return { jobId: job.id, error: failure instanceof Error ? failure.message : String(failure) };
	}
}

/** One detail read per system in backup trouble, at most `budget` of them (one call each); the rest are named as not read. */
async function readDetails(
	node: INode,
	client: X360RecoverClient,
	devices: X360Device[],
	options: HealthOptions,
	budget: number,
): Promise<Map<number, DeviceDetail>> {
	const details = new Map<number, DeviceDetail>();
	for (const [index, { device, job }] of devicesNeedingDetail({ devices }, options).entries()) {
		if (job === undefined) continue;
		details.set(
			device.id,
			index < budget
				? await readDetail(node, client, device, job, options.now)
				: {
						jobId: job.id,
						error: `not read: more than ${budget} systems in backup trouble this run (Failure Details At Most)`,
					},
		);
	}
	return details;
}

/** The events of one poll; the items of a client whose detail read failed still go out, with the failure named. */
export async function execute(
	this: IExecuteFunctions,
	client: X360RecoverClient,
): Promise<IDataObject[]> {
	const p = this.getNodeParameter('healthOptions', 0, {}) as HealthParams;
	const options = healthOptions(this.getNode(), p);
	const clients = await readClients(client);
	refuseUnknownClients(this.getNode(), options.clientIds ?? [], clients);
	// Appliances and private vaults report only connectivity and storage: not read when neither is asked for.
	const needsPools = included(options, 'connectivity') || included(options, 'storage');
	const appliances = needsPools
		? await client.list<X360Appliance>('/appliance', { include_devices: false })
		: [];
	// Private vaults only (Cloud vaults are Axcient's); their device list says which clients they serve.
	const vaults = needsPools
		? await client.list<X360Vault>('/vault', { vault_type: 'Private', include_devices: true })
		: [];
	const devices = await client.allDevices();
	const details = await readDetails(
		this.getNode(),
		client,
		devices,
		options,
		Math.max(0, Math.floor(p.maxDetailCalls ?? 25)),
	);
	return healthEvents({ clients, appliances, vaults, devices, details }, options)
		.events as unknown as IDataObject[];
}
