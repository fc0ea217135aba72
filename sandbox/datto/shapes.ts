/**
 * The wire format of the Datto BCDR API v1 (field names, order and types of Datto's documented example
 * bodies): device, asset (agent or share), backup, alert; storage as `{size, units}`; device and alert
 * dates as ISO 8601 with a `+00:00` offset, asset times as unix seconds. Sources per field: README.md.
 */
import { DattoAlert, DattoAppliance, DattoAsset, DattoModel, findOrganization } from './model';

const MINUTE = 60_000;
const MAX_BACKUPS = 10;

export const STORAGE_UNITS = ['B', 'Bytes', 'KB', 'MB', 'GB', 'TB'] as const;
export type StorageUnit = (typeof STORAGE_UNITS)[number];
const POWER: Record<StorageUnit, number> = { B: 0, Bytes: 0, KB: 1, MB: 2, GB: 3, TB: 4 };

export interface ShapeOptions {
	now: number;
	/** Units of the device's local figures (`localStorageUsed`, `localStorageAvailable`) and of `offsiteStorageUsed`. */
	units: { local: StorageUnit; offsite: StorageUnit };
	/** Newer responses carry `organizationId` / `organizationName`; false leaves them out (older responses). */
	organizationFields: boolean;
}

/** `2026-03-01T12:00:00+00:00`, the form of Datto's example dates. */
export const isoDate = (ms: number): string =>
	new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

/** GB (binary multiples, as public clients read the units) in the given unit; two decimals at most. */
export function storage(gb: number, units: StorageUnit): { size: number; units: StorageUnit } {
	const size = gb * 1024 ** (POWER.GB - POWER[units]);
	return { size: Math.round(size * 100) / 100, units };
}

export function deviceShape(
	m: DattoModel,
	a: DattoAppliance,
	o: ShapeOptions,
): Record<string, unknown> {
	const org = findOrganization(m, a.organizationId);
	return {
		serialNumber: a.serialNumber,
		name: a.name,
		model: a.model,
		lastSeenDate: isoDate(a.lastSeen),
		clientCompanyName: org?.clientCompanyName ?? null,
		...(o.organizationFields
			? { organizationId: a.organizationId, organizationName: org?.name ?? null }
			: {}),
		hidden: a.hidden,
		servicePlan: a.servicePlan,
		registrationDate: isoDate(a.registeredAt),
		servicePeriod: isoDate(a.servicePeriodEnd),
		warrantyExpire: isoDate(a.warrantyExpire),
		localStorageUsed: storage(a.localUsedGb, o.units.local),
		localStorageAvailable: storage(a.localAvailableGb, o.units.local),
		offsiteStorageUsed: storage(a.offsiteUsedGb, o.units.offsite),
		internalIP: a.internalIP,
		activeTickets: a.activeTickets,
		resellerCompanyName: m.resellerCompanyName,
		agentCount: a.assets.filter((x) => x.kind === 'agent').length,
		shareCount: a.assets.filter((x) => x.kind === 'share').length,
		alertCount: a.alerts.length,
		uptime: a.uptimeSeconds,
		remoteWebUrl: `https://device.dattobackup.invalid/remote/${a.serialNumber}`,
	};
}

const screenshotUrl = (x: DattoAsset, at: number) =>
	`https://device.dattobackup.invalid/sirisReporting/image/latest/${x.volume}.png?cb=${unixSeconds(at)}`;

function failedRun(at: number, message: string) {
	return {
		timestamp: isoDate(at),
		backup: { status: 'failure', errorMessage: message },
		localVerification: { status: 'failure', errors: [] },
		advancedVerification: { screenshotVerification: null },
	};
}

function goodRun(x: DattoAsset, at: number) {
	const shot =
		x.screenshot && x.screenshot.snapshotAt === at
			? { status: x.screenshot.ok ? '1' : '', image: screenshotUrl(x, x.screenshot.at) }
			: null;
	return {
		timestamp: isoDate(at),
		backup: { status: 'success', errorMessage: null },
		localVerification: { status: 'success', errors: [] },
		advancedVerification: { screenshotVerification: shot },
	};
}

/** Newest first, at most ten: failed runs since the failure began, then the successful snapshots before it. */
export function backupsOf(x: DattoAsset, now: number): unknown[] {
	const every = x.backupEveryMinutes * MINUTE;
	const out: unknown[] = [];
	if (x.failure) {
		const runs = Math.floor(Math.max(0, now - x.failure.since) / every);
		for (let k = runs; k >= 0 && out.length < MAX_BACKUPS; k--)
			out.push(failedRun(x.failure.since + k * every, x.failure.message));
	}
	for (
		let t = x.lastSnapshot;
		out.length < MAX_BACKUPS && t > x.lastSnapshot - 400 * every;
		t -= every
	) {
		if (t <= now && (!x.failure || t < x.failure.since)) out.push(goodRun(x, t));
	}
	return out;
}

export function assetShape(x: DattoAsset, now: number): Record<string, unknown> {
	return {
		name: x.name,
		volume: x.volume,
		localIp: x.localIp,
		os: x.os,
		protectedVolumesCount: x.protectedVolumeNames.length,
		unprotectedVolumesCount: x.unprotectedVolumeNames.length,
		protectedVolumeNames: [...x.protectedVolumeNames],
		unprotectedVolumeNames: [...x.unprotectedVolumeNames],
		agentVersion: x.agentVersion,
		isPaused: x.isPaused,
		isArchived: x.isArchived,
		latestOffsite: x.latestOffsite === null ? null : unixSeconds(x.latestOffsite),
		localSnapshots: x.localSnapshots,
		lastSnapshot: unixSeconds(x.lastSnapshot),
		lastScreenshotAttempt: x.screenshot ? unixSeconds(x.screenshot.at) : 0,
		lastScreenshotAttemptStatus: x.screenshot?.ok ?? false,
		lastScreenshotUrl: x.screenshot ? screenshotUrl(x, x.screenshot.at) : null,
		fqdn: x.fqdn,
		backups: backupsOf(x, now),
		type: x.kind,
		assetId: x.assetId,
	};
}

export const alertShape = (a: DattoAlert) => ({
	type: a.type,
	threshold: a.threshold,
	unit: a.unit,
	dateTriggered: isoDate(a.triggeredAt),
	dateSent: isoDate(a.sentAt),
});
