/**
 * Builds organizations for the seeds: a client with its appliances and protected systems, storage
 * split in bytes across the systems, all healthy. Deterministic for the same inputs and clock.
 */
import { SystemPlan } from '../standIn/sizedSeeds';
import { X360Appliance, X360Client, X360Device, X360Model, X360Vault, nextId } from './model';

/** Storage in the seeds is decimal: 1 GB = 10^9 bytes (public dashboards divide the API's byte figures by 1e9). */
export const GB = 1e9;
const TB = 1e12;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface ClientPlan extends SystemPlan {
	cloudGb: number;
}

export const slug = (name: string) =>
	name
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');

/** A 4-character service id (the API's "4-symbols SID"). */
export const serviceIdOf = (id: number) => id.toString(36).padStart(4, '0').slice(-4);

/** Splits `total` bytes by weight into integers that add up to it exactly (the remainder goes to the first). */
export function splitBytes(total: number, weights: number[]): number[] {
	const sum = weights.reduce((a, b) => a + b, 0);
	if (sum === 0) return weights.map(() => 0);
	const parts = weights.map((w) => Math.floor((total * w) / sum));
	parts[0] += total - parts.reduce((a, b) => a + b, 0);
	return parts;
}

/** The smallest usual drive size that leaves the pool at most 60 % full. */
function driveFor(usedBytes: number): number {
	const sizes = [2, 4, 8, 12, 16, 24, 32, 48, 64, 96].map((t) => t * TB);
	return sizes.find((s) => usedBytes <= s * 0.6) ?? Math.ceil(usedBytes / 0.6 / TB) * TB;
}

export function addVault(
	model: X360Model,
	vault: Omit<X360Vault, 'storage' | 'health' | 'lastTunnelUp' | 'tunnel'>,
	now: number,
): X360Vault {
	const v: X360Vault = {
		...vault,
		tunnel: 'UP',
		lastTunnelUp: now,
		storage: { usedBytes: 0, driveBytes: 500 * TB },
		health: { status: 'NORMAL', reason: null, since: now - 30 * DAY },
	};
	model.vaults.push(v);
	return v;
}

function newAppliance(model: X360Model, client: X360Client, n: number, now: number): X360Appliance {
	const id = nextId(model.appliances, 2001);
	const a: X360Appliance = {
		id,
		serviceId: serviceIdOf(id),
		clientId: client.id,
		alias: `${client.name} appliance${n > 1 ? ` ${n}` : ''}`,
		serviceType: 'HARDWARE',
		tunnel: 'UP',
		lastTunnelUp: now,
		storage: { usedBytes: 0, driveBytes: 0 },
		health: { status: 'NORMAL', reason: null, since: now - 14 * DAY },
		ipAddress: `10.${client.id % 250}.${n}.10`,
		serverId: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
	};
	model.appliances.push(a);
	return a;
}

export function newDevice(
	model: X360Model,
	spec: {
		name: string;
		clientId: number;
		applianceId: number;
		vaultId: number;
		type: 'SERVER' | 'WORKSTATION';
	},
	now: number,
): X360Device {
	const id = nextId(model.devices, 100_001);
	const server = spec.type === 'SERVER';
	const local = now - ((id * 7) % 50) * MINUTE;
	return {
		...spec,
		id,
		osName: server ? 'Windows Server 2022 Standard' : 'Windows 11 Pro',
		ipAddress: `10.${spec.clientId % 250}.${1 + (id % 200)}.${20 + (id % 200)}`,
		health: { status: 'NORMAL', reason: null, since: now - 7 * DAY },
		previousHealth: null,
		localUsage: 0,
		cloudUsage: 0,
		latestLocalRp: local,
		latestCloudRp: local - 30 * MINUTE,
		autoverify: { result: 'healthy', at: now - 6 * 60 * MINUTE, rp: local - 6 * 60 * MINUTE },
		thresholds: { local: 480, cloud: 1440, vault: 1440, protection: 60 },
		backupJobId: 500_000 + 2 * id,
		replicationJobId: 500_001 + 2 * id,
		backupEveryMinutes: server ? 60 : 240,
		failingMessage: null,
	};
}

/** Adds a client with its appliances and systems; storage is split 4:1 between a server and a workstation. */
export function addClient(
	model: X360Model,
	plan: ClientPlan,
	cloudVaultId: number,
	now: number,
): X360Client {
	const client: X360Client = {
		id: plan.id,
		name: plan.name,
		clientCode: slug(plan.name),
		active: true,
	};
	model.clients.push(client);
	const appliances = Array.from({ length: plan.appliances }, (_, i) =>
		newAppliance(model, client, i + 1, now),
	);
	const code = slug(plan.name).split('-')[0].toUpperCase();
	const specs = [
		...Array.from({ length: plan.servers }, (_, i) => ({
			type: 'SERVER' as const,
			name: `${code}-SRV${String(i + 1).padStart(2, '0')}`,
		})),
		...Array.from({ length: plan.workstations }, (_, i) => ({
			type: 'WORKSTATION' as const,
			name: `${code}-WS${String(i + 1).padStart(2, '0')}`,
		})),
	];
	if (specs.length > 0 && appliances.length === 0)
		throw new Error(`client ${plan.name}: protected systems need an appliance`);
	const devices = specs.map((s, i) => {
		const d = newDevice(
			model,
			{
				...s,
				clientId: client.id,
				applianceId: appliances[i % appliances.length].id,
				vaultId: cloudVaultId,
			},
			now,
		);
		model.devices.push(d);
		return d;
	});
	const weights = devices.map((d) => (d.type === 'SERVER' ? 4 : 1));
	splitBytes(Math.round(plan.localGb * GB), weights).forEach((b, i) => (devices[i].localUsage = b));
	splitBytes(Math.round(plan.cloudGb * GB), weights).forEach((b, i) => (devices[i].cloudUsage = b));
	for (const a of appliances) {
		a.storage.usedBytes = devices
			.filter((d) => d.applianceId === a.id)
			.reduce((sum, d) => sum + d.localUsage, 0);
		a.storage.driveBytes = driveFor(a.storage.usedBytes);
	}
	return client;
}

/** Recomputes every vault's used size from its systems' usage. */
export function refreshVaultUsage(model: X360Model): void {
	for (const v of model.vaults)
		v.storage.usedBytes = model.devices
			.filter((d) => d.vaultId === v.id)
			.reduce((sum, d) => sum + d.cloudUsage, 0);
}
