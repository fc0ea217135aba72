/**
 * x360Recover health → our normalised events (pure: no n8n, no HTTP).
 *
 * Every poll reports the *current* state of every (client, protected system or appliance or
 * private vault, condition): a problem (warning / error) or an OK. Nothing is remembered between
 * polls: Open or Close Ticket finds the open ticket by the alert key (client / record / condition)
 * and the OK closes it. The eventId is built from the state (source, record, condition, vendor
 * status, the vendor's timestamp for that state), so a poll that sees the same state again
 * produces the same eventId, and a changed state a new one.
 */
import type { NormalisedEvent } from './eventSchema';
import type { EventType, Severity } from './eventTypes';
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
	worse,
} from './sourceEvents';
import {
	type X360Appliance,
	type X360Client,
	type X360Device,
	type X360DeviceJob,
	type X360JobRun,
	type X360Vault,
	healthWord,
	humaniseReason,
	vendorTime,
} from './x360Records';

export const X360_CONDITIONS = [
	'backup',
	'offsite',
	'verification',
	'connectivity',
	'storage',
] as const;
export type X360Condition = (typeof X360_CONDITIONS)[number];

/** Conditions a protected system reports; appliances and private vaults report connectivity and storage. */
export const DEVICE_CONDITIONS: readonly X360Condition[] = [
	'backup',
	'offsite',
	'verification',
	'connectivity',
];
export const APPLIANCE_CONDITIONS: readonly X360Condition[] = ['connectivity', 'storage'];

export const SOURCE = 'x360recover';

export interface HealthOptions extends SourceHealthOptions<X360Condition> {
	/** An appliance whose tunnel has been down this long is offline (minutes); the API publishes no appliance threshold. */
	applianceOfflineMinutes?: number;
	/** For private vaults without their own connectivity threshold (minutes). */
	vaultOfflineMinutes?: number;
}

export const DEFAULT_HEALTH_OPTIONS = {
	...DEFAULT_STORAGE_PERCENT,
	applianceOfflineMinutes: 60,
	vaultOfflineMinutes: 240,
} as const;

/** What a detail call found for a device in trouble (the last failed run of its worst job). */
export interface DeviceDetail {
	jobId?: number;
	lastFailedRun?: X360JobRun;
	/** Why the detail could not be read (the event still goes out without it). */
	error?: string;
}

export interface HealthInput {
	clients: X360Client[];
	appliances: X360Appliance[];
	vaults: X360Vault[];
	devices: X360Device[];
	/** By device id. */
	details?: Map<number, DeviceDetail>;
}

/** Where an event came from: the API records, by id. */
export interface X360Trace {
	record: 'device' | 'appliance' | 'vault';
	clientId: number;
	deviceId?: number;
	applianceId?: number;
	vaultId?: number;
	jobIds?: number[];
	/** The vendor's health word and reason of the record. */
	healthStatus?: string;
	reason?: string;
	/** The vendor time the eventId was built from ('' when the vendor gives none for this state). */
	vendorTimestamp: string;
	detailsUrl?: string;
	lastFailedRun?: X360JobRun;
	detailError?: string;
	storage?: { usedBytes: number; driveBytes: number; percent: number };
}

/** The event contract (NormalisedEvent) as x360Recover fills it: its own conditions and its trace. */
export type X360Event = Omit<NormalisedEvent, 'condition' | 'machine' | 'alertId' | 'usage'> & {
	condition: X360Condition;
	x360: X360Trace;
};

/** Device and appliance health words → our severity; unknown words count as a warning, never as OK. */
export function severityOfHealth(word: string): Severity {
	switch (healthWord(word)) {
		case '':
		case 'NORMAL':
		case 'OK':
		case 'HEALTHY':
			return 'ok';
		case 'TROUBLED':
		case 'FAILED':
		case 'CRITICAL':
		case 'ERROR':
			return 'error';
		default:
			return 'warning';
	}
}

/**
 * The condition a vendor reason describes. No public list of every reason exists; the known
 * ones (ONSITE_NEVER_RUN, FULL_90_PERCENT, APPLIANCE_OFFLINE, VAULT_OFFLINE) and their words
 * decide, and anything unrecognised is a backup problem (what a protected system exists for).
 */
export function conditionOfReason(reason: string | null | undefined): X360Condition {
	const r = (reason ?? '').toUpperCase();
	if (/OFFLINE|TUNNEL|UNREACHABLE|CONNECTIV|NOT_SEEN|HEARTBEAT|DISCONNECT/.test(r))
		return 'connectivity';
	if (/FULL|STORAGE|SPACE|CAPACITY|POOL|QUOTA/.test(r)) return 'storage';
	if (/AUTO_?VERIFY|VERIFICATION|SCREENSHOT|BOOT/.test(r)) return 'verification';
	if (/VAULT|CLOUD|OFFSITE|REPLICA|ARCHIV/.test(r)) return 'offsite';
	return 'backup';
}

const STALE_BACKUP = /NEVER|NO_RP|NO_RECOVERY|RP_|THRESHOLD|OLD|STALE|MISSED|SLA|OUTDATED/;

function typeFor(
	condition: X360Condition,
	severity: Severity,
	record: X360Trace['record'],
	reason: string,
): EventType {
	switch (condition) {
		case 'backup':
			if (severity === 'ok') return 'backup_succeeded';
			return severity === 'warning' || STALE_BACKUP.test(reason.toUpperCase())
				? 'no_recent_backup'
				: 'backup_failed';
		case 'offsite':
			return severity === 'warning' ? 'offsite_replication_behind' : 'offsite_replication_failed';
		case 'verification':
			return 'verification_failed';
		case 'connectivity':
			return record === 'device' ? 'agent_offline' : 'appliance_offline';
		case 'storage':
			return 'storage_threshold';
	}
}

export { clientFilter, formatBytes };

const IDS = 'x360';

function statusLabel(word: string): string {
	const w = healthWord(word);
	return w ? w.charAt(0) + w.slice(1).toLowerCase() : 'Normal';
}

function isOffsiteJob(job: X360DeviceJob): boolean {
	return job.offsite === true || (job.vault_id !== undefined && job.vault_id !== null);
}

function jobTime(job: X360DeviceJob, offsite: boolean): string | undefined {
	return vendorTime(
		offsite ? (job.latest_rp ?? job.latest_cloud_rp) : (job.latest_rp ?? job.latest_local_rp),
	);
}

/** The worst job of a device for a condition, as a signal, or undefined when every job is normal. */
function jobSignal(device: X360Device, offsite: boolean): Signal | undefined {
	const jobs = (device.jobs ?? []).filter(
		(j) =>
			j && isOffsiteJob(j) === offsite && severityOfHealth(String(j.health_status ?? '')) !== 'ok',
	);
	if (jobs.length === 0) return undefined;
	let worst = jobs[0];
	for (const job of jobs)
		if (
			worse(
				severityOfHealth(String(job.health_status)),
				severityOfHealth(String(worst.health_status)),
			)
		)
			worst = job;
	const severity = severityOfHealth(String(worst.health_status));
	const last = jobTime(worst, offsite);
	const names = jobs
		.map((j) => `${j.name ?? `job ${j.id}`} (${statusLabel(String(j.health_status))})`)
		.join(', ');
	return {
		severity,
		state: healthWord(worst.health_status),
		reason: '',
		timestamp: last ?? '',
		failingSince: undefined,
		text: `${offsite ? 'Offsite' : 'Backup'} job${jobs.length > 1 ? 's' : ''} ${names}${last ? `; last recovery point ${last}` : '; no recovery point yet'}`,
		jobIds: jobs.map((j) => j.id),
	};
}

interface ClientInfo {
	id: number;
	name?: string;
}

/** One event of a record (protected system, appliance, vault) for one client and condition. */
function x360Event(init: {
	client: ClientInfo;
	/** `device:<id>`, `appliance:<id>`, `vault:<id>`: the eventId's scope and the event's device id. */
	recordKey: string;
	name: string;
	serial?: string;
	condition: X360Condition;
	signal: Signal | undefined;
	message: string;
	trace: X360Trace;
	okTimestamp?: string;
	now: Date;
}): X360Event {
	const { client, signal } = init;
	return stateEvent({
		idPrefix: IDS,
		scope: [`c${client.id}`, init.recordKey],
		receivedAt: init.now.toISOString(),
		customer: { id: String(client.id), ...(client.name ? { name: client.name } : {}) },
		device: {
			id: init.recordKey,
			name: init.name,
			...(init.serial ? { serial: init.serial } : {}),
		},
		condition: init.condition,
		signal,
		message: init.message,
		type: typeFor(
			init.condition,
			signal ? signal.severity : 'ok',
			init.trace.record,
			signal?.reason ?? '',
		),
		okTimestamp: init.okTimestamp,
		traceKey: 'x360',
		trace: init.trace,
	}) as X360Event;
}

/** What a protected system's own health status says: the same for each of its conditions. */
interface DeviceStatus {
	word: string;
	reason: string;
	since: string | undefined;
	severity: Severity;
	/** The one condition the status speaks of (by its reason). */
	condition: X360Condition;
	name: string;
	kind: string;
}

function deviceStatus(device: X360Device): DeviceStatus {
	const current = device.current_health_status ?? {};
	const word = healthWord(current.status);
	const reason = String(current.reason ?? '').trim();
	const reasonCondition = conditionOfReason(reason);
	return {
		word,
		reason,
		since: vendorTime(current.timestamp),
		severity: severityOfHealth(word),
		// Storage reasons on a protected system mean it cannot back up; the appliance's own storage event names the pool.
		condition: reasonCondition === 'storage' ? 'backup' : reasonCondition,
		name: device.name ?? `device ${device.id}`,
		kind: device.type ? String(device.type).toLowerCase() : 'protected system',
	};
}

/** The status as a signal, for the one condition its reason names. */
function statusSignal(status: DeviceStatus, condition: X360Condition): Signal | undefined {
	if (status.severity === 'ok' || status.condition !== condition) return undefined;
	const { word, reason, since } = status;
	return {
		severity: status.severity,
		state: word,
		reason,
		timestamp: since ?? '',
		failingSince: since,
		text: `${status.name} (${status.kind}) is ${statusLabel(word)}${reason ? `: ${humaniseReason(reason)} (${reason})` : ''}${since ? `, since ${since}` : ''}`,
	};
}

/** The latest AutoVerify, as a warning when it found a problem or could not complete. */
function autoVerifySignal(device: X360Device, name: string): Signal | undefined {
	const av = device.latest_autoverify_details;
	if (!av || av.is_healthy !== false) return undefined;
	const avTime = vendorTime(av.timestamp ?? av.end_timestamp);
	const outcome = String(av.status ?? '')
		.toLowerCase()
		.startsWith('success')
		? 'found a problem'
		: 'could not complete';
	return {
		severity: 'warning',
		state: 'UNHEALTHY',
		reason: '',
		timestamp: avTime ?? '',
		failingSince: avTime,
		text: `AutoVerify of ${name} ${outcome}${av.rp ? ` (recovery point ${vendorTime(av.rp) ?? av.rp})` : ''}${avTime ? ` at ${avTime}` : ''}${av.screenshot_url ? `; screenshot: ${av.screenshot_url}` : ''}`,
	};
}

/** What speaks of one condition: the status, and the condition's own evidence (its jobs, AutoVerify). */
function deviceCandidates(
	device: X360Device,
	status: DeviceStatus,
	condition: X360Condition,
): Array<Signal | undefined> {
	const fromStatus = statusSignal(status, condition);
	if (condition === 'backup') return [fromStatus, jobSignal(device, false)];
	if (condition === 'offsite') return [fromStatus, jobSignal(device, true)];
	if (condition === 'verification') return [fromStatus, autoVerifySignal(device, status.name)];
	return [fromStatus];
}

/** A failed backup's message quotes the last failed run (or says why it could not be read); the trace keeps the run. */
function withDetail(message: string, trace: X360Trace, detail: DeviceDetail): string {
	let out = message;
	if (detail.jobId !== undefined)
		trace.jobIds = [...new Set([...(trace.jobIds ?? []), detail.jobId])];
	if (detail.lastFailedRun) {
		trace.lastFailedRun = detail.lastFailedRun;
		// The run's time stays in x360.lastFailedRun: the message changes only when the error does.
		out += ` Last failed run: ${String(detail.lastFailedRun.error_msg ?? 'no error message').trim()}.`;
	}
	if (detail.error) {
		trace.detailError = detail.error;
		out += ` (The job history could not be read: ${detail.error})`;
	}
	return out;
}

function deviceEvent(
	device: X360Device,
	client: ClientInfo,
	status: DeviceStatus,
	condition: X360Condition,
	options: HealthOptions,
	detail: DeviceDetail | undefined,
): X360Event {
	const candidates = deviceCandidates(device, status, condition);
	const signal = pickWorst(candidates);
	const jobIds = [...new Set(candidates.flatMap((c) => c?.jobIds ?? []))];
	const trace: X360Trace = {
		record: 'device',
		clientId: client.id,
		deviceId: device.id,
		healthStatus: status.word || undefined,
		reason: status.reason || undefined,
		// A problem is named by its signal's time; an OK by the device's own status time, stable while nothing changes.
		vendorTimestamp: signal ? signal.timestamp : (status.since ?? ''),
		...(device.device_details_page_url ? { detailsUrl: device.device_details_page_url } : {}),
	};
	let message: string;
	if (signal) {
		if (jobIds.length) trace.jobIds = jobIds;
		message = `x360Recover: ${signal.text}.`;
		if (condition === 'backup' && detail) message = withDetail(message, trace, detail);
		if (trace.detailsUrl) message += ` Details: ${trace.detailsUrl}`;
	} else {
		message = `x360Recover: ${condition} of ${status.name} is OK (device ${statusLabel(status.word)}${status.since ? ` since ${status.since}` : ''}).`;
	}
	const serial = device.service_id;
	return x360Event({
		client,
		recordKey: `device:${device.id}`,
		name: status.name,
		serial,
		condition,
		signal,
		message,
		trace,
		okTimestamp: status.since ?? '',
		now: options.now,
	});
}

/** A protected system's events: one per reported condition; a parked system (replication off on purpose) reports none. */
function deviceEvents(
	device: X360Device,
	client: ClientInfo,
	options: HealthOptions,
	detail: DeviceDetail | undefined,
): X360Event[] {
	const status = deviceStatus(device);
	if (status.word === 'PARKED') return [];
	return DEVICE_CONDITIONS.filter((c) => included(options, c)).map((condition) =>
		deviceEvent(device, client, status, condition, options, detail),
	);
}

interface PoolRecord {
	record: 'appliance' | 'vault';
	id: number;
	name: string;
	serial?: string;
	tunnelStatus: string;
	lastTunnelUp?: string;
	usedBytes: number;
	driveBytes: number;
	health: string;
	reason: string;
	offlineAfterMinutes: number;
	/** Private vaults and appliances have a pool of their own. */
	hasPool: boolean;
}

/** An appliance or private vault as a pool: the API gives both the same tunnel, storage and health fields. */
function poolRecord(
	record: PoolRecord['record'],
	r: X360Appliance | X360Vault,
	name: string,
	offlineAfterMinutes: number,
): PoolRecord {
	const driveBytes = Number(r.storage_details?.drive_size ?? 0) || 0;
	return {
		record,
		id: r.id,
		name,
		serial: r.service_id,
		tunnelStatus: String(r.tunnel_status ?? ''),
		lastTunnelUp: vendorTime(r.last_tunnel_up),
		usedBytes: Number(r.storage_details?.used_size ?? 0) || 0,
		driveBytes,
		health: String(r.health_status ?? ''),
		reason: String(r.health_status_reason ?? '').trim(),
		offlineAfterMinutes,
		// An appliance always has its pool; a private vault reporting no drive size has none to judge.
		hasPool: record === 'appliance' || driveBytes > 0,
	};
}

const poolLabel = (pool: PoolRecord) => (pool.record === 'vault' ? 'Private vault' : 'Appliance');

/** Offline: the vendor's own verdict, unless the tunnel has been down past our threshold: then an error. */
function connectivitySignal(pool: PoolRecord, now: Date): Signal | undefined {
	const severity = severityOfHealth(pool.health);
	const downFor = minutesSince(pool.lastTunnelUp, now);
	const down = healthWord(pool.tunnelStatus) === 'DOWN';
	const fromReason = severity !== 'ok' && conditionOfReason(pool.reason) === 'connectivity';
	const overThreshold = down && (downFor === undefined || downFor >= pool.offlineAfterMinutes);
	if (!fromReason && !overThreshold) return undefined;
	const vendorWins = fromReason && !(overThreshold && severity !== 'error');
	return {
		severity: vendorWins ? severity : 'error',
		state: vendorWins ? `${healthWord(pool.health)}_${pool.reason.toUpperCase()}` : 'TUNNEL_DOWN',
		reason: vendorWins ? pool.reason : 'TUNNEL_DOWN',
		timestamp: pool.lastTunnelUp ?? '',
		failingSince: pool.lastTunnelUp,
		text: `${poolLabel(pool)} ${pool.name} is offline${vendorWins && pool.reason ? ` (${pool.reason})` : ''}: tunnel ${healthWord(pool.tunnelStatus) || 'state unknown'}${pool.lastTunnelUp ? `, last up ${pool.lastTunnelUp}` : ', never seen up'}${overThreshold ? `, down longer than ${pool.offlineAfterMinutes} minutes` : ''}`,
	};
}

/** Storage: the fill band, or the vendor's storage reason where it is worse. */
function storageSignal(pool: PoolRecord, warnAt: number, errorAt: number): Signal | undefined {
	const severity = severityOfHealth(pool.health);
	const { band, level: at } = storageBand(pool.usedBytes, pool.driveBytes, warnAt, errorAt);
	const fromReason = severity !== 'ok' && conditionOfReason(pool.reason) === 'storage';
	const level: Severity = fromReason && worse(severity, band) ? severity : band;
	if (level === 'ok') return undefined;
	const label = poolLabel(pool);
	return {
		severity: level,
		// The state is the band (or the vendor's reason), not the exact percentage, so growth within a band is the same state.
		state: band !== 'ok' ? `OVER_${at}_PERCENT` : pool.reason.toUpperCase(),
		reason: pool.reason,
		timestamp: '',
		// Stable while the state lasts (the exact fill is in x360.storage): a growing pool is not news.
		text:
			band !== 'ok'
				? `${label} ${pool.name} storage is ${at}% full or more (${band} threshold) on a ${formatBytes(pool.driveBytes)} pool${pool.reason ? `; x360Recover reports ${pool.reason}` : ''}`
				: `${label} ${pool.name} storage: x360Recover reports ${pool.reason} (${statusLabel(pool.health)})`,
	};
}

function poolEvent(
	pool: PoolRecord,
	client: ClientInfo,
	condition: X360Condition,
	options: HealthOptions,
): X360Event {
	const warnAt = options.storageWarningPercent ?? DEFAULT_HEALTH_OPTIONS.storageWarningPercent;
	const errorAt = options.storageErrorPercent ?? DEFAULT_HEALTH_OPTIONS.storageErrorPercent;
	const signal =
		condition === 'connectivity'
			? connectivitySignal(pool, options.now)
			: storageSignal(pool, warnAt, errorAt);
	const { percent } = storageBand(pool.usedBytes, pool.driveBytes, warnAt, errorAt);
	const trace: X360Trace = {
		record: pool.record,
		clientId: client.id,
		...(pool.record === 'appliance' ? { applianceId: pool.id } : { vaultId: pool.id }),
		healthStatus: healthWord(pool.health) || undefined,
		reason: pool.reason || undefined,
		vendorTimestamp: signal ? signal.timestamp : '',
		...(condition === 'storage'
			? { storage: { usedBytes: pool.usedBytes, driveBytes: pool.driveBytes, percent } }
			: {}),
	};
	const label = poolLabel(pool);
	const message = signal
		? `x360Recover: ${signal.text}.`
		: condition === 'connectivity'
			? `x360Recover: ${label} ${pool.name} is online (tunnel ${healthWord(pool.tunnelStatus) || 'UP'}).`
			: `x360Recover: ${label} ${pool.name} storage is ${percent}% full, below ${warnAt}%.`;
	return x360Event({
		client,
		recordKey: `${pool.record}:${pool.id}`,
		name: pool.name,
		serial: pool.serial,
		condition,
		signal,
		message,
		trace,
		now: options.now,
	});
}

/** An appliance's or private vault's events: connectivity, and storage where it has a pool. */
function poolEvents(pool: PoolRecord, client: ClientInfo, options: HealthOptions): X360Event[] {
	return APPLIANCE_CONDITIONS.filter(
		(c) => included(options, c) && (c !== 'storage' || pool.hasPool),
	).map((condition) => poolEvent(pool, client, condition, options));
}

/** Devices in trouble whose backup condition is reported: the ones a detail call is worth making for. */
export function devicesNeedingDetail(
	input: Pick<HealthInput, 'devices'>,
	options: Pick<HealthOptions, 'conditions' | 'clientIds'>,
): Array<{ device: X360Device; job?: X360DeviceJob }> {
	if (options.conditions && options.conditions.length > 0 && !options.conditions.includes('backup'))
		return [];
	const wanted = clientFilter(options.clientIds);
	const out: Array<{ device: X360Device; job?: X360DeviceJob }> = [];
	for (const device of input.devices) {
		if (!wanted(device.client_id)) continue;
		const current = device.current_health_status ?? {};
		const word = healthWord(current.status);
		if (word === 'PARKED') continue;
		const localJobs = (device.jobs ?? []).filter((j) => j && !isOffsiteJob(j));
		const troubledJob = localJobs
			.filter((j) => severityOfHealth(String(j.health_status ?? '')) !== 'ok')
			.sort((a, b) =>
				worse(severityOfHealth(String(a.health_status)), severityOfHealth(String(b.health_status)))
					? -1
					: 1,
			)[0];
		const statusBackup =
			severityOfHealth(word) !== 'ok' &&
			['backup', 'storage'].includes(conditionOfReason(String(current.reason ?? '')));
		if (troubledJob) out.push({ device, job: troubledJob });
		else if (statusBackup) out.push({ device, job: localJobs[0] });
	}
	return out;
}

/** The run a failed-backup note should quote: the latest failed run. */
export function lastFailedRun(runs: X360JobRun[]): X360JobRun | undefined {
	let best: X360JobRun | undefined;
	let bestAt = -Infinity;
	for (const run of runs) {
		if (!run || String(run.status ?? '').toLowerCase() !== 'failed') continue;
		const at = Date.parse(vendorTime(run.end_time ?? run.start_time) ?? '');
		const t = Number.isNaN(at) ? -1 : at;
		if (t >= bestAt) {
			best = run;
			bestAt = t;
		}
	}
	return best;
}

export interface HealthResult {
	events: X360Event[];
	/** Records that could not be attributed to a client (no client_id), by kind: reported, not ticketed. */
	unattributed: Array<{ record: 'device' | 'appliance'; id: number }>;
}

/** The clients of one poll by id; a record naming a client the list lacks still gets one (with the name it gives, if any). */
function clientDirectory(clients: X360Client[]): (id: number, name?: string) => ClientInfo {
	const byId = new Map<number, ClientInfo>();
	for (const c of clients)
		if (c && typeof c.id === 'number') byId.set(c.id, { id: c.id, name: c.name });
	return (id, name) => byId.get(id) ?? { id, ...(name ? { name } : {}) };
}

/** The private vaults' events: one set per client with a system on the vault, since each client's ticket is its own. */
function vaultEvents(
	vault: X360Vault,
	wanted: (id: number) => boolean,
	clientOf: (id: number, name?: string) => ClientInfo,
	options: HealthOptions,
): X360Event[] {
	const served = new Map<number, ClientInfo>();
	for (const d of vault.devices ?? []) {
		const id = d?.client?.id;
		if (typeof id === 'number' && wanted(id) && !served.has(id))
			served.set(id, clientOf(id, d.client?.name));
	}
	const threshold = Number(vault.vault_thresholds?.connectivity_threshold);
	const offlineAfter =
		threshold > 0
			? threshold
			: (options.vaultOfflineMinutes ?? DEFAULT_HEALTH_OPTIONS.vaultOfflineMinutes);
	const pool = poolRecord(
		'vault',
		vault,
		vault.name || vault.service_id || `vault ${vault.id}`,
		offlineAfter,
	);
	return [...served.values()]
		.sort((a, b) => a.id - b.id)
		.flatMap((client) => poolEvents(pool, client, options));
}

/**
 * Maps one poll's records to events: every non-parked protected system (backup, offsite, AutoVerify,
 * connectivity), every appliance (connectivity, storage) and every private vault (connectivity,
 * storage: one event per client with a system on it). Ordered by client, then record.
 */
export function healthEvents(input: HealthInput, options: HealthOptions): HealthResult {
	const wanted = clientFilter(options.clientIds);
	const clientOf = clientDirectory(input.clients);
	const events: X360Event[] = [];
	const unattributed: HealthResult['unattributed'] = [];
	// A record without a client cannot be ticketed on anyone's company: it is named, not dropped silently.
	const attributed = (
		record: 'device' | 'appliance',
		r: { id: number; client_id?: number },
	): boolean => {
		if (typeof r.client_id === 'number') return true;
		unattributed.push({ record, id: r.id });
		return false;
	};
	for (const device of input.devices) {
		if (
			!device ||
			typeof device.id !== 'number' ||
			!attributed('device', device) ||
			!wanted(device.client_id)
		)
			continue;
		events.push(
			...deviceEvents(device, clientOf(device.client_id!), options, input.details?.get(device.id)),
		);
	}
	const applianceOffline =
		options.applianceOfflineMinutes ?? DEFAULT_HEALTH_OPTIONS.applianceOfflineMinutes;
	for (const appliance of input.appliances) {
		if (!appliance || typeof appliance.id !== 'number' || !attributed('appliance', appliance))
			continue;
		if (!wanted(appliance.client_id) || appliance.active === false) continue;
		const pool = poolRecord(
			'appliance',
			appliance,
			appliance.alias || appliance.service_id || `appliance ${appliance.id}`,
			applianceOffline,
		);
		events.push(...poolEvents(pool, clientOf(appliance.client_id!), options));
	}
	for (const vault of input.vaults) {
		// Cloud vaults are Axcient's: their trouble shows on each system's offsite condition.
		if (
			!vault ||
			typeof vault.id !== 'number' ||
			String(vault.type ?? '').toLowerCase() !== 'private' ||
			vault.active === false
		)
			continue;
		events.push(...vaultEvents(vault, wanted, clientOf, options));
	}
	events.sort((a, b) => Number(a.customer.id) - Number(b.customer.id));
	return { events, unattributed };
}
