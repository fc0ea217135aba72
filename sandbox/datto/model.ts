/**
 * The stand-in's in-memory partner portal: organizations (Datto's clients), their appliances (SIRIS /
 * ALTO devices) and each appliance's protected assets (agents and shares) and alerts. Plain records in
 * our own field names; `shapes.ts` turns them into the API's wire format. Times are epoch
 * milliseconds; storage is GB as the API reports it (1 GB = 1024^3 bytes when converted, see shapes.ts).
 */

export interface DattoOrganization {
	id: number;
	name: string;
	/** The device field `clientCompanyName` (the name the device is registered under). */
	clientCompanyName: string;
}

/** A running failure: every backup since `since` failed with `message`. */
export interface BackupFailure {
	since: number;
	message: string;
}

/** The latest screenshot verification: when, whether it passed, and which snapshot it booted. */
export interface Screenshot {
	at: number;
	ok: boolean;
	snapshotAt: number;
}

export interface DattoAsset {
	kind: 'agent' | 'share';
	name: string;
	/** 32 hex characters, the asset's volume id (addressable as `/asset/{volume}`). */
	volume: string;
	assetId: number;
	os: string | null;
	agentVersion: string | null;
	localIp: string | null;
	fqdn: string | null;
	protectedVolumeNames: string[];
	unprotectedVolumeNames: string[];
	isPaused: boolean;
	isArchived: boolean;
	/** Latest successful local snapshot. */
	lastSnapshot: number;
	/** Latest snapshot synced offsite; null: never. */
	latestOffsite: number | null;
	localSnapshots: number;
	backupEveryMinutes: number;
	failure: BackupFailure | null;
	/** Agents only; null for shares and agents never screenshotted. */
	screenshot: Screenshot | null;
}

export interface DattoAlert {
	type: string;
	threshold: number;
	unit: string;
	triggeredAt: number;
	sentAt: number;
}

export interface DattoAppliance {
	serialNumber: string;
	name: string;
	model: string;
	organizationId: number;
	hidden: boolean;
	lastSeen: number;
	registeredAt: number;
	servicePeriodEnd: number;
	warrantyExpire: number;
	servicePlan: string;
	internalIP: string;
	uptimeSeconds: number;
	activeTickets: number;
	localUsedGb: number;
	localAvailableGb: number;
	offsiteUsedGb: number;
	assets: DattoAsset[];
	alerts: DattoAlert[];
}

export interface DattoModel {
	resellerCompanyName: string;
	organizations: DattoOrganization[];
	/** In list order: `/bcdr/device` pages walk this array. */
	appliances: DattoAppliance[];
}

export const emptyModel = (): DattoModel => ({
	resellerCompanyName: 'Sandbox MSP',
	organizations: [],
	appliances: [],
});

/** Exact match: the record gives no case rule for serial numbers, so the stand-in takes the strict reading. */
export const findAppliance = (m: DattoModel, serial: string): DattoAppliance | undefined =>
	m.appliances.find((a) => a.serialNumber === serial);

export const findOrganization = (m: DattoModel, id: number): DattoOrganization | undefined =>
	m.organizations.find((o) => o.id === id);

/** An asset by name (case-insensitive) or volume id. */
export const findAsset = (a: DattoAppliance, key: string): DattoAsset | undefined =>
	a.assets.find((x) => x.volume === key || x.name.toLowerCase() === key.toLowerCase());

export const appliancesOf = (m: DattoModel, organizationId: number): DattoAppliance[] =>
	m.appliances.filter((a) => a.organizationId === organizationId);
