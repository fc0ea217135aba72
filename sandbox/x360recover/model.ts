/**
 * The stand-in's in-memory organization: clients, appliances, vaults and protected systems (devices)
 * with the state the API reports. Plain records in our own field names; `shapes.ts` turns them into
 * the API's wire format. Times are epoch milliseconds; storage is bytes.
 */

/** Health states as the API spells them (NORMAL, WARNED and TROUBLED appear in the OpenAPI examples; PARKED is the help page's "Parked" in the same case). */
export type HealthState = 'NORMAL' | 'WARNED' | 'TROUBLED' | 'PARKED';
export const HEALTH_STATES: readonly HealthState[] = ['NORMAL', 'WARNED', 'TROUBLED', 'PARKED'];

export interface Health {
	status: HealthState;
	reason: string | null;
	/** When this state began. */
	since: number;
}

export interface X360Client {
	id: number;
	name: string;
	clientCode: string;
	active: boolean;
}

export interface Storage {
	usedBytes: number;
	driveBytes: number;
}

export interface X360Appliance {
	id: number;
	serviceId: string;
	clientId: number;
	alias: string;
	serviceType: 'HARDWARE' | 'VIRTUAL';
	tunnel: 'UP' | 'DOWN';
	lastTunnelUp: number;
	storage: Storage;
	health: Health;
	ipAddress: string;
	serverId: string;
}

export interface X360Vault {
	id: number;
	serviceId: string;
	name: string;
	type: 'Cloud' | 'Private';
	tunnel: 'UP' | 'DOWN';
	lastTunnelUp: number;
	storage: Storage;
	health: Health;
	connectivityThresholdMinutes: number;
	createdAt: number;
}

export type AutoVerifyResult = 'healthy' | 'screenshot_failed' | 'not_completed';

export interface AutoVerify {
	result: AutoVerifyResult;
	/** When the check completed. */
	at: number;
	/** The recovery point it booted. */
	rp: number;
}

export interface X360Device {
	id: number;
	name: string;
	clientId: number;
	applianceId: number;
	vaultId: number;
	type: 'SERVER' | 'WORKSTATION';
	osName: string;
	ipAddress: string;
	health: Health;
	previousHealth: Health | null;
	/** Bytes on the appliance. */
	localUsage: number;
	/** Bytes on the (cloud) vault. */
	cloudUsage: number;
	latestLocalRp: number;
	latestCloudRp: number;
	autoverify: AutoVerify;
	/** Minutes, the API's threshold values. */
	thresholds: { local: number; cloud: number; vault: number; protection: number };
	/** Ids of its two jobs: the local backup job and the replication (offsite) job. */
	backupJobId: number;
	replicationJobId: number;
	/** Minutes between backups (drives the job history and the restore-point list). */
	backupEveryMinutes: number;
	/** The last job runs failed with this message (set with a TROUBLED health through the admin API). */
	failingMessage: string | null;
}

export interface X360Organization {
	id: number;
	name: string;
	active: boolean;
	brandId: string;
	salesforceId: string;
}

export interface X360Model {
	organization: X360Organization;
	clients: X360Client[];
	appliances: X360Appliance[];
	vaults: X360Vault[];
	/** In list order: `/device` pages walk this array. */
	devices: X360Device[];
}

export const emptyModel = (): X360Model => ({
	organization: {
		id: 26,
		name: 'Sandbox MSP',
		active: true,
		brandId: 'sandbox',
		salesforceId: 'sandbox-sf-0001',
	},
	clients: [],
	appliances: [],
	vaults: [],
	devices: [],
});

const byId = <T extends { id: number }>(list: T[], id: number): T | undefined =>
	list.find((x) => x.id === id);

export const findClient = (m: X360Model, id: number) => byId(m.clients, id);
export const findAppliance = (m: X360Model, id: number) => byId(m.appliances, id);
export const findVault = (m: X360Model, id: number) => byId(m.vaults, id);
export const findDevice = (m: X360Model, id: number) => byId(m.devices, id);

export const devicesOfClient = (m: X360Model, clientId: number) =>
	m.devices.filter((d) => d.clientId === clientId);
export const devicesOfAppliance = (m: X360Model, applianceId: number) =>
	m.devices.filter((d) => d.applianceId === applianceId);
export const devicesOfVault = (m: X360Model, vaultId: number) =>
	m.devices.filter((d) => d.vaultId === vaultId);
export const appliancesOfClient = (m: X360Model, clientId: number) =>
	m.appliances.filter((a) => a.clientId === clientId);

/** The next free id above every id in the list (at least `floor`). */
export function nextId(list: { id: number }[], floor: number): number {
	return list.reduce((max, x) => Math.max(max, x.id + 1), floor);
}
