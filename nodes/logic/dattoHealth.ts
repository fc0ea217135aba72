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
import {
	DEFAULT_STORAGE_PERCENT,
	type Signal,
	type SourceHealthOptions,
	clientFilter,
	formatBytes,
	included,
	minutesSince,
	pickWorst,
	stateEvent,
	storageBand,
} from './sourceEvents';
import {
	type DattoAsset,
	type DattoDevice,
	backupsNewestFirst,
	dattoTime,
	isShare,
	organizationOf,
	storageBytes,
} from './dattoRecords';

export const DATTO_CONDITIONS = [
	'connectivity',
	'storage',
	'backup',
	'offsite',
	'verification',
	'paused',
] as const;
export type DattoCondition = (typeof DATTO_CONDITIONS)[number];
/** The contract's condition for each: a paused agent is `other:paused`. */
type EventCondition = Exclude<DattoCondition, 'paused'> | 'other:paused';

export const DATTO_SOURCE = 'datto';

export const DEFAULT_DATTO_HEALTH = {
	offlineMinutes: 60,
	...DEFAULT_STORAGE_PERCENT,
	snapshotHours: 24,
	offsiteHours: 48,
} as const;

export interface DattoHealthOptions extends SourceHealthOptions<DattoCondition> {
	offlineMinutes?: number;
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
	/** The options' thresholds, the defaults where none is given. */
	limits: Record<keyof typeof DEFAULT_DATTO_HEALTH, number>;
	receivedAt: string;
	customer: { id: string; name?: string };
	device: DattoDevice;
	applianceName: string;
}

function event(
	ctx: Context,
	condition: EventCondition,
	signal: Signal | undefined,
	okText: string,
	okTimestamp: string,
	trace: DattoTrace,
	machine?: { id: string; name: string },
) {
	const type =
		signal?.reason === 'NO_SNAPSHOT' ? 'no_recent_backup' : DAY_TYPES[condition][signal ? 0 : 1];
	trace.vendorTimestamp = signal ? signal.timestamp : okTimestamp;
	const where = machine ? `${machine.name} on ${ctx.applianceName}` : ctx.applianceName;
	return stateEvent({
		idPrefix: DATTO_SOURCE,
		scope: [`o${ctx.customer.id}`, ctx.device.serialNumber, ...(machine ? [machine.id] : [])],
		receivedAt: ctx.receivedAt,
		customer: ctx.customer,
		device: {
			id: ctx.device.serialNumber,
			name: ctx.applianceName,
			serial: ctx.device.serialNumber,
		},
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

function applianceTrace(ctx: Context, lastSeen: string | undefined): DattoTrace {
	return {
		record: 'appliance',
		serialNumber: ctx.device.serialNumber,
		organizationId: ctx.customer.id,
		vendorTimestamp: '',
		...(lastSeen ? { lastSeen } : {}),
		...(ctx.device.remoteWebUrl ? { remoteWebUrl: ctx.device.remoteWebUrl } : {}),
	};
}

/** Offline: not seen for the threshold, or never seen; named by the last-seen time, which stays put while it lasts. */
function offlineSignal(ctx: Context, lastSeen: string | undefined): Signal {
	return {
		severity: 'error',
		state: 'OFFLINE',
		reason: 'DEVICE_OFFLINE',
		timestamp: lastSeen ?? '',
		...(lastSeen ? { failingSince: lastSeen } : {}),
		text: `appliance ${ctx.applianceName} (${ctx.device.serialNumber}) is offline: ${lastSeen ? `last seen ${lastSeen}` : 'never seen'}, not seen for ${ctx.limits.offlineMinutes} minutes or more`,
	};
}

function storageEvent(ctx: Context, lastSeen: string | undefined): DattoEvent {
	const { device, limits } = ctx;
	const used = storageBytes(device.localStorageUsed) ?? 0;
	const available = storageBytes(device.localStorageAvailable) ?? 0;
	const { percent, band, level } = storageBand(
		used,
		used + available,
		limits.storageWarningPercent,
		limits.storageErrorPercent,
	);
	const signal: Signal | undefined =
		band === 'ok'
			? undefined
			: {
					severity: band,
					state: `OVER_${level}_PERCENT`,
					reason: 'LOCAL_STORAGE_HIGH',
					timestamp: '',
					// Stable while the band lasts (the exact fill is in datto.storage): a growing pool is not news.
					text: `local storage of appliance ${ctx.applianceName} (${device.serialNumber}) is ${level}% full or more (${band} threshold) on a ${formatBytes(used + available)} pool`,
				};
	const trace = {
		...applianceTrace(ctx, lastSeen),
		storage: { usedBytes: used, availableBytes: available, percent },
	};
	return event(
		ctx,
		'storage',
		signal,
		`local storage of {where} is below ${limits.storageWarningPercent}% full`,
		lastSeen ?? '',
		trace,
	);
}

function applianceEvents(ctx: Context): { events: DattoEvent[]; offline: boolean } {
	const lastSeen = dattoTime(ctx.device.lastSeenDate);
	const downFor = minutesSince(lastSeen, ctx.options.now);
	const offline = lastSeen === undefined || (downFor ?? 0) >= ctx.limits.offlineMinutes;
	const events: DattoEvent[] = [];
	if (included(ctx.options, 'connectivity')) {
		const signal = offline ? offlineSignal(ctx, lastSeen) : undefined;
		events.push(
			event(
				ctx,
				'connectivity',
				signal,
				'appliance {where} is online',
				lastSeen ?? '',
				applianceTrace(ctx, lastSeen),
			),
		);
	}
	if (included(ctx.options, 'storage')) events.push(storageEvent(ctx, lastSeen));
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

/** One agent or share of an appliance, as every one of its conditions sees it. */
interface AssetView {
	ctx: Context;
	asset: DattoAsset;
	name: string;
	machine: { id: string; name: string };
	share: boolean;
	/** "agent <name> on <appliance>": where the problem is, in the messages. */
	where: string;
	lastSnapshot?: string;
	latestOffsite?: string;
	/** Backups newest first. */
	backups: ReturnType<typeof backupsNewestFirst>;
}

function assetView(ctx: Context, asset: DattoAsset): AssetView {
	const name = String(asset.name ?? asset.volume ?? 'asset');
	const share = isShare(asset);
	return {
		ctx,
		asset,
		name,
		machine: { id: String(asset.volume || asset.name || 'asset'), name },
		share,
		where: `${share ? 'share' : 'agent'} ${name} on ${ctx.applianceName}`,
		lastSnapshot: dattoTime(asset.lastSnapshot),
		latestOffsite: dattoTime(asset.latestOffsite),
		backups: backupsNewestFirst(asset),
	};
}

function assetTrace(v: AssetView): DattoTrace {
	return {
		record: v.share ? 'share' : 'agent',
		serialNumber: v.ctx.device.serialNumber,
		organizationId: v.ctx.customer.id,
		asset: v.name,
		...(v.asset.volume ? { volume: v.asset.volume } : {}),
		vendorTimestamp: '',
		...(v.lastSnapshot ? { lastSnapshot: v.lastSnapshot } : {}),
		...(v.latestOffsite ? { latestOffsite: v.latestOffsite } : {}),
	};
}

function pausedEvent(v: AssetView): DattoEvent {
	const signal: Signal | undefined = v.asset.isPaused
		? {
				severity: 'warning',
				state: 'PAUSED',
				reason: 'AGENT_PAUSED',
				timestamp: '',
				text: `backups of ${v.where} are paused${v.lastSnapshot ? `; last snapshot ${v.lastSnapshot}` : ''}`,
			}
		: undefined;
	return event(
		v.ctx,
		'other:paused',
		signal,
		`backups of {where} are not paused`,
		'',
		assetTrace(v),
		v.machine,
	);
}

/** The latest backup failed: named by the last good snapshot, which stays put while the backups fail (one state, one eventId). */
function failedBackupSignal(v: AssetView): Signal | undefined {
	const latest = v.backups[0];
	const status = String(latest?.backup?.status ?? '').toLowerCase();
	if (!latest || status === '' || status === 'success') return undefined;
	const failingSince = failingSinceOf(v.backups);
	return {
		severity: 'error',
		state: 'BACKUP_FAILED',
		reason: 'BACKUP_FAILED',
		timestamp: v.lastSnapshot ?? '',
		...(failingSince ? { failingSince } : {}),
		text: `the backup of ${v.where} failed: ${String(latest.backup?.errorMessage ?? 'no error message').trim()}; last good snapshot ${v.lastSnapshot ?? 'never'}`,
	};
}

/** No snapshot within the threshold (or none ever). */
function staleBackupSignal(v: AssetView): Signal | undefined {
	const { snapshotHours } = v.ctx.limits;
	const age = minutesSince(v.lastSnapshot, v.ctx.options.now);
	if (age !== undefined && age < snapshotHours * 60) return undefined;
	return {
		severity: 'error',
		state: 'NO_SNAPSHOT',
		reason: 'NO_SNAPSHOT',
		timestamp: v.lastSnapshot ?? '',
		...(v.lastSnapshot ? { failingSince: v.lastSnapshot } : {}),
		text: `no snapshot of ${v.where} within ${hours(snapshotHours)}; last snapshot ${v.lastSnapshot ?? 'never'}`,
	};
}

function backupEvent(v: AssetView): DattoEvent {
	const latest = v.backups[0];
	const failed = failedBackupSignal(v);
	const okAt = dattoTime(latest?.timestamp) ?? v.lastSnapshot ?? '';
	const trace = {
		...assetTrace(v),
		...(failed ? { errorMessage: String(latest?.backup?.errorMessage ?? '') } : {}),
	};
	const okText = `backups of {where} succeed (last snapshot ${v.lastSnapshot ?? 'unknown'})`;
	return event(
		v.ctx,
		'backup',
		pickWorst([failed, staleBackupSignal(v)]),
		okText,
		okAt,
		trace,
		v.machine,
	);
}

/** Offsite behind the threshold, or never synced although there are snapshots to send. */
function offsiteEvent(v: AssetView): DattoEvent {
	const { offsiteHours } = v.ctx.limits;
	const { latestOffsite } = v;
	const age = minutesSince(latestOffsite, v.ctx.options.now);
	const behind = latestOffsite ? (age ?? 0) >= offsiteHours * 60 : v.lastSnapshot !== undefined;
	const signal: Signal | undefined = behind
		? {
				severity: 'warning',
				state: latestOffsite ? 'OFFSITE_BEHIND' : 'OFFSITE_NEVER',
				reason: latestOffsite ? 'OFFSITE_BEHIND' : 'OFFSITE_NEVER',
				timestamp: latestOffsite ?? '',
				...(latestOffsite ? { failingSince: latestOffsite } : {}),
				text: latestOffsite
					? `offsite copy of ${v.where} is more than ${hours(offsiteHours)} behind; latest offsite ${latestOffsite}`
					: `${v.where} has never been synced offsite`,
			}
		: undefined;
	return event(
		v.ctx,
		'offsite',
		signal,
		`offsite copy of {where} is current`,
		latestOffsite ?? '',
		assetTrace(v),
		v.machine,
	);
}

function verificationEvent(v: AssetView): DattoEvent {
	const { asset } = v;
	const attempt = dattoTime(asset.lastScreenshotAttempt);
	const shot = v.backups.find((b) => b.advancedVerification?.screenshotVerification)
		?.advancedVerification?.screenshotVerification;
	const failed =
		attempt !== undefined &&
		(asset.lastScreenshotAttemptStatus === false ||
			(shot !== undefined && shot !== null && !shot.status));
	const trace = {
		...assetTrace(v),
		...(attempt ? { lastScreenshotAttempt: attempt } : {}),
		...(asset.lastScreenshotUrl ? { screenshotUrl: asset.lastScreenshotUrl } : {}),
	};
	const signal: Signal | undefined = failed
		? {
				severity: 'warning',
				state: 'SCREENSHOT_FAILED',
				reason: 'SCREENSHOT_FAILED',
				// Each new attempt is a new vendor event (new eventId); the message stays the same while it keeps failing.
				timestamp: attempt ?? '',
				text: `screenshot verification of ${v.where} failed (the screenshot is on the appliance: Datto portal → ${v.ctx.applianceName} → Screenshots)`,
			}
		: undefined;
	return event(
		v.ctx,
		'verification',
		signal,
		`screenshot verification of {where} passed`,
		attempt ?? '',
		trace,
		v.machine,
	);
}

function assetEvents(ctx: Context, asset: DattoAsset): DattoEvent[] {
	const v = assetView(ctx, asset);
	const wants = (c: DattoCondition) => included(ctx.options, c);
	const events: DattoEvent[] = [];
	if (wants('paused')) events.push(pausedEvent(v));
	// A paused agent makes no backups by design: the pause is reported, not its symptoms (nor their OKs).
	if (asset.isPaused) return events;
	if (wants('backup')) events.push(backupEvent(v));
	if (wants('offsite')) events.push(offsiteEvent(v));
	// Shares are not screenshotted.
	if (wants('verification') && !v.share) events.push(verificationEvent(v));
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
export function reportedDevice(
	device: DattoDevice,
	options: Pick<DattoHealthOptions, 'clientIds' | 'includeHidden'>,
): boolean {
	const org = organizationOf(device);
	return (
		!!org &&
		(options.includeHidden === true || device.hidden !== true) &&
		clientFilter(options.clientIds)(org.id)
	);
}

/**
 * One poll's devices and assets → events: per appliance connectivity and storage; per agent or share
 * paused, backup, offsite, and (agents) screenshot verification. While an appliance is offline its
 * agents are not reported (their ages only repeat that the appliance is offline; the open tickets stay).
 */
export function dattoHealthEvents(
	devices: DattoDevice[],
	assets: Map<string, AssetRead>,
	options: DattoHealthOptions,
): DattoHealthResult {
	const limits = { ...DEFAULT_DATTO_HEALTH, ...strip(options) };
	const result: DattoHealthResult = { events: [], unattributed: [], assetErrors: [] };
	for (const device of devices) {
		if (!device || typeof device.serialNumber !== 'string') continue;
		const org = organizationOf(device);
		if (!org) {
			result.unattributed.push(device.serialNumber);
			continue;
		}
		if (!reportedDevice(device, options)) continue;
		const ctx: Context = {
			options,
			limits,
			receivedAt: options.now.toISOString(),
			customer: org,
			device,
			applianceName: String(device.name ?? device.serialNumber),
		};
		const { events, offline } = applianceEvents(ctx);
		result.events.push(...events);
		if (offline) continue;
		const read = assets.get(device.serialNumber);
		if (read === undefined) continue;
		if (!Array.isArray(read)) {
			result.assetErrors.push({ serialNumber: device.serialNumber, error: read.error });
			continue;
		}
		for (const asset of read)
			if (asset && asset.isArchived !== true) result.events.push(...assetEvents(ctx, asset));
	}
	result.events.sort((a, b) =>
		a.customer.id.localeCompare(b.customer.id, undefined, { numeric: true }),
	);
	return result;
}

/** Whether a poll needs the assets at all (agent conditions asked for). */
export function needsAssets(conditions: readonly DattoCondition[] | undefined): boolean {
	return (
		!conditions ||
		conditions.length === 0 ||
		conditions.some((c) => !['connectivity', 'storage'].includes(c))
	);
}
