/**
 * The wire format: model records → the JSON the x360Recover API answers (snake_case, bytes, ISO 8601
 * times with a `Z`, restore-point times without a zone). Field lists follow Axcient's OpenAPI file
 * (x360Recover.yaml 0.3.1) and the public clients' fixtures; see README.md.
 */
import {
	Health,
	X360Appliance,
	X360Client,
	X360Device,
	X360Model,
	X360Vault,
	appliancesOfClient,
	devicesOfAppliance,
	devicesOfClient,
	devicesOfVault,
	findClient,
} from './model';

const MINUTE = 60_000;

/** `2024-01-03T11:33:07.000Z`, as the API's examples. */
export const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
/** `2021-07-01T10:08:00`: restore-point times carry no zone (SimonBuckner/axcientapi parses them with a zone-less layout). UTC wall clock here. */
export const zoneless = (ms: number) => iso(ms).slice(0, 19);

const healthObj = (h: Health) => ({ status: h.status, reason: h.reason, timestamp: iso(h.since) });
const threshold = (value: number) => ({ value, enabled: true, overridden: false });
const counter = (SERVER: number, WORKSTATION: number) => [
	{ type: 'SERVER', count: SERVER },
	{ type: 'WORKSTATION', count: WORKSTATION },
];

const RANK: Record<string, number> = { NORMAL: 0, PARKED: 0, WARNED: 1, TROUBLED: 2 };
const worst = (states: string[]) => states.reduce((w, s) => (RANK[s] > RANK[w] ? s : w), 'NORMAL');

export function clientShape(
	m: X360Model,
	c: X360Client,
	includeAppliances: boolean,
): Record<string, unknown> {
	const devices = devicesOfClient(m, c.id);
	const appliances = appliancesOfClient(m, c.id);
	const count = (t: string) => devices.filter((d) => d.type === t).length;
	const out: Record<string, unknown> = {
		id: c.id,
		name: c.name,
		client_code: c.clientCode,
		active: c.active,
		health_status: worst([
			...devices.map((d) => d.health.status),
			...appliances.map((a) => a.health.status),
		]),
		devices_counters: {
			appliance_based: counter(count('SERVER'), count('WORKSTATION')),
			d2c: counter(0, 0),
			cloud_archive: counter(0, 0),
		},
	};
	if (includeAppliances) out.appliances = appliances.map(shortApplianceShape);
	return out;
}

export const shortApplianceShape = (a: X360Appliance) => ({
	id: a.id,
	service_id: a.serviceId,
	alias: a.alias,
	ip_address: a.ipAddress,
	server_id: a.serverId,
	active: true,
	product: 'X360RECOVER',
	service_type: a.serviceType,
});

const storageShape = (s: { usedBytes: number; driveBytes: number }) => ({
	used_size: s.usedBytes,
	drive_size: s.driveBytes,
});

export function applianceShape(
	m: X360Model,
	a: X360Appliance,
	includeDevices: boolean,
): Record<string, unknown> {
	const out: Record<string, unknown> = {
		...shortApplianceShape(a),
		client_id: a.clientId,
		model: { id: 392, name: 'BYOD' },
		package: { id: 10, name: 'Axcient Replibit' },
		last_tunnel_up: iso(a.lastTunnelUp),
		tunnel_status: a.tunnel,
		storage_details: storageShape(a.storage),
		software_version: { id: 15, version: '10.1.0' },
		health_status: a.health.status,
		health_status_reason: a.health.reason,
	};
	if (includeDevices) {
		out.devices = devicesOfAppliance(m, a.id).map((d) => ({
			id: d.id,
			name: d.name,
			ip_address: d.ipAddress,
			type: d.type,
			os: 'WINDOWS',
			local_usage: d.localUsage,
			latest_local_rp: iso(d.latestLocalRp),
		}));
	}
	return out;
}

export function vaultShape(
	m: X360Model,
	v: X360Vault,
	includeDevices: boolean,
): Record<string, unknown> {
	const out: Record<string, unknown> = {
		id: v.id,
		service_id: v.serviceId,
		name: v.name,
		ip_address: `10.250.0.${v.id % 250}`,
		server_id: `vault-${v.id}`,
		active: true,
		type: v.type,
		model: { id: 392, name: 'BYOD' },
		service_type: 'HARDWARE',
		last_tunnel_up: iso(v.lastTunnelUp),
		tunnel_status: v.tunnel,
		storage_details: storageShape(v.storage),
		software_version: { id: 15, version: '10.1.0' },
		replication_data: 0,
		vault_thresholds: { vault_id: v.id, connectivity_threshold: v.connectivityThresholdMinutes },
		health_status: v.health.status,
		health_status_reason: v.health.reason,
		creation_timestamp: iso(v.createdAt),
	};
	if (includeDevices) {
		out.devices = devicesOfVault(m, v.id).map((d) => ({
			id: d.id,
			appliance_id: d.applianceId,
			client: { id: d.clientId, name: findClient(m, d.clientId)?.name ?? '' },
			name: d.name,
			ip_address: d.ipAddress,
			type: d.type,
			os: 'WINDOWS',
			local_usage: d.localUsage,
			vault_usage: d.cloudUsage,
			bytes_replicated: 0,
			latest_vault_rp: iso(d.latestCloudRp),
		}));
	}
	return out;
}

function autoverifyInfo(d: X360Device) {
	const av = d.autoverify;
	const key = `${d.id.toString(16).padStart(8, '0')}${Math.floor(av.at / 1000)
		.toString(16)
		.padStart(16, '0')}`;
	return {
		id: key,
		timestamp: iso(av.at),
		start_timestamp: iso(av.at - 5 * MINUTE),
		end_timestamp: iso(av.at),
		rp: iso(av.rp),
		status: av.result === 'not_completed' ? 'failure' : 'success',
		screenshot_url: `https://x360recover.invalid/image/last_autoverify_screenshot/${key}`,
		screenshot_thumbnail_url: `https://x360recover.invalid/image/last_autoverify_thumbnail/${key}`,
		is_healthy: av.result === 'healthy',
	};
}

export function deviceShape(m: X360Model, d: X360Device): Record<string, unknown> {
	const appliance = m.appliances.find((a) => a.id === d.applianceId);
	const vault = m.vaults.find((v) => v.id === d.vaultId);
	return {
		id: d.id,
		name: d.name,
		client_id: d.clientId,
		type: d.type,
		os: { os_type: 'WINDOWS', bits: 64, os_name: d.osName },
		service_id: appliance?.serviceId ?? '',
		product: 'X360RECOVER',
		local_ps_id: `ps${d.id.toString(16).padStart(22, '0')}`,
		vaults: vault
			? [
					{
						id: vault.id,
						type: vault.type,
						latest_vault_rp: iso(d.latestCloudRp),
						device_usage: d.cloudUsage,
					},
				]
			: [],
		ip_address: d.ipAddress,
		current_health_status: healthObj(d.health),
		previous_health_status: d.previousHealth ? healthObj(d.previousHealth) : null,
		thresholds: {
			vault_rp_threshold: threshold(d.thresholds.vault),
			cloud_rp_threshold: threshold(d.thresholds.cloud),
			local_rp_threshold: threshold(d.thresholds.local),
			protection_threshold: threshold(d.thresholds.protection),
		},
		local_usage: d.localUsage,
		local_total: appliance?.storage.driveBytes ?? 0,
		cloud_usage: d.cloudUsage,
		vault_usage: 0,
		jobs: [
			{
				id: d.backupJobId,
				name: `${d.name} backup`,
				latest_rp: iso(d.latestLocalRp),
				health_status: d.health.status === 'PARKED' ? 'NORMAL' : d.health.status,
			},
			{
				id: d.replicationJobId,
				name: `${d.name} replication`,
				latest_rp: iso(d.latestCloudRp),
				vault_id: d.vaultId,
				health_status: 'NORMAL',
			},
		],
		latest_cloud_rp: iso(d.latestCloudRp),
		latest_local_rp: iso(d.latestLocalRp),
		latest_vault_rp: iso(d.latestCloudRp),
		d2c: false,
		agent_version: '2.40.1200',
		volumes: ['C:\\'],
		excluded_volumes: [],
		device_details_page_url: `https://x360recover.invalid/home/device/${d.id}`,
		local_cache_details: {
			enabled: false,
			verification_status: 'Disabled',
			path: '',
			last_verification_timestamp: null,
			last_successful_verification_timestamp: null,
		},
		latest_autoverify_details: autoverifyInfo(d),
	};
}

export const autoverifyShape = (d: X360Device) => [
	{ vault_id: d.vaultId, appliance_id: d.applianceId, autoverify_details: [autoverifyInfo(d)] },
];

/** The restore points kept on the vault: one per backup interval back from the latest, at most `keep`. */
export function restorePointShape(d: X360Device, keep = 24): Record<string, unknown>[] {
	const points = Array.from({ length: keep }, (_, i) => ({
		timestamp: zoneless(d.latestCloudRp - i * d.backupEveryMinutes * MINUTE),
		in_use: false,
		usage_initiator: '',
	}));
	return [{ vault_id: d.vaultId, status: 'OK', error_msg: '', restore_points: points }];
}

export type JobKind = 'backup' | 'replication';

export function jobShape(
	d: X360Device,
	kind: JobKind,
	vault: X360Vault | undefined,
): Record<string, unknown> {
	const backup = kind === 'backup';
	return {
		id: backup ? d.backupJobId : d.replicationJobId,
		name: `${d.name} ${kind}`,
		offsite: !backup,
		enabled: d.health.status !== 'PARKED' || backup,
		thresholds: {
			vault_rp_threshold: threshold(d.thresholds.vault),
			cloud_rp_threshold: threshold(d.thresholds.cloud),
			local_rp_threshold: threshold(d.thresholds.local),
			protection_threshold: threshold(d.thresholds.protection),
		},
		health_status: backup ? (d.health.status === 'PARKED' ? 'NORMAL' : d.health.status) : 'NORMAL',
		vault:
			backup || !vault
				? undefined
				: {
						id: vault.id,
						type: vault.type,
						latest_vault_rp: iso(d.latestCloudRp),
						device_usage: d.cloudUsage,
					},
		schedule: backup ? `every ${d.backupEveryMinutes} minutes` : 'after each backup',
		latest_rp: iso(backup ? d.latestLocalRp : d.latestCloudRp),
	};
}

/**
 * A job's run history, newest first: one Completed run per interval up to the latest recovery point
 * (a week back at most); when the device is failing, Failed runs (no `rp`) since then, up to now.
 */
export function jobHistory(d: X360Device, kind: JobKind, now: number): Record<string, unknown>[] {
	const every = d.backupEveryMinutes * MINUTE;
	const latest = kind === 'backup' ? d.latestLocalRp : d.latestCloudRp;
	const runs: Record<string, unknown>[] = [];
	if (d.failingMessage) {
		for (let t = latest + every; t <= now; t += every)
			runs.unshift({
				status: 'Failed',
				start_time: iso(t),
				end_time: iso(t + 2 * MINUTE),
				error_msg: d.failingMessage,
			});
	}
	for (let t = latest, n = 0; t > now - 7 * 24 * 60 * MINUTE && n < 2000; t -= every, n++) {
		runs.push({
			status: 'Completed',
			start_time: iso(t - 10 * MINUTE),
			end_time: iso(t),
			rp: iso(t),
			error_msg: '',
		});
	}
	return runs;
}
