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
import type { EventType, Severity } from './eventTypes';
import { type Signal, clientFilter, formatBytes, minutesSince, pickWorst, stateEvent, worse } from './sourceEvents';
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

export const X360_CONDITIONS = ['backup', 'offsite', 'verification', 'connectivity', 'storage'] as const;
export type X360Condition = (typeof X360_CONDITIONS)[number];

/** Conditions a protected system reports; appliances and private vaults report connectivity and storage. */
export const DEVICE_CONDITIONS: readonly X360Condition[] = ['backup', 'offsite', 'verification', 'connectivity'];
export const APPLIANCE_CONDITIONS: readonly X360Condition[] = ['connectivity', 'storage'];

export const SOURCE = 'x360recover';

export interface HealthOptions {
	/** The poll time. */
	now: Date;
	/** Conditions to report; default all. */
	conditions?: readonly X360Condition[];
	/** Client ids to report (as strings); empty or absent = every client. */
	clientIds?: readonly string[];
	/** Appliance / private vault pool fill that is a warning (percent). */
	storageWarningPercent?: number;
	/** Pool fill that is an error (percent). */
	storageErrorPercent?: number;
	/** An appliance whose tunnel has been down this long is offline (minutes); the API publishes no appliance threshold. */
	applianceOfflineMinutes?: number;
	/** For private vaults without their own connectivity threshold (minutes). */
	vaultOfflineMinutes?: number;
}

export const DEFAULT_HEALTH_OPTIONS = {
	storageWarningPercent: 85,
	storageErrorPercent: 95,
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

export interface X360Event {
	eventId: string;
	occurredAt: string;
	receivedAt: string;
	customer: { id: string; name?: string };
	device: { id: string; name?: string; serial?: string };
	type: EventType;
	originalType: string;
	condition: X360Condition;
	severity: Severity;
	message: string;
	failingSince?: string;
	x360: X360Trace;
}

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
	if (/OFFLINE|TUNNEL|UNREACHABLE|CONNECTIV|NOT_SEEN|HEARTBEAT|DISCONNECT/.test(r)) return 'connectivity';
	if (/FULL|STORAGE|SPACE|CAPACITY|POOL|QUOTA/.test(r)) return 'storage';
	if (/AUTO_?VERIFY|VERIFICATION|SCREENSHOT|BOOT/.test(r)) return 'verification';
	if (/VAULT|CLOUD|OFFSITE|REPLICA|ARCHIV/.test(r)) return 'offsite';
	return 'backup';
}

const STALE_BACKUP = /NEVER|NO_RP|NO_RECOVERY|RP_|THRESHOLD|OLD|STALE|MISSED|SLA|OUTDATED/;

function typeFor(condition: X360Condition, severity: Severity, record: X360Trace['record'], reason: string): EventType {
	switch (condition) {
		case 'backup':
			if (severity === 'ok') return 'backup_succeeded';
			return severity === 'warning' || STALE_BACKUP.test(reason.toUpperCase()) ? 'no_recent_backup' : 'backup_failed';
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
	return vendorTime(offsite ? (job.latest_rp ?? job.latest_cloud_rp) : (job.latest_rp ?? job.latest_local_rp));
}

/** The worst job of a device for a condition, as a signal, or undefined when every job is normal. */
function jobSignal(device: X360Device, offsite: boolean): Signal | undefined {
	const jobs = (device.jobs ?? []).filter((j) => j && isOffsiteJob(j) === offsite && severityOfHealth(String(j.health_status ?? '')) !== 'ok');
	if (jobs.length === 0) return undefined;
	let worst = jobs[0];
	for (const job of jobs) if (worse(severityOfHealth(String(job.health_status)), severityOfHealth(String(worst.health_status)))) worst = job;
	const severity = severityOfHealth(String(worst.health_status));
	const last = jobTime(worst, offsite);
	const names = jobs.map((j) => `${j.name ?? `job ${j.id}`} (${statusLabel(String(j.health_status))})`).join(', ');
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

function included(options: HealthOptions, condition: X360Condition): boolean {
	return !options.conditions || options.conditions.length === 0 || options.conditions.includes(condition);
}

function deviceEvents(device: X360Device, client: ClientInfo, options: HealthOptions, detail: DeviceDetail | undefined): X360Event[] {
	const current = device.current_health_status ?? {};
	const word = healthWord(current.status);
	if (word === 'PARKED') return [];
	const reason = String(current.reason ?? '').trim();
	const since = vendorTime(current.timestamp);
	const deviceSeverity = severityOfHealth(word);
	const reasonCondition = conditionOfReason(reason);
	// Storage reasons on a protected system mean it cannot back up; the appliance's own storage event names the pool.
	const statusCondition: X360Condition = reasonCondition === 'storage' ? 'backup' : reasonCondition;
	const receivedAt = options.now.toISOString();
	const name = device.name ?? `device ${device.id}`;
	const kind = device.type ? String(device.type).toLowerCase() : 'protected system';
	const events: X360Event[] = [];

	for (const condition of DEVICE_CONDITIONS) {
		if (!included(options, condition)) continue;
		const fromStatus: Signal | undefined =
			deviceSeverity !== 'ok' && statusCondition === condition
				? {
						severity: deviceSeverity,
						state: word,
						reason,
						timestamp: since ?? '',
						failingSince: since,
						text: `${name} (${kind}) is ${statusLabel(word)}${reason ? `: ${humaniseReason(reason)} (${reason})` : ''}${since ? `, since ${since}` : ''}`,
					}
				: undefined;
		let candidates: Array<Signal | undefined> = [fromStatus];
		if (condition === 'backup') candidates = [fromStatus, jobSignal(device, false)];
		else if (condition === 'offsite') candidates = [fromStatus, jobSignal(device, true)];
		else if (condition === 'verification') {
			const av = device.latest_autoverify_details;
			const avTime = vendorTime(av?.timestamp ?? av?.end_timestamp);
			const avSignal: Signal | undefined =
				av && av.is_healthy === false
					? {
							severity: 'warning',
							state: 'UNHEALTHY',
							reason: '',
							timestamp: avTime ?? '',
							failingSince: avTime,
							text: `AutoVerify of ${name} ${String(av.status ?? '').toLowerCase().startsWith('success') ? 'found a problem' : 'could not complete'}${av.rp ? ` (recovery point ${vendorTime(av.rp) ?? av.rp})` : ''}${avTime ? ` at ${avTime}` : ''}${av.screenshot_url ? `; screenshot: ${av.screenshot_url}` : ''}`,
						}
					: undefined;
			candidates = [fromStatus, avSignal];
		}
		const signal = pickWorst(candidates);
		const jobIds = [...new Set(candidates.flatMap((c) => c?.jobIds ?? []))];

		const trace: X360Trace = {
			record: 'device',
			clientId: client.id,
			deviceId: device.id,
			healthStatus: word || undefined,
			reason: reason || undefined,
			vendorTimestamp: '',
		};
		if (device.device_details_page_url) trace.detailsUrl = device.device_details_page_url;
		let message: string;
		if (signal) {
			trace.vendorTimestamp = signal.timestamp;
			if (jobIds.length) trace.jobIds = jobIds;
			message = `x360Recover: ${signal.text}.`;
			if (condition === 'backup' && detail) {
				if (detail.jobId !== undefined) trace.jobIds = [...new Set([...(trace.jobIds ?? []), detail.jobId])];
				if (detail.lastFailedRun) {
					trace.lastFailedRun = detail.lastFailedRun;
					const run = detail.lastFailedRun;
					// The run's time stays in x360.lastFailedRun: the message changes only when the error does.
					message += ` Last failed run: ${String(run.error_msg ?? 'no error message').trim()}.`;
				}
				if (detail.error) {
					trace.detailError = detail.error;
					message += ` (The job history could not be read: ${detail.error})`;
				}
			}
			if (trace.detailsUrl) message += ` Details: ${trace.detailsUrl}`;
		} else {
			// OK: the state's time is the device's own status time, stable while nothing changes.
			trace.vendorTimestamp = since ?? '';
			message = `x360Recover: ${condition === 'connectivity' ? 'connectivity' : condition} of ${name} is OK (device ${statusLabel(word)}${since ? ` since ${since}` : ''}).`;
		}
		events.push(
			stateEvent({
				idPrefix: IDS,
				scope: [`c${client.id}`, `device:${device.id}`],
				receivedAt,
				customer: { id: String(client.id), ...(client.name ? { name: client.name } : {}) },
				device: { id: `device:${device.id}`, name, ...(device.service_id ? { serial: device.service_id } : {}) },
				condition,
				signal,
				message,
				type: typeFor(condition, signal ? signal.severity : 'ok', 'device', signal?.reason ?? ''),
				okTimestamp: since ?? '',
				traceKey: 'x360',
				trace,
			}) as X360Event,
		);
	}
	return events;
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

function poolEvents(pool: PoolRecord, client: ClientInfo, options: HealthOptions): X360Event[] {
	const receivedAt = options.now.toISOString();
	const warnAt = options.storageWarningPercent ?? DEFAULT_HEALTH_OPTIONS.storageWarningPercent;
	const errorAt = options.storageErrorPercent ?? DEFAULT_HEALTH_OPTIONS.storageErrorPercent;
	const severity = severityOfHealth(pool.health);
	const reasonCondition = conditionOfReason(pool.reason);
	const label = pool.record === 'vault' ? 'Private vault' : 'Appliance';
	const recordKey = `${pool.record}:${pool.id}`;
	const events: X360Event[] = [];

	for (const condition of APPLIANCE_CONDITIONS) {
		if (!included(options, condition)) continue;
		if (condition === 'storage' && !pool.hasPool) continue;
		let signal: Signal | undefined;
		const trace: X360Trace = {
			record: pool.record,
			clientId: client.id,
			...(pool.record === 'appliance' ? { applianceId: pool.id } : { vaultId: pool.id }),
			healthStatus: healthWord(pool.health) || undefined,
			reason: pool.reason || undefined,
			vendorTimestamp: '',
		};
		if (condition === 'connectivity') {
			const downFor = minutesSince(pool.lastTunnelUp, options.now);
			const down = healthWord(pool.tunnelStatus) === 'DOWN';
			const fromReason = severity !== 'ok' && reasonCondition === 'connectivity';
			const overThreshold = down && (downFor === undefined || downFor >= pool.offlineAfterMinutes);
			if (fromReason || overThreshold) {
				// The vendor's own verdict, unless the tunnel has been down past our threshold: then an error.
				const vendorWins = fromReason && !(overThreshold && severity !== 'error');
				signal = {
					severity: vendorWins ? severity : 'error',
					state: vendorWins ? `${healthWord(pool.health)}_${pool.reason.toUpperCase()}` : 'TUNNEL_DOWN',
					reason: vendorWins ? pool.reason : 'TUNNEL_DOWN',
					timestamp: pool.lastTunnelUp ?? '',
					failingSince: pool.lastTunnelUp,
					text: `${label} ${pool.name} is offline${vendorWins && pool.reason ? ` (${pool.reason})` : ''}: tunnel ${healthWord(pool.tunnelStatus) || 'state unknown'}${pool.lastTunnelUp ? `, last up ${pool.lastTunnelUp}` : ', never seen up'}${overThreshold ? `, down longer than ${pool.offlineAfterMinutes} minutes` : ''}`,
				};
			}
		} else {
			const percent = pool.driveBytes > 0 ? Math.round((pool.usedBytes / pool.driveBytes) * 1000) / 10 : 0;
			trace.storage = { usedBytes: pool.usedBytes, driveBytes: pool.driveBytes, percent };
			const fromReason = severity !== 'ok' && reasonCondition === 'storage';
			const band: Severity = percent >= errorAt ? 'error' : percent >= warnAt ? 'warning' : 'ok';
			const level: Severity = fromReason && worse(severity, band) ? severity : band;
			if (level !== 'ok') {
				signal = {
					severity: level,
					// The state is the band (or the vendor's reason), not the exact percentage, so growth within a band is the same state.
					state: band !== 'ok' ? `OVER_${band === 'error' ? errorAt : warnAt}_PERCENT` : pool.reason.toUpperCase(),
					reason: pool.reason,
					timestamp: '',
					// Stable while the state lasts (the exact fill is in x360.storage): a growing pool is not news.
					text:
						band !== 'ok'
							? `${label} ${pool.name} storage is ${band === 'error' ? errorAt : warnAt}% full or more (${band} threshold) on a ${formatBytes(pool.driveBytes)} pool${pool.reason ? `; x360Recover reports ${pool.reason}` : ''}`
							: `${label} ${pool.name} storage: x360Recover reports ${pool.reason} (${statusLabel(pool.health)})`,
				};
			}
		}
		if (signal) trace.vendorTimestamp = signal.timestamp;
		const message = signal
			? `x360Recover: ${signal.text}.`
			: condition === 'connectivity'
				? `x360Recover: ${label} ${pool.name} is online (tunnel ${healthWord(pool.tunnelStatus) || 'UP'}).`
				: `x360Recover: ${label} ${pool.name} storage is ${trace.storage?.percent ?? 0}% full, below ${warnAt}%.`;
		events.push(
			stateEvent({
				idPrefix: IDS,
				scope: [`c${client.id}`, recordKey],
				receivedAt,
				customer: { id: String(client.id), ...(client.name ? { name: client.name } : {}) },
				device: { id: recordKey, name: pool.name, ...(pool.serial ? { serial: pool.serial } : {}) },
				condition,
				signal,
				message,
				type: typeFor(condition, signal ? signal.severity : 'ok', pool.record, signal?.reason ?? ''),
				traceKey: 'x360',
				trace,
			}) as X360Event,
		);
	}
	return events;
}

/** Devices in trouble whose backup condition is reported: the ones a detail call is worth making for. */
export function devicesNeedingDetail(input: Pick<HealthInput, 'devices'>, options: Pick<HealthOptions, 'conditions' | 'clientIds'>): Array<{ device: X360Device; job?: X360DeviceJob }> {
	if (options.conditions && options.conditions.length > 0 && !options.conditions.includes('backup')) return [];
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
			.sort((a, b) => (worse(severityOfHealth(String(a.health_status)), severityOfHealth(String(b.health_status))) ? -1 : 1))[0];
		const statusBackup = severityOfHealth(word) !== 'ok' && ['backup', 'storage'].includes(conditionOfReason(String(current.reason ?? '')));
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

/**
 * Maps one poll's records to events: every non-parked protected system (backup, offsite, AutoVerify,
 * connectivity), every appliance (connectivity, storage) and every private vault (connectivity,
 * storage: one event per client with a system on it). Ordered by client, then record.
 */
export function healthEvents(input: HealthInput, options: HealthOptions): HealthResult {
	const wanted = clientFilter(options.clientIds);
	const clients = new Map<number, ClientInfo>();
	for (const c of input.clients) if (c && typeof c.id === 'number') clients.set(c.id, { id: c.id, name: c.name });
	const clientOf = (id: number, name?: string): ClientInfo => clients.get(id) ?? { id, ...(name ? { name } : {}) };
	const events: X360Event[] = [];
	const unattributed: HealthResult['unattributed'] = [];

	for (const device of input.devices) {
		if (!device || typeof device.id !== 'number') continue;
		if (typeof device.client_id !== 'number') {
			unattributed.push({ record: 'device', id: device.id });
			continue;
		}
		if (!wanted(device.client_id)) continue;
		events.push(...deviceEvents(device, clientOf(device.client_id), options, input.details?.get(device.id)));
	}
	for (const appliance of input.appliances) {
		if (!appliance || typeof appliance.id !== 'number') continue;
		if (typeof appliance.client_id !== 'number') {
			unattributed.push({ record: 'appliance', id: appliance.id });
			continue;
		}
		if (!wanted(appliance.client_id) || appliance.active === false) continue;
		const pool: PoolRecord = {
			record: 'appliance',
			id: appliance.id,
			name: appliance.alias || appliance.service_id || `appliance ${appliance.id}`,
			serial: appliance.service_id,
			tunnelStatus: String(appliance.tunnel_status ?? ''),
			lastTunnelUp: vendorTime(appliance.last_tunnel_up),
			usedBytes: Number(appliance.storage_details?.used_size ?? 0) || 0,
			driveBytes: Number(appliance.storage_details?.drive_size ?? 0) || 0,
			health: String(appliance.health_status ?? ''),
			reason: String(appliance.health_status_reason ?? '').trim(),
			offlineAfterMinutes: options.applianceOfflineMinutes ?? DEFAULT_HEALTH_OPTIONS.applianceOfflineMinutes,
			hasPool: true,
		};
		events.push(...poolEvents(pool, clientOf(appliance.client_id), options));
	}
	for (const vault of input.vaults) {
		// Cloud vaults are Axcient's: their trouble shows on each system's offsite condition.
		if (!vault || typeof vault.id !== 'number' || String(vault.type ?? '').toLowerCase() !== 'private' || vault.active === false) continue;
		const served = new Map<number, ClientInfo>();
		for (const d of vault.devices ?? []) {
			const id = d?.client?.id;
			if (typeof id === 'number' && wanted(id) && !served.has(id)) served.set(id, clientOf(id, d.client?.name));
		}
		const threshold = Number(vault.vault_thresholds?.connectivity_threshold);
		const pool: PoolRecord = {
			record: 'vault',
			id: vault.id,
			name: vault.name || vault.service_id || `vault ${vault.id}`,
			serial: vault.service_id,
			tunnelStatus: String(vault.tunnel_status ?? ''),
			lastTunnelUp: vendorTime(vault.last_tunnel_up),
			usedBytes: Number(vault.storage_details?.used_size ?? 0) || 0,
			driveBytes: Number(vault.storage_details?.drive_size ?? 0) || 0,
			health: String(vault.health_status ?? ''),
			reason: String(vault.health_status_reason ?? '').trim(),
			offlineAfterMinutes: threshold > 0 ? threshold : (options.vaultOfflineMinutes ?? DEFAULT_HEALTH_OPTIONS.vaultOfflineMinutes),
			hasPool: Number(vault.storage_details?.drive_size ?? 0) > 0,
		};
		for (const client of [...served.values()].sort((a, b) => a.id - b.id)) events.push(...poolEvents(pool, client, options));
	}
	events.sort((a, b) => Number(a.customer.id) - Number(b.customer.id));
	return { events, unattributed };
}
