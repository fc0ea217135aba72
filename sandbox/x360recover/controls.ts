/**
 * What the admin API changes in the model: a system's health, its restore-point age, its AutoVerify
 * result, an appliance's or vault's tunnel, an appliance's storage fill, a system's usage, and a new
 * system. Each validates its input and throws an Error with the reason (the admin API answers 400).
 */
import { newDevice } from './build';
import {
	AutoVerifyResult,
	HEALTH_STATES,
	HealthState,
	X360Appliance,
	X360Device,
	X360Model,
	X360Vault,
	findAppliance,
	findClient,
	findDevice,
	findVault,
} from './model';

const MINUTE = 60_000;

function need<T>(found: T | undefined, what: string, id: unknown): T {
	if (found === undefined) throw new Error(`no ${what} with id ${JSON.stringify(id)}`);
	return found;
}

const wholeNumber = (v: unknown, name: string): number => {
	if (!Number.isInteger(v) || (v as number) < 0)
		throw new Error(`${name} must be a whole number >= 0, got ${JSON.stringify(v)}`);
	return v as number;
};

export const deviceOf = (m: X360Model, id: unknown): X360Device =>
	need(findDevice(m, Number(id)), 'device', id);
export const applianceOf = (m: X360Model, id: unknown): X360Appliance =>
	need(findAppliance(m, Number(id)), 'appliance', id);
export const vaultOf = (m: X360Model, id: unknown): X360Vault =>
	need(findVault(m, Number(id)), 'vault', id);

export interface HealthChange {
	status: HealthState;
	reason?: string | null;
	/** ISO 8601 time the state began (default: now). */
	timestamp?: string;
	/** Message of the failing job runs while TROUBLED (default: the reason). */
	message?: string;
}

/** A new state moves the current one to `previous_health_status`; the same state again only updates reason/time. */
export function setHealth(
	m: X360Model,
	deviceId: unknown,
	change: HealthChange,
	now: number,
): X360Device {
	const d = deviceOf(m, deviceId);
	if (!HEALTH_STATES.includes(change?.status))
		throw new Error(`status must be one of ${HEALTH_STATES.join(', ')}`);
	const since = change.timestamp === undefined ? now : Date.parse(change.timestamp);
	if (Number.isNaN(since))
		throw new Error(
			`timestamp must be an ISO 8601 date-time, got ${JSON.stringify(change.timestamp)}`,
		);
	const reason = change.reason ?? (change.status === 'NORMAL' ? null : 'BACKUP_FAILED');
	if (change.status !== d.health.status) d.previousHealth = d.health;
	d.health = { status: change.status, reason, since };
	d.failingMessage =
		change.status === 'TROUBLED' ? (change.message ?? reason ?? 'Backup failed') : null;
	return d;
}

/** Latest local and/or cloud recovery point `minutes` ago. */
export function setRestorePointAge(
	m: X360Model,
	deviceId: unknown,
	age: { localMinutes?: number; cloudMinutes?: number },
	now: number,
): X360Device {
	const d = deviceOf(m, deviceId);
	if (age?.localMinutes === undefined && age?.cloudMinutes === undefined)
		throw new Error('give localMinutes and/or cloudMinutes');
	if (age.localMinutes !== undefined)
		d.latestLocalRp = now - wholeNumber(age.localMinutes, 'localMinutes') * MINUTE;
	if (age.cloudMinutes !== undefined)
		d.latestCloudRp = now - wholeNumber(age.cloudMinutes, 'cloudMinutes') * MINUTE;
	return d;
}

const AV_RESULTS: readonly AutoVerifyResult[] = ['healthy', 'screenshot_failed', 'not_completed'];

export function setAutoVerify(
	m: X360Model,
	deviceId: unknown,
	change: { result: AutoVerifyResult; timestamp?: string },
	now: number,
): X360Device {
	const d = deviceOf(m, deviceId);
	if (!AV_RESULTS.includes(change?.result))
		throw new Error(`result must be one of ${AV_RESULTS.join(', ')}`);
	const at = change.timestamp === undefined ? now : Date.parse(change.timestamp);
	if (Number.isNaN(at)) throw new Error('timestamp must be an ISO 8601 date-time');
	d.autoverify = { result: change.result, at, rp: d.latestLocalRp };
	return d;
}

/**
 * DOWN: `tunnel_status` DOWN and health WARNED (or the given one) with reason APPLIANCE_OFFLINE /
 * VAULT_OFFLINE; UP: tunnel UP, `last_tunnel_up` now, health NORMAL.
 */
export function setTunnel(
	target: X360Appliance | X360Vault,
	change: { status: 'UP' | 'DOWN'; health?: HealthState },
	offlineReason: string,
	now: number,
): void {
	if (change?.status !== 'UP' && change?.status !== 'DOWN')
		throw new Error('status must be UP or DOWN');
	if (change.health !== undefined && !HEALTH_STATES.includes(change.health))
		throw new Error(`health must be one of ${HEALTH_STATES.join(', ')}`);
	if (change.status === 'DOWN') {
		if (target.tunnel === 'UP') target.lastTunnelUp = now;
		target.tunnel = 'DOWN';
		target.health = { status: change.health ?? 'WARNED', reason: offlineReason, since: now };
	} else {
		target.tunnel = 'UP';
		target.lastTunnelUp = now;
		target.health = { status: change.health ?? 'NORMAL', reason: null, since: now };
	}
}

/** Pool fill as a fraction of the drive; from 0.9 the appliance is TROUBLED with FULL_90_PERCENT (the OpenAPI example), below it NORMAL again. */
export function setStorageFill(
	m: X360Model,
	applianceId: unknown,
	fill: { fraction?: number; usedBytes?: number; driveBytes?: number },
	now: number,
): X360Appliance {
	const a = applianceOf(m, applianceId);
	if (fill?.driveBytes !== undefined)
		a.storage.driveBytes = wholeNumber(fill.driveBytes, 'driveBytes');
	if (fill?.usedBytes !== undefined) a.storage.usedBytes = wholeNumber(fill.usedBytes, 'usedBytes');
	else if (typeof fill?.fraction === 'number' && fill.fraction >= 0 && fill.fraction <= 1)
		a.storage.usedBytes = Math.round(a.storage.driveBytes * fill.fraction);
	else if (fill?.driveBytes === undefined)
		throw new Error('give fraction (0..1), usedBytes or driveBytes');
	const full = a.storage.driveBytes > 0 && a.storage.usedBytes / a.storage.driveBytes >= 0.9;
	if (full && a.health.reason !== 'FULL_90_PERCENT')
		a.health = { status: 'TROUBLED', reason: 'FULL_90_PERCENT', since: now };
	if (!full && a.health.reason === 'FULL_90_PERCENT')
		a.health = { status: 'NORMAL', reason: null, since: now };
	return a;
}

/** A system's local (appliance) and/or cloud (vault) usage in bytes; the appliance and vault totals follow. */
export function setUsage(
	m: X360Model,
	deviceId: unknown,
	usage: { localBytes?: number; cloudBytes?: number },
): X360Device {
	const d = deviceOf(m, deviceId);
	if (usage?.localBytes === undefined && usage?.cloudBytes === undefined)
		throw new Error('give localBytes and/or cloudBytes');
	if (usage.localBytes !== undefined) {
		const delta = wholeNumber(usage.localBytes, 'localBytes') - d.localUsage;
		d.localUsage += delta;
		const a = findAppliance(m, d.applianceId);
		if (a) a.storage.usedBytes = Math.max(0, a.storage.usedBytes + delta);
	}
	if (usage.cloudBytes !== undefined) {
		const delta = wholeNumber(usage.cloudBytes, 'cloudBytes') - d.cloudUsage;
		d.cloudUsage += delta;
		const v = findVault(m, d.vaultId);
		if (v) v.storage.usedBytes = Math.max(0, v.storage.usedBytes + delta);
	}
	return d;
}

export interface NewDevice {
	clientId: number;
	name?: string;
	type?: 'SERVER' | 'WORKSTATION';
	/** Where `/device` lists it: first (shifts every later page by one) or last (default). */
	position?: 'start' | 'end';
}

export function addDevice(m: X360Model, spec: NewDevice, now: number): X360Device {
	const client = need(findClient(m, Number(spec?.clientId)), 'client', spec?.clientId);
	const appliance = need(
		m.appliances.find((a) => a.clientId === client.id),
		'appliance of client',
		client.id,
	);
	const type = spec.type ?? 'WORKSTATION';
	if (type !== 'SERVER' && type !== 'WORKSTATION')
		throw new Error('type must be SERVER or WORKSTATION');
	const vaultId =
		m.devices.find((d) => d.clientId === client.id)?.vaultId ??
		m.vaults.find((v) => v.type === 'Cloud')?.id ??
		0;
	const d = newDevice(
		m,
		{
			name: spec.name ?? `NEW-${m.devices.length + 1}`,
			clientId: client.id,
			applianceId: appliance.id,
			vaultId,
			type,
		},
		now,
	);
	if (spec.position === 'start') m.devices.unshift(d);
	else m.devices.push(d);
	return d;
}
