/**
 * Datto BCDR health → our normalised events (pure: no n8n, no HTTP).
 *
 * Every poll reports the current state of every (organization, appliance or agent, condition) as a
 * problem or an OK, as public pollers derive it (veeemlab/datto-bcdr-mcp `src/health.ts`): appliance
 * offline by last-seen age, local storage fill, last backup failed, no snapshot within N hours,
 * offsite behind, screenshot verification failed, agent paused. The eventId is built from the
 * state and the vendor time of that state; the message stays the same while the state lasts.
 */
import type { EventType } from './eventTypes';
import { type Signal, clientFilter, formatBytes, minutesSince, pickWorst, stateEvent } from './sourceEvents';
import {
	type DattoAsset,
	type DattoDevice,
	backupsNewestFirst,
	dattoTime,
	isShare,
	organizationOf,
	storageBytes,
} from './dattoRecords';

export const DATTO_CONDITIONS = ['connectivity', 'storage', 'backup', 'offsite', 'verification', 'paused'] as const;
export type DattoCondition = (typeof DATTO_CONDITIONS)[number];
/** The contract's condition for each: a paused agent is `other:paused`. */
type EventCondition = Exclude<DattoCondition, 'paused'> | 'other:paused';

export const DATTO_SOURCE = 'datto';

export const DEFAULT_DATTO_HEALTH = {
	offlineMinutes: 60,
	storageWarningPercent: 85,
	storageErrorPercent: 95,
	snapshotHours: 24,
	offsiteHours: 48,
} as const;

export interface DattoHealthOptions {
	now: Date;
	conditions?: readonly DattoCondition[];
	/** Organization ids (or client company names where the API gives no id); empty = all. */
	clientIds?: readonly string[];
	offlineMinutes?: number;
	storageWarningPercent?: number;
	storageErrorPercent?: number;
	snapshotHours?: number;
	offsiteHours?: number;
	includeHidden?: boolean;
}

/** The assets of an appliance, or why they could not be read (its agents are then not reported). */
export type AssetRead = DattoAsset[] | { error: string };

export interface DattoTrace {
	record: 'appliance' | 'agent' | 'share';
	serialNumber: string;
	organizationId?: string;
	asset?: string;
	volume?: string;
	/** The vendor time the eventId was built from ('' when none). */
	vendorTimestamp: string;
	lastSeen?: string;
	storage?: { usedBytes: number; availableBytes: number; percent: number };
	lastSnapshot?: string;
	latestOffsite?: string;
	lastScreenshotAttempt?: string;
	screenshotUrl?: string;
	errorMessage?: string;
	remoteWebUrl?: string;
}

const DAY_TYPES: Record<EventCondition, [problem: EventType, ok: EventType]> = {
	connectivity: ['appliance_offline', 'appliance_offline'],
	storage: ['storage_threshold', 'storage_threshold'],
	backup: ['backup_failed', 'backup_succeeded'],
	offsite: ['offsite_replication_behind', 'offsite_replication_behind'],
	verification: ['verification_failed', 'verification_failed'],
	'other:paused': ['other', 'other'],
};

const hours = (n: number) => `${n} hour${n === 1 ? '' : 's'}`;

interface Context {
	options: DattoHealthOptions;
	receivedAt: string;
	customer: { id: string; name?: string };
	device: DattoDevice;
	applianceName: string;
}

function event(ctx: Context, condition: EventCondition, signal: Signal | undefined, okText: string, okTimestamp: string, trace: DattoTrace, machine?: { id: string; name: string }) {
	const type = signal?.reason === 'NO_SNAPSHOT' ? 'no_recent_backup' : DAY_TYPES[condition][signal ? 0 : 1];
	trace.vendorTimestamp = signal ? signal.timestamp : okTimestamp;
	const where = machine ? `${machine.name} on ${ctx.applianceName}` : ctx.applianceName;
	return stateEvent({
		idPrefix: DATTO_SOURCE,
		scope: [`o${ctx.customer.id}`, ctx.device.serialNumber, ...(machine ? [machine.id] : [])],
		receivedAt: ctx.receivedAt,
		customer: ctx.customer,
		device: { id: ctx.device.serialNumber, name: ctx.applianceName, serial: ctx.device.serialNumber },
		...(machine ? { machine } : {}),
		condition,
		signal,
		message: `Datto: ${signal ? signal.text : okText.replace('{where}', where)}.`,
		type,
		okTimestamp,
		traceKey: 'datto',
		trace,
	});
}

export type DattoEvent = ReturnType<typeof event>;

function applianceEvents(ctx: Context, wants: (c: DattoCondition) => boolean): { events: DattoEvent[]; offline: boolean } {
	const { device, options } = ctx;
	const o = { ...DEFAULT_DATTO_HEALTH, ...strip(options) };
	const events: DattoEvent[] = [];
	const lastSeen = dattoTime(device.lastSeenDate);
	const downFor = minutesSince(lastSeen, options.now);
	const offline = lastSeen === undefined || (downFor ?? 0) >= o.offlineMinutes;
	const base = (): DattoTrace => ({
		record: 'appliance',
		serialNumber: device.serialNumber,
		organizationId: ctx.customer.id,
		vendorTimestamp: '',
		...(lastSeen ? { lastSeen } : {}),
		...(device.remoteWebUrl ? { remoteWebUrl: device.remoteWebUrl } : {}),
	});
	if (wants('connectivity')) {
		const signal: Signal | undefined = offline
			? {
					severity: 'error',
					state: 'OFFLINE',
					reason: 'DEVICE_OFFLINE',
					timestamp: lastSeen ?? '',
					...(lastSeen ? { failingSince: lastSeen } : {}),
					text: `appliance ${ctx.applianceName} (${device.serialNumber}) is offline: ${lastSeen ? `last seen ${lastSeen}` : 'never seen'}, not seen for ${o.offlineMinutes} minutes or more`,
				}
			: undefined;
		events.push(event(ctx, 'connectivity', signal, 'appliance {where} is online', lastSeen ?? '', base()));
	}
	if (wants('storage')) {
		const used = storageBytes(device.localStorageUsed) ?? 0;
		const available = storageBytes(device.localStorageAvailable) ?? 0;
		const total = used + available;
		const percent = total > 0 ? Math.round((used / total) * 1000) / 10 : 0;
		const band = percent >= o.storageErrorPercent ? 'error' : percent >= o.storageWarningPercent ? 'warning' : 'ok';
		const at = band === 'error' ? o.storageErrorPercent : o.storageWarningPercent;
		const signal: Signal | undefined =
			band === 'ok'
				? undefined
				: {
						severity: band,
						state: `OVER_${at}_PERCENT`,
						reason: 'LOCAL_STORAGE_HIGH',
						timestamp: '',
						// Stable while the band lasts (the exact fill is in datto.storage): a growing pool is not news.
						text: `local storage of appliance ${ctx.applianceName} (${device.serialNumber}) is ${at}% full or more (${band} threshold) on a ${formatBytes(total)} pool`,
					};
		const trace = { ...base(), storage: { usedBytes: used, availableBytes: available, percent } };
		events.push(event(ctx, 'storage', signal, `local storage of {where} is below ${o.storageWarningPercent}% full`, lastSeen ?? '', trace));
	}
	return { events, offline };
}

function failingSinceOf(backups: ReturnType<typeof backupsNewestFirst>): string | undefined {
	// The oldest failure of the newest run of failures, when a success before it shows where it began.
	let oldestFailed: string | undefined;
	for (const b of backups) {
		if (String(b.backup?.status ?? '').toLowerCase() === 'success') return oldestFailed;
		oldestFailed = dattoTime(b.timestamp) ?? oldestFailed;
	}
	return undefined;
}

function assetEvents(ctx: Context, asset: DattoAsset, wants: (c: DattoCondition) => boolean): DattoEvent[] {
	const { options } = ctx;
	const o = { ...DEFAULT_DATTO_HEALTH, ...strip(options) };
	const name = String(asset.name ?? asset.volume ?? 'asset');
	const machine = { id: String(asset.volume || asset.name || 'asset'), name };
	const share = isShare(asset);
	const kind = share ? 'share' : 'agent';
	const lastSnapshot = dattoTime(asset.lastSnapshot);
	const latestOffsite = dattoTime(asset.latestOffsite);
	const base = (): DattoTrace => ({
		record: share ? 'share' : 'agent',
		serialNumber: ctx.device.serialNumber,
		organizationId: ctx.customer.id,
		asset: name,
		...(asset.volume ? { volume: asset.volume } : {}),
		vendorTimestamp: '',
		...(lastSnapshot ? { lastSnapshot } : {}),
		...(latestOffsite ? { latestOffsite } : {}),
	});
	const where = `${kind} ${name} on ${ctx.applianceName}`;
	const events: DattoEvent[] = [];

	if (wants('paused')) {
		const signal: Signal | undefined = asset.isPaused
			? { severity: 'warning', state: 'PAUSED', reason: 'AGENT_PAUSED', timestamp: '', text: `backups of ${where} are paused${lastSnapshot ? `; last snapshot ${lastSnapshot}` : ''}` }
			: undefined;
		events.push(event(ctx, 'other:paused', signal, `backups of {where} are not paused`, '', base(), machine));
	}
	// A paused agent makes no backups by design: the pause is reported, not its symptoms (nor their OKs).
	if (asset.isPaused) return events;

	const backups = backupsNewestFirst(asset);
	const latest = backups[0];
	if (wants('backup')) {
		const status = String(latest?.backup?.status ?? '').toLowerCase();
		const failed: Signal | undefined =
			latest && status !== '' && status !== 'success'
				? {
						severity: 'error',
						state: 'BACKUP_FAILED',
						reason: 'BACKUP_FAILED',
						// The last good snapshot stays put while the backups fail: one state, one eventId.
						timestamp: lastSnapshot ?? '',
						...(failingSinceOf(backups) ? { failingSince: failingSinceOf(backups) } : {}),
						text: `the backup of ${where} failed: ${String(latest.backup?.errorMessage ?? 'no error message').trim()}; last good snapshot ${lastSnapshot ?? 'never'}`,
					}
				: undefined;
		const age = minutesSince(lastSnapshot, options.now);
		const stale: Signal | undefined =
			age === undefined || age >= o.snapshotHours * 60
				? {
						severity: 'error',
						state: 'NO_SNAPSHOT',
						reason: 'NO_SNAPSHOT',
						timestamp: lastSnapshot ?? '',
						...(lastSnapshot ? { failingSince: lastSnapshot } : {}),
						text: `no snapshot of ${where} within ${hours(o.snapshotHours)}; last snapshot ${lastSnapshot ?? 'never'}`,
					}
				: undefined;
		const okAt = dattoTime(latest?.timestamp) ?? lastSnapshot ?? '';
		events.push(event(ctx, 'backup', pickWorst([failed, stale]), `backups of {where} succeed (last snapshot ${lastSnapshot ?? 'unknown'})`, okAt, { ...base(), ...(failed ? { errorMessage: String(latest?.backup?.errorMessage ?? '') } : {}) }, machine));
	}
	if (wants('offsite')) {
		const age = minutesSince(latestOffsite, options.now);
		const behind = latestOffsite ? (age ?? 0) >= o.offsiteHours * 60 : lastSnapshot !== undefined;
		const signal: Signal | undefined = behind
			? {
					severity: 'warning',
					state: latestOffsite ? 'OFFSITE_BEHIND' : 'OFFSITE_NEVER',
					reason: latestOffsite ? 'OFFSITE_BEHIND' : 'OFFSITE_NEVER',
					timestamp: latestOffsite ?? '',
					...(latestOffsite ? { failingSince: latestOffsite } : {}),
					text: latestOffsite
						? `offsite copy of ${where} is more than ${hours(o.offsiteHours)} behind; latest offsite ${latestOffsite}`
						: `${where} has never been synced offsite`,
				}
			: undefined;
		events.push(event(ctx, 'offsite', signal, `offsite copy of {where} is current`, latestOffsite ?? '', base(), machine));
	}
	// Shares are not screenshotted.
	if (wants('verification') && !share) {
		const attempt = dattoTime(asset.lastScreenshotAttempt);
		const shot = backups.find((b) => b.advancedVerification?.screenshotVerification)?.advancedVerification?.screenshotVerification;
		const failed = attempt !== undefined && (asset.lastScreenshotAttemptStatus === false || (shot !== undefined && shot !== null && !shot.status));
		const trace = { ...base(), ...(attempt ? { lastScreenshotAttempt: attempt } : {}), ...(asset.lastScreenshotUrl ? { screenshotUrl: asset.lastScreenshotUrl } : {}) };
		const signal: Signal | undefined = failed
			? {
					severity: 'warning',
					state: 'SCREENSHOT_FAILED',
					reason: 'SCREENSHOT_FAILED',
					// Each new attempt is a new vendor event (new eventId); the message stays the same while it keeps failing.
					timestamp: attempt ?? '',
					text: `screenshot verification of ${where} failed (the screenshot is on the appliance: Datto portal → ${ctx.applianceName} → Screenshots)`,
				}
			: undefined;
		events.push(event(ctx, 'verification', signal, `screenshot verification of {where} passed`, attempt ?? '', trace, machine));
	}
	return events;
}

function strip(o: DattoHealthOptions): Partial<typeof DEFAULT_DATTO_HEALTH> {
	const out: Record<string, number> = {};
	for (const k of Object.keys(DEFAULT_DATTO_HEALTH)) {
		const v = (o as unknown as Record<string, unknown>)[k];
		if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
	}
	return out;
}

export interface DattoHealthResult {
	events: DattoEvent[];
	/** Devices with no organization id and no client company name: reported here, not ticketed. */
	unattributed: string[];
	/** Appliances whose assets could not be read this poll (their agents are not reported). */
	assetErrors: Array<{ serialNumber: string; error: string }>;
}

/** Whether a device is reported under these options (hidden devices only when asked for; the client filter). */
export function reportedDevice(device: DattoDevice, options: Pick<DattoHealthOptions, 'clientIds' | 'includeHidden'>): boolean {
	const org = organizationOf(device);
	return !!org && (options.includeHidden === true || device.hidden !== true) && clientFilter(options.clientIds)(org.id);
}

/**
 * One poll's devices and assets → events: per appliance connectivity and storage; per agent or share
 * paused, backup, offsite, and (agents) screenshot verification. While an appliance is offline its
 * agents are not reported (their ages only repeat that the appliance is offline; the open tickets stay).
 */
export function dattoHealthEvents(devices: DattoDevice[], assets: Map<string, AssetRead>, options: DattoHealthOptions): DattoHealthResult {
	const wants = (c: DattoCondition) => !options.conditions || options.conditions.length === 0 || options.conditions.includes(c);
	const result: DattoHealthResult = { events: [], unattributed: [], assetErrors: [] };
	for (const device of devices) {
		if (!device || typeof device.serialNumber !== 'string') continue;
		const org = organizationOf(device);
		if (!org) {
			result.unattributed.push(device.serialNumber);
			continue;
		}
		if (!reportedDevice(device, options)) continue;
		const ctx: Context = { options, receivedAt: options.now.toISOString(), customer: org, device, applianceName: String(device.name ?? device.serialNumber) };
		const { events, offline } = applianceEvents(ctx, wants);
		result.events.push(...events);
		if (offline) continue;
		const read = assets.get(device.serialNumber);
		if (read === undefined) continue;
		if (!Array.isArray(read)) {
			result.assetErrors.push({ serialNumber: device.serialNumber, error: read.error });
			continue;
		}
		for (const asset of read) if (asset && asset.isArchived !== true) result.events.push(...assetEvents(ctx, asset, wants));
	}
	result.events.sort((a, b) => a.customer.id.localeCompare(b.customer.id, undefined, { numeric: true }));
	return result;
}

/** Whether a poll needs the assets at all (agent conditions asked for). */
export function needsAssets(conditions: readonly DattoCondition[] | undefined): boolean {
	return !conditions || conditions.length === 0 || conditions.some((c) => !['connectivity', 'storage'].includes(c));
}
