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
import { seededRandom } from '../prng';
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
			id: DATTO_DEMO_ORG_IDS[c.companyId], name: c.name, appliances: u.appliance ?? 1, servers, workstations: u.workstationLicense ?? 0,
			shares: servers >= 4 ? 1 : 0, localGb: u.localStorageGb ?? 0, offsiteGb: u.cloudStorageGb ?? 0,
		};
	});

/** The demo seed's organizations and what each stands for in the Autotask demo tenant. */
export const DATTO_DEMO = Object.freeze({
	clients: DEMO.customerList.map((c) => {
		const plan = demoPlans().find((p) => p.id === DATTO_DEMO_ORG_IDS[c.companyId])!;
		return {
			organizationId: plan.id, organizationName: c.name, clientCompanyName: c.name, autotaskCompanyId: c.companyId, bdrCustomerId: c.bdrCustomerId,
			serialNumbers: Array.from({ length: plan.appliances }, (_, i) => serialOf(plan.id, i + 1)),
		};
	}),
	/** Per organization id: the appliances, agents, shares and storage (GB as the API reports it) it is seeded with. */
	plans: Object.fromEntries(demoPlans().map((p) => [p.id, p])) as Record<number, OrganizationPlan>,
	/** The DEMO units with no Datto counterpart: agents are not typed physical / virtual in the API. */
	notModelled: ['virtualLicense'],
});

export function parseDattoSeed(value: unknown): DattoSeed {
	if (value === 'demo' || value === 'empty') return value;
	if (typeof value === 'object' && value !== null) {
		const { organizations, agents } = value as { organizations?: unknown; agents?: unknown };
		const ok = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
		if (ok(organizations) && (agents === undefined || ok(agents))) return { organizations: organizations as number, agents: agents as number | undefined };
	}
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
	if (!Number.isInteger(n) || n < 0) throw new Error(`seed must be "demo", "empty", a number of organizations or {organizations, agents}, got ${JSON.stringify(value)}`);
	return n;
}

function generatedPlans(organizations: number, agents: number | undefined): OrganizationPlan[] {
	const random = seededRandom(organizations * 7919 + (agents ?? 0) + 17);
	const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
	return Array.from({ length: organizations }, (_, i) => {
		const total = agents === undefined ? undefined : Math.floor(agents / organizations) + (i < agents % organizations ? 1 : 0);
		const servers = total === undefined ? between(1, 4) : Math.ceil(total / 4);
		const workstations = total === undefined ? between(0, 12) : total - servers;
		const count = servers + workstations;
		return {
			id: generatedDattoOrgId(i + 1), name: generatedCompanyName(i + 1), appliances: count === 0 ? 0 : Math.ceil(count / AGENTS_PER_APPLIANCE), servers, workstations,
			shares: 0, localGb: count > 0 ? between(50, 2000) : 0, offsiteGb: count > 0 ? between(50, 3000) : 0,
		};
	});
}

export function seedModel(seed: DattoSeed, now: number): DattoModel {
	const model = emptyModel();
	const plans = seed === 'demo' ? demoPlans() : seed === 'empty' ? [] : typeof seed === 'number' ? generatedPlans(seed, undefined) : generatedPlans(seed.organizations, seed.agents);
	for (const plan of plans) addOrganization(model, plan, now);
	return model;
}
