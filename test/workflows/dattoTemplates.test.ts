/**
 * workflows/datto-{tickets,billing,onboarding}.json, unchanged (billing also with Dry Run off), through
 * the engine harness against both stand-ins: the Datto BCDR stand-in (sandbox/datto, demo seed) and
 * the Autotask sandbox's demo tenant, whose companies carry "Datto Organization ID". The oracle is the
 * two stand-ins' own models (the Datto model's appliances, agents and GB; unitsOn), never the node's code.
 */
import { runWorkflow } from '../harness';
import { adminPost, contractOfCompany, dattoExpectedUnits, loadTemplate, openTicketsIn, outputOf, sourceCredentials, ticketActions, unitsToday, useSourceStandIn, withDryRunOff } from '../harness/sourceStandIns';
import type { Sandbox } from '../../sandbox/server';
import { startDatto, type DattoStandIn } from '../../sandbox/datto/server';
import { DATTO_DEMO } from '../../sandbox/datto/seeds';

jest.setTimeout(120_000);

const tickets = loadTemplate('datto-tickets.json');
const billing = loadTemplate('datto-billing.json');
const onboarding = loadTemplate('datto-onboarding.json');
const HEALTH = 'Datto BCDR — Device Health';

let sb: Sandbox;
let datto: DattoStandIn;
useSourceStandIn(startDatto, (s, d) => ([sb, datto] = [s, d]));

const credentials = () => sourceCredentials(sb, { datto });
const poll = () => runWorkflow(tickets, { credentials: credentials() });
type Run = Awaited<ReturnType<typeof poll>>;
const json = outputOf;
const events = (r: Run) => json(r, HEALTH);
const problems = (r: Run) => events(r).filter((e) => e.severity !== 'ok');
const acted = ticketActions;
const openTickets = () => openTicketsIn(sb);
const notesOn = (ticketId: number) => sb.store.all('TicketNotes').filter((n) => n.ticketID === ticketId).length;
const admin = (path: string, body: unknown) => adminPost(datto.adminUrl, path, body);

const acme = DATTO_DEMO.clients.find((c) => c.organizationName === 'ACME Insurance')!;
const acmeAppliance = () => datto.model.appliances.find((a) => a.organizationId === acme.organizationId)!;
const acmeServer = () => acmeAppliance().assets.find((x) => x.kind === 'agent' && /Server/.test(x.os ?? ''))!;
const agentPath = () => `/device/${acmeAppliance().serialNumber}/asset/${acmeServer().name}`;

describe('workflows/datto-tickets.json', () => {
	it('every 15 minutes, the stand-in credential by name, company field "Datto Organization ID", notes only on state changes, no secrets', () => {
		expect(tickets.nodes.find((n) => n.name === 'Every 15 minutes')!.parameters).toEqual({ rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } });
		expect(tickets.nodes.find((n) => n.name === HEALTH)!.credentials).toEqual({ bdrDattoBcdrApi: { id: '', name: 'Datto BCDR (stand-in)' } });
		expect(tickets.nodes.find((n) => n.name === 'Map Customer')!.parameters).toMatchObject({ mapSource: 'companyField', udfName: 'Datto Organization ID' });
		expect(JSON.stringify(tickets.nodes.find((n) => n.name === 'Open or Close Ticket')!.parameters)).toContain('stateChange');
		expect(JSON.stringify(tickets)).not.toMatch(/"(secretKey|publicKey|secret)"\s*:\s*"[^"]/);
	});

	it('a healthy tenant: every appliance and asset OK, all mapped, no ticket; one device page + one asset read per appliance', async () => {
		const r = await poll();
		expect(r.error).toBeUndefined();
		const appliances = datto.model.appliances.length;
		const agents = datto.model.appliances.flatMap((a) => a.assets).filter((x) => x.kind === 'agent').length;
		const shares = datto.model.appliances.flatMap((a) => a.assets).filter((x) => x.kind === 'share').length;
		// appliance: connectivity + storage; agent: paused, backup, offsite, verification; share: no verification
		expect(events(r)).toHaveLength(appliances * 2 + agents * 4 + shares * 3);
		expect(problems(r)).toEqual([]);
		expect(json(r, 'Unmapped customers — fix the Customer Map')).toEqual([]);
		expect(acted(r)).toEqual([]);
		expect(datto.counts().byRoute).toEqual({ 'GET /bcdr/device': 1, 'GET /bcdr/device/{serialNumber}/asset': appliances });
	});

	it('failing → one ticket; persistent over three polls → same eventId and message, no note; recovering → closed', async () => {
		await admin(`${agentPath()}/backup`, { status: 'failure', errorMessage: 'VSS writer timed out' });
		const r1 = await poll();
		const p1 = problems(r1);
		expect(p1.map((e) => [e.customer.id, e.device.id, e.machine.name, e.condition, e.type, e.severity])).toEqual([
			[String(acme.organizationId), acmeAppliance().serialNumber, acmeServer().name, 'backup', 'backup_failed', 'error'],
		]);
		expect(p1[0].message).toContain('VSS writer timed out');
		expect(acted(r1)).toMatchObject([{ outcome: 'created', autotask: { companyId: acme.autotaskCompanyId } }]);
		const ticketId = acted(r1)[0].ticketId;
		const notes = notesOn(ticketId);
		for (let i = 0; i < 3; i++) {
			const again = await poll();
			expect(problems(again).map((e) => [e.eventId, e.message])).toEqual([[p1[0].eventId, p1[0].message]]);
			expect(openTickets()).toHaveLength(1);
		}
		expect(notesOn(ticketId)).toBe(notes);
		await admin(`${agentPath()}/backup`, { status: 'success' });
		const r3 = await poll();
		expect(acted(r3)).toMatchObject([{ outcome: 'closed', ticketId }]);
		expect(openTickets()).toHaveLength(0);
	});

	it('flapping: fail, recover, fail again, recover again: each failure ticketed, each recovery closes, never two open', async () => {
		for (let round = 0; round < 2; round++) {
			await admin(`${agentPath()}/backup`, { status: 'failure', errorMessage: `disk read error ${round}` });
			const fail = await poll();
			expect(acted(fail).map((o) => o.outcome)).toHaveLength(1);
			expect(openTickets()).toHaveLength(1);
			await admin(`${agentPath()}/backup`, { status: 'success' });
			const ok = await poll();
			expect(acted(ok).map((o) => o.outcome)).toEqual(['closed']);
			expect(openTickets()).toHaveLength(0);
		}
	});

	it('an offline appliance: one connectivity error (its agents not reported meanwhile); back online, it closes', async () => {
		const serial = acmeAppliance().serialNumber;
		await admin(`/device/${serial}/last-seen`, { minutesAgo: 180 });
		const r1 = await poll();
		expect(problems(r1).map((e) => [e.device.id, e.condition, e.type, e.severity])).toEqual([[serial, 'connectivity', 'appliance_offline', 'error']]);
		expect(problems(r1)[0].failingSince).toBeDefined();
		expect(events(r1).filter((e) => e.device.id === serial && e.machine)).toEqual([]);
		expect(acted(r1).map((o) => o.outcome)).toEqual(['created']);
		const again = await poll();
		expect(problems(again)[0].eventId).toBe(problems(r1)[0].eventId);
		await admin(`/device/${serial}/last-seen`, { minutesAgo: 0 });
		const r2 = await poll();
		expect(acted(r2).map((o) => o.outcome)).toEqual(['closed']);
	});

	it('a failed screenshot verification opens a verification ticket (Datto\'s own integration skips these); a pool at 96 % a storage error', async () => {
		await admin(`${agentPath()}/screenshot`, { result: 'failed' });
		await admin(`/device/${acmeAppliance().serialNumber}/storage`, { fraction: 0.96 });
		const r = await poll();
		expect(problems(r).map((e) => [e.condition, e.type, e.severity]).sort()).toEqual([
			['storage', 'storage_threshold', 'error'],
			['verification', 'verification_failed', 'warning'],
		]);
		expect(acted(r).map((o) => o.outcome)).toEqual(['created', 'created']);
	});

	it('a paused agent is a warning of its own; its backup is not judged meanwhile', async () => {
		await admin(`${agentPath()}/pause`, { paused: true });
		const r = await poll();
		expect(problems(r).map((e) => [e.machine.name, e.condition, e.severity])).toEqual([[acmeServer().name, 'other:paused', 'warning']]);
		expect(events(r).filter((e) => e.machine?.name === acmeServer().name).map((e) => e.condition)).toEqual(['other:paused']);
	});

	it('wrong keys stop the poll with the fix; no secret in the run, no Autotask call', async () => {
		const r = await runWorkflow(tickets, { credentials: { ...credentials(), bdrDattoBcdrApi: { publicKey: datto.publicKey, secretKey: 'wrong-secret-000000', environment: 'custom', customUrl: datto.baseUrl } } });
		expect(r.error?.message).toMatch(/refused the API keys/);
		expect(JSON.stringify(r.run)).not.toContain('wrong-secret-000000');
		expect(sb.counts().total ?? 0).toBe(0);
	});
});

const contractOf = (orgId: number) => contractOfCompany(DATTO_DEMO.clients.find((x) => x.organizationId === orgId)!.autotaskCompanyId);
const units = (contractId: number) => unitsToday(sb, contractId);
const expectedUnits = (orgId: number) => dattoExpectedUnits(datto, orgId);

describe('workflows/datto-billing.json', () => {
	it('every 12 hours, dry run on, storage in binary GB', () => {
		expect(billing.nodes.find((n) => n.name === 'Every 12 hours')!.parameters).toEqual({ rule: { interval: [{ field: 'hours', hoursInterval: 12 }] } });
		const sync = billing.nodes.find((n) => n.name === 'Sync Billing')!;
		expect(sync.parameters.dryRun).toBe(true);
		expect((sync.parameters.billingSettings as any).rows.filter((r: any) => r.conversion === 'GB').map((r: any) => r.base)).toEqual(['binary', 'binary']);
	});

	it('the seeded tenant is already billed exactly (oracle: the Datto model and unitsOn); nothing written', async () => {
		const r = await runWorkflow(billing, { credentials: credentials() });
		expect(r.error).toBeUndefined();
		const out = json(r, 'Sync Billing');
		expect(out).toHaveLength(DATTO_DEMO.clients.length);
		for (const c of DATTO_DEMO.clients) expect(units(contractOf(c.organizationId))).toEqual(expectedUnits(c.organizationId));
		expect(out.every((o) => o.outcome === 'unchanged')).toBe(true);
	});

	it('dry run off, MB units: changed usage and a new appliance land exactly, once; again, nothing', async () => {
		datto.setSettings({ localUnits: 'MB', offsiteUnits: 'MB' });
		const bluebird = DATTO_DEMO.clients[1];
		await admin(`/device/${bluebird.serialNumbers[0]}/usage`, { localUsedGb: 1234, offsiteUsedGb: 2345 });
		await admin('/device', { organizationId: bluebird.organizationId, agents: 2, localGb: 100, offsiteGb: 50 });
		const want = expectedUnits(bluebird.organizationId);
		expect(units(contractOf(bluebird.organizationId))).not.toEqual(want);
		const live = withDryRunOff(billing);
		const first = json(await runWorkflow(live, { credentials: credentials() }), 'Sync Billing');
		expect(first.filter((o) => o.outcome !== 'unchanged').map((o) => [o.contractId, o.outcome])).toEqual([[contractOf(bluebird.organizationId), 'updated']]);
		expect(units(contractOf(bluebird.organizationId))).toEqual(want);
		const second = json(await runWorkflow(live, { credentials: credentials() }), 'Sync Billing');
		expect(second.every((o) => o.outcome === 'unchanged')).toBe(true);
	});
});

describe('workflows/datto-onboarding.json', () => {
	it('List Clients → Suggest Mappings proposes, for every organization, its Autotask company', async () => {
		expect(onboarding.nodes.find((n) => n.name === 'Run once')!.type).toBe('n8n-nodes-base.manualTrigger');
		const r = await runWorkflow(onboarding, { credentials: credentials() });
		expect(r.error).toBeUndefined();
		expect(json(r, 'Suggestions to review').map((s) => [s.bdrCustomerId, s.suggestion.companyId]).sort()).toEqual(
			DATTO_DEMO.clients.map((c) => [String(c.organizationId), c.autotaskCompanyId]).sort(),
		);
		expect(json(r, 'No suggestion — map by hand')).toEqual([]);
		expect(datto.counts().byRoute).toEqual({ 'GET /bcdr/device': 1 });
	});
});
