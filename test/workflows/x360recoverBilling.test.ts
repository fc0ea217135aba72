/**
 * workflows/x360recover-billing.json, unchanged (dry run on) and with Dry Run turned off, through the
 * engine harness against both stand-ins. The oracle is the two stand-ins' own models: the x360Recover
 * model's systems and bytes (what x360Recover would report) and the Autotask sandbox's unit model
 * (unitsOn), never the product's code.
 */
import { runWorkflow } from '../harness';
import { adminPost, contractOfCompany, loadTemplate, outputOf, sourceCredentials, unitsToday, useSourceStandIn, withDryRunOff, writesOf, x360ExpectedUnits } from '../harness/sourceStandIns';
import type { Sandbox } from '../../sandbox/server';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { X360_DEMO } from '../../sandbox/x360recover/seeds';

const template = loadTemplate('x360recover-billing.json');

let sb: Sandbox;
let x360: X360Recover;
useSourceStandIn(startX360Recover, (s, x) => ([sb, x360] = [s, x]));

const credentials = () => sourceCredentials(sb, { x360 });
const synced = (r: Awaited<ReturnType<typeof runWorkflow>>) => outputOf(r, 'Sync Billing');
const units = (contractId: number) => unitsToday(sb, contractId);
const writes = () => writesOf(sb.counts().byRoute, /^(POST|PATCH|PUT) Contract/, /query/);
const expectedUnits = (clientId: number) => x360ExpectedUnits(x360, clientId);
const admin = (path: string, body: unknown) => adminPost(x360.adminUrl, path, body);
const contractOf = (clientId: number) => contractOfCompany(X360_DEMO.clients.find((x) => x.clientId === clientId)!.autotaskCompanyId);
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
