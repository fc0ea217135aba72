/**
 * Seeds of the x360Recover stand-in:
 * - `demo`: one client per customer of the Autotask demo tenant (DEMO.customerList), its systems and
 *   storage taken from that customer's contract units (servers, workstations, appliances, local and
 *   cloud GB, decimal), all healthy; X360_DEMO maps client ids to Autotask companies.
 * - `empty`: the organization and its vaults, no clients.
 * - N or { clients: N, devices?: M }: N generated clients (deterministic), for benchmarks; with
 *   `devices`, exactly M systems spread evenly (one in four a server).
 */
import { SeedNames, generatedPlans, parseSizedSeed } from '../standIn/sizedSeeds';
import { DEMO } from '../tenant/demo';
import { generatedCompanyName } from '../tenant/generated';
import { ClientPlan, addClient, addVault, refreshVaultUsage } from './build';
import { X360_DEMO_CLIENT_IDS, generatedX360ClientId } from './ids';
import { X360Model, emptyModel } from './model';

export type X360Seed = 'demo' | 'empty' | number | { clients: number; devices?: number };

export const CLOUD_VAULT_ID = 9001;
export const PRIVATE_VAULT_ID = 9002;

const plans = (): ClientPlan[] =>
	DEMO.customerList.map((c) => {
		const u = c.units as Record<string, number | undefined>;
		return {
			id: X360_DEMO_CLIENT_IDS[c.companyId],
			name: c.name,
			appliances: u.appliance ?? 1,
			servers: u.serverLicense ?? 0,
			workstations: u.workstationLicense ?? 0,
			localGb: u.localStorageGb ?? 0,
			cloudGb: u.cloudStorageGb ?? 0,
		};
	});

/** The demo seed's clients and what each stands for in the Autotask demo tenant. */
export const X360_DEMO = Object.freeze({
	clients: DEMO.customerList.map((c) => ({
		clientId: X360_DEMO_CLIENT_IDS[c.companyId],
		autotaskCompanyId: c.companyId,
		name: c.name,
		bdrCustomerId: c.bdrCustomerId,
	})),
	/** Per client id: the systems and storage it is seeded with (bytes = GB × 10^9). */
	plans: Object.fromEntries(plans().map((p) => [p.id, p])) as Record<number, ClientPlan>,
	cloudVaultId: CLOUD_VAULT_ID,
	privateVaultId: PRIVATE_VAULT_ID,
	/** The DEMO units with no x360Recover counterpart: the API's system types are SERVER and WORKSTATION only. */
	notModelled: ['virtualLicense'],
});

export const X360_SEED_NAMES: SeedNames = { customers: 'clients', systems: 'devices' };

export const parseX360Seed = (value: unknown): X360Seed =>
	parseSizedSeed<X360Seed>(value, X360_SEED_NAMES);

function baseModel(now: number): X360Model {
	const model = emptyModel();
	addVault(
		model,
		{
			id: CLOUD_VAULT_ID,
			serviceId: 'cv01',
			name: 'Axcient Cloud (sandbox)',
			type: 'Cloud',
			connectivityThresholdMinutes: 240,
			createdAt: now - 400 * 86_400_000,
		},
		now,
	);
	addVault(
		model,
		{
			id: PRIVATE_VAULT_ID,
			serviceId: 'pv01',
			name: 'MSP Private Vault',
			type: 'Private',
			connectivityThresholdMinutes: 240,
			createdAt: now - 200 * 86_400_000,
		},
		now,
	);
	return model;
}

const generated = (clients: number, devices: number | undefined): ClientPlan[] =>
	generatedPlans(
		clients,
		devices,
		clients * 7919 + (devices ?? 0),
		(i, servers, workstations, between) => {
			const systems = servers + workstations;
			return {
				id: generatedX360ClientId(i + 1),
				name: generatedCompanyName(i + 1),
				appliances: systems > 0 ? 1 : 0,
				servers,
				workstations,
				localGb: systems > 0 ? between(50, 2000) : 0,
				cloudGb: systems > 0 ? between(50, 3000) : 0,
			};
		},
	);

export function seedModel(seed: X360Seed, now: number): X360Model {
	const model = baseModel(now);
	const list =
		seed === 'demo'
			? plans()
			: seed === 'empty'
				? []
				: typeof seed === 'number'
					? generated(seed, undefined)
					: generated(seed.clients, seed.devices);
	for (const plan of list) addClient(model, plan, CLOUD_VAULT_ID, now);
	refreshVaultUsage(model);
	return model;
}
