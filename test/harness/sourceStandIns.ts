/**
 * What the tests of the two source nodes (x360Recover, Datto BCDR) share, in the engine tier
 * (test/workflows) and the real-n8n tier (test/e2e/sources.test.ts): a source stand-in started
 * beside the Autotask sandbox for a test file, the credentials that point the nodes at both, the
 * stand-ins' admin API, and the billing oracle: what each stand-in's own model says a client uses,
 * in the units of its demo contract. The oracle reads the stand-in's model and the sandbox's unit
 * model (unitsOn), never the product's code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { unitsOn } from '../../sandbox/billing';
import type { DattoStandIn } from '../../sandbox/datto/server';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import type { X360Recover } from '../../sandbox/x360recover/server';
import { credentialsFor } from './credentialsFor';
import type { WorkflowJson } from './workflowJson';

/** A shipped template, unchanged. */
export function loadTemplate(file: string): WorkflowJson {
	return JSON.parse(
		readFileSync(join(__dirname, '..', '..', 'workflows', file), 'utf8'),
	) as WorkflowJson;
}

/** A copy of a billing template with Sync Billing's Dry Run turned off, so it writes. */
export function withDryRunOff(wf: WorkflowJson): WorkflowJson {
	const copy = structuredClone(wf);
	copy.nodes.find((n) => n.name === 'Sync Billing')!.parameters.dryRun = false;
	return copy;
}

/**
 * The demo Autotask sandbox and one source stand-in (demo seeds), started together before the file's
 * tests, both re-seeded before each test (no test sees another's changes) and closed after them.
 * `started` receives both (the file keeps them in its own `let`s).
 */
export function useSourceStandIn<T extends { reset(): void; close(): Promise<void> }>(
	start: (options: { seed: 'demo'; port: 0 }) => Promise<T>,
	started: (sb: Sandbox, source: T) => void,
): void {
	let sb: Sandbox | undefined;
	let source: T | undefined;
	beforeAll(async () => {
		[sb, source] = await Promise.all([
			startSandbox({ seed: 'demo', port: 0 }),
			start({ seed: 'demo', port: 0 }),
		]);
		started(sb, source);
	});
	afterAll(async () => Promise.all([sb?.close(), source?.close()]));
	beforeEach(() => {
		sb?.reset();
		source?.reset();
	});
}

/** The data of the x360Recover credential pointing at the stand-in. */
export const x360Credential = (x360: X360Recover) => ({
	apiKey: x360.apiKey,
	environment: 'custom',
	customUrl: x360.baseUrl,
});

/** The data of the Datto BCDR credential pointing at the stand-in. */
export const dattoCredential = (datto: DattoStandIn) => ({
	publicKey: datto.publicKey,
	secretKey: datto.secretKey,
	environment: 'custom',
	customUrl: datto.baseUrl,
});

/** The credentials a source template needs in the engine harness: Autotask's and the source's, by type. */
export function sourceCredentials(
	sb: Sandbox,
	source: { x360: X360Recover } | { datto: DattoStandIn },
) {
	return {
		bdrAutotaskApi: credentialsFor(sb),
		...('x360' in source
			? { bdrX360RecoverApi: x360Credential(source.x360) }
			: { bdrDattoBcdrApi: dattoCredential(source.datto) }),
	};
}

/** One call to a stand-in's admin API (fail a system, change usage…); its JSON answer where it gives one. */
export async function adminPost(adminUrl: string, path: string, body: unknown): Promise<any> {
	const res = await fetch(`${adminUrl}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${text}`);
	return text ? JSON.parse(text) : undefined;
}

/** The items a node output in an engine-harness run. */
export const outputOf = (
	r: { outputs: Record<string, Array<Array<{ json: unknown }>> | undefined> },
	node: string,
) => (r.outputs[node]?.[0] ?? []).map((i) => i.json as Record<string, any>);

/** What Open or Close Ticket did in a run, the events it ignored or skipped left out. */
export const ticketActions = (r: Parameters<typeof outputOf>[0]) =>
	outputOf(r, 'Open or Close Ticket').filter((o) => !['ignored', 'skipped'].includes(o.outcome));

/** The tickets not Complete (status 5) in the sandbox. */
export const openTicketsIn = (sb: Sandbox) => sb.store.all('Tickets').filter((t) => t.status !== 5);

/** Autotask writes among the routes the sandbox counted: those `route` names, queries (`excluded`) not counted. */
export function writesOf(
	byRoute: Record<string, number>,
	route: RegExp = /^(POST|PATCH|PUT|DELETE) /,
	excluded: RegExp = /\/query/,
): number {
	return Object.entries(byRoute)
		.filter(([r]) => route.test(r) && !excluded.test(r))
		.reduce((n, [, c]) => n + c, 0);
}

const S = DEMO.services;
/** The services of the source templates' billing rows, in the order the oracles give their units. */
export const SOURCE_SERVICES = [
	S.appliance,
	S.serverLicense,
	S.workstationLicense,
	S.localStorageGb,
	S.cloudStorageGb,
];

/** The demo contract of an Autotask company. */
export const contractOfCompany = (companyId: number) =>
	DEMO.customerList.find((c) => c.companyId === companyId)!.contractId;

/** The units on a contract today, per SOURCE_SERVICES (the sandbox's own unit model). */
export const unitsToday = (sb: Sandbox, contractId: number) =>
	SOURCE_SERVICES.map((s) =>
		unitsOn(sb.store, new Date().toISOString().slice(0, 10))(contractId, s.id),
	);

/** What the x360Recover stand-in's model says a client uses, per SOURCE_SERVICES (decimal GB, rounded up). */
export function x360ExpectedUnits(x360: X360Recover, clientId: number): number[] {
	const m = x360.model;
	const devices = m.devices.filter((d) => d.clientId === clientId);
	const gb = (bytes: number) => Math.ceil(bytes / 1e9);
	return [
		m.appliances.filter((a) => a.clientId === clientId).length,
		devices.filter((d) => d.type === 'SERVER').length,
		devices.filter((d) => d.type === 'WORKSTATION').length,
		gb(devices.reduce((n, d) => n + d.localUsage, 0)),
		// offsite = cloud_usage + vault_usage; the stand-in's vault_usage (private vault) is 0
		gb(devices.reduce((n, d) => n + d.cloudUsage, 0)),
	];
}

/** What the Datto stand-in's model says an organization uses, per SOURCE_SERVICES (binary GB as the template bills, rounded up). */
export function dattoExpectedUnits(datto: DattoStandIn, orgId: number): number[] {
	const appliances = datto.model.appliances.filter((a) => a.organizationId === orgId && !a.hidden);
	const agents = appliances.flatMap((a) => a.assets).filter((x) => x.kind === 'agent');
	const gb = (n: number) => Math.ceil(Math.round(n * 100) / 100 - 1e-9);
	return [
		appliances.length,
		agents.filter((x) => /Server/.test(x.os ?? '')).length,
		agents.filter((x) => !/Server/.test(x.os ?? '')).length,
		gb(appliances.reduce((n, a) => n + a.localUsedGb, 0)),
		gb(appliances.reduce((n, a) => n + a.offsiteUsedGb, 0)),
	];
}
