/**
 * Seeds of the Datto BCDR stand-in:
 * - `demo`: one organization per customer of the Autotask demo tenant (DEMO.customerList), with that
 *   customer's appliances, agents (its server and workstation licences) and local / offsite storage
 *   (its local and cloud GB), all healthy; DATTO_DEMO maps organization ids to Autotask companies.
 * - `empty`: no organizations.
 * - N or { organizations: N, agents?: M }: N generated organizations (deterministic), for
 *   benchmarks; with `agents`, exactly M agents spread evenly (one in four a server), an appliance per
 *   50 agents.
 */
import { SeedNames, generatedPlans, parseSizedSeed } from '../standIn/sizedSeeds';
import { DEMO } from '../tenant/demo';
import { generatedCompanyName } from '../tenant/generated';
import { OrganizationPlan, addOrganization, serialOf } from './build';
import { DATTO_DEMO_ORG_IDS, generatedDattoOrgId } from './ids';
import { DattoModel, emptyModel } from './model';

export type DattoSeed = 'demo' | 'empty' | number | { organizations: number; agents?: number };

const AGENTS_PER_APPLIANCE = 50;

const demoPlans = (): OrganizationPlan[] =>
	DEMO.customerList.map((c) => {
		const u = c.units as Record<string, number | undefined>;
		const servers = u.serverLicense ?? 0;
		return {
			id: DATTO_DEMO_ORG_IDS[c.companyId],
			name: c.name,
			appliances: u.appliance ?? 1,
			servers,
			workstations: u.workstationLicense ?? 0,
			shares: servers >= 4 ? 1 : 0,
			localGb: u.localStorageGb ?? 0,
			offsiteGb: u.cloudStorageGb ?? 0,
		};
	});

/** The demo seed's organizations and what each stands for in the Autotask demo tenant. */
export const DATTO_DEMO = Object.freeze({
	clients: DEMO.customerList.map((c) => {
		const plan = demoPlans().find((p) => p.id === DATTO_DEMO_ORG_IDS[c.companyId])!;
		return {
			organizationId: plan.id,
			organizationName: c.name,
			clientCompanyName: c.name,
			autotaskCompanyId: c.companyId,
			bdrCustomerId: c.bdrCustomerId,
			serialNumbers: Array.from({ length: plan.appliances }, (_, i) => serialOf(plan.id, i + 1)),
		};
	}),
	/** Per organization id: the appliances, agents, shares and storage (GB as the API reports it) it is seeded with. */
	plans: Object.fromEntries(demoPlans().map((p) => [p.id, p])) as Record<number, OrganizationPlan>,
	/** The DEMO units with no Datto counterpart: agents are not typed physical / virtual in the API. */
	notModelled: ['virtualLicense'],
});

export const DATTO_SEED_NAMES: SeedNames = { customers: 'organizations', systems: 'agents' };

export const parseDattoSeed = (value: unknown): DattoSeed =>
	parseSizedSeed<DattoSeed>(value, DATTO_SEED_NAMES);

const generated = (organizations: number, agents: number | undefined): OrganizationPlan[] =>
	generatedPlans(
		organizations,
		agents,
		organizations * 7919 + (agents ?? 0) + 17,
		(i, servers, workstations, between) => {
			const count = servers + workstations;
			return {
				id: generatedDattoOrgId(i + 1),
				name: generatedCompanyName(i + 1),
				appliances: count === 0 ? 0 : Math.ceil(count / AGENTS_PER_APPLIANCE),
				servers,
				workstations,
				shares: 0,
				localGb: count > 0 ? between(50, 2000) : 0,
				offsiteGb: count > 0 ? between(50, 3000) : 0,
			};
		},
	);

export function seedModel(seed: DattoSeed, now: number): DattoModel {
	const model = emptyModel();
	const plans =
		seed === 'demo'
			? demoPlans()
			: seed === 'empty'
				? []
				: typeof seed === 'number'
					? generated(seed, undefined)
					: generated(seed.organizations, seed.agents);
	for (const plan of plans) addOrganization(model, plan, now);
	return model;
}
