/**
 * workflows/x360recover-billing.json, unchanged (dry run on) and with Dry Run turned off, through the
 * engine harness against both stand-ins. The oracle is the two stand-ins' own models: the x360Recover
 * model's systems and bytes (what x360Recover would report) and the Autotask sandbox's unit model
 * (unitsOn), never the product's code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { credentialsFor, runWorkflow, type WorkflowJson } from '../harness';
import { unitsOn } from '../../sandbox/billing';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { X360_DEMO } from '../../sandbox/x360recover/seeds';

const template = JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', 'x360recover-billing.json'), 'utf8')) as WorkflowJson;
const S = DEMO.services;
const SERVICES = [S.appliance, S.serverLicense, S.workstationLicense, S.localStorageGb, S.cloudStorageGb];

let sb: Sandbox;
let x360: X360Recover;
beforeAll(async () => {
	[sb, x360] = await Promise.all([startSandbox({ seed: 'demo', port: 0 }), startX360Recover({ seed: 'demo', port: 0 })]);
});
afterAll(async () => Promise.all([sb.close(), x360.close()]));
beforeEach(() => {
	sb.reset();
	x360.reset();
});

const credentials = () => ({
	bdrAutotaskApi: credentialsFor(sb),
	bdrX360RecoverApi: { apiKey: x360.apiKey, environment: 'custom', customUrl: x360.baseUrl },
});
const withDryRunOff = (wf: WorkflowJson): WorkflowJson => {
	const copy = structuredClone(wf);
	copy.nodes.find((n) => n.name === 'Sync Billing')!.parameters.dryRun = false;
	return copy;
};
const synced = (r: Awaited<ReturnType<typeof runWorkflow>>) => (r.outputs['Sync Billing']?.[0] ?? []).map((i) => i.json as Record<string, any>);
const today = () => new Date().toISOString().slice(0, 10);
const units = (contractId: number) => SERVICES.map((s) => unitsOn(sb.store, today())(contractId, s.id));
const writes = () => Object.entries(sb.counts().byRoute).filter(([r]) => /^(POST|PATCH|PUT) Contract/.test(r) && !/query/.test(r)).reduce((n, [, c]) => n + c, 0);

/** What x360Recover's own model says a client uses, in the contract's units (GB decimal, rounded up). */
function expectedUnits(clientId: number): number[] {
	const m = x360.model;
	const devices = m.devices.filter((d) => d.clientId === clientId);
	const gb = (bytes: number) => Math.ceil(bytes / 1e9);
	return [
		m.appliances.filter((a) => a.clientId === clientId).length,
		devices.filter((d) => d.type === 'SERVER').length,
		devices.filter((d) => d.type === 'WORKSTATION').length,
		gb(devices.reduce((n, d) => n + d.localUsage, 0)),
		gb(devices.reduce((n, d) => n + d.cloudUsage, 0)),
	];
}

async function admin(path: string, body: unknown) {
	const res = await fetch(`${x360.adminUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
}

const contractOf = (clientId: number) => DEMO.customerList.find((c) => c.companyId === X360_DEMO.clients.find((x) => x.clientId === clientId)!.autotaskCompanyId)!.contractId;
const [acme, bluebird] = X360_DEMO.clients;

describe('workflows/x360recover-billing.json', () => {
	it('every 12 hours, dry run on, one row per x360Recover quantity (no virtual licences), the stand-in credential by name', () => {
		expect(template.nodes.find((n) => n.name === 'Every 12 hours')!.parameters).toEqual({ rule: { interval: [{ field: 'hours', hoursInterval: 12 }] } });
		const sync = template.nodes.find((n) => n.name === 'Sync Billing')!;
		expect(sync.parameters.dryRun).toBe(true);
		expect((sync.parameters.billingSettings as any).rows.map((r: any) => r.quantity)).toEqual(['appliances', 'serverLicenses', 'workstationLicenses', 'localStorage', 'offsiteStorage']);
		expect(template.nodes.find((n) => n.name === 'x360Recover — Usage')!.credentials).toEqual({ bdrX360RecoverApi: { id: '', name: 'x360Recover (stand-in)' } });
		expect(template.nodes.find((n) => n.name === 'Map Customer')!.parameters).toMatchObject({ mapSource: 'companyField', udfName: 'x360Recover Client ID' });
		expect(template.settings).toHaveProperty('errorWorkflow', 'bdrConnectorHlth');
	});

	it('unchanged template: the demo tenant as seeded is already billed right; one plan per contract, nothing written', async () => {
		const r = await runWorkflow(template, { credentials: credentials() });
		expect(r.error).toBeUndefined();
		const out = synced(r);
		expect(out).toHaveLength(X360_DEMO.clients.length);
		expect(out.every((o) => o.outcome === 'unchanged')).toBe(true);
		for (const c of X360_DEMO.clients) expect(units(contractOf(c.clientId))).toEqual(expectedUnits(c.clientId));
		expect(writes()).toBe(0);
		// /client + /appliance + the /device pages: three or four calls for the whole tenant
		expect(Object.keys(x360.counts().byRoute).sort()).toEqual(['GET /appliance', 'GET /client', 'GET /device']);
	});

	it('dry run off: changed usage and a new system land on the contract exactly, once; the same usage again writes nothing', async () => {
		const [server] = x360.model.devices.filter((d) => d.clientId === bluebird.clientId && d.type === 'SERVER');
		await admin(`/device/${server.id}/usage`, { localBytes: server.localUsage + 123_456_789_012, cloudBytes: server.cloudUsage + 1 });
		await admin('/device', { clientId: bluebird.clientId, type: 'SERVER', name: 'BLUE-NEW01' });
		const before = units(contractOf(bluebird.clientId));
		const want = expectedUnits(bluebird.clientId);
		expect(want).not.toEqual(before);

		const live = withDryRunOff(template);
		const first = synced(await runWorkflow(live, { credentials: credentials() }));
		expect(first.find((o) => o.contractId === contractOf(bluebird.clientId))).toMatchObject({ outcome: 'updated' });
		expect(first.filter((o) => o.outcome !== 'unchanged')).toHaveLength(1);
		expect(units(contractOf(bluebird.clientId))).toEqual(want);
		expect(units(contractOf(acme.clientId))).toEqual(expectedUnits(acme.clientId));

		sb.resetCounts();
		const second = synced(await runWorkflow(live, { credentials: credentials() }));
		expect(second.every((o) => o.outcome === 'unchanged')).toBe(true);
		expect(writes()).toBe(0);
	});

	it('a client whose last system is gone reports zeros and is billed zero', async () => {
		x360.model.devices = x360.model.devices.filter((d) => d.clientId !== acme.clientId);
		x360.model.appliances = x360.model.appliances.filter((a) => a.clientId !== acme.clientId);
		const out = synced(await runWorkflow(withDryRunOff(template), { credentials: credentials() }));
		expect(out.find((o) => o.contractId === contractOf(acme.clientId))).toMatchObject({ outcome: 'updated' });
		expect(units(contractOf(acme.clientId))).toEqual([0, 0, 0, 0, 0]);
	});
});
