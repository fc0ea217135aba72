/**
 * Issue #12's scenario through a real n8n 2.x against both stand-ins: the shipped x360Recover templates
 * (workflows/x360recover-tickets.json and x360recover-billing.json), then the same for Datto BCDR
 * (workflows/datto-tickets.json, datto-billing.json, the Datto stand-in sandbox/datto) in the same n8n,
 * each imported with one change made here: its Schedule Trigger replaced by n8n's Webhook node, so the test runs a poll on demand and waits
 * for that execution to finish; and, in the billing copy, Sync Billing's Dry Run turned off.
 *
 * The x360Recover stand-in (sandbox/x360recover) is changed through its admin API; the Autotask state is
 * read from the Autotask sandbox's store (tickets, their status, Resolution and notes) and its own unit
 * model (unitsOn), never through product code. Expected usage is computed from the stand-in's own model.
 * Each step logs the calls it cost on both stand-ins (their counters, reset before the step).
 * Needs `npm run build` first.
 */
import { unitsOn } from '../../sandbox/billing';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { DEMO } from '../../sandbox/tenant/demo';
import { startX360Recover, type X360Recover } from '../../sandbox/x360recover/server';
import { X360_DEMO } from '../../sandbox/x360recover/seeds';
import { startDatto, type DattoStandIn } from '../../sandbox/datto/server';
import { DATTO_DEMO } from '../../sandbox/datto/seeds';
import type { ExecutionDetail } from '../../tools/n8n/rest';
import { ensureRuntime } from '../../tools/n8n/runtime';
import { sandboxCredentials, startN8n, type N8nServer } from '../../tools/n8n/server';
import { importTemplates } from '../../tools/n8n/templates';
import { finishedExecution, nodeItems, settledExecutions, template } from './e2eHelpers';

const SECRET = 'e2e-sources-webhook-secret-5f2a9c81';
const STATUS_COMPLETE = 5;
const TICKET_NODE = 'Open or Close Ticket';
const S = DEMO.services;
const SERVICES = [S.appliance, S.serverLicense, S.workstationLicense, S.localStorageGb, S.cloudStorageGb];

type Json = Record<string, any>;

/** A copy of a template whose Schedule Trigger is n8n's Webhook node (POST `path`), same connections. */
function onDemand(json: Json, path: string, change: (node: Json) => Json = (n) => n): Json {
  const schedule = json.nodes.find((n: Json) => n.type === 'n8n-nodes-base.scheduleTrigger');
  if (!schedule) throw new Error(`template "${json.name}" has no Schedule Trigger`);
  const name = 'Poll now (e2e webhook)';
  const webhook = { parameters: { httpMethod: 'POST', path, options: {} }, name, type: 'n8n-nodes-base.webhook', typeVersion: 2, position: schedule.position, webhookId: path };
  const connections = { ...json.connections, [name]: json.connections[schedule.name] };
  delete connections[schedule.name];
  return {
    ...json,
    name: `${json.name} (e2e, on demand)`,
    nodes: json.nodes.map((n: Json) => (n === schedule ? webhook : change(n))),
    connections,
  };
}

const x360Tickets = onDemand(template('x360recover-tickets.json'), 'e2e-x360-tickets');
const x360Billing = onDemand(template('x360recover-billing.json'), 'e2e-x360-billing', (n) =>
  n.name === 'Sync Billing' ? { ...n, parameters: { ...n.parameters, dryRun: false } } : n,
);
const dattoTickets = onDemand(template('datto-tickets.json'), 'e2e-datto-tickets');
const dattoBilling = onDemand(template('datto-billing.json'), 'e2e-datto-billing', (n) =>
  n.name === 'Sync Billing' ? { ...n, parameters: { ...n.parameters, dryRun: false } } : n,
);
const health = template('bdr-connector-health.json');

interface Flow {
  id: string;
  url: string;
  runs: number;
  /** The source stand-in the flow polls (its counter). */
  source: { counts(): { total: number; byRoute: Record<string, number> }; resetCounts(): void };
}

let sb: Sandbox;
let x360: X360Recover;
let datto: DattoStandIn;
let server: N8nServer;
const flows: Record<'x360Tickets' | 'x360Billing' | 'dattoTickets' | 'dattoBilling', Flow> = {} as any;
const costs: Array<{ step: string; source: number; autotask: number; writes: number; ms: number; sourceByRoute: Json; autotaskByRoute: Json }> = [];

beforeAll(async () => {
  const runtime = await ensureRuntime();
  [sb, x360, datto] = await Promise.all([startSandbox({ seed: 'demo', port: 0 }), startX360Recover({ port: 0, seed: 'demo' }), startDatto({ port: 0, seed: 'demo' })]);
  const dattoCredential = {
    name: 'Datto BCDR (stand-in)',
    type: 'bdrDattoBcdrApi',
    data: { publicKey: datto.publicKey, secretKey: datto.secretKey, environment: 'custom', customUrl: datto.baseUrl },
  };
  server = await startN8n({ runtime, credentials: [...sandboxCredentials(sb, SECRET, x360), dattoCredential] });
  const imported = await importTemplates(server, [x360Tickets, x360Billing, dattoTickets, dattoBilling, health]);
  const flow = (json: Json, path: string, source: Flow['source']): Flow => ({ id: imported.byName(json.name).id, url: server.webhookUrl(path), runs: 0, source });
  flows.x360Tickets = flow(x360Tickets, 'e2e-x360-tickets', x360);
  flows.x360Billing = flow(x360Billing, 'e2e-x360-billing', x360);
  flows.dattoTickets = flow(dattoTickets, 'e2e-datto-tickets', datto);
  flows.dattoBilling = flow(dattoBilling, 'e2e-datto-billing', datto);
  process.stderr.write(`[e2e sources] n8n ready in ${server.startMs} ms at ${server.url}\n`);
});

afterAll(async () => {
  if (costs.length) {
    const lines = costs.map(
      (c) =>
        `  ${c.step.padEnd(50)} source ${String(c.source).padStart(3)}  Autotask ${String(c.autotask).padStart(4)} (writes ${String(c.writes).padStart(2)})  ${(c.ms / 1000).toFixed(1).padStart(5)} s\n` +
        `    source ${JSON.stringify(c.sourceByRoute)}\n    Autotask ${JSON.stringify(c.autotaskByRoute)}`,
    );
    process.stderr.write(`[e2e sources] calls per step (both stand-ins' counters):\n${lines.join('\n')}\n`);
  }
  await server?.stop();
  await Promise.all([sb?.close(), x360?.close(), datto?.close()]);
});

// ---------------------------------------------------------------------------------------------

const isWrite = (route: string) => /^(POST|PATCH|PUT|DELETE) /.test(route) && !/\/query/.test(route);
const writesOf = (byRoute: Record<string, number>) => Object.entries(byRoute).filter(([r]) => isWrite(r)).reduce((n, [, c]) => n + c, 0);

/** Runs one poll of a flow through its webhook, waits for that execution to finish, records the calls it cost. */
async function run(flowKey: keyof typeof flows, step: string): Promise<{ detail: ExecutionDetail; writes: number }> {
  const flow = flows[flowKey];
  sb.resetCounts();
  flow.source.resetCounts();
  const started = Date.now();
  const res = await fetch(flow.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ step }) });
  expect(res.status).toBe(200);
  await res.text();
  flow.runs++;
  const [latest] = await settledExecutions(server.restClient, flow.id, flow.runs, 180_000);
  const detail = await finishedExecution(server.restClient, latest.id);
  const ms = Date.now() - started;
  const autotask = sb.counts();
  const source = flow.source.counts();
  const writes = writesOf(autotask.byRoute);
  costs.push({ step, source: source.total, autotask: autotask.total, writes, ms, sourceByRoute: source.byRoute, autotaskByRoute: autotask.byRoute });
  if (detail.status !== 'success') throw new Error(`${step}: execution ${latest.id} ended ${detail.status}: ${JSON.stringify(detail.data?.resultData?.error ?? null).slice(0, 2000)}`);
  return { detail, writes };
}

async function admin(path: string, body: unknown, adminUrl = x360.adminUrl) {
  const res = await fetch(`${adminUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const acted = (detail: ExecutionDetail) => nodeItems(detail, TICKET_NODE).filter((o) => !['ignored', 'skipped'].includes(o.outcome));
const today = () => new Date().toISOString().slice(0, 10);
const contractOf = (companyId: number) => DEMO.customerList.find((c) => c.companyId === companyId)!.contractId;
const units = (contractId: number) => SERVICES.map((s) => unitsOn(sb.store, today())(contractId, s.id));

/** What the x360Recover stand-in's own model says a client uses, in the contract's units (decimal GB, rounded up). */
function expectedUnits(clientId: number): number[] {
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

describe('x360Recover through a real n8n (both stand-ins)', () => {
  const acme = X360_DEMO.clients.find((c) => c.name === 'ACME Insurance')!;
  const bluebird = X360_DEMO.clients.find((c) => c.name === 'Bluebird Dental')!;
  const server1 = () => x360.model.devices.find((d) => d.clientId === acme.clientId && d.type === 'SERVER')!;
  let baseline: Set<number>;
  let ticketId: number;
  const newTickets = () => sb.store.all('Tickets').filter((t) => !baseline.has(t.id));
  const notesOf = (id: number) => sb.store.all('TicketNotes').filter((n) => n.ticketID === id);

  it('a healthy tenant: the poll opens no ticket and writes nothing to Autotask', async () => {
    baseline = new Set(sb.store.all('Tickets').map((t) => t.id));
    const { detail, writes } = await run('x360Tickets', 'x360 tickets: poll, all healthy');
    expect(nodeItems(detail, 'x360Recover — Device Health').every((e) => e.severity === 'ok')).toBe(true);
    expect(nodeItems(detail, TICKET_NODE).length).toBeGreaterThan(0);
    expect(acted(detail)).toEqual([]);
    expect(newTickets()).toEqual([]);
    expect(writes).toBe(0);
  });

  it('a system turning TROUBLED opens exactly one ticket on its company', async () => {
    const device = server1();
    await admin(`/device/${device.id}/restore-point-age`, { localMinutes: 180 });
    await admin(`/device/${device.id}/health`, { status: 'TROUBLED', reason: 'BACKUP_FAILED', message: 'VSS snapshot could not be created' });
    const { detail } = await run('x360Tickets', 'x360 tickets: poll, one system TROUBLED');
    const opened = newTickets();
    expect(opened).toHaveLength(1);
    expect(opened[0].companyID).toBe(acme.autotaskCompanyId);
    expect(opened[0].status).not.toBe(STATUS_COMPLETE);
    expect(opened[0].title).toContain(device.name);
    ticketId = opened[0].id;
    // the node's output, second witness
    expect(acted(detail)).toMatchObject([{ outcome: 'created', ticketId }]);
  });

  it('staying TROUBLED over 3 more polls: still one ticket, no "Repeated" note, no Autotask write', async () => {
    const notes = notesOf(ticketId).length;
    for (let i = 1; i <= 3; i++) {
      const { detail, writes } = await run('x360Tickets', `x360 tickets: poll ${i} of 3, still TROUBLED`);
      expect(newTickets().map((t) => [t.id, t.status !== STATUS_COMPLETE])).toEqual([[ticketId, true]]);
      expect(notesOf(ticketId).filter((n) => /Repeated/i.test(`${n.title} ${n.description}`))).toEqual([]);
      expect(notesOf(ticketId)).toHaveLength(notes);
      expect(acted(detail).every((o) => o.ticketId === ticketId && o.outcome !== 'created')).toBe(true);
      expect(writes).toBe(0);
    }
  });

  it('recovering (NORMAL) closes the ticket: status Complete, Resolution set', async () => {
    await admin(`/device/${server1().id}/health`, { status: 'NORMAL' });
    const { detail } = await run('x360Tickets', 'x360 tickets: poll, system NORMAL again');
    const ticket = sb.store.get('Tickets', ticketId)!;
    expect(ticket.status).toBe(STATUS_COMPLETE);
    expect(typeof ticket.resolution === 'string' && ticket.resolution.trim().length > 0).toBe(true);
    expect(newTickets()).toHaveLength(1);
    expect(acted(detail)).toMatchObject([{ outcome: 'closed', ticketId }]);
  });

  it('billing (Dry Run off): a client\'s changed usage lands on its contract exactly as x360Recover reports it', async () => {
    const [server] = x360.model.devices.filter((d) => d.clientId === bluebird.clientId && d.type === 'SERVER');
    await admin(`/device/${server.id}/usage`, { localBytes: server.localUsage + 123_456_789_012, cloudBytes: server.cloudUsage + 1 });
    await admin('/device', { clientId: bluebird.clientId, type: 'SERVER', name: 'BLUE-E2E01' });
    const contract = contractOf(bluebird.autotaskCompanyId);
    const want = expectedUnits(bluebird.clientId);
    expect(units(contract)).not.toEqual(want);

    const { detail, writes } = await run('x360Billing', 'x360 billing: run, one client changed');
    expect(units(contract)).toEqual(want);
    for (const c of X360_DEMO.clients) expect([c.name, units(contractOf(c.autotaskCompanyId))]).toEqual([c.name, expectedUnits(c.clientId)]);
    expect(writes).toBeGreaterThan(0);
    const out = nodeItems(detail, 'Sync Billing');
    expect(out.filter((o) => o.outcome !== 'unchanged').map((o) => [o.contractId, o.outcome])).toEqual([[contract, 'updated']]);

    const again = await run('x360Billing', 'x360 billing: run again, nothing changed');
    expect(again.writes).toBe(0);
    expect(units(contract)).toEqual(want);
  });

});

describe('Datto BCDR through the same n8n (both stand-ins)', () => {
  const acme = DATTO_DEMO.clients.find((c) => c.organizationName === 'ACME Insurance')!;
  const bluebird = DATTO_DEMO.clients.find((c) => c.organizationName === 'Bluebird Dental')!;
  const appliance = () => datto.model.appliances.find((a) => a.organizationId === acme.organizationId)!;
  const agent = () => appliance().assets.find((x) => x.kind === 'agent' && /Server/.test(x.os ?? ''))!;
  const agentPath = () => `/device/${appliance().serialNumber}/asset/${agent().name}`;
  const dattoAdmin = (path: string, body: unknown) => admin(path, body, datto.adminUrl);
  let baseline: Set<number>;
  let ticketId: number;
  const newTickets = () => sb.store.all('Tickets').filter((t) => !baseline.has(t.id));
  const notesOf = (id: number) => sb.store.all('TicketNotes').filter((n) => n.ticketID === id);

  it('a healthy tenant: the poll opens no ticket and writes nothing to Autotask', async () => {
    baseline = new Set(sb.store.all('Tickets').map((t) => t.id));
    const { detail, writes } = await run('dattoTickets', 'datto tickets: poll, all healthy');
    expect(nodeItems(detail, 'Datto BCDR — Device Health').every((e) => e.severity === 'ok')).toBe(true);
    expect(nodeItems(detail, TICKET_NODE).length).toBeGreaterThan(0);
    expect(acted(detail)).toEqual([]);
    expect(newTickets()).toEqual([]);
    expect(writes).toBe(0);
  });

  it('an agent whose backups fail opens exactly one ticket on its company', async () => {
    await dattoAdmin(`${agentPath()}/backup`, { status: 'failure', errorMessage: 'VSS writer timed out' });
    const { detail } = await run('dattoTickets', 'datto tickets: poll, one agent failing');
    const opened = newTickets();
    expect(opened).toHaveLength(1);
    expect(opened[0].companyID).toBe(acme.autotaskCompanyId);
    expect(opened[0].status).not.toBe(STATUS_COMPLETE);
    expect(opened[0].title).toContain(agent().name);
    ticketId = opened[0].id;
    expect(acted(detail)).toMatchObject([{ outcome: 'created', ticketId }]);
  });

  it('still failing over 3 more polls: still one ticket, no "Repeated" note, no Autotask write', async () => {
    const notes = notesOf(ticketId).length;
    for (let i = 1; i <= 3; i++) {
      const { detail, writes } = await run('dattoTickets', `datto tickets: poll ${i} of 3, still failing`);
      expect(newTickets().map((t) => [t.id, t.status !== STATUS_COMPLETE])).toEqual([[ticketId, true]]);
      expect(notesOf(ticketId).filter((n) => /Repeated/i.test(`${n.title} ${n.description}`))).toEqual([]);
      expect(notesOf(ticketId)).toHaveLength(notes);
      expect(acted(detail).every((o) => o.ticketId === ticketId && o.outcome !== 'created')).toBe(true);
      expect(writes).toBe(0);
    }
  });

  it('a good backup again closes the ticket: status Complete, Resolution set', async () => {
    await dattoAdmin(`${agentPath()}/backup`, { status: 'success' });
    const { detail } = await run('dattoTickets', 'datto tickets: poll, agent recovered');
    const ticket = sb.store.get('Tickets', ticketId)!;
    expect(ticket.status).toBe(STATUS_COMPLETE);
    expect(typeof ticket.resolution === 'string' && ticket.resolution.trim().length > 0).toBe(true);
    expect(newTickets()).toHaveLength(1);
    expect(acted(detail)).toMatchObject([{ outcome: 'closed', ticketId }]);
  });

  /** What the Datto stand-in's own model says an organization uses, in the contract's units (binary GB as the template bills, rounded up). */
  function expectedDattoUnits(orgId: number): number[] {
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

  it('billing (Dry Run off): an organization\'s changed usage lands on its contract exactly as Datto reports it', async () => {
    await dattoAdmin(`/device/${bluebird.serialNumbers[0]}/usage`, { localUsedGb: 1234, offsiteUsedGb: 2345 });
    await dattoAdmin('/device', { organizationId: bluebird.organizationId, agents: 2, localGb: 100, offsiteGb: 50 });
    const contract = contractOf(bluebird.autotaskCompanyId);
    const want = expectedDattoUnits(bluebird.organizationId);
    expect(units(contract)).not.toEqual(want);

    const { detail, writes } = await run('dattoBilling', 'datto billing: run, one organization changed');
    expect(units(contract)).toEqual(want);
    for (const c of DATTO_DEMO.clients) expect([c.organizationName, units(contractOf(c.autotaskCompanyId))]).toEqual([c.organizationName, expectedDattoUnits(c.organizationId)]);
    expect(writes).toBeGreaterThan(0);
    expect(nodeItems(detail, 'Sync Billing').filter((o) => o.outcome !== 'unchanged').map((o) => [o.contractId, o.outcome])).toEqual([[contract, 'updated']]);

    const again = await run('dattoBilling', 'datto billing: run again, nothing changed');
    expect(again.writes).toBe(0);
    expect(units(contract)).toEqual(want);
  });
});

it('never printed a source key or the Autotask secret to n8n\'s log', () => {
  for (const secret of [x360.apiKey, datto.secretKey, sb.credentials.secret]) expect(server.logs()).not.toContain(secret);
});
