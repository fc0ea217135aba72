/**
 * Builds portals for the seeds: an organization with its appliances and protected assets, storage
 * split across the appliances, everything healthy. Deterministic for the same inputs and clock.
 */
import { createHash } from 'crypto';
import { SystemPlan } from '../standIn/sizedSeeds';
import { DattoAppliance, DattoAsset, DattoModel } from './model';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface OrganizationPlan extends SystemPlan {
	/** NAS shares protected on the first appliance. */
	shares: number;
	offsiteGb: number;
}

export const slug = (name: string) =>
	name
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');

/** 32 hex characters, stable for the same input (the API's asset `volume` id). */
export const volumeId = (seed: string): string => createHash('md5').update(seed).digest('hex');

/** A 12-hex-digit serial number, stable per organization and appliance number. */
export const serialOf = (organizationId: number, n: number): string =>
	`0A${(organizationId * 256 + n).toString(16).toUpperCase().padStart(10, '0')}`;

/** Splits a whole number of GB into `parts` integers that add up to it exactly (the remainder goes first). */
export function splitGb(total: number, parts: number): number[] {
	if (parts === 0) return [];
	const each = Math.floor(total / parts);
	return Array.from({ length: parts }, (_, i) => each + (i === 0 ? total - each * parts : 0));
}

/** The smallest usual pool size (GB) that leaves the appliance at most 60 % full. */
function poolFor(usedGb: number): number {
	const sizes = [1, 2, 4, 8, 12, 16, 24, 36, 48, 72, 96].map((t) => t * 1000);
	return sizes.find((s) => usedGb <= s * 0.6) ?? Math.ceil(usedGb / 0.6 / 1000) * 1000;
}

/** SIRIS for the larger pools, ALTO for the small ones (model names are ours: the record shows only "S5-2"). */
const modelFor = (poolGb: number) => (poolGb <= 2000 ? 'ALTO 3' : poolGb <= 8000 ? 'S5-2' : 'S5-4');

export function newAppliance(
	org: { id: number; name: string },
	n: number,
	usedGb: number,
	offsiteGb: number,
	now: number,
): DattoAppliance {
	const pool = poolFor(usedGb);
	const serial = serialOf(org.id, n);
	return {
		serialNumber: serial,
		name: `${slug(org.name)}-bcdr${n > 1 ? `-${n}` : ''}`,
		model: modelFor(pool),
		organizationId: org.id,
		hidden: false,
		lastSeen: now - ((org.id + n) % 5) * MINUTE,
		registeredAt: now - 400 * DAY,
		servicePeriodEnd: now + 300 * DAY,
		warrantyExpire: now + 700 * DAY,
		servicePlan: 'Infinite Cloud Retention',
		internalIP: `10.${org.id % 250}.${n}.5`,
		uptimeSeconds: 30 * 86_400,
		activeTickets: 0,
		localUsedGb: usedGb,
		localAvailableGb: pool - usedGb,
		offsiteUsedGb: offsiteGb,
		assets: [],
		alerts: [],
	};
}

export interface AssetSpec {
	kind: 'agent' | 'share';
	name: string;
	server: boolean;
	domain: string;
}

/** A healthy asset: snapshots on schedule, offsite two hours behind, the latest screenshot passed. */
export function newAsset(
	appliance: DattoAppliance,
	spec: AssetSpec,
	assetId: number,
	now: number,
): DattoAsset {
	const every = spec.kind === 'share' || spec.server ? 60 : 240;
	const lastSnapshot = now - ((assetId * 7) % 50) * MINUTE;
	const shotOf = lastSnapshot - every * Math.ceil(360 / every) * MINUTE;
	const agent = spec.kind === 'agent';
	return {
		kind: spec.kind,
		name: spec.name,
		volume: volumeId(`${appliance.serialNumber}/${spec.name}`),
		assetId,
		os: agent ? (spec.server ? 'Windows Server 2022 Standard' : 'Windows 11 Pro') : null,
		agentVersion: agent ? '3.1.4.0' : null,
		localIp: agent
			? `${appliance.internalIP.split('.').slice(0, 3).join('.')}.${20 + (assetId % 200)}`
			: null,
		fqdn: agent ? `${spec.name.toLowerCase()}.${spec.domain}` : null,
		protectedVolumeNames: agent ? (spec.server ? ['C:\\', 'D:\\'] : ['C:\\']) : [],
		unprotectedVolumeNames: [],
		isPaused: false,
		isArchived: false,
		lastSnapshot,
		latestOffsite: lastSnapshot - 2 * 60 * MINUTE,
		localSnapshots: spec.server ? 168 : 84,
		backupEveryMinutes: every,
		failure: null,
		screenshot: agent ? { at: shotOf + 20 * MINUTE, ok: true, snapshotAt: shotOf } : null,
	};
}

const nextAssetId = (m: DattoModel) =>
	m.appliances.reduce(
		(max, a) => a.assets.reduce((mx, x) => Math.max(mx, x.assetId + 1), max),
		10_001,
	);

function assetSpecs(plan: OrganizationPlan): AssetSpec[] {
	const code = slug(plan.name).split('-')[0].toUpperCase();
	const domain = `${slug(plan.name).split('-')[0]}.local`;
	return [
		...Array.from({ length: plan.servers }, (_, i) => ({
			kind: 'agent' as const,
			server: true,
			domain,
			name: `${code}-SRV${String(i + 1).padStart(2, '0')}`,
		})),
		...Array.from({ length: plan.workstations }, (_, i) => ({
			kind: 'agent' as const,
			server: false,
			domain,
			name: `${code}-WS${String(i + 1).padStart(2, '0')}`,
		})),
		...Array.from({ length: plan.shares }, (_, i) => ({
			kind: 'share' as const,
			server: false,
			domain,
			name: i === 0 ? 'Scans' : `Share${i + 1}`,
		})),
	];
}

/** Adds an organization with its appliances (local and offsite GB split evenly) and assets (round-robin; shares on the first). */
export function addOrganization(model: DattoModel, plan: OrganizationPlan, now: number): void {
	model.organizations.push({ id: plan.id, name: plan.name, clientCompanyName: plan.name });
	const local = splitGb(plan.localGb, plan.appliances);
	const offsite = splitGb(plan.offsiteGb, plan.appliances);
	const appliances = local.map((gb, i) => newAppliance(plan, i + 1, gb, offsite[i], now));
	model.appliances.push(...appliances);
	const specs = assetSpecs(plan);
	if (specs.length > 0 && appliances.length === 0)
		throw new Error(`organization ${plan.name}: assets need an appliance`);
	let id = nextAssetId(model);
	specs.forEach((spec, i) => {
		const appliance = spec.kind === 'share' ? appliances[0] : appliances[i % appliances.length];
		appliance.assets.push(newAsset(appliance, spec, id++, now));
	});
}

export { nextAssetId };
